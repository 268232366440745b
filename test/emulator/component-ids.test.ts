import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeGuid } from '../../formats/manifest/capabilities.js';
import { MAX_NORMALIZED_IDS, normalizeComponentId } from '../../emulator/syscalls.js';

// Ids as apps name them (braces, mixed case) and anything else: the remembered answer is always the rule's.
const guid = fc.tuple(fc.uuid(), fc.boolean(), fc.boolean()).map(([u, upper, braces]) => (braces ? `{${upper ? u.toUpperCase() : u}}` : upper ? u.toUpperCase() : u));
const id = fc.oneof(guid, fc.string({ maxLength: 12 }));

describe('component ids as the emulator compares them', () => {
  it("normalizes every id exactly as the manifest format's rule does, asked once or many times, past the memory's bound", () => {
    fc.assert(
      fc.property(fc.array(id, { minLength: 1, maxLength: 40 }), (ids) => {
        for (const s of [...ids, ...ids]) expect(normalizeComponentId(s)).toBe(normalizeGuid(s));
      }),
      { numRuns: Math.ceil(MAX_NORMALIZED_IDS / 10), seed: 15 },
    );
  });

  it('tells apart ids that differ in one character, and strips braces and case only', () => {
    expect(normalizeComponentId('{ABC}')).toBe('abc');
    expect(normalizeComponentId('ABC')).toBe('abc');
    expect(normalizeComponentId('abd')).toBe('abd');
    expect(normalizeComponentId('{abc')).toBe('abc');
    expect(normalizeComponentId('a{b}c')).toBe('a{b}c');
  });
});
