/**
 * The structure-aware engine's coverage read-out (fuzz/engine/coverage.ts) on istanbul-shaped counters: after
 * each input it reports the (counter, hit-count bucket) pairs never seen before and clears the counters, also
 * once it has moved them into one typed array, and for files that load later (their counters keep counting, and
 * the earlier files' features are not counted again).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { coverageMap } from '../../fuzz/engine/coverage.js';

type Counters = Record<string, number>;
interface FileCoverage {
  s: Counters;
  f: Counters;
  b: Record<string, number[]>;
}
const global = globalThis as { __coverage__?: Record<string, FileCoverage> };
const file = (statements: number, functions: number, branches: number[]): FileCoverage => ({
  s: Object.fromEntries(Array.from({ length: statements }, (_, i) => [String(i), 0])),
  f: Object.fromEntries(Array.from({ length: functions }, (_, i) => [String(i), 0])),
  b: Object.fromEntries(branches.map((n, i) => [String(i), Array.from({ length: n }, () => 0)])),
});

describe('the coverage map', () => {
  const saved = global.__coverage__;
  afterEach(() => {
    global.__coverage__ = saved;
  });

  it('counts each counter in each hit-count bucket once, through the counters the instrumented code increments', () => {
    const a = file(3, 1, [2]);
    global.__coverage__ = { a };
    a.s[0] = 1; // counted by the module's top level, before the first read-out
    const map = coverageMap();
    expect(map.collectNew()).toBe(1);
    // The instrumented code increments a.s[k], a.f[k] and a.b[k][i] through the file's object, whatever they now are.
    const hit = (f: FileCoverage, s: number, times = 1) => void ((f.s as Record<number, number>)[s] = ((f.s as Record<number, number>)[s] ?? 0) + times);
    hit(a, 0);
    expect(map.collectNew()).toBe(0); // same counter, same bucket
    hit(a, 0, 5);
    (a.b[0] as unknown as Record<number, number>)[1]! += 1;
    expect(map.collectNew()).toBe(2); // bucket 4-7 of s0 and the branch path
    expect(map.collectNew()).toBe(0); // cleared
    expect(map.covered).toBe(2);
    expect(map.features).toBe(3);
  });

  it('lays out a file loaded later after the others: its counts are kept, the others are not counted again', () => {
    const a = file(2, 1, []);
    global.__coverage__ = { a };
    const map = coverageMap();
    map.collectNew();
    (a.s as Record<number, number>)[1]! += 1;
    const b = file(1, 1, [3]);
    (b.b[0] as Record<number, number>)[2] = 2;
    global.__coverage__.b = b;
    expect(map.collectNew()).toBe(2); // a's s1 and b's branch path, each once
    (a.s as Record<number, number>)[1]! += 1;
    (b.b[0] as unknown as Record<number, number>)[2]! += 2;
    expect(map.collectNew()).toBe(0);
    expect(map.covered).toBe(2);
  });
});
