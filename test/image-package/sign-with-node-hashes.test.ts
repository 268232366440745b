/**
 * signP256 hashes with node:crypto (the message digest and the RFC 6979 nonce DRBG's HMAC-SHA-256) and
 * multiplies with noble: its signatures must be byte for byte those of plain noble (`p256.sign` with
 * noble's own SHA-256 and HMAC), for messages of every length the emulator signs, so fixtures,
 * remembered signatures and reports stay as they were, and every one must verify under node:crypto.
 */
import { fc, test } from '@fast-check/vitest';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { forgetVerdicts } from '../../formats/image-package/p256-verdicts.js';
import { signP256, signingKeyFromSecret, verifyWithNode } from '../../formats/image-package/index.js';

const keyOf = (seed: number) => signingKeyFromSecret(p256.utils.randomSecretKey(new Uint8Array(48).fill(seed + 1)));
const plainNoble = (data: Uint8Array, secretKey: Uint8Array) => p256.sign(data, secretKey, { prehash: true, format: 'compact' });

describe('signP256 with node:crypto hashes', () => {
  it('gives the RFC 6979 signature plain noble gives, for an empty message, one block and an image-sized one', () => {
    forgetVerdicts();
    const key = keyOf(7);
    for (const length of [0, 1, 55, 56, 64, 381, 2180, 70_000]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      const signature = signP256(data, key);
      expect(Buffer.from(signature).toString('hex'), `length ${length}`).toBe(Buffer.from(plainNoble(data, key.secretKey)).toString('hex'));
      expect(verifyWithNode(data, signature, key.publicKey)).toBe(true);
    }
  });

  test.prop([fc.uint8Array({ maxLength: 600 }), fc.integer({ min: 0, max: 200 })], { numRuns: 40 })('matches plain noble for any message and key', (data, seed) => {
    forgetVerdicts();
    const key = keyOf(seed);
    expect(signP256(data, key)).toEqual(plainNoble(data, key.secretKey));
  });
});
