/**
 * signP256 hashes with node:crypto (the message digest and the RFC 6979 nonce DRBG's HMAC-SHA-256) and
 * takes k·G from node:crypto's ECDH (rfc6979-sign.ts): its signatures must be byte for byte those of
 * plain noble (`p256.sign` with noble's own SHA-256, HMAC and scalar multiplication), for messages of
 * every length the emulator signs and for keys at the ends of the scalar range, so fixtures, remembered
 * signatures and reports stay as they were, and every one must verify under node:crypto.
 */
import { fc, test } from '@fast-check/vitest';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { forgetVerdicts } from '../../formats/image-package/p256-verdicts.js';
import { signP256, signingKeyFromSecret, verifyWithNode } from '../../formats/image-package/index.js';
import { signDigestRfc6979 } from '../../formats/image-package/rfc6979-sign.js';

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

  it('matches plain noble for the smallest and largest secret scalars, and refuses 0 and n as noble does', () => {
    const n = p256.Point.Fn.ORDER;
    const scalar = (value: bigint) => p256.Point.Fn.toBytes(value);
    const digest = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    for (const d of [1n, 2n, n / 2n, n - 2n, n - 1n]) {
      expect(Buffer.from(signDigestRfc6979(digest, scalar(d))).toString('hex'), `d = ${d}`).toBe(Buffer.from(p256.sign(digest, scalar(d), { prehash: false, format: 'compact' })).toString('hex'));
    }
    const zero = new Uint8Array(32);
    expect(() => p256.sign(digest, zero, { prehash: false })).toThrow();
    expect(() => signDigestRfc6979(digest, zero)).toThrow(/invalid private key/);
    expect(() => signDigestRfc6979(digest, Uint8Array.from(Buffer.from(n.toString(16), 'hex')))).toThrow();
  });

  test.prop([fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.bigInt({ min: 1n, max: p256.Point.Fn.ORDER - 1n })], { numRuns: 100 })('matches plain noble on any digest and any secret scalar', (digest, d) => {
    const secretKey = p256.Point.Fn.toBytes(d);
    expect(signDigestRfc6979(digest, secretKey)).toEqual(p256.sign(digest, secretKey, { prehash: false, format: 'compact' }));
  });
});
