/**
 * The work of `sevenfold fuzz` (declared in fuzz-command.ts): list the targets, run campaigns (whole or
 * one shard), replay saved inputs, merge sharded campaigns.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot, setProjectRootFrom } from '../../fuzz/core/project-root.js';
import { TARGETS, findTarget } from '../../fuzz/targets/registry.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { CampaignError, STARTUP_LIMIT_MS, runCampaign, type CampaignProgress, type CampaignResult, type FuzzMode, type SavedCrash } from '../../fuzz/engine/campaign.js';
import { readInputs } from '../../fuzz/engine/corpus-files.js';
import { mergeShards, type MergeResult } from '../../fuzz/engine/merge.js';
import { shardPlan } from '../../fuzz/engine/shard.js';
import { replayInputs } from '../../fuzz/engine/workers.js';
import { writeCampaignResults } from '../../fuzz/engine/results-file.js';
import { DEFAULT_FUZZ_OUT } from '../../fuzz/engine/fuzz-out-folder.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { outputFolderProblem } from '../../reports/audit/write-report.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { FuzzOptions } from './fuzz-command.js';

/** Progress lines on a terminal: redrawn each second; elsewhere (CI): one line every 10 s. */
const CI_PROGRESS_MS = 10_000;

export async function runFuzz(targetArg: string | undefined, opts: FuzzOptions, io: CliIo): Promise<ExitCode> {
  if (opts.list) {
    listTargets(io);
    return EXIT.ok;
  }
  if (!targetArg) {
    io.err('sevenfold fuzz: name a target (sevenfold fuzz --list), or "all"');
    return EXIT.usage;
  }
  // A comma-separated list runs (and shards) several targets, as `all` runs every one.
  const targets = targetArg === 'all' ? TARGETS.map((t) => t.id) : [...new Set(targetArg.split(',').map((t) => t.trim()))];
  for (const id of targets) {
    if (!findTarget(id)) {
      io.err(`sevenfold fuzz: no target "${id}"; the targets are ${TARGETS.map((t) => t.id).join(', ')}`);
      return EXIT.usage;
    }
  }
  if (targets.length > 1 && (opts.corpus || opts.crashes || opts.replay)) {
    io.err(`sevenfold fuzz ${targetArg}: --corpus, --crashes and --replay name one target's folders; give a target`);
    return EXIT.usage;
  }
  if (opts.shard && (opts.replay || opts.merge)) {
    io.err(`sevenfold fuzz: --shard ${opts.shard.index}/${opts.shard.count} splits a campaign; it does not go with ${opts.replay ? '--replay' : '--merge'}`);
    return EXIT.usage;
  }

  const abs = (p: string) => resolve(io.cwd, p);
  const show = (p: string) => displayPath(p, io.cwd);
  const dirs = (id: string) => ({
    corpus: opts.corpus ? abs(opts.corpus) : join(abs(opts.out), id, 'corpus'),
    crashes: opts.crashes ? abs(opts.crashes) : join(abs(opts.out), id, 'crashes'),
    work: join(abs(opts.out), id, 'work'),
  });

  // Inputs and output folders are checked before the targets are compiled (which takes a while).
  for (const [option, dir] of [['--out', opts.out], ['--corpus', opts.corpus], ['--crashes', opts.crashes]] as const) {
    const problem = dir === undefined ? undefined : outputFolderProblem(dir, io.cwd);
    if (problem) {
      io.err(`sevenfold fuzz: ${option} ${dir}: ${problem}`);
      return EXIT.usage;
    }
  }
  for (const p of opts.replay ?? []) {
    if (!existsSync(abs(p))) {
      io.err(`sevenfold fuzz: --replay ${p}: no such file or folder`);
      return EXIT.usage;
    }
  }
  // "replayed 0 inputs; none fails" (exit 0) would let a CI step that names the wrong folder pass.
  const replayed = opts.replay?.map((p) => ({ p, inputs: statSync(abs(p)).isDirectory() ? savedInputs(abs(p)).length : 1 }));
  if (replayed && replayed.every((r) => r.inputs === 0)) {
    io.err(`sevenfold fuzz: --replay ${replayed.map((r) => r.p).join(', ')}: no saved input in ${replayed.length === 1 ? 'this folder' : 'these folders'} (a crashes or corpus folder holds them)`);
    return EXIT.usage;
  }
  for (const from of opts.merge ?? []) {
    if (!existsSync(abs(from)) || !statSync(abs(from)).isDirectory()) {
      io.err(`sevenfold fuzz: --merge ${from}: not a folder`);
      return EXIT.usage;
    }
    // An empty folder is no shard's --out (which always holds <target>/corpus): merging it would report "no crash".
    if (readdirSync(abs(from)).filter((name) => !name.startsWith('.')).length === 0) {
      io.err(`sevenfold fuzz: --merge ${from}: empty folder, nothing to merge (a shard's --out folder holds <target>/corpus)`);
      return EXIT.usage;
    }
  }

  let root: string;
  let tree: string;
  try {
    setProjectRootFrom(fileURLToPath(new URL('.', import.meta.url)));
    root = projectRoot();
    tree = ensureFuzzBuild(root, () => io.err('sevenfold fuzz: compiling the fuzz targets to CommonJS (dist-fuzz/, npm run build:fuzz)…')).tree;
  } catch (err) {
    io.err(`sevenfold fuzz: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT.usage;
  }

  if (opts.replay) return replay(targets[0]!, opts.replay.map(abs), tree, opts.inputTimeout, io, show);
  if (opts.merge) return merge(targets, opts.merge.map(abs), dirs, abs(opts.out), tree, opts.inputTimeout, io, show);

  const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const modes: FuzzMode[] = opts.mode === 'both' ? ['structured', 'bytes'] : [opts.mode];
  const controller = new AbortController();
  const onSigint = () => {
    io.err('sevenfold fuzz: interrupted; stopping the engines and keeping the corpus…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const results: CampaignResult[] = [];
  const unitTimeMs = opts.time === 0 ? Infinity : opts.mode === 'both' ? Math.max(1000, Math.round(opts.time / 2)) : opts.time;
  const units = targets.flatMap((target) => modes.map((mode) => ({ target, mode })));
  const plan = opts.shard
    ? shardPlan(units, opts.shard, { timeMs: unitTimeMs, ...(opts.runs !== undefined ? { runs: opts.runs } : {}), seed })
    : units.map((u) => ({ ...u, timeMs: unitTimeMs, ...(opts.runs !== undefined ? { runs: opts.runs } : {}), seed, replica: 0, replicas: 1 }));
  if (opts.shard) {
    io.err(`shard ${opts.shard.index}/${opts.shard.count} of ${units.length} campaign${units.length === 1 ? '' : 's'} (seed ${seed}): ${plan.map((u) => `${u.target} [${u.mode}]${u.replicas > 1 ? ` part ${u.replica + 1} of ${u.replicas}` : ''}`).join(', ')}`);
  }
  try {
    for (const unit of plan) {
      {
        const { target: id, mode, timeMs, seed: unitSeed } = unit;
        const runs = unit.runs;
        if (controller.signal.aborted) break;
        const d = dirs(id);
        const label = `fuzz ${id} [${mode}${opts.workers > 1 ? ` ×${opts.workers}` : ''}]`;
        io.err(`${label}: seed ${unitSeed}, ${Number.isFinite(timeMs) ? `${formatDuration(timeMs)}` : 'until Ctrl-C'}${runs ? `, at most ${runs} inputs` : ''}; corpus ${show(d.corpus)}`);
        const progress = progressPrinter(io, label);
        const startedAt = new Date();
        const result = await runCampaign({
          target: id,
          mode,
          timeMs,
          ...(runs !== undefined ? { runs } : {}),
          seed: unitSeed,
          workers: opts.workers,
          corpusDir: d.corpus,
          crashDir: d.crashes,
          workDir: d.work,
          useSeeds: opts.seeds,
          coverage: opts.coverage,
          tree,
          root,
          stopOnCrash: Boolean(opts.stopOnCrash),
          minimize: opts.minimize,
          minimizeMs: 15_000,
          inputTimeoutMs: opts.inputTimeout,
          signal: controller.signal,
          onProgress: progress.update,
          onCrash: (c) => printCrash(io, id, c, show),
          log: (line) => io.err(`${label}: ${line}`),
          reproduceCommand: (file) => `npx sevenfold fuzz ${id} --replay ${show(file)}`,
        });
        progress.done();
        results.push(result);
        io.out(summary(result, opts.workers, unitSeed, show(d.corpus)));
        const rerun = `npx sevenfold fuzz ${id} --mode ${mode} --seed ${unitSeed} --time ${Number.isFinite(timeMs) ? `${Math.round(timeMs / 1000)}s` : '0'}${runs !== undefined ? ` --runs ${runs}` : ''}${opts.workers > 1 ? ` --workers ${opts.workers}` : ''}`;
        const resultsFile = writeCampaignResults(abs(opts.out), { result, startedAt, seed: unitSeed, workers: opts.workers, corpus: show(d.corpus), reproduce: rerun, show });
        io.out(`  results: ${show(resultsFile)} (sevenfold report --fuzz${opts.out === DEFAULT_FUZZ_OUT ? '' : ` ${show(abs(opts.out))}`} includes them)`);
      }
    }
  } catch (err) {
    if (err instanceof CampaignError) {
      io.err(`sevenfold fuzz: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const crashes = results.reduce((n, r) => n + r.crashes.length, 0);
  if (controller.signal.aborted) io.err(`sevenfold fuzz: interrupted; every corpus is saved (${results.map((r) => `${r.target}: ${r.corpus} inputs`).join(', ') || 'nothing ran'})`);
  // A campaign that ran no input decided nothing: never "no crash" (exit 0) for it.
  const idle = campaignsThatDidNotFuzz(results);
  for (const r of idle) io.err(`sevenfold fuzz: ${r.target} [${r.mode}] did not fuzz (${r.stoppedBy === 'startup' ? `the engine did not start within ${formatDuration(STARTUP_LIMIT_MS)}` : 'it ran no input'}): nothing is known about it`);
  if (results.length > 1) io.out(`${results.length} campaigns: ${crashes === 0 ? 'no crash' : `${crashes} crash${crashes === 1 ? '' : 'es'}`}${idle.length ? `; ${idle.length} did not fuzz` : ''}`);
  return fuzzExitCode(results);
}

/** Campaigns that decided nothing: the engine never started (seeds may have run), or no input ran at all. */
export function campaignsThatDidNotFuzz(results: readonly CampaignResult[]): CampaignResult[] {
  return results.filter((r) => r.stoppedBy === 'startup' || r.execs === 0);
}

/** The exit code of a set of campaigns: a crash is a finding; a campaign that did not fuzz leaves it unknown. */
export function fuzzExitCode(results: readonly CampaignResult[]): ExitCode {
  if (results.some((r) => r.crashes.length > 0)) return EXIT.findings;
  return campaignsThatDidNotFuzz(results).length > 0 ? EXIT.unknown : EXIT.ok;
}

function listTargets(io: CliIo): void {
  for (const t of TARGETS) {
    io.out(`${t.id}\n  ${t.title}\n  seeds: ${t.seeds().length} valid inputs; max input ${t.maxInputBytes} bytes\n  oracles:`);
    for (const o of t.oracles) io.out(`    - ${o}`);
  }
  io.out('\nmodes: bytes (jsfuzz, coverage-guided, on dist-fuzz/ CommonJS), structured (structure-aware, re-signs images with the lab key)');
}

async function replay(id: string, paths: string[], tree: string, timeoutMs: number, io: CliIo, show: (p: string) => string): Promise<ExitCode> {
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) inputs.push(...savedInputs(p).map((i) => ({ name: show(join(p, i.name)), bytes: i.bytes })));
    else inputs.push({ name: show(p), bytes: new Uint8Array(readFileSync(p)) });
  }
  const results = await replayInputs(tree, id, inputs, timeoutMs);
  let failed = 0;
  for (const r of results) {
    if (r.ok) io.out(`  ok    ${r.name} (${r.ms.toFixed(1)} ms)`);
    else {
      failed++;
      io.out(`  FAIL  ${r.name}: ${r.headline}\n        crash key: ${r.key}`);
      for (const line of (r.stack ?? '').split('\n').slice(1, 12)) io.out(`        ${line.trim()}`);
    }
  }
  io.out(`${id}: replayed ${results.length} input${results.length === 1 ? '' : 's'}; ${failed === 0 ? 'none fails' : `${failed} fail${failed === 1 ? 's' : ''}`}`);
  return failed > 0 ? EXIT.findings : EXIT.ok;
}

/** The inputs saved in a folder, without the crash reports and notes kept beside them. */
function savedInputs(dir: string): { name: string; bytes: Uint8Array }[] {
  return readInputs(dir).filter((i) => !i.name.endsWith('.txt') && !i.name.endsWith('.md'));
}

/**
 * Merges sharded campaigns. Each folder is a shard's --out folder (<dir>/<target>/corpus and crashes) or,
 * for one target, a corpus folder. Targets that no shard ran are left alone.
 */
async function merge(
  targets: string[],
  from: string[],
  dirs: (id: string) => { corpus: string; crashes: string },
  out: string,
  tree: string,
  timeoutMs: number,
  io: CliIo,
  show: (p: string) => string,
): Promise<ExitCode> {
  const isShardFolder = (dir: string) => TARGETS.some((t) => existsSync(join(dir, t.id)) && statSync(join(dir, t.id)).isDirectory());
  let merged = 0;
  let crashes = 0;
  for (const id of targets) {
    const corpora: string[] = [];
    const crashDirs: string[] = [];
    for (const dir of from) {
      if (isShardFolder(dir)) {
        if (!existsSync(join(dir, id))) continue;
        corpora.push(join(dir, id, 'corpus'));
        crashDirs.push(join(dir, id, 'crashes'));
      } else if (targets.length === 1) corpora.push(dir);
    }
    if (corpora.length === 0) continue;
    merged++;
    const d = dirs(id);
    const startedAt = new Date();
    let r: MergeResult;
    try {
      r = await mergeShards({ target: id, corpora, crashDirs, corpusDir: d.corpus, crashDir: d.crashes, tree, inputTimeoutMs: timeoutMs, reproduceCommand: (file) => `npx sevenfold fuzz ${id} --replay ${show(file)}` });
    } catch (err) {
      io.err(`sevenfold fuzz --merge ${id}: ${err instanceof Error ? err.message : String(err)}`);
      return EXIT.usage;
    }
    crashes += r.crashes.length;
    const cov = r.inputs === 0 ? 'no input to merge' : r.features === undefined ? 'coverage not measured (no instrumenter): every input kept' : `${fmt(r.features)} features covered, as many as the ${corpora.length + 1} corpora together`;
    io.out(`${id}: merged ${corpora.length} shard${corpora.length === 1 ? '' : 's'} into ${show(d.corpus)}: ${fmt(r.kept)} of ${fmt(r.inputs)} distinct inputs kept, ${cov}; ${r.crashes.length === 0 ? 'no crash' : `${r.crashes.length} crash${r.crashes.length === 1 ? '' : 'es'} (one per key)`}${r.fixed.length ? `; ${r.fixed.length} crash input${r.fixed.length === 1 ? '' : 's'} no longer fail${r.fixed.length === 1 ? 's' : ''}` : ''}`);
    for (const c of r.crashes) {
      io.out(`CRASH ${id}: ${c.headline}\n  crash key: ${c.key}\n  input:     ${show(c.file)} (found in ${c.foundIn.length} file${c.foundIn.length === 1 ? '' : 's'}: ${c.foundIn.map(show).join(', ')})\n  reproduce: ${c.reproduce}`);
    }
    const resultsFile = join(out, id, 'results-merged.json');
    mkdirSync(join(out, id), { recursive: true });
    writeFileSync(
      resultsFile,
      JSON.stringify(
        {
          version: 1,
          target: id,
          mode: 'merged',
          engine: `merge of ${corpora.length} shard${corpora.length === 1 ? '' : 's'} (minimal corpus with the union's coverage; crashes replayed, one per key)`,
          startedAt: startedAt.toISOString(),
          corpusSize: r.kept,
          corpusFolder: show(d.corpus),
          inputsRead: r.inputs,
          ...(r.features !== undefined ? { coverage: r.features } : {}),
          sourceFeatures: Object.fromEntries(Object.entries(r.sourceFeatures).map(([k, v]) => [show(k), v])),
          shards: corpora.map(show),
          crashes: r.crashes.map((c) => ({ id: c.key, message: c.headline, input: show(c.file), reproduce: c.reproduce, foundIn: c.foundIn.map(show) })),
          fixed: r.fixed.map(show),
        },
        null,
        2,
      ) + '\n',
    );
    io.out(`  results: ${show(resultsFile)}`);
  }
  if (merged === 0) {
    io.err(`sevenfold fuzz --merge: none of ${from.map(show).join(', ')} holds a folder for ${targets.length === 1 ? targets[0] : 'any target'} (<dir>/<target>/corpus, as a shard's --out folder has)`);
    return EXIT.usage;
  }
  return crashes > 0 ? EXIT.findings : EXIT.ok;
}


function printCrash(io: CliIo, id: string, c: SavedCrash, show: (p: string) => string): void {
  io.out(`CRASH ${id}: ${c.headline}${c.known ? ' (seen before)' : ''}`);
  io.out(`  crash key: ${c.key}`);
  io.out(`  input:     ${show(c.file)} (${c.bytes.length} bytes${c.originalSize !== c.bytes.length ? `, minimized from ${c.originalSize}` : ''}); report ${show(c.reportFile)}`);
  io.out(`  reproduce: ${c.reproduce}`);
  // CI runs in a fresh clone whose files are gone afterwards: the input itself, as one line to paste.
  if (c.bytes.length <= 4096) io.out(`  anywhere:  echo ${Buffer.from(c.bytes).toString('base64')} | base64 -d > crash.bin && npx sevenfold fuzz ${id} --replay crash.bin`);
}

function progressPrinter(io: CliIo, label: string) {
  const tty = Boolean(process.stderr.isTTY);
  let lastLine = 0;
  return {
    update(p: CampaignProgress) {
      const line = p.started
        ? `${label} ${formatClock(p.elapsedMs)}  execs ${fmt(p.execs)} (${fmt(p.execsPerSec)}/s)  cov ${fmt(p.coverage)}  corpus ${fmt(p.corpus)}  crashes ${p.crashes}`
        : `${label} ${formatClock(p.elapsedMs)}  starting: the engine is loading the target…`;
      if (tty) io.progress(line);
      else if (p.elapsedMs - lastLine >= CI_PROGRESS_MS) {
        lastLine = p.elapsedMs;
        io.err(line);
      }
    },
    done() {
      io.progress('');
    },
  };
}

function summary(r: CampaignResult, workers: number, seed: number, corpus: string): string {
  const crashes = r.crashes.length === 0 ? 'no crash' : `${r.crashes.length} crash${r.crashes.length === 1 ? '' : 'es'}`;
  const how = r.stoppedBy === 'time' ? '' : r.stoppedBy === 'runs' ? ', run limit reached' : r.stoppedBy === 'crash' ? ', stopped at the first crash' : r.stoppedBy === 'startup' ? ', did not start' : ', interrupted';
  const cov = r.mode === 'structured' && r.instrumented === false ? 'behaviour features' : 'coverage';
  // Which inputs got the expensive oracles (core/staged-run.ts): a campaign says its oracles were sampled.
  const expensive = r.expensiveOracles ? `, expensive oracles on ${fmt(r.expensiveOracles.inputs)} inputs (new ones, seeds, 1 in ${r.expensiveOracles.sampleOneIn} of the rest)` : '';
  return `${r.target} [${r.mode}${workers > 1 ? ` ×${workers}` : ''}, seed ${seed}]: ${(r.elapsedMs / 1000).toFixed(1)} s${how} (${(r.startupMs / 1000).toFixed(1)} s to start), ${fmt(r.execs)} inputs (${fmt(r.execsPerSec)}/s), ${cov} ${fmt(r.coverage)}${expensive}, corpus ${fmt(r.corpus)} in ${corpus}: ${crashes}`;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const formatClock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const formatDuration = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);
