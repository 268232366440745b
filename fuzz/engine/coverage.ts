/**
 * Coverage feedback for the structure-aware mode: the same istanbul instrumentation jsfuzz uses
 * (istanbul-lib-hook and istanbul-lib-instrument, resolved through jsfuzz's own dependencies), applied to
 * the compiled model and fuzz-target code only, read as AFL-style hit-count buckets per counter after each
 * input. Without jsfuzz installed, the mode falls back to behaviour features alone.
 */
import { dirname, join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { parseScript, type InstrumentedCode } from './compare-instrument.js';
import { cachedInstrumentation } from './instrumentation-cache.js';
import { counterGuards, shapesOf, type CodeShapes, type CoverageMaps } from './function-guards.js';
import { gateComparisons } from './gated-comparisons.js';
import { leanStatements } from './lean-statements.js';

/** Bumped when the instrumentation changes (compare-instrument.ts's rewrites included: the cache key holds the code under test, not the instrumenter), so that stale cache entries are not read. */
const INSTRUMENTATION_VERSION = 'istanbul+compare-3+shapes-2+lean-1+gated-2';

type Counters = Record<string, number> | Uint32Array;
interface FileCoverage extends CoverageMaps {
  s: Counters;
  f: Counters;
  b: Record<string, number[] | Uint32Array>;
}

/** The shapes of each instrumented file's code (function-guards.ts), by its path (the key of its coverage object). */
const shapesByFile = new Map<string, CodeShapes>();

export interface CoverageMap {
  /** Counters hit by the last input, as bucketed feature ids that were never seen before; the counters are reset. */
  collectNew(): number;
  /**
   * Counters hit since the last read-out, dropped without counting them: what ran between two inputs
   * (making the next input: the targets' codecs sit in an instrumented folder) says nothing about an input.
   */
  discard(): void;
  /** Distinct (counter, bucket) features seen so far. */
  readonly features: number;
  /** Counters ever hit. */
  readonly covered: number;
}

declare const global: { __coverage__?: Record<string, FileCoverage> };

/**
 * The compiled folders whose code the structure-aware engine measures coverage of: the readers and codecs
 * (formats/), the spec the targets call into (model/) and the targets' own oracles. A folder left out here gets
 * no coverage feedback, so its branches are found only by chance (formats/ was missed once, after the readers moved).
 */
export const COVERED_FOLDERS = ['formats/', 'model/', 'fuzz/targets/'] as const;

/** Is this file (relative to the compiled tree, '/'-separated) measured? */
export const coveredByFuzzing = (relative: string): boolean => COVERED_FOLDERS.some((folder) => relative.startsWith(folder));

/**
 * Instruments every later require() of a file under `tree` (a compiled dist-fuzz tree) whose path passes
 * `include`, after `before` (the comparison instrumentation) has rewritten it. Returns false when the
 * instrumenter cannot be loaded.
 */
export function instrumentRequires(tree: string, include: (relative: string) => boolean, before?: (code: string, relative: string) => InstrumentedCode, onLiterals?: (literals: readonly (string | number)[]) => void): boolean {
  let hookRequire: (matcher: (file: string) => boolean, transformer: (code: string, options: { filename: string }) => string) => void;
  let instrumenter: { instrumentSync(code: string, filename: string): string };
  try {
    const fromRoot = createRequire(join(process.cwd(), 'package.json'));
    let jsfuzzDir: string;
    try {
      jsfuzzDir = dirname(fromRoot.resolve('jsfuzz/package.json'));
    } catch {
      jsfuzzDir = dirname(createRequire(join(tree, 'package.json')).resolve('jsfuzz/package.json'));
    }
    const fromJsfuzz = createRequire(join(jsfuzzDir, 'build', 'src', 'worker.js'));
    hookRequire = (fromJsfuzz('istanbul-lib-hook') as { hookRequire: typeof hookRequire }).hookRequire;
    const { createInstrumenter } = fromJsfuzz('istanbul-lib-instrument') as { createInstrumenter(o: object): typeof instrumenter };
    instrumenter = createInstrumenter({ compact: true });
  } catch {
    return false;
  }
  const prefix = tree.endsWith(sep) ? tree : tree + sep;
  hookRequire(
    // .mjs files (model/product/module-url.mjs) are ES modules loaded through require(esm): istanbul cannot instrument them.
    (file) => file.startsWith(prefix) && !file.endsWith('.mjs') && !file.includes(`${sep}node_modules${sep}`) && include(file.slice(prefix.length).split(sep).join('/')),
    (code, { filename }) => {
      const relative = filename.slice(prefix.length).split(sep).join('/');
      const done = cachedInstrumentation<InstrumentedCode>(tree, `${INSTRUMENTATION_VERSION}\0${before !== undefined}`, filename, code, () => {
        const first = before ? before(code, relative) : { code, literals: [] };
        const program = parseScript(first.code, filename);
        // The statement counters whose counts the others imply are taken out again (lean-statements.ts).
        const lean = leanStatements(instrumenter.instrumentSync(first.code, filename), filename);
        // The shapes are read off the code istanbul instruments, so that their locations are its own.
        const shapes = program ? { ...shapesOf(program), ...(lean.countedStatements ? { countedStatements: lean.countedStatements } : {}) } : undefined;
        // Comparisons logged only while the log is on, after istanbul so that the gate gets no counter (gated-comparisons.ts).
        const gated = before ? gateComparisons(lean.code, filename) : lean.code;
        return { code: gated, literals: first.literals, ...(shapes ? { shapes } : {}) };
      });
      if (done.shapes) shapesByFile.set(filename, done.shapes);
      onLiterals?.(done.literals);
      return done.code;
    },
  );
  return true;
}

/** An append-only list of 32-bit integers, in a typed array (read by index in the read-out's loops). */
class IntList {
  items = new Int32Array(64);
  length = 0;
  push(value: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = value;
  }
}

const bucket = (n: number): number => (n <= 3 ? n - 1 : n <= 7 ? 3 : n <= 15 ? 4 : n <= 31 ? 5 : n <= 127 ? 6 : 7);
/** The bucket's bit of each count below 128 (from 128 on, the last bucket's): a load instead of five comparisons, for the few hundred counters an input hits. */
const BUCKET_BIT = Uint8Array.from({ length: 128 }, (_, n) => (n === 0 ? 0 : 1 << bucket(n)));

/** istanbul numbers a file's statements, functions and branch paths 0..n-1: the count of a counter object, checked. */
function numberedSize(counters: Counters | number[], what: string): number {
  if (ArrayBuffer.isView(counters) || Array.isArray(counters)) return counters.length;
  const keys = Object.keys(counters);
  if (keys.some((k, i) => k !== String(i))) throw new Error(`istanbul ${what} counters not numbered 0..${keys.length - 1}: ${keys.slice(0, 5).join(',')}`);
  return keys.length;
}

/**
 * Read-out of istanbul's counters after each input. The instrumented code increments `cov_….s[k]`, `.f[k]` and
 * `.b[k][i]` through the file's coverage object each time, so the map swaps those counter objects for views
 * of one Uint32Array as files load: reading an input's coverage is then a pass over a typed array (mostly
 * zeros) instead of a walk over some twelve thousand keyed properties in a hundred objects, which took a
 * sixth to a quarter of the structure-aware loop's time. Counters keep their index for the whole campaign
 * (a file loaded later is laid out after the others), so a feature is the same (index, bucket) pair throughout.
 *
 * An input runs a small part of the loaded functions: the pass reads every function counter, and the statement
 * and branch counters inside a function (function-guards.ts) only when that function's counter counted;
 * the counters that can count without a function counter of their own (top-level code, async and generator
 * bodies, class members; every counter of a file whose shapes are unknown) it reads every time. A skipped
 * counter is zero (its function would have counted in the same call), so nothing is lost or put off to a later
 * input; a counter is cleared when read, so none is counted twice.
 */
export function coverageMap(shapesOfFile: (path: string) => CodeShapes | undefined = (path) => shapesByFile.get(path)): CoverageMap {
  /** Each laid-out file: its coverage object, where its counters start, and their lengths (statements, functions, then each branch). */
  const files: { file: FileCoverage; offset: number; lengths: number[] }[] = [];
  const laidOut = new Set<string>();
  let fileCount = 0;
  let counts = new Uint32Array(0);
  let seen = new Uint8Array(0);
  let features = 0;
  let covered = 0;
  /** Counters read after every input (see above). */
  const always = new IntList();
  /**
   * The function counters of files with known shapes, each with the counters it guards: function j's counter is
   * at `fnCounter[j]`, and its guarded counters are the index runs [runs[2r], runs[2r+1]) for r from
   * fnRuns[j] to fnRuns[j+1] (a function's own statements are numbered in a row, but for the functions inside it).
   */
  const fnCounter = new IntList();
  const fnRuns = new IntList();
  fnRuns.push(0);
  const runs = new IntList();

  /** Points a file's counters at its part of `counts`; with `carry`, what they counted so far is copied in first. */
  const attach = ({ file, offset, lengths }: (typeof files)[number], carry: boolean): void => {
    let at = offset;
    let part = 0;
    const view = (from: Counters | number[]): Uint32Array => {
      const n = lengths[part++]!;
      const v = counts.subarray(at, (at += n));
      if (carry) for (let k = 0; k < n; k++) v[k] = (from as Record<number, number>)[k] ?? 0;
      return v;
    };
    file.s = view(file.s);
    file.f = view(file.f);
    for (let id = 0; id < lengths.length - 2; id++) file.b[id] = view(file.b[id]!);
  };

  /** Sorts a new file's counters into those read always, those read when their function ran, and those never read. */
  const classify = (name: string, { file, offset, lengths }: (typeof files)[number]) => {
    const statements = lengths[0]!;
    const functions = lengths[1]!;
    const branchLengths = lengths.slice(2);
    const shapes = shapesOfFile(name);
    const guards = counterGuards(file, shapes, statements, branchLengths.length);
    const total = lengths.reduce((a, b) => a + b, 0);
    // A statement counter the code no longer increments (lean-statements.ts) is never read.
    const removed = new Uint8Array(total);
    if (shapes?.countedStatements) {
      removed.fill(1, 0, statements);
      for (const k of shapes.countedStatements) if (k < statements) removed[k] = 0;
    }
    if (functions === 0 || (guards.statements.every((g) => g < 0) && guards.branches.every((g) => g < 0))) {
      for (let i = 0; i < total; i++) if (!removed[i]) always.push(offset + i);
      return;
    }
    // Each counter's guard (a function of this file, or -1), by its index in `counts`; -2 for a removed counter.
    const guardOf = new Int32Array(total).fill(-1);
    guards.statements.forEach((g, k) => (guardOf[k] = removed[k] ? -2 : g));
    let at = statements + functions;
    branchLengths.forEach((n, k) => {
      guardOf.fill(guards.branches[k]!, at, at + n);
      at += n;
    });
    for (let i = 0; i < total; i++) if (guardOf[i] === -1 && !(i >= statements && i < statements + functions)) always.push(offset + i);
    for (let fn = 0; fn < functions; fn++) {
      fnCounter.push(offset + statements + fn);
      for (let i = 0; i < total; i++) {
        if (guardOf[i] !== fn) continue;
        let end = i;
        while (end + 1 < total && guardOf[end + 1] === fn) end++;
        runs.push(offset + i);
        runs.push(offset + end + 1);
        i = end;
      }
      fnRuns.push(runs.length / 2);
    }
  };

  /**
   * The files' coverage objects, as a proxy that counts additions: istanbul adds a file's object to
   * `__coverage__` when its module first runs, and listing a hundred files' names after every input to notice
   * one cost a percent of the loop. Whatever replaces `__coverage__` is wrapped in turn at the next read-out.
   */
  let watched: Record<string, FileCoverage> | undefined;
  let additions = 0;
  let additionsSeen = -1;
  const watch = (all: Record<string, FileCoverage>) =>
    new Proxy(all, {
      set(target, key, value, receiver) {
        additions++;
        return Reflect.set(target, key, value, receiver);
      },
      defineProperty(target, key, descriptor) {
        additions++;
        return Reflect.defineProperty(target, key, descriptor);
      },
    });

  /** Lays out the counters of files loaded since the last call (a require inside the code under test loads more). */
  const refresh = () => {
    let all = global.__coverage__;
    if (!all) return;
    if (all !== watched) {
      all = watched = global.__coverage__ = watch(all);
      additionsSeen = -1;
    }
    if (additions === additionsSeen) return;
    additionsSeen = additions;
    const names = Object.keys(all);
    if (names.length === fileCount) return;
    fileCount = names.length;
    const before = files.length;
    let total = counts.length;
    const added: string[] = [];
    for (const name of names) {
      if (laidOut.has(name)) continue;
      laidOut.add(name);
      added.push(name);
      const file = all[name]!;
      const lengths = [numberedSize(file.s, 'statement'), numberedSize(file.f, 'function')];
      const branches = numberedSize(file.b as unknown as Counters, 'branch');
      for (let id = 0; id < branches; id++) lengths.push(file.b[id]!.length);
      files.push({ file, offset: total, lengths });
      for (const n of lengths) total += n;
    }
    const grown = new Uint32Array(total);
    grown.set(counts);
    counts = grown;
    const grownSeen = new Uint8Array(total);
    grownSeen.set(seen);
    seen = grownSeen;
    files.forEach((entry, i) => attach(entry, i >= before));
    added.forEach((name, i) => classify(name, files[before + i]!));
  };

  /** Records counter i's count n (not zero) and clears it; 1 when its (counter, bucket) feature is new. */
  const take = (c: Uint32Array, i: number, n: number): number => {
    c[i] = 0;
    const bit = n < 128 ? BUCKET_BIT[n]! : 128;
    const was = seen[i]!;
    if ((was & bit) !== 0) return 0;
    if (was === 0) covered++;
    seen[i] = was | bit;
    features++;
    return 1;
  };

  return {
    collectNew() {
      refresh();
      let fresh = 0;
      const c = counts;
      const a = always.items;
      for (let k = 0, end = always.length; k < end; k++) {
        const i = a[k]!;
        const n = c[i]!;
        if (n !== 0) fresh += take(c, i, n);
      }
      const fns = fnCounter.items;
      const fr = fnRuns.items;
      const r = runs.items;
      for (let j = 0, end = fnCounter.length; j < end; j++) {
        const at = fns[j]!;
        const n = c[at]!;
        if (n === 0) continue;
        fresh += take(c, at, n);
        for (let k = 2 * fr[j]!, last = 2 * fr[j + 1]!; k < last; k += 2) {
          for (let i = r[k]!, stop = r[k + 1]!; i < stop; i++) {
            const m = c[i]!;
            if (m !== 0) fresh += take(c, i, m);
          }
        }
      }
      return fresh;
    },
    discard() {
      refresh();
      counts.fill(0);
    },
    get features() {
      return features;
    },
    get covered() {
      return covered;
    },
  };
}
