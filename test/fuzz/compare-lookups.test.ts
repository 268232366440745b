/**
 * The comparisons a reader makes without a comparison operator: a `switch` over the input's value, and a
 * lookup of it in a small table (`.includes`, `Set.has`, `Map.get`, `Object.hasOwn`, `in`). Each is logged
 * by the fuzz build's instrumentation (engine/compare-instrument.ts, engine/compare-log.ts) with the same
 * result and evaluation order as the code had (a lookup only when it misses), and the structure-aware loop copies the logged value into
 * the input (input-to-state), so a value that only the table or the case names reaches the input.
 */
import { describe, expect, it } from 'vitest';
import { instrumentComparisons } from '../../fuzz/engine/compare-instrument.js';
import { installCompareLog, MAX_LOOKUP_ENTRIES } from '../../fuzz/engine/compare-log.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import type { FuzzTarget } from '../../fuzz/core/target.js';

/** Instruments `source` (CommonJS, assigning exports.check) and loads it. */
function load<F>(source: string): F {
  const { code } = instrumentComparisons(source);
  expect(code).not.toBe(source);
  const exports = {} as { check: F };
  new Function('exports', code)(exports);
  return exports.check;
}

/**
 * A toy target: the input is JSON {"v": …}; `check` throws on the value the bug needs. Its own mutator writes
 * only small numbers and short random words, so the value is reached only when it is copied from the log.
 */
function findsThroughComparisons(check: (v: unknown) => unknown, seed: unknown): string | undefined {
  const log = installCompareLog();
  const target: FuzzTarget<{ v: unknown }> = {
    id: 'toy',
    title: 'toy',
    oracles: [],
    maxInputBytes: 256,
    setup: () => ({
      run(bytes) {
        let s: { v: unknown };
        try {
          s = JSON.parse(new TextDecoder().decode(bytes)) as { v: unknown };
        } catch {
          return []; // byte havoc
        }
        check(s.v);
        return [];
      },
    }),
    seeds: () => [],
    structure: {
      decode: (b) => JSON.parse(new TextDecoder().decode(b)) as { v: unknown },
      encode: (s) => new TextEncoder().encode(JSON.stringify(s)),
      clone: (s) => ({ ...s }),
      mutate: (s, rng) => ({ v: rng.chance(0.5) ? rng.int(100) : `w${rng.int(100)}` }),
      shrink: () => [],
    },
  };
  const loop = new StructuredLoop(target, target.setup(), 7, undefined, log);
  expect(loop.addInitial(new TextEncoder().encode(JSON.stringify({ v: seed }))).crash).toBeUndefined();
  for (let i = 0; i < 300; i++) {
    const crash = loop.step().crash;
    if (crash) return crash.identity.headline;
  }
  return undefined;
}

describe('switch statements', () => {
  it('log the discriminant against each case test reached, keep the result, and evaluate each test only when reached', () => {
    const reached: string[] = [];
    const check = load<(v: unknown, mark: (s: string) => number) => string>(`
      exports.check = function (v, mark) {
        switch (v) {
          case 'hello': return 'h';
          case mark('second') && 0x5eed: return 'n';
          default: return 'other';
          case mark('third') && 'quote-v7': return 'q';
        }
      };`);
    const log = installCompareLog();
    expect(check('hello', (s) => (reached.push(s), 1))).toBe('h');
    expect(reached).toEqual([]); // the tests after the match are not evaluated
    expect(log.take()).toEqual([]); // the discriminant equals the first test: nothing to learn
    expect(check('x', (s) => (reached.push(s), 1))).toBe('other');
    expect(reached).toEqual(['second', 'third']);
    expect(log.take()).toEqual([
      { a: 'x', b: 'hello' },
      { a: 'x', b: 0x5eed },
      { a: 'x', b: 'quote-v7' },
    ]);
    expect(check('quote-v7', () => 1)).toBe('q');
  });

  it('nested switches each compare with their own discriminant, and switch (true) is left to its comparisons', () => {
    const check = load<(a: unknown, b: unknown) => number>(`
      exports.check = function (a, b) {
        switch (a) {
          case 1: switch (b) { case 'in': return 11; } return 10;
          default: switch (true) { case b > 99: return 2; } return 0;
        }
      };`);
    const log = installCompareLog();
    expect(check(1, 'out')).toBe(10);
    expect(log.take()).toEqual([{ a: 'out', b: 'in' }]);
    expect(check(3, 5)).toBe(0);
    expect(log.take()).toEqual([{ a: 3, b: 1 }, { a: 5, b: 99 }]);
  });

  it('a value copied from a switch case reaches the input', () => {
    const check = load<(v: unknown) => void>(`
      exports.check = function (v) {
        switch (v) {
          case 'hello': case 'challenge': break;
          case 'client-finish-v2': throw new Error('reached the case');
        }
      };`);
    expect(findsThroughComparisons(check, 'quote')).toContain('reached the case');
  });
});

describe('lookups in small collections', () => {
  it('log a key that misses against an array literal, a Set and a Map, with the same results; a hit is not logged', () => {
    const check = load<(v: unknown) => unknown[]>(`
      const SET = new Set(['gpio', 'uart']);
      const MAP = new Map([[24, 'two-byte'], [25, 'three-byte']]);
      exports.check = function (v) {
        return [['challenge', 'quote'].includes(v), ['challenge', 'quote'].indexOf(v), SET.has(v), MAP.get(v)];
      };`);
    const log = installCompareLog();
    expect(check('hello')).toEqual([false, -1, false, undefined]);
    expect(log.take()).toEqual([
      { a: 'hello', b: 'challenge' },
      { a: 'hello', b: 'quote' },
      { a: 'hello', b: 'gpio' },
      { a: 'hello', b: 'uart' },
      { a: 'hello', b: 24 },
      { a: 'hello', b: 25 },
    ]);
    // The array lookups hit: only the Set's and the Map's misses are logged.
    expect(check('quote')).toEqual([true, 1, false, undefined]);
    expect(log.take()).toEqual([
      { a: 'quote', b: 'gpio' },
      { a: 'quote', b: 'uart' },
      { a: 'quote', b: 24 },
      { a: 'quote', b: 25 },
    ]);
    expect(check(24)).toEqual([false, -1, false, 'two-byte']);
  });

  it('log a key that misses against an object\'s own keys for Object.hasOwn and in, and keep their evaluation order', () => {
    const order: string[] = [];
    const check = load<(v: unknown, mark: (s: string, x: unknown) => unknown, useIn: boolean) => boolean>(`
      const SHAPES = { hello: 1, quote: 2 };
      exports.check = function (v, mark, useIn) {
        return useIn ? mark('key', v) in mark('object', SHAPES) : Object.hasOwn(mark('object', SHAPES), mark('key', v));
      };`);
    const log = installCompareLog();
    const mark = (s: string, x: unknown) => (order.push(s), x);
    for (const useIn of [false, true]) {
      expect(check('hi', mark, useIn)).toBe(false);
      expect(log.take()).toEqual([
        { a: 'hi', b: 'hello' },
        { a: 'hi', b: 'quote' },
      ]);
      expect(check('quote', mark, useIn)).toBe(true);
      expect(log.take()).toEqual([]);
    }
    expect(order).toEqual(['object', 'key', 'object', 'key', 'key', 'object', 'key', 'object']);
    // An inherited key: in says yes (nothing logged), Object.hasOwn no.
    expect(check('toString', mark, true)).toBe(true);
    expect(check('toString', mark, false)).toBe(false);
    expect(log.take()).toEqual([
      { a: 'toString', b: 'hello' },
      { a: 'toString', b: 'quote' },
    ]);
  });

  it('a lookup in a collection larger than the bound is not logged (big tables are mostly built from the input)', () => {
    const check = load<(v: unknown, big: Set<number>) => boolean>('exports.check = function (v, big) { return big.has(v); };');
    const log = installCompareLog();
    const big = new Set(Array.from({ length: MAX_LOOKUP_ENTRIES + 1 }, (_, i) => i + 1000));
    expect(check(7, big)).toBe(false);
    expect(log.take()).toEqual([]);
  });

  it('a value copied from an includes, a Set.has, a Map.get or an Object.hasOwn lookup reaches the input', () => {
    const shapes: [string, unknown][] = [
      [`if (['hello', 'x-sevenfold-debug'].includes(v) && v !== 'hello') throw new Error('reached the entry');`, 'quote'],
      [`const S = new Set(['a', 'x-sevenfold-debug']); if (S.has(v) && v !== 'a') throw new Error('reached the entry');`, 'quote'],
      [`const M = new Map([[1, 'one'], [0x7e57, 'test']]); if (M.get(v) === 'test') throw new Error('reached the entry');`, 2],
      [`const O = { hello: 1, 'x-sevenfold-debug': 2 }; if (Object.hasOwn(O, v) && O[v] === 2) throw new Error('reached the entry');`, 'quote'],
    ];
    for (const [body, seed] of shapes) {
      const check = load<(v: unknown) => void>(`exports.check = function (v) { ${body} };`);
      expect(findsThroughComparisons(check, seed), body).toContain('reached the entry');
    }
  });
});
