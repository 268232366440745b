/** The Debug section's name reads as the bytes the image carries: a leading byte-order mark is kept, not dropped. */
import { describe, expect, it } from 'vitest';
import { decodeSection, encodeDebug } from '../../formats/image-package/sections.js';
import { SECTION_TAG } from '../../formats/image-package/layout.js';

const nameOf = (bytes: Uint8Array) => {
  const result = decodeSection(SECTION_TAG.Debug, encodeDebug(7n, bytes));
  if (!result.ok || result.decoded?.kind !== 'Debug') throw new Error('not a Debug section');
  return result.decoded.value.name;
};

describe('image package Debug name', () => {
  it('keeps a leading byte-order mark', () => {
    expect(nameOf(new TextEncoder().encode('\uFEFFapp'))).toBe('\uFEFFapp');
  });
  it('ends at the first NUL of the 32-byte field', () => {
    expect(nameOf(new Uint8Array([0x61, 0x62, 0, 0x63]))).toBe('ab');
  });
});
