/**
 * The coverage read-out skips a function's statement and branch counters when its function counter did not
 * count (fuzz/engine/coverage.ts, function-guards.ts). Real istanbul instrumentation of small modules, loaded
 * and driven from outside (as the engine drives the code under test): after every read-out no counter may be
 * left non-zero (a skipped counter that counted would be lost to that input), and a counter that only a call
 * of its function can reach is indeed skipped while no function of its file ran.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScript } from '../../fuzz/engine/compare-instrument.js';
import { coverageMap } from '../../fuzz/engine/coverage.js';
import { shapesOf, type CodeShapes } from '../../fuzz/engine/function-guards.js';

const require = createRequire(import.meta.url);
const fromJsfuzz = createRequire(join(dirname(require.resolve('jsfuzz/package.json')), 'build', 'src', 'worker.js'));
const { createInstrumenter } = fromJsfuzz('istanbul-lib-instrument') as { createInstrumenter(o: object): { instrumentSync(code: string, filename: string): string } };
const instrumenter = createInstrumenter({ compact: true });

type Counters = Record<number, number>;
interface FileCoverage {
  s: Counters;
  f: Counters;
  b: Record<number, Counters & { length: number }>;
}
const global = globalThis as { __coverage__?: Record<string, FileCoverage> };

/** Instruments and runs a CommonJS module; returns its exports and its shapes. */
function load(filename: string, code: string): { exports: Record<string, unknown>; shapes: CodeShapes } {
  const program = parseScript(code, filename);
  if (!program) throw new Error('Babel is not available');
  const instrumented = instrumenter.instrumentSync(code, filename);
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', instrumented)(module, module.exports);
  return { exports: module.exports, shapes: shapesOf(program as never) };
}

/** Every counter of every file that is not zero, by file. */
function leftOver(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, file] of Object.entries(global.__coverage__ ?? {})) {
    const all = [...Object.values(file.s), ...Object.values(file.f), ...Object.values(file.b).flatMap((b) => Array.from(b as ArrayLike<number>))];
    const n = all.filter((v) => v !== 0).length;
    if (n) out[name] = n;
  }
  return out;
}

describe('the coverage read-out skips counters only where a function counter guards them', () => {
  let saved: typeof global.__coverage__;
  beforeEach(() => {
    saved = global.__coverage__;
    global.__coverage__ = {};
  });
  afterEach(() => {
    global.__coverage__ = saved;
  });

  const setup = (modules: Record<string, string>) => {
    const shapes = new Map<string, CodeShapes>();
    const exports: Record<string, Record<string, unknown>> = {};
    for (const [name, code] of Object.entries(modules)) {
      const loaded = load(name, code);
      shapes.set(name, loaded.shapes);
      exports[name] = loaded.exports;
    }
    return { map: coverageMap((path) => shapes.get(path)), exports };
  };

  it('reads a module\'s top-level statements though none of its functions ran', () => {
    const { map } = setup({ '/m/top.js': 'const a = 1; let b = a + 1; if (b > 1) { b++; } function unused(x) { return x ? 1 : 2; } exports.b = b;' });
    expect(map.collectNew()).toBeGreaterThan(3);
    expect(leftOver()).toEqual({});
  });

  it('drops what ran between two inputs without counting it (discard), so the next read-out sees only the input', () => {
    const { map, exports } = setup({ '/m/made.js': 'exports.f = function f(x) { if (x > 2) { return "big"; } return x === 1 ? "one" : "small"; };' });
    map.collectNew();
    (exports['/m/made.js']!['f'] as (x: number) => string)(5);
    map.discard();
    expect(leftOver()).toEqual({});
    expect(map.collectNew()).toBe(0);
    // the same calls, now during an input, count as new: discard recorded nothing
    (exports['/m/made.js']!['f'] as (x: number) => string)(5);
    expect(map.collectNew()).toBeGreaterThan(0);
  });

  it('reads a statement of a plain function called from outside, with its branches', () => {
    const { map, exports } = setup({ '/m/plain.js': 'exports.f = function f(x) { if (x > 2) { return "big"; } return x === 1 ? "one" : "small"; };' });
    map.collectNew();
    (exports['/m/plain.js']!['f'] as (x: number) => string)(1);
    // the function, its two statements reached, the if's else path, the conditional's first path
    expect(map.collectNew()).toBe(5);
    expect(leftOver()).toEqual({});
    (exports['/m/plain.js']!['f'] as (x: number) => string)(5);
    expect(map.collectNew()).toBe(2); // the return "big" statement and the if's first path
    expect(leftOver()).toEqual({});
  });

  it('reads a class field initialiser of a class made inside a function, constructed from outside', () => {
    const { map, exports } = setup({ '/m/field.js': 'function make() { return class { constructor() {} }; } function makeWithField() { return class { x = (1, 2); }; } exports.C = makeWithField(); exports.D = make();' });
    map.collectNew();
    new (exports['/m/field.js']!['C'] as new () => object)();
    expect(map.collectNew()).toBe(1); // the initialiser's statement, with no function counter of its own
    expect(leftOver()).toEqual({});
  });

  it('reads the body of a private getter (istanbul gives it no function counter) run from a field initialiser', () => {
    const { map, exports } = setup({ '/m/private.js': 'function make() { return class { x = this.#v; get #v() { const z = 1; return z; } }; } exports.C = make();' });
    map.collectNew();
    new (exports['/m/private.js']!['C'] as new () => object)();
    expect(map.collectNew()).toBe(3); // the initialiser and the getter's two statements
    expect(leftOver()).toEqual({});
  });

  it('reads a generator and an async function resumed during a later input', async () => {
    const { map, exports } = setup({
      '/m/resume.js': 'exports.gen = function* gen() { yield 1; const after = 2; yield after; }; exports.later = async function later(p) { await p; const after = 3; return after; };',
    });
    map.collectNew();
    const it = (exports['/m/resume.js']!['gen'] as () => Iterator<number>)();
    it.next();
    map.collectNew();
    it.next(); // the rest of the generator's body runs now, without its function counter
    expect(map.collectNew()).toBe(2);
    expect(leftOver()).toEqual({});
    let go!: () => void;
    const done = (exports['/m/resume.js']!['later'] as (p: Promise<void>) => Promise<number>)(new Promise<void>((r) => (go = r)));
    map.collectNew();
    go();
    await done;
    expect(map.collectNew()).toBe(2);
    expect(leftOver()).toEqual({});
  });

  it('skips the counters of a file none of whose functions ran (and reads them once one does)', () => {
    const { map, exports } = setup({
      '/m/skipped.js': 'exports.f = function f(x) { const y = x + 1; return y; };',
      '/m/other.js': 'exports.g = function g() { return 1; };',
    });
    map.collectNew();
    const file = global.__coverage__!['/m/skipped.js']!;
    // A guarded counter counting with no function counter is impossible in real code: planted, it shows the skip.
    file.s[1] = 1;
    (exports['/m/other.js']!['g'] as () => number)();
    map.collectNew();
    expect(file.s[1]).toBe(1);
    (exports['/m/skipped.js']!['f'] as (x: number) => number)(1);
    map.collectNew();
    expect(leftOver()).toEqual({});
  });

  it('skips the counters of a function that did not run, in a file where another one ran', () => {
    const { map, exports } = setup({ '/m/two.js': 'exports.ran = function ran(x) { return x + 1; }; exports.idle = function idle(x) { const y = x * 2; return y; };' });
    map.collectNew();
    const file = global.__coverage__!['/m/two.js']!;
    // idle's first statement (statements: the two exports, ran's return, idle's two): planted, as in the test above.
    file.s[3] = 1;
    (exports['/m/two.js']!['ran'] as (x: number) => number)(1);
    expect(map.collectNew()).toBe(2); // ran and its statement
    expect(file.s[3]).toBe(1);
    (exports['/m/two.js']!['idle'] as (x: number) => number)(1);
    map.collectNew();
    expect(leftOver()).toEqual({});
  });

  it('reads the statements of a function on both sides of a function defined inside it, and the inner one\'s when it runs alone', () => {
    const { map, exports } = setup({
      '/m/nested.js': 'exports.outer = function outer(x) { const before = x > 1 ? 1 : 2; function inner(y) { if (y) { return y; } return 0; } const after = before + 1; return x > 2 ? inner : after; };',
    });
    map.collectNew();
    const outer = exports['/m/nested.js']!['outer'] as (x: number) => number | ((y: number) => number);
    outer(1);
    expect(map.collectNew()).toBe(6); // outer; its statements before, after, return; the two conditionals' second paths
    expect(leftOver()).toEqual({});
    const inner = outer(3) as (y: number) => number;
    expect(map.collectNew()).toBe(2); // the conditionals' first paths
    // The inner function called from outside, outer not running: its counters are its own function's to guard.
    inner(5);
    expect(map.collectNew()).toBe(4); // inner, its if statement, the if's first path, return y
    expect(leftOver()).toEqual({});
  });

  it('reads the default parameter values of a function made inside another one, called alone', () => {
    const { map, exports } = setup({ '/m/defaults.js': 'exports.make = function make() { return function inner(a = 1 > 0 ? 2 : 3) { return a; }; };' });
    map.collectNew();
    const inner = (exports['/m/defaults.js']!['make'] as () => (a?: number) => number)();
    map.collectNew();
    inner();
    expect(map.collectNew()).toBe(4); // inner, its return, the default's path, the conditional's first path
    expect(leftOver()).toEqual({});
  });

  it('skips a statement that defines an async function when the function around it did not run', () => {
    const { map, exports } = setup({ '/m/defines.js': 'exports.f = function f() { const g = async () => 1; return g; }; exports.h = function h() { return 0; };' });
    map.collectNew();
    const file = global.__coverage__!['/m/defines.js']!;
    // statements: the two exports, f's const and return, g's body, h's return; the const runs where f runs.
    file.s[1] = 1;
    (exports['/m/defines.js']!['h'] as () => number)();
    map.collectNew();
    expect(file.s[1]).toBe(1);
    (exports['/m/defines.js']!['f'] as () => unknown)();
    map.collectNew();
    expect(leftOver()).toEqual({});
  });

  it('reads every counter of a file whose shapes are unknown', () => {
    const shapes = new Map<string, CodeShapes>();
    load('/m/unknown.js', 'function make() { return class { x = (1, 2); }; } exports.C = make();');
    const map = coverageMap((path) => shapes.get(path));
    map.collectNew();
    const file = global.__coverage__!['/m/unknown.js']!;
    file.s[1] = 1;
    map.collectNew();
    expect(leftOver()).toEqual({});
  });
});
