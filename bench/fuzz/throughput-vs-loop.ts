/**
 * Structure-aware fuzzing (and jsfuzz) against a plain loop (issue 15, item 8: "a plain loop over the same inputs").
 *
 * The row's ratio (`rowRatio`, first column of ratios): the structure-aware engine's rate over the second half of its
 * time, per CPU-second of its process, against the plain loop per CPU-second over a sample of the inputs the engine
 * ran in that same half. Why that baseline is "the same inputs":
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
 * All run in fresh processes, one after the other, so they share the machine's load only on average: on a shared
 * machine the wall-clock rates move with what else runs, hence the rates per CPU-second of each process (every
 * thread: engine, campaign, garbage collector, compiler), which move less (a CPU-second still buys fewer
 * instructions when the two cores are contended). Run it on a quiet machine.
 *
 *   npm run bench:fuzz-loop -- [--targets a,b] [--modes structured,bytes] [--seconds 8] [--mutants 300] [--start-allowance 10] [--tree dist-fuzz.before] [--no-instrumented-loop] [--out file.json] [--json]
 *
 * Results also go to bench/out/fuzz-throughput-vs-loop.json (or --out, under bench/out/).
 */
import { spawn } from 'node:child_process';
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

async function engine(tree: string, target: string, mode: 'structured' | 'bytes'): Promise<CampaignResult> {
  // One folder per benchmark process: two runs (a before and an after tree) may run at once.
  const dir = join(scratch, 'loop-engine', String(process.pid), target);
  rmSync(dir, { recursive: true, force: true });
  const options = {
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
    ...(mode === 'structured' ? { sampleDir: engineInputsDir(target), laterSampleDir: laterInputsDir(target) } : {}),
    tree,
    root,
    stopOnCrash: false,
    minimize: false,
    minimizeMs: 0,
    inputTimeoutMs: 10_000,
  };
  try {
    return JSON.parse(await runNode([join(tree, 'fuzz', 'engine', 'campaign-process.js'), JSON.stringify(options)]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
    rowRatio: number;
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
      rowRatio: laterHalfPerCpuSec / (overLaterInputs?.perCpuSec ?? NaN),
      jsfuzzPerSec: bytesRun?.execsPerSec ?? NaN,
      jsfuzzRatio: (bytesRun?.execsPerSec ?? NaN) / loop.perSec,
      crashes: (structuredRun?.crashes.length ?? 0) + (bytesRun?.crashes.length ?? 0),
      engineRunningS: structuredRun ? (structuredRun.elapsedMs - structuredRun.startupMs) / 1000 : NaN,
      baseline: loop.codeUnderTest ? 'codeUnderTest' : 'run (no codeUnderTest)',
    };
    rows.push(row);
    process.stderr.write(
      `${target}: row ratio ${row.rowRatio.toFixed(2)} (engine's second half ${Math.round(row.laterHalfPerCpuSec)}/CPU-s against the loop over ${row.laterHalfInputs} of that half's inputs ${Math.round(row.laterHalfInputsLoopPerCpuSec)}/CPU-s); loop ${Math.round(row.loopPerSec)}/s (${Math.round(row.loopPerCpuSec)}/CPU-s) over ${row.inputs} inputs; structure-aware ${Math.round(row.structuredPerSec)}/s (${Math.round(row.structuredPerCpuSec)}/CPU-s), ratio ${row.ratio.toFixed(2)} (CPU ${row.cpuRatio.toFixed(2)}); loop over ${row.engineInputs} of the engine's inputs ${Math.round(row.engineInputsLoopPerCpuSec)}/CPU-s, CPU ratio ${row.cpuRatioOverEngineInputs.toFixed(2)}; second half of the engine's time ${Math.round(row.laterHalfPerCpuSec)}/CPU-s, CPU ratio ${row.laterHalfCpuRatio.toFixed(2)}; jsfuzz ${Math.round(row.jsfuzzPerSec)}/s, ratio ${row.jsfuzzRatio.toFixed(2)}` +
        `${instrumented ? `; instrumented loop ${Math.round(instrumented.perSec)}/s` : ''}\n`,
    );
  }
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const report = { seconds, mutants, modes, tree, machine: `${process.platform} ${process.arch}, node ${process.version}`, rows };
  writeFileSync(join(root, 'bench', 'out', option('out', 'fuzz-throughput-vs-loop.json')), JSON.stringify(report, null, 2) + '\n');
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`the fuzz engines vs a plain loop of the code under test (${seconds} s each, one process each; wall-clock rates, and per CPU-second of the process):`);
  console.log('| target | row: second half per CPU-s against the loop over its inputs | loop over the second half\'s inputs, per CPU-s | plain loop | structure-aware | ratio | ratio per CPU-s | loop over the engine\'s inputs, per CPU-s | ratio to it per CPU-s | structure-aware, second half, per CPU-s | its ratio per CPU-s | jsfuzz | jsfuzz ratio | loop, instrumented | inputs in the loop | crashes |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const rate = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n).toLocaleString('en-US')}/s`);
  const times = (n: number) => (Number.isNaN(n) ? '–' : `${n.toFixed(2)}×`);
  for (const r of rows) console.log(`| ${r.target} | ${times(r.rowRatio)} | ${rate(r.laterHalfInputsLoopPerCpuSec).replace('/s', '/CPU-s')} (${r.laterHalfInputs}) | ${rate(r.loopPerSec)} | ${rate(r.structuredPerSec)} | ${times(r.ratio)} | ${times(r.cpuRatio)} | ${rate(r.engineInputsLoopPerCpuSec).replace('/s', '/CPU-s')} (${r.engineInputs}) | ${times(r.cpuRatioOverEngineInputs)} | ${rate(r.laterHalfPerCpuSec).replace('/s', '/CPU-s')} | ${times(r.laterHalfCpuRatio)} | ${rate(r.jsfuzzPerSec)} | ${times(r.jsfuzzRatio)} | ${rate(r.instrumentedLoopPerSec)} | ${r.inputs} | ${r.crashes} |`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
