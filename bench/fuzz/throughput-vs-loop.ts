/**
 * Structure-aware fuzzing (and jsfuzz) against a plain loop (issue 15, item 8: "a plain loop over the same inputs").
 *
 * The row's ratio (`rowRatio`, first column of ratios): the structure-aware engine's rate over the second half of its
 * time, per CPU-second of its process, against the plain loop per CPU-second over a sample of the inputs the engine
 * ran in that same half, the two measured in turns over the same stretch of wall time (the paired run, below).
 *
 * The paired run (`rowMethod: 'paired'`; --no-paired for the sequential row alone). Before it, the two sides were
 * measured in processes one after the other, minutes apart, and on this shared 2-core machine a CPU-second does not
 * buy a fixed amount of work: the same loop over the same inputs on the same code read 10-60 % apart between two
 * processes minutes apart (session s35's figures), so a one-run ratio was mostly the load's difference
 * between its two halves. Now:
 *  1. the campaign runs alone (as `sevenfold fuzz` runs it), and leaves a sample of its second half's inputs;
 *  2. the plain loop starts over that sample in a fresh process, makes its warm-up pass, and waits;
 *  3. the campaign runs again with the same seed and options, stopped at the first run's input count, its second
 *     half starting at the first run's halfway input count (CampaignOptions.runs, laterHalfFromExec). The engine
 *     makes its inputs from its seeded generator and what the inputs showed, so the repeat runs the same sequence of
 *     inputs: `pairedSameInputs` is the share of the first run's hash-sampled inputs the repeat also ran (1 when the
 *     sequence is the same; the signing targets re-sign with a random k, so their bytes may differ there);
 *  4. from the repeat's halfway (it says so on stderr) to its end, the two processes take turns of --slice-ms (100):
 *     one runs while the other is stopped (SIGSTOP/SIGCONT). Each side's rate is its runs over its own process's CPU
 *     time (every thread: the engine's, the compiler's, the collector's), which does not grow while it is stopped.
 * Why that is fair: both sides run in the same seconds, alternately, so whatever else the machine runs weighs on
 * both alike; each keeps its own JIT state from its own warm-up (the engine: the first half of the same campaign,
 * as in every campaign; the loop: a pass over its inputs), and each side is charged everything its process does
 * (the engine its oracles, input making, instrumentation, coverage read-out, comparison logging; the loop the code
 * under test alone, uninstrumented). The loop runs the same inputs (a reservoir of the half the engine is timed
 * over) through the same code under test. Nothing is taken off the engine's side: the turns stop a process between
 * any two instructions, and the engine's CPU is counted whole from its halfway to its end. Both raw rates are
 * printed and kept in the JSON (`pairedEnginePerCpuSec`, `pairedLoopPerCpuSec`), and the sequential row beside them.
 *
 * The budget (--budget cpu, the default; --budget wall for the clock, as before): the structure-aware campaigns run for
 * --seconds (+ --start-allowance) of CPU time of their process, not of the clock (CampaignOptions.timeBudget). A
 * campaign of 18 wall-seconds on this machine at a load of 20 ran 7,000-13,000 app-manifest inputs where a quiet one
 * runs several times as many, so its "second half" was an earlier stretch of the campaign, still compiling and
 * finding much that is new (hardware-definition read 0.28 at load 20 against 0.56 quiet, with the paired turns):
 * the load chose which stretch of the campaign the row measured. A CPU budget runs about the same stretch under any
 * load. On a quiet machine it stops a little earlier than the clock would (the compiler's threads count too), which
 * can only lower the engine's side: its second half starts earlier in the campaign.
 *
 * Why the loop's inputs are "the same inputs":
 *  - the engine's inputs are its own: after many generations they are larger and reach further into the readers
 *    than the seeds' first-generation mutants (app-manifest: about 1.4× the CPU per input, fuzz/README.md); a loop
 *    over a fixed set of easier inputs charges the engine for the inputs it makes being harder, which is the engine
 *    doing its job;
 *  - the first half of a campaign is its warm-up (the JIT compiling on threads of its own what each new kind of input
 *    reaches; most early inputs new, so they pay the expensive oracles and a comparison-logging re-run), while the
 *    plain loop is timed after a warm-up pass over its inputs: the second half against a warmed loop is like for
 *    like, and its inputs are the second half's, so the two sides of the ratio count the same kind of input;
 *  - the sample is up to 600 inputs, each input run in that half equally likely to be in it (a reservoir in the
 *    worker, CampaignOptions.laterSampleDir, from the campaign's halfway mark to the end), so its mix of valid,
 *    refused, small and large inputs is the half's; the loop cycles over them for --seconds, after one pass.
 * Kept honest: the loop runs the target's code under test alone (runner.codeUnderTest: what the target table of
 * fuzz/README.md names, no oracle), compiled and uninstrumented (plain-loop-process.cjs, no istanbul counters, no
 * comparison rewriting), with remembered signature verdicts forgotten before each call; the engine pays everything
 * it does per input (making it, instrumentation, coverage read-out, oracles, comparison logging, its threads).
 *
 * The other columns, as before:
 *  - the plain loop: the code under test over a fixed set of inputs — the seeds and a few hundred structure-aware
 *    mutants, saved once under fuzz-out/bench/loop-inputs/<target>/ — for --seconds (plain-loop-process.cjs);
 *  - the structure-aware engine (one worker, coverage on, seeds, as `sevenfold fuzz <target>` runs) for the
 *    same time, counted once it runs (start-up aside: it gets --start-allowance seconds more, 10), per second and
 *    per CPU-second, and its ratios to the fixed-set loop;
 *  - the plain loop over a sample of the inputs the engine ran in its whole time (one in 16 by a hash of the bytes,
 *    up to 600, the first ones: CampaignOptions.sampleDir), and the whole run's ratio to it;
 *  - the engine's second half (CampaignResult.laterHalf) against the fixed-set loop;
 *  - jsfuzz (--mode bytes, one process, seeds) for the same time, unless --modes leaves it out; its count is the
 *    last one jsfuzz printed (it prints every 3 s and on new coverage), so its rate reads a little low;
 *  - unless --no-instrumented-loop, the fixed-set loop on the code loaded as the engine loads it (istanbul
 *    counters, comparisons rewritten): the engine's ceiling, which separates what instrumentation costs from what
 *    the engine and the oracles cost.
 * Those run in fresh processes, one after the other, so they share the machine's load only on average: on a shared
 * machine the wall-clock rates move with what else runs, hence the rates per CPU-second of each process (every
 * thread: engine, campaign, garbage collector, compiler), which move less (a CPU-second still buys fewer
 * instructions when the two cores are contended). Run it on a quiet machine.
 *
 *   npm run bench:fuzz-loop -- [--targets a,b] [--modes structured,bytes] [--seconds 8] [--mutants 300] [--start-allowance 10] [--tree dist-fuzz.before] [--no-instrumented-loop] [--no-paired] [--slice-ms 100] [--budget cpu|wall] [--out file.json] [--json]
 *
 * Results also go to bench/out/fuzz-throughput-vs-loop.json (or --out, under bench/out/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import type { CampaignResult } from '../../fuzz/engine/campaign.js';
import { FUZZ_TARGET_IDS } from '../../fuzz/targets/target-ids.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const seconds = Number(option('seconds', '8'));
const mutants = Number(option('mutants', '300'));
/** The engine's start-up (instrumenting, or reading the instrumented code from its cache, and the seeds) comes on top of --seconds. */
const startAllowance = Number(option('start-allowance', '10'));
/**
 * The stateful protocol targets drive asynchronous parties (WebCrypto, loopback HTTP): there is no synchronous
 * code under test to loop over, so they are left out of the default list.
 */
const ASYNCHRONOUS_TARGETS = new Set(['attestation-session', 'attestation-serve']);
const targets = option('targets', FUZZ_TARGET_IDS.filter((id) => !ASYNCHRONOUS_TARGETS.has(id)).join(',')).split(',');
const json = args.includes('--json');
const modes = option('modes', 'structured,bytes').split(',');
/** A compiled tree other than dist-fuzz/ (a copy of an earlier build, for before/after figures); its instrumentation cache comes with it. */
const treeOption = option('tree', '');
/** Also the loop on the code instrumented as the engine loads it (coverage counters, comparisons): the engine's ceiling. */
const withInstrumentedLoop = !args.includes('--no-instrumented-loop');
/** The paired run (the row's ratio, see the header); --no-paired leaves it out and the row falls back to the sequential one. */
const withPaired = !args.includes('--no-paired');
/** What --seconds counts for the structure-aware campaigns: 'wall' (the clock) or 'cpu' (CPU time of the campaign's process; see the header). */
const budget = option('budget', 'cpu') as 'wall' | 'cpu';
if (budget !== 'wall' && budget !== 'cpu') throw new Error(`--budget is wall or cpu, not ${budget}`);
/** How long each side of the paired run runs before the other one's turn. */
const sliceMs = Number(option('slice-ms', '100'));

const root = projectRoot();
const scratch = join(root, 'fuzz-out', 'bench');

function runNode(argv: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolveRun(stdout.trim().split('\n').at(-1)!) : reject(new Error(`${argv.slice(0, 3).join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`))));
  });
}

async function plainLoop(tree: string, target: string, instrumented = false, dir = join(scratch, 'loop-inputs', target)): Promise<{ inputs: number; perSec: number; perCpuSec?: number; codeUnderTest: boolean }> {
  return JSON.parse(await runNode([join(root, 'bench', 'fuzz', 'plain-loop-process.cjs'), tree, target, dir, String(seconds * 1000), String(mutants), ...(instrumented ? ['instrumented'] : [])]));
}

/** Where the structure-aware engine saves its sample of the inputs it ran (CampaignOptions.sampleDir). */
const engineInputsDir = (target: string) => join(scratch, 'engine-inputs', String(process.pid), target);
/** Where it saves its sample of the inputs it ran in the second half of its time (CampaignOptions.laterSampleDir). */
const laterInputsDir = (target: string) => join(scratch, 'engine-later-inputs', String(process.pid), target);

/** Where the paired run's repeated campaign saves its sample of the inputs it ran (to compare with the first run's). */
const pairedInputsDir = (target: string) => join(scratch, 'engine-inputs-paired', String(process.pid), target);

function campaignOptions(target: string, mode: 'structured' | 'bytes', dir: string, tree: string): Record<string, unknown> {
  return {
    target,
    mode,
    timeMs: (seconds + startAllowance) * 1000,
    seed: 1,
    workers: 1,
    corpusDir: join(dir, 'corpus'),
    crashDir: join(dir, 'crashes'),
    workDir: join(dir, 'work'),
    useSeeds: true,
    coverage: true,
    ...(mode === 'structured' ? { sampleDir: engineInputsDir(target), laterSampleDir: laterInputsDir(target), timeBudget: budget } : {}),
    tree,
    root,
    stopOnCrash: false,
    minimize: false,
    minimizeMs: 0,
    inputTimeoutMs: 10_000,
  };
}

async function engine(tree: string, target: string, mode: 'structured' | 'bytes'): Promise<CampaignResult> {
  // One folder per benchmark process: two runs (a before and an after tree) may run at once.
  const dir = join(scratch, 'loop-engine', String(process.pid), target);
  rmSync(dir, { recursive: true, force: true });
  const options = campaignOptions(target, mode, dir, tree);
  try {
    return JSON.parse(await runNode([join(tree, 'fuzz', 'engine', 'campaign-process.js'), JSON.stringify(options)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The paired run's results (see the header). */
interface PairedRun {
  /** The repeated campaign: its second half ran in the slices. */
  engine: CampaignResult;
  /** The loop over the first campaign's second-half sample, in the other slices. */
  loop: { inputs: number; runs: number; cpuMs: number; perCpuSec: number };
  /** Turns each side had (the engine's and the loop's together). */
  slices: number;
  /** How many of the first campaign's hash-sampled inputs (CampaignOptions.sampleDir) the repeat also ran: the same sequence when 1. */
  sameInputs: number;
}

/**
 * The row's measurement: the campaign again (same seed and options, stopped at the first run's input count, its second
 * half from the first run's halfway input count), and from its halfway on, the plain loop over the first run's
 * second-half sample, the two processes taking turns of `sliceMs` (SIGSTOP/SIGCONT) until the campaign ends.
 */
async function pairedRun(tree: string, target: string, first: CampaignResult): Promise<PairedRun | undefined> {
  if (!first.laterHalf || readdirSafe(laterInputsDir(target)).length === 0) return undefined;
  const flags = join(scratch, 'paired', String(process.pid), target);
  rmSync(flags, { recursive: true, force: true });
  mkdirSync(flags, { recursive: true });
  const go = join(flags, 'go');
  const stop = join(flags, 'stop');
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  const collect = (child: ChildProcess, onLine: (line: string) => void): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolveExit) => {
      let stdout = '';
      let stderr = '';
      let partial = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const lines = (partial + d.toString()).split('\n');
        partial = lines.pop()!;
        for (const l of lines) onLine(l);
      });
      child.on('exit', (code) => resolveExit({ code, stdout, stderr }));
    });
  const loopChild = spawn(process.execPath, [join(root, 'bench', 'fuzz', 'plain-loop-process.cjs'), tree, target, laterInputsDir(target), '0', String(mutants), `--go=${go}`, `--stop=${stop}`], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let warmed: () => void = () => {};
  const warm = new Promise<void>((r) => (warmed = r));
  const loopDone = collect(loopChild, (l) => l === 'warm' && warmed());
  const killAll = () => {
    for (const c of [loopChild, engineChild]) if (c && c.exitCode === null) (c.kill('SIGCONT'), c.kill('SIGKILL'));
  };
  let engineChild: ChildProcess | undefined;
  process.once('exit', killAll);
  try {
    await Promise.race([warm, loopDone.then((r) => Promise.reject(new Error(`the paired loop of ${target} ended before its warm-up did (exit ${r.code}):\n${r.stderr.slice(-2000)}`)))]);
    rmSync(pairedInputsDir(target), { recursive: true, force: true });
    const dir = join(scratch, 'loop-engine', String(process.pid), `${target}-paired`);
    rmSync(dir, { recursive: true, force: true });
    const options = {
      ...campaignOptions(target, 'structured', dir, tree),
      // Its own sample of the whole run (to compare with the first run's); no second-half sample (the loop has the first run's).
      laterSampleDir: undefined,
      // Long enough for the turns (in the same budget's measure): it stops at the first run's input count.
      timeMs: 4 * Math.max((seconds + startAllowance) * 1000, first.elapsedMs),
      runs: first.execs,
      laterHalfFromExec: first.execs - first.laterHalf.execs,
      sampleDir: pairedInputsDir(target),
      announceLaterHalf: true,
    };
    engineChild = spawn(process.execPath, [join(tree, 'fuzz', 'engine', 'campaign-process.js'), JSON.stringify(options)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const engineProcess = engineChild;
    let slices = 0;
    let turn: NodeJS.Timeout | undefined;
    let loopRunning = false;
    const engineDone = collect(engineProcess, (l) => {
      if (l !== 'sevenfold-campaign: later half' || turn) return; // campaign-process.ts's LATER_HALF_LINE
      // The loop starts stopped; the engine has the first turn.
      loopChild.kill('SIGSTOP');
      writeFileSync(go, '');
      slices = 1;
      turn = setInterval(() => {
        if (engineProcess.exitCode !== null) return;
        if (loopRunning) {
          loopChild.kill('SIGSTOP');
          engineProcess.kill('SIGCONT');
        } else {
          engineProcess.kill('SIGSTOP');
          loopChild.kill('SIGCONT');
        }
        loopRunning = !loopRunning;
        slices++;
      }, sliceMs);
    });
    const ended = await engineDone;
    if (turn) clearInterval(turn);
    loopChild.kill('SIGCONT');
    writeFileSync(go, '');
    writeFileSync(stop, '');
    const looped = await loopDone;
    rmSync(dir, { recursive: true, force: true });
    if (ended.code !== 0) throw new Error(`the paired campaign of ${target} failed (exit ${ended.code}):\n${ended.stderr.slice(-2000)}`);
    if (looped.code !== 0) throw new Error(`the paired loop of ${target} failed (exit ${looped.code}):\n${looped.stderr.slice(-2000)}`);
    const engine = JSON.parse(ended.stdout.trim().split('\n').at(-1)!) as CampaignResult;
    const loop = JSON.parse(looped.stdout.trim().split('\n').at(-1)!) as PairedRun['loop'];
    const firstSample = readdirSafe(engineInputsDir(target));
    const repeated = new Set(readdirSafe(pairedInputsDir(target)));
    const sameInputs = firstSample.length ? firstSample.filter((f) => repeated.has(f)).length / firstSample.length : NaN;
    // A tree from before laterHalfFromExec never announces its half: no turns were taken, and the row falls back to the sequential one.
    if (!engine.laterHalf || slices === 0 || loop.runs === 0) {
      process.stderr.write(`${target}: the paired run took no turns (a tree without CampaignOptions.laterHalfFromExec?): the row is the sequential one\n`);
      return undefined;
    }
    return { engine, loop, slices, sameInputs };
  } finally {
    killAll();
    process.removeListener('exit', killAll);
    rmSync(flags, { recursive: true, force: true });
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const tree = treeOption ? resolve(treeOption) : ensureFuzzBuild(root, () => process.stderr.write('building dist-fuzz/…\n')).tree;
  const rows: {
    target: string;
    inputs: number;
    loopPerSec: number;
    loopPerCpuSec: number;
    instrumentedLoopPerSec: number;
    structuredPerSec: number;
    structuredPerCpuSec: number;
    ratio: number;
    cpuRatio: number;
    engineInputs: number;
    engineInputsLoopPerSec: number;
    engineInputsLoopPerCpuSec: number;
    cpuRatioOverEngineInputs: number;
    laterHalfPerCpuSec: number;
    laterHalfCpuRatio: number;
    laterHalfInputs: number;
    laterHalfInputsLoopPerCpuSec: number;
    sequentialRowRatio: number;
    pairedEngineHalfInputs: number;
    pairedEnginePerCpuSec: number;
    pairedLoopRuns: number;
    pairedLoopPerCpuSec: number;
    pairedSlices: number;
    pairedSameInputs: number;
    rowRatio: number;
    rowMethod: 'paired' | 'sequential';
    jsfuzzPerSec: number;
    jsfuzzRatio: number;
    crashes: number;
    engineRunningS: number;
    baseline: string;
  }[] = [];
  for (const target of targets) {
    const loop = await plainLoop(tree, target);
    rmSync(engineInputsDir(target), { recursive: true, force: true });
    rmSync(laterInputsDir(target), { recursive: true, force: true });
    const structuredRun = modes.includes('structured') ? await engine(tree, target, 'structured') : undefined;
    // The loop again, over a sample of the inputs the engine ran (a tree from before the sample has none).
    let sampledInputs = 0;
    try {
      sampledInputs = readdirSync(engineInputsDir(target)).length;
    } catch {
      // no sample
    }
    const overEngineInputs = sampledInputs > 0 ? await plainLoop(tree, target, false, engineInputsDir(target)) : undefined;
    // The row's baseline: the loop over a sample of the inputs the engine ran in its second half.
    let laterInputs = 0;
    try {
      laterInputs = readdirSync(laterInputsDir(target)).length;
    } catch {
      // no sample (a tree from before it, or a campaign that never reached its second half)
    }
    const overLaterInputs = laterInputs > 0 ? await plainLoop(tree, target, false, laterInputsDir(target)) : undefined;
    // The row: the campaign again, its second half in turns with the loop over the first run's second-half sample.
    const paired = withPaired && structuredRun ? await pairedRun(tree, target, structuredRun) : undefined;
    const pairedHalf = paired?.engine.laterHalf;
    const pairedEnginePerCpuSec = pairedHalf && pairedHalf.cpuMs > 0 ? (pairedHalf.execs * 1000) / pairedHalf.cpuMs : NaN;
    const bytesRun = modes.includes('bytes') ? await engine(tree, target, 'bytes') : undefined;
    const instrumented = withInstrumentedLoop ? await plainLoop(tree, target, true) : undefined;
    const structuredPerSec = structuredRun?.execsPerSec ?? NaN;
    const structuredPerCpuSec = structuredRun?.cpuMsRunning ? (structuredRun.execs * 1000) / structuredRun.cpuMsRunning : NaN;
    const loopPerCpuSec = loop.perCpuSec ?? NaN;
    const engineInputsLoopPerCpuSec = overEngineInputs?.perCpuSec ?? NaN;
    const half = structuredRun?.laterHalf;
    const laterHalfPerCpuSec = half && half.cpuMs > 0 ? (half.execs * 1000) / half.cpuMs : NaN;
    const row = {
      target,
      inputs: loop.inputs,
      loopPerSec: loop.perSec,
      loopPerCpuSec,
      instrumentedLoopPerSec: instrumented?.perSec ?? NaN,
      structuredPerSec,
      structuredPerCpuSec,
      ratio: structuredPerSec / loop.perSec,
      cpuRatio: structuredPerCpuSec / loopPerCpuSec,
      engineInputs: overEngineInputs?.inputs ?? 0,
      engineInputsLoopPerSec: overEngineInputs?.perSec ?? NaN,
      engineInputsLoopPerCpuSec,
      cpuRatioOverEngineInputs: structuredPerCpuSec / engineInputsLoopPerCpuSec,
      laterHalfPerCpuSec,
      laterHalfCpuRatio: laterHalfPerCpuSec / loopPerCpuSec,
      laterHalfInputs: overLaterInputs?.inputs ?? 0,
      laterHalfInputsLoopPerCpuSec: overLaterInputs?.perCpuSec ?? NaN,
      sequentialRowRatio: laterHalfPerCpuSec / (overLaterInputs?.perCpuSec ?? NaN),
      pairedEngineHalfInputs: pairedHalf?.execs ?? 0,
      pairedEnginePerCpuSec,
      pairedLoopRuns: paired?.loop.runs ?? 0,
      pairedLoopPerCpuSec: paired?.loop.perCpuSec ?? NaN,
      pairedSlices: paired?.slices ?? 0,
      pairedSameInputs: paired?.sameInputs ?? NaN,
      rowRatio: paired ? pairedEnginePerCpuSec / paired.loop.perCpuSec : laterHalfPerCpuSec / (overLaterInputs?.perCpuSec ?? NaN),
      rowMethod: paired ? ('paired' as const) : ('sequential' as const),
      jsfuzzPerSec: bytesRun?.execsPerSec ?? NaN,
      jsfuzzRatio: (bytesRun?.execsPerSec ?? NaN) / loop.perSec,
      crashes: (structuredRun?.crashes.length ?? 0) + (bytesRun?.crashes.length ?? 0),
      engineRunningS: structuredRun ? (structuredRun.elapsedMs - structuredRun.startupMs) / 1000 : NaN,
      baseline: loop.codeUnderTest ? 'codeUnderTest' : 'run (no codeUnderTest)',
    };
    rows.push(row);
    process.stderr.write(
      `${target}: row ratio ${row.rowRatio.toFixed(2)} (${row.rowMethod}` +
        (paired ? `: the repeated campaign's second half ${Math.round(row.pairedEnginePerCpuSec)}/CPU-s over ${row.pairedEngineHalfInputs} inputs, the loop over ${row.laterHalfInputs} of the first run's second-half inputs ${Math.round(row.pairedLoopPerCpuSec)}/CPU-s over ${row.pairedLoopRuns} runs, ${row.pairedSlices} turns of ${sliceMs} ms, ${(row.pairedSameInputs * 100).toFixed(0)} % of the first run's sampled inputs run again` : '') +
        `); sequential row ${row.sequentialRowRatio.toFixed(2)} (engine's second half ${Math.round(row.laterHalfPerCpuSec)}/CPU-s against the loop over ${row.laterHalfInputs} of that half's inputs ${Math.round(row.laterHalfInputsLoopPerCpuSec)}/CPU-s, in a process after it); loop ${Math.round(row.loopPerSec)}/s (${Math.round(row.loopPerCpuSec)}/CPU-s) over ${row.inputs} inputs; structure-aware ${Math.round(row.structuredPerSec)}/s (${Math.round(row.structuredPerCpuSec)}/CPU-s), ratio ${row.ratio.toFixed(2)} (CPU ${row.cpuRatio.toFixed(2)}); loop over ${row.engineInputs} of the engine's inputs ${Math.round(row.engineInputsLoopPerCpuSec)}/CPU-s, CPU ratio ${row.cpuRatioOverEngineInputs.toFixed(2)}; second half of the engine's time ${Math.round(row.laterHalfPerCpuSec)}/CPU-s, CPU ratio ${row.laterHalfCpuRatio.toFixed(2)}; jsfuzz ${Math.round(row.jsfuzzPerSec)}/s, ratio ${row.jsfuzzRatio.toFixed(2)}` +
        `${instrumented ? `; instrumented loop ${Math.round(instrumented.perSec)}/s` : ''}\n`,
    );
  }
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const report = { seconds, budget, sliceMs, paired: withPaired, mutants, modes, tree, machine: `${process.platform} ${process.arch}, node ${process.version}`, rows };
  writeFileSync(join(root, 'bench', 'out', option('out', 'fuzz-throughput-vs-loop.json')), JSON.stringify(report, null, 2) + '\n');
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`the fuzz engines vs a plain loop of the code under test (${seconds} s each${budget === 'cpu' ? ', the structure-aware campaigns in CPU seconds' : ''}, one process each; wall-clock rates, and per CPU-second of the process):`);
  console.log('| target | row: second half per CPU-s against the loop over its inputs | row\'s method | paired: engine\'s second half, per CPU-s | paired: loop over its inputs, per CPU-s | sequential row | loop over the second half\'s inputs, per CPU-s | plain loop | structure-aware | ratio | ratio per CPU-s | loop over the engine\'s inputs, per CPU-s | ratio to it per CPU-s | structure-aware, second half, per CPU-s | its ratio per CPU-s | jsfuzz | jsfuzz ratio | loop, instrumented | inputs in the loop | crashes |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const rate = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n).toLocaleString('en-US')}/s`);
  const times = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(2)}×`);
  for (const r of rows) console.log(`| ${r.target} | ${times(r.rowRatio)} | ${r.rowMethod} | ${rate(r.pairedEnginePerCpuSec).replace('/s', '/CPU-s')} (${r.pairedEngineHalfInputs}) | ${rate(r.pairedLoopPerCpuSec).replace('/s', '/CPU-s')} (${r.pairedLoopRuns}) | ${times(r.sequentialRowRatio)} | ${rate(r.laterHalfInputsLoopPerCpuSec).replace('/s', '/CPU-s')} (${r.laterHalfInputs}) | ${rate(r.loopPerSec)} | ${rate(r.structuredPerSec)} | ${times(r.ratio)} | ${times(r.cpuRatio)} | ${rate(r.engineInputsLoopPerCpuSec).replace('/s', '/CPU-s')} (${r.engineInputs}) | ${times(r.cpuRatioOverEngineInputs)} | ${rate(r.laterHalfPerCpuSec).replace('/s', '/CPU-s')} | ${times(r.laterHalfCpuRatio)} | ${rate(r.jsfuzzPerSec)} | ${times(r.jsfuzzRatio)} | ${rate(r.instrumentedLoopPerSec)} | ${r.inputs} | ${r.crashes} |`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
