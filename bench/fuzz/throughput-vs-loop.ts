/**
 * Structure-aware fuzzing against a plain loop (issue 15, item 8): for each target, in one run,
 *  - the plain loop: the target's code under test alone (runner.codeUnderTest, no oracle) called over a fixed
 *    set of inputs — the seeds and a few hundred structure-aware mutants, saved once under
 *    fuzz-out/bench/loop-inputs/<target>/ — for --seconds (plain-loop-process.cjs, on the compiled tree);
 *  - the structure-aware engine (one worker, coverage on, seeds, as `sevenfold fuzz <target>` runs) for the
 *    same time, counted once it runs (start-up aside: it gets --start-allowance seconds more, 10);
 * and the ratio engine / loop. Both run in fresh processes, one after the other, so they share the machine's load.
 * A third column (unless --no-instrumented-loop) loops over the same inputs on the code loaded as the engine loads
 * it (istanbul counters, comparisons rewritten): the engine's ceiling, which separates what instrumentation costs
 * from what the engine and the oracles cost.
 *
 *   npm run bench:fuzz-loop -- [--targets a,b] [--seconds 8] [--mutants 300] [--start-allowance 10] [--tree dist-fuzz.before] [--json]
 *
 * Results also go to bench/out/fuzz-throughput-vs-loop.json.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

async function plainLoop(tree: string, target: string, instrumented = false): Promise<{ inputs: number; perSec: number; codeUnderTest: boolean }> {
  const dir = join(scratch, 'loop-inputs', target);
  return JSON.parse(await runNode([join(root, 'bench', 'fuzz', 'plain-loop-process.cjs'), tree, target, dir, String(seconds * 1000), String(mutants), ...(instrumented ? ['instrumented'] : [])]));
}

async function structured(tree: string, target: string): Promise<CampaignResult> {
  const dir = join(scratch, 'loop-engine', target);
  rmSync(dir, { recursive: true, force: true });
  const options = {
    target,
    mode: 'structured',
    timeMs: (seconds + startAllowance) * 1000,
    seed: 1,
    workers: 1,
    corpusDir: join(dir, 'corpus'),
    crashDir: join(dir, 'crashes'),
    workDir: join(dir, 'work'),
    useSeeds: true,
    coverage: true,
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
  const rows: { target: string; inputs: number; loopPerSec: number; instrumentedLoopPerSec: number; structuredPerSec: number; ratio: number; crashes: number; engineRunningS: number; baseline: string }[] = [];
  for (const target of targets) {
    const loop = await plainLoop(tree, target);
    const engine = await structured(tree, target);
    const instrumented = withInstrumentedLoop ? await plainLoop(tree, target, true) : undefined;
    const row = { target, inputs: loop.inputs, loopPerSec: loop.perSec, instrumentedLoopPerSec: instrumented?.perSec ?? NaN, structuredPerSec: engine.execsPerSec, ratio: engine.execsPerSec / loop.perSec, crashes: engine.crashes.length, engineRunningS: (engine.elapsedMs - engine.startupMs) / 1000, baseline: loop.codeUnderTest ? 'codeUnderTest' : 'run (no codeUnderTest)' };
    rows.push(row);
    process.stderr.write(`${target}: loop ${Math.round(row.loopPerSec)}/s over ${row.inputs} inputs, structure-aware ${Math.round(row.structuredPerSec)}/s over ${row.engineRunningS.toFixed(1)} s, ratio ${row.ratio.toFixed(2)}${instrumented ? `; instrumented loop ${Math.round(instrumented.perSec)}/s, engine/instrumented ${(row.structuredPerSec / instrumented.perSec).toFixed(2)}` : ''}\n`);
  }
  mkdirSync(join(root, 'bench', 'out'), { recursive: true });
  const report = { seconds, mutants, machine: `${process.platform} ${process.arch}, node ${process.version}`, rows };
  writeFileSync(join(root, 'bench', 'out', option('out', 'fuzz-throughput-vs-loop.json')), JSON.stringify(report, null, 2) + '\n');
  if (json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`structure-aware engine vs a plain loop of the code under test (${seconds} s each, one process each):`);
  console.log('| target | plain loop | structure-aware | ratio | loop, instrumented | engine / instrumented loop | inputs in the loop | crashes |');
  console.log('|---|---|---|---|---|---|---|---|');
  const rate = (n: number) => (Number.isNaN(n) ? '–' : `${Math.round(n).toLocaleString('en-US')}/s`);
  for (const r of rows) console.log(`| ${r.target} | ${rate(r.loopPerSec)} | ${rate(r.structuredPerSec)} | ${r.ratio.toFixed(2)}× | ${rate(r.instrumentedLoopPerSec)} | ${(r.structuredPerSec / r.instrumentedLoopPerSec).toFixed(2)}× | ${r.inputs} | ${r.crashes} |`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
