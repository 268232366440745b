/**
 * Coverage feedback for the structure-aware mode: the same istanbul instrumentation jsfuzz uses
 * (istanbul-lib-hook and istanbul-lib-instrument, resolved through jsfuzz's own dependencies), applied to
 * the compiled model and fuzz-target code only, read as AFL-style hit-count buckets per counter after each
 * input. Without jsfuzz installed, the mode falls back to behaviour features alone.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { createRequire } from 'node:module';
import type { InstrumentedCode } from './compare-instrument.js';

/** Bumped when the instrumentation changes (compare-instrument.ts's rewrites included: the cache key holds the code under test, not the instrumenter), so that stale cache entries are not read. */
const INSTRUMENTATION_VERSION = 'istanbul+compare-3';

/**
 * Instrumenting (Babel twice: comparisons, then istanbul) costs seconds per campaign start on the model's
 * files, which a 15-second CI campaign cannot spare: the result is kept in the compiled tree, under
 * .instrumented/, keyed by the file's path, its compiled code and the instrumentation, so only the first
 * campaign after a build pays for it. Writes are atomic (a rename), since workers share the folder.
 */
function cachedInstrumentation(tree: string, filename: string, code: string, comparisons: boolean, make: () => InstrumentedCode): InstrumentedCode {
  const key = createHash('sha256').update(`${INSTRUMENTATION_VERSION}\0${comparisons}\0${filename}\0${code}`).digest('hex').slice(0, 32);
  const dir = join(tree, '.instrumented');
  const file = join(dir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InstrumentedCode;
  } catch {
    // not cached yet (or unreadable): instrument
  }
  const made = make();
  try {
    mkdirSync(dir, { recursive: true });
    const scratch = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(scratch, JSON.stringify(made));
    renameSync(scratch, file);
  } catch {
    // a read-only tree: no cache
  }
  return made;
}

type Counters = Record<string, number> | Uint32Array;
interface FileCoverage {
  s: Counters;
  f: Counters;
  b: Record<string, number[] | Uint32Array>;
}

export interface CoverageMap {
  /** Counters hit by the last input, as bucketed feature ids that were never seen before; the counters are reset. */
  collectNew(): number;
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
      const done = cachedInstrumentation(tree, filename, code, before !== undefined, () => {
        const first = before ? before(code, relative) : { code, literals: [] };
        return { code: instrumenter.instrumentSync(first.code, filename), literals: first.literals };
      });
      onLiterals?.(done.literals);
      return done.code;
    },
  );
  return true;
}

const bucket = (n: number): number => (n <= 3 ? n - 1 : n <= 7 ? 3 : n <= 15 ? 4 : n <= 31 ? 5 : n <= 127 ? 6 : 7);

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
 * of one Uint32Array as files load: reading an input's coverage is then one pass over a typed array (mostly
 * zeros) instead of a walk over some twelve thousand keyed properties in a hundred objects, which took a
 * sixth to a quarter of the structure-aware loop's time. Counters keep their index for the whole campaign
 * (a file loaded later is laid out after the others), so a feature is the same (index, bucket) pair throughout.
 */
export function coverageMap(): CoverageMap {
  /** Each laid-out file: its coverage object, where its counters start, and their lengths (statements, functions, then each branch). */
  const files: { file: FileCoverage; offset: number; lengths: number[] }[] = [];
  const laidOut = new Set<string>();
  let fileCount = 0;
  let counts = new Uint32Array(0);
  let seen = new Uint8Array(0);
  let features = 0;
  let covered = 0;

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

  /** Lays out the counters of files loaded since the last call (a require inside the code under test loads more). */
  const refresh = () => {
    const all = global.__coverage__;
    if (!all) return;
    const names = Object.keys(all);
    if (names.length === fileCount) return;
    fileCount = names.length;
    const before = files.length;
    let total = counts.length;
    for (const name of names) {
      if (laidOut.has(name)) continue;
      laidOut.add(name);
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
  };

  return {
    collectNew() {
      refresh();
      let fresh = 0;
      const c = counts;
      for (let i = 0; i < c.length; i++) {
        const n = c[i]!;
        if (n === 0) continue;
        c[i] = 0;
        const bit = 1 << bucket(n);
        const before = seen[i]!;
        if ((before & bit) === 0) {
          if (before === 0) covered++;
          seen[i] = before | bit;
          features++;
          fresh++;
        }
      }
      return fresh;
    },
    get features() {
      return features;
    },
    get covered() {
      return covered;
    },
  };
}
