/**
 * The structure-aware engine's instrumentation drops the statement counters whose counts its function and branch
 * counters imply (fuzz/engine/lean-statements.ts), and its read-out skips them (coverage.ts). Real istanbul
 * instrumentation of small modules: straight-line statements lose their counters; the first statement of a loop
 * body (how often it ran), of a catch clause (that something threw) and a class field's initialiser keep theirs,
 * and the read-out still sees a loop's hit-count bucket change.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseScript } from '../../fuzz/engine/compare-instrument.js';
import { coverageMap } from '../../fuzz/engine/coverage.js';
import { shapesOf, type CodeShapes } from '../../fuzz/engine/function-guards.js';
import { leanStatements } from '../../fuzz/engine/lean-statements.js';

const require = createRequire(import.meta.url);
const fromJsfuzz = createRequire(join(dirname(require.resolve('jsfuzz/package.json')), 'build', 'src', 'worker.js'));
const { createInstrumenter } = fromJsfuzz('istanbul-lib-instrument') as { createInstrumenter(o: object): { instrumentSync(code: string, filename: string): string } };
const instrumenter = createInstrumenter({ compact: true });

interface FileCoverage {
  s: Record<number, number>;
  f: Record<number, number>;
  statementMap: Record<number, { start: { line: number; column: number } }>;
}
const global = globalThis as { __coverage__?: Record<string, FileCoverage> };

/** Instruments a CommonJS module as the engine does (istanbul, then the lean pass) and runs it. */
function load(filename: string, code: string): { exports: Record<string, (...a: unknown[]) => unknown>; shapes: CodeShapes; lean: string; file: () => FileCoverage } {
  const program = parseScript(code, filename);
  if (!program) throw new Error('Babel is not available');
  const lean = leanStatements(instrumenter.instrumentSync(code, filename), filename);
  if (!lean.countedStatements) throw new Error('the lean pass left the code whole');
  const module = { exports: {} as Record<string, (...a: unknown[]) => unknown> };
  new Function('module', 'exports', lean.code)(module, module.exports);
  return { exports: module.exports, shapes: { ...shapesOf(program as never), countedStatements: lean.countedStatements }, lean: lean.code, file: () => global.__coverage__![filename]! };
}

/** The statement counters that are not zero, as 'k=count'. */
const hitStatements = (file: FileCoverage): string[] =>
  Object.entries(file.s)
    .filter(([, n]) => n !== 0)
    .map(([k, n]) => `${k}=${n}`);

/** The text of the statement istanbul numbered k. */
const statementAt = (source: string, file: FileCoverage, k: number): string => {
  const { line, column } = file.statementMap[k]!.start;
  return source.split('\n')[line - 1]!.slice(column, column + 12);
};

describe('the lean statement counters', () => {
  let saved: typeof global.__coverage__;
  beforeEach(() => {
    saved = global.__coverage__;
    global.__coverage__ = {};
  });
  afterEach(() => {
    global.__coverage__ = saved;
  });

  it('drops the counters of straight-line statements, a module\'s top level included; the code computes the same', () => {
    const source = 'const base = 2;\nfunction f(x) {\n  const a = x + base;\n  const b = a * 2;\n  if (b > 10) {\n    return b;\n  }\n  return -b;\n}\nexports.f = f;';
    const { exports, lean, file } = load('/lean/straight.js', source);
    expect(exports['f']!(10)).toBe(24);
    expect(exports['f']!(1)).toBe(-6);
    expect(lean).not.toMatch(/\.s\[\d+\]\+\+/);
    expect(hitStatements(file())).toEqual([]);
    expect(Object.values(file().f)).toEqual([2]);
  });

  it('keeps the first statement of a loop body: it counts the iterations', () => {
    const source = 'exports.sum = function sum(n) {\n  let t = 0;\n  for (let i = 0; i < n; i++) {\n    t += i;\n    t += 1;\n  }\n  let j = 0;\n  while (j < n) {\n    const k = j * 2;\n    j++;\n  }\n  return t;\n};\nexports.keys = function keys(m) {\n  const out = [];\n  for (var p in m) if (p !== \'a\' && p !== \'b\') out.push(p);\n  return out;\n};';
    const { exports, file, shapes, lean } = load('/lean/loop.js', source);
    // The counters the pass reports kept are those left in the code, each once.
    expect(shapes.countedStatements).toEqual([...lean.matchAll(/\.s\[(\d+)\]\+\+/g)].map((m) => Number(m[1])).sort((a, b) => a - b));
    expect(exports['sum']!(5)).toBe(15);
    const hits = hitStatements(file());
    expect(exports['keys']!({ a: 1, c: 2 })).toEqual(['c']);
    expect(hitStatements(file()).filter((h) => !hits.includes(h))).toEqual([expect.stringMatching(/=2$/)]);
    expect(hits).toHaveLength(2);
    expect(hits.every((h) => h.endsWith('=5'))).toBe(true);
    expect(hits.map((h) => statementAt(source, file(), Number(h.split('=')[0])))).toEqual(['t += i;', 'j * 2;']);
  });

  it('reports each kept counter once, also one in a function istanbul counts where it is declared (Babel visits it twice)', () => {
    // TypeScript's __exportStar helper: its loop body's counter was listed twice.
    const source = 'var copyAll = (this && this.copyAll) || function (m, to) {\n  for (var p in m) if (p !== "default") to[p] = m[p];\n};\nexports.copyAll = copyAll;';
    const { exports, shapes, lean, file } = load('/lean/twice.js', source);
    expect(shapes.countedStatements).toEqual([...lean.matchAll(/\.s\[(\d+)\]\+\+/g)].map((m) => Number(m[1])));
    const to: Record<string, number> = {};
    exports['copyAll']!({ a: 1, b: 2, default: 3 }, to);
    expect(to).toEqual({ a: 1, b: 2 });
    expect(hitStatements(file())).toEqual([expect.stringMatching(/=3$/)]);
  });

  it('keeps the first statement of a catch clause: it counts what was caught', () => {
    const source = 'exports.read = function read(text) {\n  try {\n    return JSON.parse(text);\n  } catch {\n    const none = undefined;\n    return none;\n  }\n};';
    const { exports, file } = load('/lean/catch.js', source);
    expect(exports['read']!('[1]')).toEqual([1]);
    expect(hitStatements(file())).toEqual([]);
    expect(exports['read']!('{')).toBeUndefined();
    const hits = hitStatements(file());
    expect(hits).toHaveLength(1);
    expect(statementAt(source, file(), Number(hits[0]!.split('=')[0]))).toBe('undefined;');
  });

  it('keeps a class field\'s initialiser: it counts the instances of a class with no constructor', () => {
    const source = 'class Box {\n  items = [];\n}\nexports.make = function make() {\n  return new Box();\n};';
    const { exports, file } = load('/lean/field.js', source);
    exports['make']!();
    exports['make']!();
    expect(hitStatements(file())).toEqual([expect.stringMatching(/=2$/)]);
  });

  it('the read-out sees a loop run more often as new, and reads no removed counter', () => {
    const source = 'exports.sum = function sum(n) {\n  let t = 0;\n  for (let i = 0; i < n; i++) {\n    t += i;\n  }\n  return t;\n};';
    const { exports, shapes, file } = load('/lean/read.js', source);
    const map = coverageMap((path) => (path === '/lean/read.js' ? shapes : undefined));
    map.collectNew();
    exports['sum']!(1);
    expect(map.collectNew()).toBeGreaterThan(0);
    exports['sum']!(1);
    expect(map.collectNew()).toBe(0);
    // Only the loop body's counter tells 1 iteration from 5 (the function ran once either way).
    exports['sum']!(5);
    expect(map.collectNew()).toBe(1);
    // A removed counter is never read, even if something wrote it.
    const removed = Object.keys(file().s).map(Number).find((k) => !shapes.countedStatements!.includes(k))!;
    file().s[removed] = 1;
    exports['sum']!(5);
    expect(map.collectNew()).toBe(0);
  });
});
