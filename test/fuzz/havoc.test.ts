/**
 * Byte havoc (engine/structured-loop.ts) edits one growable buffer in place. This test holds it against a second
 * reading of the same edits on a plain number array (Array splice, as the loop first wrote them): for the same
 * random draws, both must make the same bytes, so the rewrite changed the speed and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { havoc } from '../../fuzz/engine/structured-loop.js';
import { Rng } from '../../fuzz/core/rng.js';

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x24, 0x2c, 0x30, 0x7b, 0x7d];

function havocOnArray(input: Uint8Array, rng: Rng, maxBytes: number): Uint8Array {
  let b = Array.from(input);
  const n = rng.geometric(8);
  for (let i = 0; i < n; i++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(7)) {
      case 0:
        if (b.length) b[Math.min(at, b.length - 1)]! ^= 1 << rng.int(8);
        break;
      case 1:
        if (b.length) b[Math.min(at, b.length - 1)] = rng.pick(INTERESTING);
        break;
      case 2:
        b.splice(at, rng.range(1, 8));
        break;
      case 3: {
        const from = rng.int(b.length);
        b.splice(at, 0, ...b.slice(from, from + rng.range(1, 16)));
        break;
      }
      case 4:
        b.splice(at, 0, ...Array.from(rng.bytes(rng.range(1, 4))));
        break;
      case 5: {
        const from = rng.int(b.length);
        const chunk = b.slice(from, from + rng.range(1, 8));
        b.splice(rng.int(b.length), chunk.length, ...chunk);
        break;
      }
      default:
        b = b.slice(0, rng.int(b.length + 1));
    }
  }
  if (b.length > maxBytes) b.length = maxBytes;
  return Uint8Array.from(b);
}

describe('byte havoc', () => {
  it('makes the same bytes as the same edits on a number array, for empty, small and large inputs and any limit', () => {
    const source = new Rng(2026);
    for (let t = 0; t < 3000; t++) {
      const input = source.bytes(t % 40 === 0 ? 0 : source.int(t % 3 === 0 ? 3000 : 40));
      const seed = source.u32();
      const limit = [16, 4096, 1 << 20][t % 3]!;
      const made = havoc(input, new Rng(seed), limit);
      expect(made.length).toBeLessThanOrEqual(limit);
      expect(Buffer.from(made).equals(Buffer.from(havocOnArray(input, new Rng(seed), limit))), `case ${t}`).toBe(true);
    }
  });
});
