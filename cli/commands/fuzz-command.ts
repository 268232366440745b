/**
 * `sevenfold fuzz <target>`: fuzz campaigns against Sevenfold's own readers and verifiers (fuzz/README.md).
 * Exit codes as everywhere: 0 no crash, 1 a crash was found (or a replayed input fails), 2 a bad option, a
 * missing build tool, or a target that does not load.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { projectRoot, setProjectRootFrom } from '../../fuzz/core/project-root.js';
import { TARGETS, findTarget } from '../../fuzz/targets/registry.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { CampaignError, runCampaign, type CampaignProgress, type CampaignResult, type FuzzMode, type SavedCrash } from '../../fuzz/engine/campaign.js';
import { mergeCorpus, readInputs } from '../../fuzz/engine/corpus-files.js';
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
}

/** Progress lines on a terminal: redrawn each second; elsewhere (CI): one line every 10 s. */
const CI_PROGRESS_MS = 10_000;

export function registerFuzzCommands(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('fuzz')
    .description('Fuzz Sevenfold\'s readers and verifiers: coverage-guided bytes (jsfuzz) or structure-aware campaigns. Exit 1 when a crash is found.')
    .argument('[target]', `what to fuzz: ${TARGETS.map((t) => t.id).join(', ')}, or "all" (one campaign each)`)
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
    .option('--merge <dirs...>', 'copy the inputs of these corpus folders into the corpus folder (after sharded campaigns), then exit')
    .addHelpText(
      'after',
      `
Examples:
  $ sevenfold fuzz --list
  $ sevenfold fuzz image-package --time 5m                      structure-aware, 5 minutes
  $ sevenfold fuzz app-manifest --mode bytes --workers 2        jsfuzz, two processes, one corpus
  $ sevenfold fuzz all --mode both --time 30s                   what CI runs
  $ sevenfold fuzz image-package --replay fuzz-out/image-package/crashes/crash-0123456789ab.bin
  $ sevenfold fuzz app-manifest --merge shard-1/corpus shard-2/corpus --corpus fuzz/corpus/app-manifest

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
  const targets = targetArg === 'all' ? TARGETS.map((t) => t.id) : [targetArg];
  for (const id of targets) {
    if (!findTarget(id)) {
      io.err(`sevenfold fuzz: no target "${id}"; the targets are ${TARGETS.map((t) => t.id).join(', ')}`);
      return EXIT.usage;
    }
  }
  if (targets.length > 1 && (opts.corpus || opts.crashes || opts.replay || opts.merge)) {
    io.err('sevenfold fuzz all: --corpus, --crashes, --replay and --merge name one target\'s folders; give a target');
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

  if (opts.merge) {
    const to = dirs(targets[0]!).corpus;
    let added = 0;
    for (const from of opts.merge) added += mergeCorpus(abs(from), to);
    io.out(`merged ${opts.merge.length} corpus folder${opts.merge.length === 1 ? '' : 's'} into ${show(to)}: ${added} new input${added === 1 ? '' : 's'}, ${readInputs(to).length} in all`);
    return EXIT.ok;
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

  const seed = opts.seed ?? Math.floor(Math.random() * 0x7fffffff);
  const modes: FuzzMode[] = opts.mode === 'both' ? ['structured', 'bytes'] : [opts.mode];
  const controller = new AbortController();
  const onSigint = () => {
    io.err('sevenfold fuzz: interrupted; stopping the engines and keeping the corpus…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  const results: CampaignResult[] = [];
  try {
    for (const id of targets) {
      for (const mode of modes) {
        if (controller.signal.aborted) break;
        const d = dirs(id);
        const timeMs = opts.time === 0 ? Infinity : opts.mode === 'both' ? Math.max(1000, Math.round(opts.time / 2)) : opts.time;
        const label = `fuzz ${id} [${mode}${opts.workers > 1 ? ` ×${opts.workers}` : ''}]`;
        io.err(`${label}: seed ${seed}, ${Number.isFinite(timeMs) ? `${formatDuration(timeMs)}` : 'until Ctrl-C'}${opts.runs ? `, at most ${opts.runs} inputs` : ''}; corpus ${show(d.corpus)}`);
        const progress = progressPrinter(io, label);
        const startedAt = new Date();
        const result = await runCampaign({
          target: id,
          mode,
          timeMs,
          ...(opts.runs !== undefined ? { runs: opts.runs } : {}),
          seed,
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
        io.out(summary(result, opts.workers, seed, show(d.corpus)));
        const rerun = `npx sevenfold fuzz ${id} --mode ${mode} --seed ${seed} --time ${Number.isFinite(timeMs) ? `${Math.round(timeMs / 1000)}s` : '0'}${opts.runs !== undefined ? ` --runs ${opts.runs}` : ''}${opts.workers > 1 ? ` --workers ${opts.workers}` : ''}`;
        const resultsFile = writeCampaignResults(abs(opts.out), { result, startedAt, seed, workers: opts.workers, corpus: show(d.corpus), reproduce: rerun, show });
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
