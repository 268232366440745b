/**
 * `npm run bench:fuzz`: time-to-bug on planted bugs, three ways — jsfuzz without seeds, jsfuzz with the seed
 * corpus, and the structure-aware mode — over several trials each, with the median time-to-bug and inputs
 * per second side by side (anchors §D4: repeated trials, medians, ground-truth bugs rather than crash counts).
 *
 * Each bug (planted-bugs.ts) lives in its own copy of model/ and fuzz/, compiled under fuzz-out/bench/planted/
 * (outside bench/ and test/, so that the copies are not type-checked with the project; ignored by git).
 * Each trial is a fresh campaign in its own process, one engine, an empty corpus, seed = trial number, stopped at
 * the first crash or at the budget. A crash counts only if its input does not crash the shipped code (replayed
 * on dist-fuzz/), so a time is the time to *this* bug.
 *
 * Then, unless --throughput 0: each target on the shipped code, in each engine, for --throughput seconds (20):
 * inputs per second once running, and the start-up time (instrumentation, seeds).
 *
 * Options: --trials <n> (5) --budget <seconds> (60) --parallel <n> (2) --bugs <id,…> --targets <target,…> (the bugs
 * planted in those targets; with --bugs, the bugs named in either) --modes <no-seeds,seeds,structured> --throughput <seconds> (20) --json
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { buildFuzzTree, ensureFuzzBuild } from '../../fuzz/engine/build.js';
import type { CampaignResult } from '../../fuzz/engine/campaign.js';
import { replayInputs } from '../../fuzz/engine/workers.js';
import { PLANTED_BUGS, type PlantedBug } from './planted-bugs.js';

interface ModeSpec {
  id: 'no-seeds' | 'seeds' | 'structured';
  label: string;
  engine: 'bytes' | 'structured';
  useSeeds: boolean;
}

const MODES: ModeSpec[] = [
  { id: 'no-seeds', label: 'jsfuzz, no seeds', engine: 'bytes', useSeeds: false },
  { id: 'seeds', label: 'jsfuzz + seeds', engine: 'bytes', useSeeds: true },
  { id: 'structured', label: 'structure-aware', engine: 'structured', useSeeds: true },
];

interface Trial {
  bug: PlantedBug;
  mode: ModeSpec;
  trial: number;
}

interface TrialResult {
  bug: string;
  mode: ModeSpec['id'];
  trial: number;
  found: boolean;
  /** ms to the first crash that is the planted bug. */
  timeToBugMs?: number;
  execsPerSec: number;
  execs: number;
  crashKey?: string;
  /** A crash that the shipped code has too: not the planted bug (and a finding about the shipped code). */
  shippedCrash?: string;
  error?: string;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const trials = Number(option('trials', '5'));
const budgetMs = Number(option('budget', '60')) * 1000;
const parallel = Number(option('parallel', '2'));
const targetIds = option('targets', '').split(',').filter(Boolean);
for (const t of targetIds) if (!PLANTED_BUGS.some((b) => b.target === t)) throw new Error(`no planted bug in target "${t}"; the targets with planted bugs are ${[...new Set(PLANTED_BUGS.map((b) => b.target))].join(', ')}`);
const byTarget = PLANTED_BUGS.filter((b) => targetIds.includes(b.target)).map((b) => b.id);
const named = option('bugs', '').split(',').filter(Boolean);
const bugIds = named.length || byTarget.length ? [...new Set([...named, ...byTarget])] : PLANTED_BUGS.map((b) => b.id);
const modeIds = option('modes', MODES.map((m) => m.id).join(',')).split(',');
const json = args.includes('--json');
const throughputMs = Number(option('throughput', '20')) * 1000;

const root = projectRoot();
const out = join(root, 'bench', 'out');
const scratchRoot = join(root, 'fuzz-out', 'bench');
const bugs = bugIds.map((id) => {
  const bug = PLANTED_BUGS.find((b) => b.id === id);
  if (!bug) throw new Error(`no planted bug "${id}"; the bugs are ${PLANTED_BUGS.map((b) => b.id).join(', ')}`);
  return bug;
});
const modes = modeIds.map((id) => {
  const mode = MODES.find((m) => m.id === id);
  if (!mode) throw new Error(`no mode "${id}"; the modes are ${MODES.map((m) => m.id).join(', ')}`);
  return mode;
});

/** A copy of formats/, model/, emulator/ and fuzz/ (what the targets import) with the bug's edits, compiled to CommonJS. */
function buildPlanted(bug: PlantedBug): string {
  const dir = join(scratchRoot, 'planted', bug.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const folder of ['formats', 'model', 'emulator', 'fuzz']) cpSync(join(root, folder), join(dir, folder), { recursive: true });
  for (const edit of bug.edits) {
    const file = join(dir, edit.file);
    const text = readFileSync(file, 'utf8');
    const count = text.split(edit.find).length - 1;
    if (count !== 1) throw new Error(`planted bug ${bug.id}: "${edit.find.slice(0, 60)}…" occurs ${count} times in ${edit.file} (expected once): update bench/fuzz/planted-bugs.ts to the current model`);
    writeFileSync(file, text.replace(edit.find, () => edit.replace));
  }
  const config = join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ extends: relative(dir, join(root, 'tsconfig.fuzz.json')), compilerOptions: { rootDir: '.', outDir: 'dist-fuzz' }, include: ['fuzz'] }, null, 2));
  const tree = join(dir, 'dist-fuzz');
  buildFuzzTree(root, config, tree);
  return tree;
}

function runTrial(t: Trial, tree: string, timeMs = budgetMs, stopOnCrash = true, runs?: number): Promise<CampaignResult & { crashes: { bytes: string; key: string }[] }> {
  const scratch = join(scratchRoot, 'trials', `${t.bug.id}-${t.mode.id}-${t.trial}`);
  rmSync(scratch, { recursive: true, force: true });
  const options = {
    target: t.bug.target,
    mode: t.mode.engine,
    timeMs,
    seed: 1000 + t.trial,
    workers: 1,
    corpusDir: join(scratch, 'corpus'),
    crashDir: join(scratch, 'crashes'),
    workDir: join(scratch, 'work'),
    useSeeds: t.mode.useSeeds,
    coverage: true,
    tree,
    root,
    stopOnCrash,
    minimize: false,
    minimizeMs: 0,
    inputTimeoutMs: 10_000,
    ...(runs !== undefined ? { runs } : {}),
  };
  return new Promise((resolveTrial, reject) => {
    const env = { ...process.env };
    delete env['NODE_OPTIONS'];
    const child = spawn(process.execPath, [join(tree, 'fuzz', 'engine', 'campaign-process.js'), JSON.stringify(options)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => {
      rmSync(scratch, { recursive: true, force: true });
      if (code === 0) resolveTrial(JSON.parse(stdout.trim().split('\n').at(-1)!));
      else reject(new Error(`trial ${t.bug.id}/${t.mode.id}/${t.trial} failed (exit ${code}):\n${stderr.slice(-2000)}`));
    });
  });
}

async function main(): Promise<void> {
  const shipped = ensureFuzzBuild(root, () => process.stderr.write('building dist-fuzz/…\n')).tree;
  const trees = new Map<string, string>();
  for (const bug of bugs) {
    process.stderr.write(`building the copy with planted bug ${bug.id}…\n`);
    trees.set(bug.id, buildPlanted(bug));
  }
  // The structure-aware mode keeps its instrumented code in the tree (.instrumented/), as the shipped tree does
  // after its first campaign: one short warm-up per copy, so trials time the search, not a one-off instrumentation.
  const structured = modes.find((m) => m.engine === 'structured');
  if (structured) {
    // One input after loading (a time limit could stop the worker half-way through instrumenting).
    for (const bug of bugs) await runTrial({ bug, mode: structured, trial: 0 }, trees.get(bug.id)!, 300_000, true, 1).catch(() => undefined);
  }
  const queue: Trial[] = [];
  for (let trial = 1; trial <= trials; trial++) for (const bug of bugs) for (const mode of modes) queue.push({ bug, mode, trial });
  const results: TrialResult[] = [];
  const started = Date.now();
  let done = 0;
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const r: TrialResult = { bug: t.bug.id, mode: t.mode.id, trial: t.trial, found: false, execsPerSec: 0, execs: 0 };
      try {
        const result = await runTrial(t, trees.get(t.bug.id)!);
        r.execsPerSec = result.execsPerSec;
        r.execs = result.execs;
        const crash = result.crashes[0];
        if (crash) {
          r.crashKey = crash.key;
          const [onShipped] = await replayInputs(shipped, t.bug.target, [{ name: 'crash', bytes: new Uint8Array(Buffer.from(crash.bytes, 'base64')) }], 10_000);
          if (onShipped?.ok) {
            r.found = true;
            r.timeToBugMs = result.firstCrashMs;
          } else r.shippedCrash = onShipped?.key ?? 'replay failed';
        }
      } catch (err) {
        r.error = err instanceof Error ? err.message : String(err);
      }
      results.push(r);
      done++;
      const what = r.found ? `found in ${((r.timeToBugMs ?? 0) / 1000).toFixed(1)} s` : r.shippedCrash ? `SHIPPED CODE CRASH ${r.shippedCrash}` : r.error ? `error: ${r.error.split('\n').slice(0, 4).join(' | ')}` : 'not found';
      process.stderr.write(`[${done}/${done + queue.length}] ${t.bug.id} / ${t.mode.label} / trial ${t.trial}: ${what} (${Math.round(r.execsPerSec)} inputs/s) — ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));

  // Throughput on the shipped code: every target, each engine, one campaign each.
  const throughput: { target: string; mode: string; execsPerSec: number; startupMs: number; coverage: number; crashes: number }[] = [];
  if (throughputMs > 0) {
    for (const target of [...new Set(PLANTED_BUGS.map((b) => b.target))]) {
      for (const mode of MODES.filter((m) => m.id !== 'no-seeds')) {
        const fake: PlantedBug = { id: `shipped-${target}`, target, description: '', shownBy: '', edits: [] };
        const r = await runTrial({ bug: fake, mode, trial: 0 }, shipped, throughputMs, false);
        throughput.push({ target, mode: mode.label, execsPerSec: r.execsPerSec, startupMs: r.startupMs, coverage: r.coverage, crashes: r.crashes.length });
        process.stderr.write(`throughput ${target} / ${mode.label}: ${Math.round(r.execsPerSec)} inputs/s after ${(r.startupMs / 1000).toFixed(1)} s to start, ${r.crashes.length} crashes\n`);
      }
    }
  }

  mkdirSync(out, { recursive: true });
  const report = { trials, budgetMs, parallel, machine: `${process.platform} ${process.arch}, node ${process.version}`, bugs: bugs.map((b) => ({ id: b.id, target: b.target, description: b.description, shownBy: b.shownBy })), results, throughput };
  writeFileSync(join(out, 'fuzz-bench.json'), JSON.stringify(report, null, 2));
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(formatTable(results));
    if (throughput.length) {
      console.log(`\nthroughput on the shipped code (${throughputMs / 1000} s each, one engine, seeds; inputs/s counted once the engine runs):`);
      const rows = throughput.map((t) => [t.target, t.mode, `${Math.round(t.execsPerSec).toLocaleString('en-US')}/s`, `${(t.startupMs / 1000).toFixed(1)} s`, String(t.coverage), String(t.crashes)]);
      const head = ['target', 'engine', 'inputs/s', 'start-up', 'coverage', 'crashes'];
      const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
      for (const r of [head, ...rows]) console.log(r.map((c, i) => (i < 2 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  '));
    }
  }
  const shippedCrashes = results.filter((r) => r.shippedCrash);
  if (shippedCrashes.length) console.log(`\n${shippedCrashes.length} trial(s) crashed the shipped code too: ${[...new Set(shippedCrashes.map((r) => r.shippedCrash))].join('; ')}`);
  if (results.some((r) => r.error)) process.exitCode = 1;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function formatTable(results: TrialResult[]): string {
  const budget = `>${Math.round(budgetMs / 1000)} s`;
  const cell = (rs: TrialResult[]) => {
    const found = rs.filter((r) => r.found).length;
    // Trials that did not find the bug count as "after the budget": the median is known only if most found it.
    const times = rs.map((r) => (r.found ? r.timeToBugMs! : Infinity));
    const m = times.length ? median(times) : Infinity;
    const speed = rs.length ? Math.round(median(rs.map((r) => r.execsPerSec))) : 0;
    return [`${found}/${rs.length}`, Number.isFinite(m) ? `${(m / 1000).toFixed(1)} s` : budget, speed.toLocaleString('en-US')];
  };
  const header1 = ['', '', ...modes.flatMap((m) => [m.label, '', ''])];
  const header2 = ['planted bug', 'target', ...modes.flatMap(() => ['found', 'median', 'inputs/s'])];
  const rows = bugs.map((b) => [b.id, b.target, ...modes.flatMap((m) => cell(results.filter((r) => r.bug === b.id && r.mode === m.id)))]);
  const totals = ['all bugs', '', ...modes.flatMap((m) => {
    const rs = results.filter((r) => r.mode === m.id);
    const allTrials = bugs.filter((b) => rs.filter((r) => r.bug === b.id).every((r) => r.found)).length;
    return [`${rs.filter((r) => r.found).length}/${rs.length}`, `${allTrials}/${bugs.length} bugs in every trial`, ''];
  })];
  const table = [header1, header2, ...rows, totals];
  const widths = header2.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [
    `time to bug: ${trials} trial(s) per cell, budget ${Math.round(budgetMs / 1000)} s, one engine per trial, seeds 1001..${1000 + trials}; median over all trials (not found = after the budget)`,
    '',
    line(header1),
    line(header2),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(totals),
    '',
    ...bugs.map((b) => `  ${b.id}: ${b.description} [${b.shownBy}]`),
  ].join('\n');
}

await main();
