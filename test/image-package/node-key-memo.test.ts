/**
 * verifyWithNode imports each distinct public point once and keeps it by the point's exact bytes: the
 * kept key must answer only for those bytes. Alternating between two keys, and a point one byte away
 * from a kept one, must each be judged under their own key.
 */
import { describe, expect, it } from 'vitest';
import { signP256, signingKeyFromSecret, verifyWithNode } from '../../formats/image-package/index.js';

const keyA = signingKeyFromSecret(new Uint8Array(32).fill(0x11));
const keyB = signingKeyFromSecret(new Uint8Array(32).fill(0x22));
const message = new TextEncoder().encode('one message signed by two keys');

describe('verifyWithNode’s imported keys', () => {
  it('judge each signature under the key it is asked about, however the keys alternate', () => {
    const byA = signP256(message, keyA);
    const byB = signP256(message, keyB);
    for (let round = 0; round < 2; round++) {
      expect(verifyWithNode(message, byA, keyA.publicKey)).toBe(true);
      expect(verifyWithNode(message, byA, keyB.publicKey)).toBe(false);
      expect(verifyWithNode(message, byB, keyB.publicKey)).toBe(true);
      expect(verifyWithNode(message, byB, keyA.publicKey)).toBe(false);
    }
  });

  it('a point one byte away from a kept key is its own key (here off the curve: nothing verifies under it)', () => {
    const byA = signP256(message, keyA);
    expect(verifyWithNode(message, byA, keyA.publicKey)).toBe(true);
    const near = Uint8Array.from(keyA.publicKey);
    near[64] = near[64]! ^ 1;
    expect(verifyWithNode(message, byA, near)).toBe(false);
    expect(verifyWithNode(message, byA, keyA.publicKey)).toBe(true);
  });
});
