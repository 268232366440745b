/**
 * Worker thread of a campaign (loaded from a compiled CommonJS tree, dist-fuzz/ or a benchmark copy): runs
 * the structure-aware loop, replays inputs, or minimizes a crash. The targets are required only after the
 * coverage hook is installed, so that they are instrumented.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolve } from 'node:path';
import { readInputs, saveInput } from './corpus-files.js';
import { addLiterals, instrumentComparisons } from './compare-instrument.js';
import { installCompareLog, type CompareLog } from './compare-log.js';
import { coverageMap, coveredByFuzzing, instrumentRequires, type CoverageMap } from './coverage.js';
import { applyFuzzJitPolicy } from './jit-policy.js';
import { loadTarget } from './load-target.js';
import { failsWith, minimizeCrash } from './minimize.js';
import { SHARED_INPUT_OFFSET, SHARED_INTS, SHARED_LATER_HALF, SHARED_STARTED_OFFSET, type WorkerMessage, type WorkerSetup } from './protocol.js';
import { StructuredLoop, WORKER_MAKE_AHEAD } from './structured-loop.js';
import { sampleHash, THOROUGH_SAMPLE } from '../core/staged-run.js';
import { Rng } from '../core/rng.js';

/** One input in this many goes to setup.sampleDir, at most INPUT_SAMPLE_MAX of them. */
const INPUT_SAMPLE_RATE = 16;
const INPUT_SAMPLE_MAX = 600;
/** Inputs of the second half kept for setup.laterSampleDir (a reservoir: each input run in that half equally likely). */
const LATER_SAMPLE_MAX = 600;
import { crashIdentity } from '../core/stack.js';
import type { FuzzTarget, TargetRunner } from '../core/target.js';

const setup = workerData as WorkerSetup;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

function loadSetupTarget(): FuzzTarget<unknown> {
  // A plain require, after the hook: the target's module and everything it imports are instrumented.
  const target = loadTarget(setup.tree, setup.target);
  if (!target) throw new Error(`no fuzz target "${setup.target}" in ${setup.tree}`);
  return target;
}

async function main(): Promise<void> {
  let coverage: CoverageMap | undefined;
  let compareLog: CompareLog | undefined;
  let instrumented = false;
  // Before any code of the target runs: what V8 optimises in a campaign (jit-policy.ts).
  if (setup.kind === 'fuzz') applyFuzzJitPolicy();
  if (setup.kind === 'fuzz' && setup.coverage) {
    // Coverage of the code under test (the readers and codecs in formats/, the spec in model/) and of the
    // targets' oracles (COVERED_FOLDERS); comparisons are logged, and literals collected, in the code under test only.
    const underTest = (rel: string) => rel.startsWith('formats/') || rel.startsWith('model/');
    compareLog = installCompareLog();
    instrumented = instrumentRequires(resolve(setup.tree), coveredByFuzzing, (code, rel) => (underTest(rel) ? instrumentComparisons(code, rel) : { code, literals: [] }), addLiterals);
    if (instrumented) coverage = coverageMap();
    else compareLog = undefined;
  }
  const target = loadSetupTarget();
  const runner = target.setup();

  if (setup.kind === 'replay') {
    const results = [];
    for (const { name, bytes } of setup.inputs ?? []) {
      const started = performance.now();
      try {
        await runner.run(bytes);
        results.push({ name, ok: true, ms: performance.now() - started });
      } catch (error) {
        const id = crashIdentity(error);
        results.push({ name, ok: false, key: id.key, headline: id.headline, stack: id.stack, ms: performance.now() - started });
      }
    }
    post({ type: 'replayed', results });
    return;
  }

  if (setup.kind === 'minimize') {
    const input = setup.inputs![0]!.bytes;
    const key = setup.key ?? (await failsWith(runner, input));
    if (key === undefined) {
      post({ type: 'minimized', bytes: input, key: undefined });
      return;
    }
    post({ type: 'minimized', bytes: await minimizeCrash(target, runner, input, key, { timeMs: setup.minimizeMs ?? 10_000, maxAttempts: 20_000 }), key });
    return;
  }

  const shared = setup.shared;
  const ints = shared ? new Int32Array(shared, 0, SHARED_INTS) : undefined;
  const started = shared ? new Float64Array(shared, SHARED_STARTED_OFFSET, 1) : undefined;
  const current = shared ? new Uint8Array(shared, SHARED_INPUT_OFFSET) : undefined;
  // Each stage of an input runs under the hang watch: the campaign reads the input and its start from shared memory.
  // An asynchronous target's input counts as running (for the parent's input timeout) until its promise settles.
  const watched = <T>(bytes: Uint8Array, work: () => T): T => {
    if (ints && current && started) {
      const n = Math.min(bytes.length, current.length);
      current.set(bytes.subarray(0, n));
      ints[2] = n;
      started[0] = Date.now();
      Atomics.store(ints, 1, 1);
    }
    const finished = () => {
      if (ints) {
        Atomics.store(ints, 1, 0);
        Atomics.add(ints, 0, 1);
      }
    };
    let result: T;
    try {
      result = work();
    } catch (error) {
      finished();
      throw error;
    }
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
      finished();
      return result;
    }
    return Promise.resolve(result).finally(finished) as T;
  };
  const watchedRunner: TargetRunner = { run: (bytes) => watched(bytes, () => runner.run(bytes)) };
  if (runner.stage) {
    watchedRunner.stage = (bytes) => {
      const staged = watched(bytes, () => runner.stage!(bytes));
      return { features: staged.features, thorough: () => watched(bytes, () => staged.thorough()) };
    };
  }
  if (runner.thoroughSample !== undefined) watchedRunner.thoroughSample = runner.thoroughSample;
  if (runner.codeUnderTest) watchedRunner.codeUnderTest = (bytes) => watched(bytes, () => runner.codeUnderTest!(bytes));
  // Inputs made in batches, then run (structured-loop.ts: WORKER_MAKE_AHEAD).
  const loop = new StructuredLoop(target, watchedRunner, setup.seed, coverage, compareLog, { makeAhead: WORKER_MAKE_AHEAD });

  const seen = new Set<string>();
  const report = (crash: NonNullable<ReturnType<typeof loop.step>['crash']>) => {
    if (seen.has(crash.identity.key)) return;
    seen.add(crash.identity.key);
    post({ type: 'crash', key: crash.identity.key, headline: crash.identity.headline, stack: crash.identity.stack, bytes: crash.bytes, atExec: loop.execs });
  };
  const keep = (bytes: Uint8Array) => {
    if (setup.corpusDir) saveInput(setup.corpusDir, bytes);
  };
  // The benchmark's sample of the inputs run (setup.sampleDir): a pure function of the bytes, bounded.
  let sampled = 0;
  const sample = setup.sampleDir
    ? (bytes: Uint8Array) => {
        if (sampled < INPUT_SAMPLE_MAX && sampleHash(bytes) % INPUT_SAMPLE_RATE === 5) {
          saveInput(setup.sampleDir!, bytes);
          sampled++;
        }
      }
    : undefined;
  // The benchmark's sample of the second half's inputs (setup.laterSampleDir): from the input the campaign's flag is
  // first seen at (it is read every 16 inputs, with the stop flag) to the end, a reservoir of LATER_SAMPLE_MAX,
  // written when the loop ends. A hash sample with a cap would fill up in the first part of the half on a fast target.
  const later = setup.laterSampleDir ? { seen: 0, kept: [] as Uint8Array[], rng: new Rng(setup.seed ^ 0x5a17), on: false } : undefined;
  const sampleLater = (bytes: Uint8Array) => {
    const l = later!;
    l.seen++;
    if (l.kept.length < LATER_SAMPLE_MAX) l.kept.push(bytes);
    else {
      const at = l.rng.int(l.seen);
      if (at < LATER_SAMPLE_MAX) l.kept[at] = bytes; // inputs are not changed once made: keeping the array is keeping the input
    }
  };

  const initial = [
    ...(setup.useSeeds ? target.seeds().map((s) => s.bytes) : []),
    ...(setup.corpusDir ? readInputs(setup.corpusDir, 1 << 20).map((i) => i.bytes) : []),
    ...(setup.extraDirs ?? []).flatMap((d) => readInputs(d, 1 << 20).map((i) => i.bytes)),
  ];
  for (const bytes of initial) {
    const r = await loop.addInitialAsync(bytes);
    if (r.crash) report(r.crash);
  }
  if (loop.corpus.length === 0) {
    // Nothing to start from: an empty input, as jsfuzz starts.
    const r = await loop.addInitialAsync(new Uint8Array(0));
    if (r.crash) report(r.crash);
  }
  // A staged target's expensive oracles run on new inputs, initial ones and one in this many of the rest (core/staged-run.ts).
  post({ type: 'ready', corpus: loop.corpus.length, instrumented, ...(runner.stage ? { expensiveSampleOneIn: runner.thoroughSample ?? THOROUGH_SAMPLE } : {}) });

  const stats = () => ({ execs: loop.execs, corpus: loop.corpus.length, features: loop.features, covered: loop.covered, thoroughRuns: loop.thoroughRuns });
  let lastStats = Date.now();
  const runs = setup.runs ?? Infinity;
  const deadline = setup.deadline ?? Infinity;
  let statsAtExec = setup.statsAtExec;
  while (loop.execs < runs) {
    // A synchronous target's input is not awaited (a promise and a microtask turn per input cost a few percent);
    // the queue still gets its turn every sixteen inputs, below, for whatever a target left in it.
    const either = loop.stepEither();
    const r = either instanceof Promise ? await either : either;
    if (r.crash) report(r.crash);
    else if (r.added) keep(r.added);
    if (sample && r.ran && !r.crash) sample(r.ran);
    if (later?.on && r.ran && !r.crash) sampleLater(r.ran);
    if ((loop.execs & 15) === 0) {
      await undefined;
      if (later && !later.on && ints && Atomics.load(ints, SHARED_LATER_HALF) === 1) later.on = true;
      const now = Date.now();
      if (now >= deadline || (ints && Atomics.load(ints, 3) === 1)) break;
      if (now - lastStats >= 500 || (statsAtExec !== undefined && loop.execs >= statsAtExec)) {
        lastStats = now;
        if (statsAtExec !== undefined && loop.execs >= statsAtExec) statsAtExec = undefined;
        post({ type: 'stats', ...stats() });
      }
    }
  }
  if (later) for (const bytes of later.kept) saveInput(setup.laterSampleDir!, bytes);
  post({ type: 'done', ...stats() });
}

main().catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
