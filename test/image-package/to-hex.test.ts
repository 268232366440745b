/**
 * toHex spells short byte strings by table and long ones through Buffer: both must give exactly what
 * Buffer's hex does, for every byte value, at every length either side of the switch, and for a view
 * into a larger buffer (only the viewed bytes).
 */
import { expect, it } from 'vitest';
import { toHex } from '../../formats/image-package/index.js';

it('spells every byte value, at every length up to 200 and from views, as Buffer does', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  expect(toHex(all)).toBe(Buffer.from(all).toString('hex'));
  for (let length = 0; length <= 200; length++) {
    const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
    expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
    const view = all.subarray(length % 50, (length % 50) + Math.min(length, 200));
    expect(toHex(view)).toBe(Buffer.from(view).toString('hex'));
  }
});
