/**
 * signingKeyFromSecret derives the public point with node:crypto; it must be the very point noble's
 * getPublicKey gives (the signatures are noble's, and certificates carry this point), and a scalar
 * noble refuses must still be refused.
 */
import { fc, test } from '@fast-check/vitest';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { signingKeyFromSecret } from '../../formats/image-package/index.js';

const N = p256.Point.Fn.ORDER;
const scalar = (n: bigint) => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));

describe('signingKeyFromSecret', () => {
  test.prop([fc.uint8Array({ minLength: 48, maxLength: 48 })], { numRuns: 40 })('gives noble’s uncompressed point for any valid scalar', (seed) => {
    const secret = p256.utils.randomSecretKey(seed);
    const key = signingKeyFromSecret(secret);
    expect(key.publicKey).toEqual(p256.getPublicKey(secret, false));
    expect(key.secretKey).toBe(secret);
  });

  it('gives noble’s point at the ends of the scalar range (1, 2, n−1)', () => {
    for (const n of [1n, 2n, N - 1n]) expect(signingKeyFromSecret(scalar(n)).publicKey).toEqual(p256.getPublicKey(scalar(n), false));
  });

  it('refuses what noble refuses: 0, n, 2^256−1 and a 31-byte scalar', () => {
    for (const bad of [scalar(0n), scalar(N), new Uint8Array(32).fill(0xff), new Uint8Array(31).fill(1)]) {
      expect(() => p256.getPublicKey(bad, false)).toThrow();
      expect(() => signingKeyFromSecret(bad)).toThrow();
    }
  });
});
