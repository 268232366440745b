/**
 * `sevenfold fuzz <target>`: fuzz campaigns against Sevenfold's own readers and verifiers (fuzz/README.md).
 * Exit codes as everywhere: 0 no crash, 1 a crash was found (or a replayed input fails), 2 a bad option, a
 * missing build tool, or a target that does not load, 3 a campaign that ran no input (its engine did not start
 * in time: nothing is known). This module only declares the command (options,
 * help, argument parsers); the work is in fuzz-action.ts, loaded when the command runs, so --help does
 * not load the fuzz engine or the targets.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { FUZZ_TARGET_IDS } from '../../fuzz/targets/target-ids.js';
import type { FuzzMode } from '../../fuzz/engine/campaign.js';
import { parseShard, type Shard } from '../../fuzz/engine/shard.js';
import { DEFAULT_FUZZ_OUT } from '../../fuzz/engine/fuzz-out-folder.js';
import { EXIT_CODES_HELP, type ExitCode } from '../exit-codes.js';
import { nonEmpty } from '../options.js';
import type { CliIo } from '../io.js';

export interface FuzzOptions {
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


export function registerFuzzCommands(program: Command, io: CliIo, setExit: (code: ExitCode) => void): void {
  program
    .command('fuzz')
    .description('Fuzz Sevenfold\'s readers and verifiers: coverage-guided bytes (jsfuzz) or structure-aware campaigns. Exit 1 when a crash is found, 3 when a campaign ran no input.')
    .argument('[target]', `what to fuzz: ${FUZZ_TARGET_IDS.join(', ')}, several separated by commas, or "all" (one campaign each)`)
    .option('--list', 'list the targets and their oracles')
    .addOption(new Option('--mode <mode>', 'bytes: jsfuzz on compiled CommonJS with a seed corpus; structured: mutate parsed structures, re-serialise, re-sign; both: half the time each').choices(['bytes', 'structured', 'both']).default('structured'))
    .addOption(new Option('--time <duration>', 'fuzzing time per target and mode, counted from the first input (start-up is extra), e.g. 30s, 5m, 1h; a bare number is seconds (0: no limit, stop with Ctrl-C)').argParser(durationArg).default(60_000, '60s'))
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
      const { runFuzz } = await import('./fuzz-action.js');
      setExit(await runFuzz(target, opts, io));
    });
}

function shardArg(value: string): Shard {
  const shard = parseShard(value);
  if ('error' in shard) throw new InvalidArgumentError(shard.error);
  return shard;
}

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
