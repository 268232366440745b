/**
 * Comparisons gated on the comparison log (fuzz/engine/gated-comparisons.ts): with the log off the instrumented
 * code compares natively and calls none of the log's functions; with it on it logs what it logged before; either
 * way it computes the same results, evaluating each operand once, in the same order.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentComparisons } from '../../fuzz/engine/compare-instrument.js';
import { instrumentRequires } from '../../fuzz/engine/coverage.js';
import { CASE_FUNCTION, COMPARE_FUNCTION, installCompareLog, LOGGING_FLAG, LOOKUP_FUNCTION } from '../../fuzz/engine/compare-log.js';
import { gateComparisons } from '../../fuzz/engine/gated-comparisons.js';

const SOURCE = `
  exports.check = function (input, order, table) {
    switch ((order.push('d'), input.kind)) {
      case 'header':
        order.push('case');
        break;
      default:
        break;
    }
    if (table.has((order.push('k'), input.name))) return 'known';
    if ((order.push('l'), input.version) >= (order.push('r'), 0x1234 * 3)) return 'new';
    return input.version !== 1 ? 'old' : 'one';
  };`;

type Check = (input: object, order: unknown[], table: Set<string>) => string;
const global = globalThis as unknown as Record<string, unknown>;
const names = [COMPARE_FUNCTION, CASE_FUNCTION, LOOKUP_FUNCTION] as const;
const saved = names.map((n) => global[n]);

afterEach(() => names.forEach((n, i) => (global[n] = saved[i])));

function load(code: string): Check {
  const module = { exports: {} as { check: Check } };
  new Function('exports', code)(module.exports);
  return module.exports.check;
}

/** Counts the calls of the log's functions made by the code (they still log: the counting wraps them). */
function countCalls(): { calls: () => number } {
  let calls = 0;
  for (const n of names) {
    const f = global[n] as (...a: unknown[]) => unknown;
    global[n] = (...a: unknown[]) => {
      calls++;
      return f(...a);
    };
  }
  return { calls: () => calls };
}

describe('comparisons gated on the comparison log', () => {
  it('calls none of the log\'s functions while it is off, and compares the same, each operand once and in order', () => {
    const gated = gateComparisons(instrumentComparisons(SOURCE).code);
    const log = installCompareLog();
    const counter = countCalls();
    log.logging = false;
    expect(global[LOGGING_FLAG]).toBe(false);
    const check = load(gated);
    const table = new Set(['known-name']);
    const cases: [object, string][] = [
      [{ kind: 'header', name: 'x', version: 7 }, 'old'],
      [{ kind: 'body', name: 'known-name', version: 7 }, 'known'],
      [{ kind: 'body', name: 'x', version: 0x1234 * 3 }, 'new'],
      [{ kind: 'body', name: 'x', version: 1 }, 'one'],
    ];
    for (const [input, result] of cases) {
      const order: unknown[] = [];
      expect(check(input, order, table)).toBe(result);
      const plainOrder: unknown[] = [];
      expect(load(SOURCE)(input, plainOrder, table)).toBe(result);
      expect(order).toEqual(plainOrder);
    }
    expect(counter.calls()).toBe(0);
    expect(log.take()).toEqual([]);
  });

  it('logs what the ungated code logs while it is on', () => {
    const instrumented = instrumentComparisons(SOURCE).code;
    const run = (code: string) => {
      const log = installCompareLog();
      log.logging = true;
      expect(global[LOGGING_FLAG]).toBe(true);
      const counter = countCalls();
      const order: unknown[] = [];
      const result = load(code)({ kind: 'body', name: 'x', version: 7 }, order, new Set(['known-name']));
      return { result, order, logged: log.take(), calls: counter.calls() };
    };
    const gated = run(gateComparisons(instrumented));
    const ungated = run(instrumented);
    expect(gated.logged).toEqual([{ a: 'body', b: 'header' }, { a: 'x', b: 'known-name' }, { a: 7, b: 0x1234 * 3 }, { a: 7, b: 1 }]);
    expect(gated).toEqual(ungated);
  });

  it('closes the gate once the log holds its 512 comparisons (nothing more would be recorded), and take() opens it again', () => {
    const gated = load(gateComparisons(instrumentComparisons(SOURCE).code));
    const log = installCompareLog();
    log.logging = true;
    const compare = global[COMPARE_FUNCTION] as (op: number, a: unknown, b: unknown) => boolean;
    for (let i = 0; i < 511; i++) expect(compare(0, i, -1)).toBe(false);
    expect(global[LOGGING_FLAG]).toBe(true);
    expect(compare(4, 511, -1)).toBe(false);
    expect(global[LOGGING_FLAG]).toBe(false);
    // The rest of the run compares natively, with the same results, and calls none of the log's functions.
    const counter = countCalls();
    const order: unknown[] = [];
    expect(gated({ kind: 'body', name: 'x', version: 7 }, order, new Set(['known-name']))).toBe('old');
    expect(order).toEqual(['d', 'k', 'l', 'r']);
    expect(counter.calls()).toBe(0);
    expect(log.logging).toBe(true);
    const logged = log.take();
    expect(logged).toHaveLength(512);
    expect(logged.at(-1)).toEqual({ a: 511, b: -1 });
    // The next input's run logs again.
    expect(global[LOGGING_FLAG]).toBe(true);
    expect(gated({ kind: 'body', name: 'x', version: 7 }, [], new Set(['known-name']))).toBe('old');
    expect(log.take()).toEqual([{ a: 'body', b: 'header' }, { a: 'x', b: 'known-name' }, { a: 7, b: 0x1234 * 3 }, { a: 7, b: 1 }]);
    log.logging = false;
    expect(log.take()).toEqual([]);
    expect(global[LOGGING_FLAG]).toBe(false);
  });

  it('keeps the call alone for an operand holding a function (a second closure site) or too big to copy', () => {
    const code = instrumentComparisons('exports.f = function (xs, o) { return xs.filter((x) => x > 1).length === 1 || o.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z === 2; };').code;
    const gated = gateComparisons(code);
    // The comparison inside the arrow function is gated; the two outer ones are not.
    expect(gated.split(`${LOGGING_FLAG}?`).length - 1).toBe(1);
    expect(gated.split(`${COMPARE_FUNCTION}(`).length).toBe(code.split(`${COMPARE_FUNCTION}(`).length);
  });

  it('is how the engine loads the code under test: a module required through the coverage hook compares natively while the log is off', () => {
    const tree = mkdtempSync(join(tmpdir(), 'sevenfold-gated-'));
    try {
      mkdirSync(join(tree, 'formats'));
      writeFileSync(join(tree, 'package.json'), '{ "type": "commonjs" }\n');
      writeFileSync(join(tree, 'formats', 'reader.js'), `"use strict";\nexports.read = function (n, table) { return n === 5 || table.has(n) ? 'five' : 'other'; };\n`);
      const log = installCompareLog();
      expect(instrumentRequires(tree, () => true, (code, rel) => instrumentComparisons(code, rel))).toBe(true);
      const counter = countCalls();
      log.logging = false;
      const reader = createRequire(join(tree, 'package.json'))(join(tree, 'formats', 'reader.js')) as { read(n: number, table: Set<number>): string };
      expect(reader.read(5, new Set())).toBe('five');
      expect(reader.read(6, new Set([7]))).toBe('other');
      expect(counter.calls()).toBe(0);
      log.logging = true;
      expect(reader.read(6, new Set([7]))).toBe('other');
      expect(counter.calls()).toBe(2);
      expect(log.take()).toEqual([{ a: 6, b: 5 }, { a: 6, b: 7 }]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
