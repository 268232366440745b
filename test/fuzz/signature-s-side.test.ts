/**
 * The s side of a P-256 signature worked out on bytes (fuzz/targets/shared/signature-s-side.ts withS, hasHighS)
 * against the BigInt reading it replaced, on random signatures and on the edges: s of 0, 1, around n / 2, n − 1,
 * n and above, and s with long runs of borrows.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasHighS, hasHighSBig, withS, withSBig } from '../../fuzz/targets/shared/signature-s-side.js';

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const sBytes = (s: bigint) => Buffer.from(s.toString(16).padStart(64, '0'), 'hex');

describe('withS and hasHighS on bytes', () => {
  it('read every s as the BigInt reading does', () => {
    const edges = [0n, 1n, 2n, N / 2n - 1n, N / 2n, N / 2n + 1n, N - 2n, N - 1n, N, N + 1n, (1n << 256n) - 1n, 0xff00n, 1n << 128n, N - (1n << 128n)];
    const signatures: Uint8Array[] = [];
    for (const s of edges) signatures.push(Uint8Array.from([...randomBytes(32), ...sBytes(s)]));
    for (let i = 0; i < 3000; i++) signatures.push(new Uint8Array(randomBytes(64)));
    // Short runs of the order's own bytes, to exercise borrows across words.
    for (let i = 0; i < 500; i++) {
      const s = sBytes(N - 1n - BigInt(Math.floor(Math.random() * 2 ** 40)));
      signatures.push(Uint8Array.from([...randomBytes(32), ...s]));
    }
    const wrong: string[] = [];
    for (const sig of signatures) {
      for (const side of ['high', 'low'] as const) {
        if (Buffer.compare(withS(sig, side), withSBig(sig, side)) !== 0) wrong.push(`${side} ${Buffer.from(sig.subarray(32)).toString('hex')}`);
      }
      if (hasHighS(sig) !== hasHighSBig(sig)) wrong.push(`hasHighS ${Buffer.from(sig.subarray(32)).toString('hex')}`);
    }
    expect(wrong).toEqual([]);
  });
});
