/**
 * A fuzz campaign: k engines on one target for a time or a number of runs, with a live view, crashes
 * deduplicated by key, minimized and saved with a reproduce command, and the corpus kept on disk as it
 * grows (so an interrupted campaign loses nothing).
 *
 * bytes: k jsfuzz processes on the compiled CommonJS tree, wrapped because jsfuzz has no time or run limit,
 * exits 0 when the target does not load, and stops at its first crash (the wrapper restarts it while time
 * is left). structured: k worker threads running the structure-aware loop, instrumented with the same
 * istanbul hooks jsfuzz uses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import { countInputs, saveInput } from './corpus-files.js';
import { crashFileId } from './crash-id.js';
import { SHARED_BYTES, SHARED_INPUT_OFFSET, SHARED_INTS, SHARED_LATER_HALF, SHARED_STARTED_OFFSET, type WorkerMessage, type WorkerSetup } from './protocol.js';
import { judgeTimeout } from './timeout-judgement.js';
import { fuzzWorker, minimizeInput, replayInputs, workerFile } from './workers.js';
import { ExecRate } from './exec-rate.js';

export type FuzzMode = 'bytes' | 'structured';

export interface CampaignOptions {
  target: string;
  mode: FuzzMode;
  /** Stop after this long; Infinity for no limit. */
  timeMs: number;
  /**
   * structured: what timeMs counts. 'wall' (the default): time on the clock from the first input. 'cpu': CPU time of
   * this process from the first input (cpuMsRunning's measure; the engines' threads, the compiler's, the collector's),
   * looked at every 50 ms; the second half (laterHalf) starts at half of it. On a shared machine a campaign of a
   * given wall time runs fewer inputs the busier the machine is, so its second half falls in an earlier stretch of
   * the campaign (the JIT still compiling, more inputs new): a CPU budget runs about the same stretch under any
   * load. The throughput benchmark's --budget cpu.
   */
  timeBudget?: 'wall' | 'cpu';
  /** Stop after about this many inputs in all (exact per worker). */
  runs?: number;
  seed: number;
  workers: number;
  corpusDir: string;
  crashDir: string;
  /** Seeds and engine scratch files. */
  workDir: string;
  /**
   * structured: save about one input in INPUT_SAMPLE_RATE of those the engine runs here (up to INPUT_SAMPLE_MAX),
   * chosen by a hash of the bytes: bench/fuzz/throughput-vs-loop.ts loops the code under test over them, so its
   * baseline runs the inputs the engine ran, not only easier first-generation mutants of the seeds.
   */
  sampleDir?: string;
  /**
   * structured, with a time limit: save a sample of the inputs run in the second half of the fuzzing time
   * (CampaignResult.laterHalf), up to LATER_SAMPLE_MAX, each equally likely (a reservoir, seeded): the throughput
   * benchmark's row loops the code under test over these, the inputs of the half whose rate it reports.
   */
  laterSampleDir?: string;
  /**
   * structured: the second half (CampaignResult.laterHalf) starts at the first progress report once this many
   * inputs have run, instead of at half the fuzzing time. The throughput benchmark's paired run repeats a campaign
   * (same seed, `runs` = the first run's inputs) and starts its half at the first run's input count, so that it
   * measures the same stretch of the same input sequence.
   */
  laterHalfFromExec?: number;
  /** Called once, when the second half starts (the benchmark's paired run starts its alternation there). */
  onLaterHalf?: () => void;
  /** Seed corpus from the target's valid inputs (off: the "jsfuzz without seeds" baseline). */
  useSeeds: boolean;
  /** structured: istanbul coverage feedback (else behaviour features only). */
  coverage: boolean;
  /** The compiled CommonJS tree (dist-fuzz/, or a benchmark copy). */
  tree: string;
  /** The project root: jsfuzz's working directory (it takes its target path relative to it). */
  root: string;
  stopOnCrash: boolean;
  /** Minimize crashes before saving (up to minimizeMs each). */
  minimize: boolean;
  minimizeMs: number;
  /** An input that runs longer than this is a hang. */
  inputTimeoutMs: number;
  /**
   * How long the engines may take to start (instrument the code, run the seeds) before the campaign gives
   * up with `stoppedBy: 'startup'` and no input run; default STARTUP_LIMIT_MS. The time budget (timeMs)
   * starts only when the first engine runs inputs, so a slow start does not eat it.
   */
  startupLimitMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: CampaignProgress) => void;
  onCrash?: (c: SavedCrash) => void;
  log?: (line: string) => void;
  reproduceCommand: (file: string) => string;
}

export interface CampaignProgress {
  elapsedMs: number;
  /** False while the engines are still loading the target (no input has run yet). */
  started: boolean;
  execs: number;
  execsPerSec: number;
  coverage: number;
  corpus: number;
  crashes: number;
}

export interface SavedCrash {
  key: string;
  headline: string;
  stack: string;
  /** The (minimized) input. */
  file: string;
  /** The report next to it. */
  reportFile: string;
  reproduce: string;
  bytes: Uint8Array;
  originalSize: number;
  foundAtMs: number;
  /** A crash with this key was already saved in the crash folder by an earlier campaign. */
  known: boolean;
}

export interface CampaignResult {
  target: string;
  mode: FuzzMode;
  execs: number;
  elapsedMs: number;
  /** Inputs per second once the engines were running (after instrumentation and seed loading). */
  execsPerSec: number;
  /** From the start until the first engine ran inputs: instrumenting the code, loading the corpus. */
  startupMs: number;
  coverage: number;
  corpus: number;
  crashes: SavedCrash[];
  /** When the first crash was met (before minimizing), ms after the start. */
  firstCrashMs?: number;
  /** 'startup': no engine started within the start-up limit, so no input ran: the campaign decided nothing. */
  stoppedBy: 'time' | 'runs' | 'crash' | 'interrupt' | 'startup';
  /** structured: whether coverage instrumentation was active. */
  instrumented?: boolean;
  /**
   * structured: CPU time of this process (the engines' threads, the campaign's, the garbage collector's) from the
   * first input to the end. Inputs per CPU-second hardly depend on what else a shared machine runs, unlike inputs
   * per second (the throughput benchmark reports both). bytes: absent (jsfuzz runs in processes of its own).
   */
  cpuMsRunning?: number;
  /**
   * structured, with a time limit: the inputs, wall time and CPU time (cpuMsRunning's measure) of the second half
   * of the fuzzing time, from the first progress report past its middle to the end. The first seconds of a
   * campaign cost more per input than the rest: the JIT compiles the code each new kind of input reaches (on
   * threads of its own, as much CPU as the loop itself in the first thousand inputs), and most early inputs are
   * new, so they also get the expensive oracles and the comparison-logging re-run. The throughput benchmark
   * reports the rate of this half next to the whole run's.
   */
  laterHalf?: { execs: number; ms: number; cpuMs: number };
  /**
   * structured, a staged target (core/staged-run.ts): its expensive oracles (round trips, second readers, the schema,
   * rules restated, differential signature checks) ran on `inputs` of the `execs`: every input that reached new
   * coverage or a new behaviour feature, every seed and corpus input it started from, and one in `sampleOneIn` of the
   * rest, chosen by a hash of the input's bytes (the same inputs on every run). Its cheap oracles ran on every input.
   * `fuzz --replay`, the minimizer, the regression inputs and jsfuzz run every oracle on every input.
   */
  expensiveOracles?: { sampleOneIn: number; inputs: number };
}

/** Something is wrong with the campaign itself (not a finding): a target that does not load, a missing build. */
export class CampaignError extends Error {}

interface EngineStats {
  execs: number;
  /** structured: inputs that got the expensive oracles (StructuredLoop.thoroughRuns). */
  thorough?: number;
  coverage: number;
  corpus: number;
}

interface RawCrash {
  bytes: Uint8Array;
  key?: string;
  headline?: string;
  stack?: string;
  at: number;
}

const JSFUZZ_MIN_TIMEOUT_S = 60;
/** Start-up allowed by default: a loaded CI runner can take a minute to instrument a target and run its seeds. */
export const STARTUP_LIMIT_MS = 180_000;
const JSFUZZ_LINE = /^#(\d+) (?:NEW|PULSE)\s+cov: (\d+) corp: (\d+) exec\/s: (\d+)/;

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const log = options.log ?? (() => {});
  for (const dir of [options.corpusDir, options.crashDir, options.workDir]) mkdirSync(dir, { recursive: true });

  const engines: EngineStats[] = Array.from({ length: options.workers }, () => ({ execs: 0, coverage: 0, corpus: 0 }));
  const finishedExecs: number[] = Array.from({ length: options.workers }, () => 0);
  /** Expensive-oracle runs of the structure-aware workers that ended (a worker restarted after a hang starts again from 0). */
  let finishedThorough = 0;
  /** structured, a staged target: one in this many of the inputs that show nothing new get the expensive oracles. */
  let expensiveSampleOneIn: number | undefined;
  const totalExecs = () => engines.reduce((n, e) => n + e.execs, 0) + finishedExecs.reduce((a, b) => a + b, 0);
  const seenKeys = new Set<string>();
  const saved: SavedCrash[] = [];
  const pending: RawCrash[] = [];
  let firstCrashMs: number | undefined;
  let stoppedBy: CampaignResult['stoppedBy'] = 'time';
  let stopping = false;
  let instrumented: boolean | undefined;
  let firstExecAt: number | undefined;
  let cpuAtFirstExec: NodeJS.CpuUsage | undefined;
  /** Where the second half of the fuzzing time starts (CampaignResult.laterHalf). */
  let halfway: { at: number; execs: number; cpu: NodeJS.CpuUsage } | undefined;
  /** Each structure-aware worker's shared Int32s (protocol.ts), to flag the second half in. */
  const workerInts: (Int32Array | undefined)[] = [];
  let timer: NodeJS.Timeout | undefined;
  // The time budget is fuzzing time: it starts when the first engine runs inputs, so the start-up
  // (instrumentation, seeds; tens of seconds on a loaded machine) cannot use it all up and leave a
  // campaign that ran nothing reporting "no crash".
  const markRunning = () => {
    if (firstExecAt !== undefined) return;
    firstExecAt = Date.now();
    cpuAtFirstExec = process.cpuUsage();
    if (Number.isFinite(options.timeMs) && !stopping) {
      if (cpuBudget) timer = setInterval(() => cpuSinceFirstExec() >= options.timeMs && stop('time'), 50);
      else timer = setTimeout(() => stop('time'), options.timeMs);
    }
  };
  const cpuBudget = options.timeBudget === 'cpu' && options.mode === 'structured';
  const cpuSinceFirstExec = () => {
    const cpu = process.cpuUsage(cpuAtFirstExec);
    return (cpu.user + cpu.system) / 1000;
  };
  /** Whether the second half (CampaignResult.laterHalf) has begun: an input count asked for, else half the time budget. */
  const inLaterHalf = () =>
    options.laterHalfFromExec !== undefined ? totalExecs() >= options.laterHalfFromExec : cpuBudget ? cpuSinceFirstExec() >= options.timeMs / 2 : Date.now() - firstExecAt! >= options.timeMs / 2;
  let fatal: Error | undefined;
  let wake: () => void = () => {};
  const wakeUp = () => wake();
  const perWorkerRuns = options.runs === undefined ? undefined : Math.ceil(options.runs / options.workers);

  const stop = (why: CampaignResult['stoppedBy']) => {
    if (stopping) return;
    stopping = true;
    stoppedBy = why;
    wakeUp();
  };
  const startupTimer = setTimeout(() => {
    if (firstExecAt === undefined) stop('startup');
  }, options.startupLimitMs ?? STARTUP_LIMIT_MS);
  const onAbort = () => stop('interrupt');
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) stop('interrupt');

  const crashFound = (crash: RawCrash) => {
    firstCrashMs ??= crash.at;
    pending.push(crash);
    if (options.stopOnCrash) stop('crash');
    wakeUp();
  };

  // --- engines ---
  const running = new Set<Promise<void>>();
  const startEngine = (i: number) => {
    const p = (options.mode === 'bytes' ? runJsfuzz(i) : runStructured(i)).catch((err: unknown) => {
      fatal ??= err instanceof Error ? err : new Error(String(err));
      stop('interrupt');
    });
    running.add(p);
    void p.finally(() => {
      running.delete(p);
      wakeUp();
    });
  };

  const seedsDir = join(options.workDir, 'seeds');
  // The target's own input limit, for jsfuzz (which cuts every input at 4,096 bytes unless told: jsfuzz-patches.ts).
  let maxInputBytes: number | undefined;
  if (options.mode === 'bytes') {
    // Without seeds, a target that does not load is left for jsfuzz to report (its "did not load" error, as before).
    const facts = await targetFacts(options.tree, options.target).catch((error: unknown) => {
      if (options.useSeeds) throw error;
      return undefined;
    });
    maxInputBytes = facts?.maxInputBytes;
    if (facts && options.useSeeds) writeSeeds(facts.seeds, seedsDir);
  }

  /** One jsfuzz process, restarted after each crash while time and runs are left. */
  async function runJsfuzz(i: number): Promise<void> {
    const jsfuzz = jsfuzzCli(options.root);
    const entry = join(options.tree, 'fuzz', 'engine', 'jsfuzz-entry.js');
    if (!existsSync(entry)) throw new CampaignError(`${entry} is missing: run npm run build:fuzz`);
    const entryArg = relative(options.root, entry);
    const workerCache = join(options.tree, 'fuzz', 'engine', 'jsfuzz-worker-cache.js');
    if (entryArg.startsWith('..')) throw new CampaignError(`jsfuzz takes its target relative to its working directory: ${entry} is outside ${options.root}`);
    let round = 0;
    while (!stopping) {
      const scratch = join(options.workDir, `jsfuzz-${i}-${round++}`);
      rmSync(scratch, { recursive: true, force: true });
      mkdirSync(scratch, { recursive: true });
      const files = { ready: join(scratch, 'ready'), done: join(scratch, 'done'), crash: join(scratch, 'crash') };
      const remaining = perWorkerRuns === undefined ? undefined : Math.max(0, perWorkerRuns - finishedExecs[i]!);
      if (remaining === 0) return;
      const args = [
        '--require',
        join(options.tree, 'fuzz', 'engine', 'seed-math-random.js'),
        '--require',
        join(options.tree, 'fuzz', 'engine', 'jsfuzz-patches.js'),
        jsfuzz,
        entryArg,
        options.corpusDir,
        ...(options.useSeeds ? [seedsDir] : []),
        '--exact-artifact-path',
        files.crash,
        // jsfuzz's clock for a hang starts before its worker has loaded (and instrumented) the target, which
        // takes 5-10 s and more on a loaded machine: a shorter limit kills the worker before it starts.
        '--timeout',
        String(Math.max(JSFUZZ_MIN_TIMEOUT_S, Math.ceil(options.inputTimeoutMs / 1000))),
        // The versifier rebuilds its model from every new corpus input: on JSON seeds it cut throughput from
        // about 2,000 to under 40 inputs per second (measured on app-manifest), so it stays off.
        '--versifier',
        'false',
      ];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        SEVENFOLD_FUZZ_TARGET: options.target,
        SEVENFOLD_FUZZ_READY: files.ready,
        SEVENFOLD_FUZZ_DONE: files.done,
        SEVENFOLD_FUZZ_SEED: String((options.seed + i * 7919 + round * 104729) >>> 0),
        SEVENFOLD_ROOT: options.root,
        // jsfuzz forks its worker with execArgv of its own, so a preload reaches the worker through the environment:
        // the worker's istanbul output is kept between campaigns (jsfuzz-worker-cache.ts).
        // (A tree compiled before the preload existed has none: a --require of a missing file would stop node.)
        ...(existsSync(workerCache) ? { NODE_OPTIONS: [process.env['NODE_OPTIONS'], `--require ${JSON.stringify(workerCache)}`].filter(Boolean).join(' ') } : {}),
        ...(maxInputBytes !== undefined ? { SEVENFOLD_FUZZ_MAX_INPUT: String(maxInputBytes) } : {}),
        ...(remaining !== undefined ? { SEVENFOLD_FUZZ_RUNS: String(remaining) } : {}),
      };
      const child = spawn(process.execPath, args, { cwd: options.root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const tail: string[] = [];
      const remember = (line: string) => {
        tail.push(line);
        if (tail.length > 60) tail.shift();
      };
      const stats = engines[i]!;
      stats.execs = 0;
      lines(child.stdout!, (line) => {
        const m = JSFUZZ_LINE.exec(line);
        if (m) {
          if (Number(m[1]) > 0) markRunning();
          stats.execs = Number(m[1]);
          stats.coverage = Math.max(stats.coverage, Number(m[2]));
          stats.corpus = Number(m[3]);
        } else remember(line);
      });
      lines(child.stderr!, (line) => {
        // istanbul cannot instrument ES modules (noble) and says so; they still load, uninstrumented.
        if (/^Transformation error for|^'import' and 'export' may appear only/.test(line)) return;
        remember(line);
      });
      const exit = await waitForExit(child, () => stopping);
      finishedExecs[i] = finishedExecs[i]! + stats.execs;
      stats.execs = 0;
      if (exit.killedByUs) return;
      if (!existsSync(files.ready)) {
        if (tail.some((l) => l.startsWith('timeout reached'))) throw new CampaignError(`jsfuzz gave up loading the target ${options.target} after its ${JSFUZZ_MIN_TIMEOUT_S}-second time limit (the machine may be overloaded):\n${tail.slice(-10).join('\n')}`);
        throw new CampaignError(`jsfuzz did not load the target ${options.target} from ${entryArg} (it exits ${exit.code} when a target fails to load):\n${tail.slice(-25).join('\n')}`);
      }
      if (existsSync(files.crash)) {
        const bytes = new Uint8Array(readFileSync(files.crash));
        crashFound({ bytes, stack: jsfuzzStack(tail), at: elapsed() });
        if (perWorkerRuns !== undefined && finishedExecs[i]! >= perWorkerRuns) return;
        continue;
      }
      if (existsSync(files.done)) {
        finishedExecs[i] = Math.max(finishedExecs[i]!, Number(readFileSync(files.done, 'utf8')) || 0);
        return;
      }
      throw new CampaignError(`jsfuzz stopped unexpectedly (exit code ${exit.code}${exit.signal ? `, signal ${exit.signal}` : ''}):\n${tail.slice(-25).join('\n')}`);
    }
  }

  /** One structure-aware worker thread, restarted after a hang while time is left. */
  async function runStructured(i: number): Promise<void> {
    let round = 0;
    while (!stopping) {
      const shared = new SharedArrayBuffer(SHARED_BYTES);
      const ints = new Int32Array(shared, 0, SHARED_INTS);
      const startedAt = new Float64Array(shared, SHARED_STARTED_OFFSET, 1);
      // A worker started (or restarted after a hang) in the second half knows it from its first input.
      if (halfway) Atomics.store(ints, SHARED_LATER_HALF, 1);
      workerInts[i] = ints;
      const current = new Uint8Array(shared, SHARED_INPUT_OFFSET);
      const remaining = perWorkerRuns === undefined ? undefined : Math.max(0, perWorkerRuns - finishedExecs[i]!);
      if (remaining === 0) return;
      const setup: WorkerSetup = {
        kind: 'fuzz',
        target: options.target,
        tree: options.tree,
        seed: (options.seed + i * 7919 + round++ * 104729) >>> 0,
        corpusDir: options.corpusDir,
        ...(options.sampleDir ? { sampleDir: options.sampleDir } : {}),
        ...(options.laterSampleDir ? { laterSampleDir: options.laterSampleDir } : {}),
        ...(options.laterHalfFromExec !== undefined ? { statsAtExec: Math.max(0, Math.ceil(options.laterHalfFromExec / options.workers) - finishedExecs[i]!) } : {}),
        useSeeds: options.useSeeds,
        coverage: options.coverage,
        ...(remaining !== undefined ? { runs: remaining } : {}),
        shared,
      };
      const stats = engines[i]!;
      const outcome = await new Promise<'done' | 'hang' | 'stopped'>((resolveOutcome, reject) => {
        const worker = fuzzWorker(setup);
        let over = false;
        let stopRequested = false;
        const end = (how: 'done' | 'hang' | 'stopped', err?: Error) => {
          if (over) return;
          over = true;
          clearInterval(watch);
          void worker.terminate();
          if (err) reject(err);
          else resolveOutcome(how);
        };
        const watch = setInterval(() => {
          if (stopping) {
            if (stopRequested) return;
            stopRequested = true;
            Atomics.store(ints, 3, 1);
            // A loop that does not see the flag within 2 s (a slow input) is terminated.
            setTimeout(() => end('stopped'), 2000);
            return;
          }
          if (Atomics.load(ints, 1) === 1 && Date.now() - startedAt[0]! > options.inputTimeoutMs) {
            const bytes = current.slice(0, ints[2]!);
            crashFound({ bytes, key: 'timeout', headline: `an input ran longer than ${options.inputTimeoutMs} ms`, stack: '', at: elapsed() });
            end('hang');
          }
        }, 250);
        worker.on('message', (m: WorkerMessage) => {
          switch (m.type) {
            case 'ready':
              markRunning();
              instrumented = m.instrumented;
              if (m.expensiveSampleOneIn !== undefined) expensiveSampleOneIn = m.expensiveSampleOneIn;
              if (options.coverage && !m.instrumented) log('coverage instrumentation is not available (jsfuzz is not installed): feedback from behaviour features only');
              break;
            case 'stats':
              stats.execs = m.execs;
              stats.thorough = m.thoroughRuns;
              if (!halfway && firstExecAt !== undefined && options.mode === 'structured' && inLaterHalf()) {
                halfway = { at: Date.now(), execs: totalExecs(), cpu: process.cpuUsage() };
                // The workers sample the inputs of this half from here (WorkerSetup.laterSampleDir).
                for (const w of workerInts) if (w) Atomics.store(w, SHARED_LATER_HALF, 1);
                options.onLaterHalf?.();
              }
              stats.coverage = Math.max(stats.coverage, m.covered);
              stats.corpus = m.corpus;
              break;
            case 'crash':
              crashFound({ bytes: m.bytes, key: m.key, headline: m.headline, stack: m.stack, at: elapsed() });
              break;
            case 'done':
              stats.execs = m.execs;
              stats.thorough = m.thoroughRuns;
              stats.coverage = Math.max(stats.coverage, m.covered);
              end('done');
              break;
            case 'error':
              end('done', new CampaignError(`the structure-aware worker failed:\n${m.message}`));
              break;
          }
        });
        worker.on('error', (err: Error & { code?: string }) => {
          if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') {
            crashFound({ bytes: current.slice(0, ints[2]!), key: 'out of memory', headline: 'the worker ran out of memory (2 GB heap)', stack: '', at: elapsed() });
            end('hang');
          } else end('done', err);
        });
        worker.on('exit', () => end(stopping ? 'stopped' : 'done'));
      });
      finishedExecs[i] = finishedExecs[i]! + stats.execs;
      finishedThorough += stats.thorough ?? 0;
      stats.execs = 0;
      stats.thorough = 0;
      if (outcome !== 'hang') return;
    }
  }

  for (let i = 0; i < options.workers; i++) startEngine(i);

  // --- crashes and progress, until every engine has stopped ---
  const rate = new ExecRate();
  let rateFrom: number | undefined;
  const progress = (): CampaignProgress => {
    const execs = totalExecs();
    const now = Date.now();
    // Measured from the first input, not from the start: loading a target takes seconds.
    if (rateFrom === undefined && firstExecAt !== undefined) rate.observe((rateFrom = firstExecAt), 0);
    if (rateFrom !== undefined) rate.observe(now, execs);
    return { elapsedMs: now - started, started: firstExecAt !== undefined, execs, execsPerSec: rate.perSecond(now), coverage: Math.max(0, ...engines.map((e) => e.coverage)), corpus: countInputs(options.corpusDir), crashes: saved.length + pending.length };
  };
  const ticker = setInterval(() => options.onProgress?.(progress()), 1000);
  try {
    while (running.size > 0 || pending.length > 0) {
      while (pending.length > 0) {
        const crash = pending.shift()!;
        const result = await processCrash(crash);
        if (result) {
          saved.push(result);
          options.onCrash?.(result);
        }
      }
      if (running.size > 0) await new Promise<void>((r) => ((wake = r), setTimeout(r, 500)));
    }
  } finally {
    clearInterval(ticker);
    if (timer) clearTimeout(timer); // a timeout, or with a CPU budget an interval: Node clears either kind
    clearTimeout(startupTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (fatal) throw fatal;
  if (!stopping) stoppedBy = options.runs !== undefined ? 'runs' : 'time';
  const elapsedMs = elapsed();
  const execs = totalExecs();
  const cpu = cpuAtFirstExec && options.mode === 'structured' ? process.cpuUsage(cpuAtFirstExec) : undefined;
  return {
    target: options.target,
    mode: options.mode,
    execs,
    elapsedMs,
    execsPerSec: execs / Math.max(0.001, (started + elapsedMs - (firstExecAt ?? started)) / 1000),
    startupMs: (firstExecAt ?? Date.now()) - started,
    coverage: Math.max(0, ...engines.map((e) => e.coverage)),
    corpus: countInputs(options.corpusDir),
    crashes: saved,
    ...(firstCrashMs !== undefined ? { firstCrashMs } : {}),
    stoppedBy,
    ...(instrumented !== undefined ? { instrumented } : {}),
    ...(cpu ? { cpuMsRunning: (cpu.user + cpu.system) / 1000 } : {}),
    ...(halfway ? { laterHalf: laterHalfOf(halfway, execs, started + elapsedMs) } : {}),
    ...(expensiveSampleOneIn !== undefined ? { expensiveOracles: { sampleOneIn: expensiveSampleOneIn, inputs: finishedThorough + engines.reduce((n, e) => n + (e.thorough ?? 0), 0) } } : {}),
  };

  /** Identifies (replaying uninstrumented), deduplicates, minimizes and saves one crash. */
  async function processCrash(crash: RawCrash): Promise<SavedCrash | undefined> {
    let { key, headline, stack } = crash;
    if (key === undefined) {
      const [replay] = await replayInputs(options.tree, options.target, [{ name: 'crash', bytes: crash.bytes }], options.inputTimeoutMs);
      if (replay && !replay.ok) ({ key, headline, stack } = replay);
      else {
        const first = (crash.stack ?? '').split('\n').find((l) => l.trim()) ?? 'unknown error';
        key = `not reproducible: ${first.slice(0, 120)}`;
        headline = `jsfuzz reported a crash that does not reproduce outside jsfuzz: ${first}`;
      }
    }
    if (key === 'timeout') {
      const [replay] = await replayInputs(options.tree, options.target, [{ name: 'timeout', bytes: crash.bytes }], options.inputTimeoutMs);
      const judged = judgeTimeout(replay, options.inputTimeoutMs);
      if (judged.kind === 'load') {
        log(`an input passed the ${options.inputTimeoutMs} ms limit but replays alone in ${Math.round(judged.replayMs)} ms: the machine was busy, not counted as a hang`);
        return undefined;
      }
      if (judged.kind === 'crash') ({ key, headline, stack } = judged);
    }
    if (seenKeys.has(key!)) return undefined;
    seenKeys.add(key!);
    let bytes = crash.bytes;
    if (options.minimize && key !== 'timeout' && key !== 'out of memory' && !key!.startsWith('not reproducible')) {
      bytes = await minimizeInput(options.tree, options.target, bytes, key!, options.minimizeMs);
    }
    return saveCrash(options, { key: key!, headline: headline ?? key!, stack: stack ?? '', bytes, originalSize: crash.bytes.length, foundAtMs: crash.at });
  }
}

function saveCrash(options: CampaignOptions, c: { key: string; headline: string; stack: string; bytes: Uint8Array; originalSize: number; foundAtMs: number }): SavedCrash {
  const id = crashFileId(options.target, c.key);
  const file = join(options.crashDir, `crash-${id}.bin`);
  const reportFile = join(options.crashDir, `crash-${id}.txt`);
  const known = existsSync(file);
  if (!known || readFileSync(file).length > c.bytes.length) writeFileSync(file, c.bytes);
  const reproduce = options.reproduceCommand(file);
  const preview = Buffer.from(c.bytes).toString('utf8').replace(/[^\x20-\x7e\n]/g, '.').slice(0, 600);
  writeFileSync(
    reportFile,
    [
      `target:     ${options.target}`,
      `crash key:  ${c.key}`,
      `error:      ${c.headline}`,
      `found by:   ${options.mode} mode, ${(c.foundAtMs / 1000).toFixed(1)} s into a campaign on ${new Date().toISOString()}`,
      `input:      ${file} (${c.bytes.length} bytes${c.originalSize !== c.bytes.length ? `, minimized from ${c.originalSize}` : ''})`,
      `reproduce:  ${reproduce}`,
      '',
      c.stack,
      '',
      'input (printable bytes):',
      preview,
      '',
    ].join('\n'),
  );
  return { ...c, file, reportFile, reproduce, known };
}

function writeSeeds(seeds: readonly Uint8Array[], dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const bytes of seeds) saveInput(dir, bytes);
}

/** The target's seed inputs and input limit, computed in a worker on the compiled tree (the seeds as the engines see them). */
async function targetFacts(tree: string, target: string): Promise<{ seeds: Uint8Array[]; maxInputBytes: number }> {
  return new Promise((resolveSeeds, reject) => {
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const { findTarget } = require(workerData.registry);
      const t = findTarget(workerData.target);
      parentPort.postMessage(t ? { seeds: t.seeds().map((s) => s.bytes), maxInputBytes: t.maxInputBytes } : null);
    `;
    const worker = new Worker(code, { eval: true, workerData: { registry: join(tree, 'fuzz', 'targets', 'registry.js'), target } });
    worker.once('message', (m: { seeds: Uint8Array[]; maxInputBytes: number } | null) => {
      void worker.terminate();
      if (m) resolveSeeds(m);
      else reject(new CampaignError(`no fuzz target "${target}" in ${tree}`));
    });
    worker.once('error', reject);
  });
}

function jsfuzzCli(root: string): string {
  const candidates = [join(root, 'node_modules', 'jsfuzz', 'build', 'src', 'index.js')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new CampaignError('jsfuzz is not installed (npm install: it is a devDependency); the structured mode works without it: --mode structured');
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, nl).replace(/\r$/, ''));
      buffered = buffered.slice(nl + 1);
    }
  });
  stream.on('end', () => {
    if (buffered) onLine(buffered);
  });
}

/** Waits for a jsfuzz process; kills its process group (jsfuzz and its worker) when `stop()` turns true. */
function waitForExit(child: ChildProcess, stop: () => boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null; killedByUs: boolean }> {
  return new Promise((resolveExit) => {
    let killed = false;
    const poll = setInterval(() => {
      if (!killed && stop()) {
        killed = true;
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, 100);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      // The worker may outlive the parent by a moment; its group goes too.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolveExit({ code, signal, killedByUs: killed });
    });
  });
}

/** The error jsfuzz's worker printed before it crashed (after its ===== line). */
function jsfuzzStack(tail: string[]): string {
  const at = tail.lastIndexOf('=================================================================');
  return (at >= 0 ? tail.slice(at + 1) : tail).filter((l) => !/^crash was written|^crash\(hex\)|^Worker (exited|killed)/.test(l)).join('\n');
}

export const crashDirOf = (outDir: string, target: string): string => join(outDir, target, 'crashes');
export const corpusDirOf = (outDir: string, target: string): string => join(outDir, target, 'corpus');
export const workDirOf = (outDir: string, target: string): string => join(outDir, target, 'work');

function laterHalfOf(halfway: { at: number; execs: number; cpu: NodeJS.CpuUsage }, execs: number, end: number): NonNullable<CampaignResult['laterHalf']> {
  const cpu = process.cpuUsage(halfway.cpu);
  return { execs: execs - halfway.execs, ms: end - halfway.at, cpuMs: (cpu.user + cpu.system) / 1000 };
}
