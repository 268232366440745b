/**
 * `sevenfold fuzz <target>`: fuzz campaigns against Sevenfold's own readers and verifiers (fuzz/README.md).
 * Exit codes as everywhere: 0 no crash, 1 a crash was found (or a replayed input fails), 2 a bad option, a
 * missing build tool, or a target that does not load.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { projectRoot, setProjectRootFrom } from '../../fuzz/core/project-root.js';
import { TARGETS, findTarget } from '../../fuzz/targets/registry.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { CampaignError, runCampaign, type CampaignProgress, type CampaignResult, type FuzzMode, type SavedCrash } from '../../fuzz/engine/campaign.js';
import { readInputs } from '../../fuzz/engine/corpus-files.js';
import { mergeShards, type MergeResult } from '../../fuzz/engine/merge.js';
import { parseShard, shardPlan, type Shard } from '../../fuzz/engine/shard.js';
import { replayInputs } from '../../fuzz/engine/workers.js';
import { DEFAULT_FUZZ_OUT, writeCampaignResults } from '../../fuzz/engine/results-file.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { outputFolderProblem } from '../../reports/audit/write-report.js';
import { EXIT, EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { nonEmpty } from '../options.js';
import type { CliIo } from '../io.js';

interface FuzzOptions {
  list?: boolean;
  mode: FuzzMode | 'both';
  time: number;
  runs?: number;
  corpus?: string;
  crashes?: string;
  out: string;
  seed?: number;
  workers: number;
  seeds: boolean;
  coverage: boolean;
  minimize: boolean;
  stopOnCrash?: boolean;
  inputTimeout: number;
  replay?: string[];
  merge?: string[];
  shard?: Shard;
}

/** Progress lines on a terminal: redrawn each second; elsewhere (CI): one line every 10 s. */
const CI_PROGRESS_MS = 10_000;

export function registerFuzzCommands(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('fuzz')
    .description('Fuzz Sevenfold\'s readers and verifiers: coverage-guided bytes (jsfuzz) or structure-aware campaigns. Exit 1 when a crash is found.')
    .argument('[target]', `what to fuzz: ${TARGETS.map((t) => t.id).join(', ')}, several separated by commas, or "all" (one campaign each)`)
    .option('--list', 'list the targets and their oracles')
    .addOption(new Option('--mode <mode>', 'bytes: jsfuzz on compiled CommonJS with a seed corpus; structured: mutate parsed structures, re-serialise, re-sign; both: half the time each').choices(['bytes', 'structured', 'both']).default('structured'))
    .addOption(new Option('--time <duration>', 'how long per target and mode, e.g. 30s, 5m, 1h; a bare number is seconds (0: no limit, stop with Ctrl-C)').argParser(durationArg).default(60_000, '60s'))
    .option('--runs <n>', 'stop after this many inputs (per target and mode)', positiveArg)
    .option('--corpus <dir>', 'corpus folder, kept between campaigns (default: <out>/<target>/corpus)', nonEmpty)
    .option('--crashes <dir>', 'where crashes are saved (default: <out>/<target>/crashes)', nonEmpty)
    .option('--out <dir>', 'folder for corpora, crashes, scratch files and each campaign\'s results file (<out>/<target>/results-<mode>.json, which sevenfold report --fuzz reads)', nonEmpty, DEFAULT_FUZZ_OUT)
    .option('--seed <n>', 'seed for the mutation choices, to repeat a campaign (default: random, printed)', seedArg)
    .option('--workers <k>', 'engines in parallel (jsfuzz processes or worker threads), sharing one corpus folder', workersArg, 1)
    .option('--no-seeds', 'start without the seed corpus (bytes mode: the "jsfuzz without seeds" baseline)')
    .option('--no-coverage', 'structured mode: no istanbul instrumentation; behaviour features only')
    .option('--no-minimize', 'save crashes as found, without minimizing them')
    .option('--stop-on-crash', 'end the campaign at the first crash')
    .addOption(new Option('--input-timeout <duration>', 'an input running longer than this is a hang (a crash); at least 100ms').argParser(inputTimeoutArg).default(10_000, '10s'))
    .option('--replay <paths...>', 'run saved inputs (files or folders) through the target and its oracles instead of fuzzing; exit 1 if one fails')
    .option('--shard <i/n>', 'run shard i of n of the campaign (CI matrix): the targets × modes are dealt round-robin to the shards; past one shard per target and mode, shards share one with their time split and their seeds apart (fuzz/README.md)', shardArg)
    .option('--merge <dirs...>', 'merge sharded campaigns into --out (or --corpus/--crashes): each dir is a shard\'s --out folder (or, for one target, a corpus folder); keeps a minimal corpus with the union\'s coverage and one crash per key, replaying every crash; exit 1 when a crash still fails')
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold fuzz --list
  $ sevenfold fuzz image-package --time 5m                      structure-aware, 5 minutes
  $ sevenfold fuzz app-manifest --mode bytes --workers 2        jsfuzz, two processes, one corpus
  $ sevenfold fuzz all --mode both --time 30s                   what CI runs
  $ sevenfold fuzz image-package --replay fuzz-out/image-package/crashes/crash-0123456789ab.bin
  $ sevenfold fuzz all --mode both --time 5m --seed 7 --shard 2/4 --out shard-2   one runner of four
  $ sevenfold fuzz all --merge shard-1 shard-2 shard-3 shard-4 --out fuzz-corpus   then merge

${EXIT_CODES_HELP}`,
    )
    .action(async (target: string | undefined, opts: FuzzOptions) => {
      setExit(await runFuzz(target, opts, io));
    });
}

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
  for (const from of opts.merge ?? []) {
    if (!existsSync(abs(from)) || !statSync(abs(from)).isDirectory()) {
      io.err(`sevenfold fuzz: --merge ${from}: not a folder`);
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
  if (results.length > 1) io.out(`${results.length} campaigns: ${crashes === 0 ? 'no crash' : `${crashes} crash${crashes === 1 ? '' : 'es'}`}`);
  return crashes > 0 ? EXIT.findings : EXIT.ok;
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
    if (statSync(p).isDirectory()) inputs.push(...readInputs(p).filter((i) => !i.name.endsWith('.txt') && !i.name.endsWith('.md')).map((i) => ({ name: show(join(p, i.name)), bytes: i.bytes })));
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

function shardArg(value: string): Shard {
  const shard = parseShard(value);
  if ('error' in shard) throw new InvalidArgumentError(shard.error);
  return shard;
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
  const how = r.stoppedBy === 'time' ? '' : r.stoppedBy === 'runs' ? ', run limit reached' : r.stoppedBy === 'crash' ? ', stopped at the first crash' : ', interrupted';
  const cov = r.mode === 'structured' && r.instrumented === false ? 'behaviour features' : 'coverage';
  return `${r.target} [${r.mode}${workers > 1 ? ` ×${workers}` : ''}, seed ${seed}]: ${(r.elapsedMs / 1000).toFixed(1)} s${how} (${(r.startupMs / 1000).toFixed(1)} s to start), ${fmt(r.execs)} inputs (${fmt(r.execsPerSec)}/s), ${cov} ${fmt(r.coverage)}, corpus ${fmt(r.corpus)} in ${corpus}: ${crashes}`;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const formatClock = (ms: number): string => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const formatDuration = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

function durationArg(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(value);
  if (!m) throw new InvalidArgumentError('expected a duration such as 30s, 5m, 1h or 500ms (a bare number is seconds)');
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  const ms = n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000);
  if (!Number.isFinite(ms) || ms > 7 * 86_400_000) throw new InvalidArgumentError('expected a duration of at most a week');
  return Math.round(ms);
}

function inputTimeoutArg(value: string): number {
  const ms = durationArg(value);
  // Shorter than this, loading a target is already a "hang".
  if (ms < 100) throw new InvalidArgumentError('expected a duration of at least 100 ms');
  return ms;
}

function positiveArg(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function workersArg(value: string): number {
  const n = positiveArg(value);
  if (n > 64) throw new InvalidArgumentError('expected at most 64 workers');
  return n;
}

function seedArg(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError('expected a whole number from 0 to 4294967295');
  return n;
}
