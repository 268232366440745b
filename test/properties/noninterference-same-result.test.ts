import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameResult } from '../../properties/compartmentalization/noninterference.js';
import type { SyscallResult } from '../../emulator/syscalls.js';

// Answers as the device gives them, and odd ones: fields in either order, undefined fields, non-finite numbers.
const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -2, max: 4 }), fc.constantFrom(Number.NaN, Infinity, -0), fc.constantFrom('', 'a', 'A#', 'null'), fc.boolean());
const field = fc.constantFrom('ok', 'fd', 'data', 'errno', 'deviceError');
const answer = fc.array(fc.tuple(field, value), { maxLength: 5 }).map((entries) => Object.fromEntries(entries) as unknown as SyscallResult);

describe('noninterference compares two answers as their JSON would', () => {
  it('says two answers are the same exactly when JSON.stringify writes them the same', () => {
    fc.assert(
      fc.property(answer, answer, (x, y) => {
        expect(sameResult(x, y)).toBe(JSON.stringify(x) === JSON.stringify(y));
        expect(sameResult(x, { ...x })).toBe(true);
      }),
      { numRuns: 3000, seed: 15 },
    );
  });

  it('tells apart answers that differ in one datum, one field, or the order of their fields', () => {
    expect(sameResult({ ok: true, data: 'a' }, { ok: true, data: 'A#' })).toBe(false);
    expect(sameResult({ ok: true, data: 1 }, { ok: true, data: '1' })).toBe(false);
    expect(sameResult({ ok: true, fd: 3 }, { ok: true })).toBe(false);
    expect(sameResult({ ok: true, data: null }, { ok: true })).toBe(false);
    expect(sameResult({ ok: true, fd: 3, data: 1 }, { ok: true, data: 1, fd: 3 })).toBe(false);
    expect(sameResult({ ok: false, errno: 'EACCES' }, { ok: false, errno: 'ENOENT' })).toBe(false);
    expect(sameResult({ ok: true, fd: undefined }, { ok: true })).toBe(true);
  });
});
