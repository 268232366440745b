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

type Counters = Record<string, number>;
interface FileCoverage {
  s: Counters;
  f: Counters;
  b: Record<string, number[]>;
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

export function coverageMap(): CoverageMap {
  let counters: Counters[] = [];
  let counterSizes: number[] = [];
  let branches: number[][] = [];
  let files = 0;
  let seen = new Uint8Array(0);
  let features = 0;
  let covered = 0;

  const refresh = () => {
    const all = global.__coverage__ ?? {};
    const names = Object.keys(all);
    if (names.length === files) return;
    files = names.length;
    counters = [];
    branches = [];
    for (const name of names) {
      const file = all[name]!;
      counters.push(file.s, file.f);
      for (const id of Object.keys(file.b)) branches.push(file.b[id]!);
    }
    // istanbul numbers statements and functions 0..n-1: indexed reads, not a for-in over string keys (a sixth of the loop's time).
    counterSizes = counters.map((c) => {
      const keys = Object.keys(c);
      if (keys.some((k, i) => k !== String(i))) throw new Error(`istanbul counters not numbered 0..${keys.length - 1}: ${keys.slice(0, 5).join(',')}`);
      return keys.length;
    });
    let size = 0;
    for (const n of counterSizes) size += n;
    for (const b of branches) size += b.length;
    if (size > seen.length) {
      const grown = new Uint8Array(size);
      grown.set(seen);
      seen = grown;
    }
  };

  return {
    collectNew() {
      refresh();
      let fresh = 0;
      let index = 0;
      const visit = (n: number): void => {
        if (n > 0) {
          const bit = 1 << bucket(n);
          const before = seen[index]!;
          if ((before & bit) === 0) {
            if (before === 0) covered++;
            seen[index] = before | bit;
            features++;
            fresh++;
          }
        }
        index++;
      };
      for (let j = 0; j < counters.length; j++) {
        const c = counters[j]! as unknown as Record<number, number>;
        const size = counterSizes[j]!;
        for (let k = 0; k < size; k++) {
          const n = c[k]!;
          visit(n);
          if (n) c[k] = 0;
        }
      }
      for (const b of branches) {
        for (let i = 0; i < b.length; i++) {
          visit(b[i]!);
          b[i] = 0;
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
