/**
 * Where the bin starts (dist/cli/main.js imports dist/bundle/start.js, build/bundle-cli.mjs): the CLI's
 * V8 flags first (cli/v8-flags.ts, before anything cached is compiled), then the CLI from one of two
 * bundles of the same tsc output, which run the same code (cli/run-process.ts):
 *   - `verify` (unless --jobs hands the properties to worker threads): the CommonJS bundle
 *     dist/bundle/cli.cjs, compiled with the V8 code cache the build wrote after a verify of the built-in
 *     product (build/cli-code-cache.mjs), so V8 neither parses nor compiles the functions that verify
 *     runs; ES modules cannot use a code cache on Node 20. A verify loads nearly all the code, otherwise
 *     as ~100 ES chunks: from cli.cjs its main thread took 1,220 ms of CPU against 1,430 ms (median of 7
 *     alternated pairs against main, ratio 0.86; process CPU 0.93), for 10-15 MB more peak memory
 *     (/work/notes/s38-verifyspeed-figures.md).
 *   - anything else (`--help`, the other commands): the ES-module bundle (dist/bundle/main.js), whose
 *     lazy chunks load only what the command runs; `--help` loads the command declarations alone
 *     (test/cli/help-import-closure.test.ts), where cli.cjs would read and deserialise all of it.
 * Which bundle runs changes nothing but start-up time, so the command is read simply (the first word
 * not starting with '-'), and a missing cli.cjs falls back to the ES bundle; a missing, stale or
 * rejected cache to compiling cli.cjs from source (formats/x509/commonjs-code-cache.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setCliV8Flags } from './v8-flags.js';

/** The name build/bundle-cli.mjs gives the CommonJS bundle, beside this module in dist/bundle/ (test/cli/bundle.test.ts). */
const COMMONJS_CLI_FILE = 'cli.cjs';

/** The commands run from the CommonJS bundle (in this thread, runsWholeCommandHere): those that load nearly all the code. */
const WHOLE_CLI_COMMANDS: ReadonlySet<string> = new Set(['verify']);

/**
 * Runs the whole of the command in this thread: `verify` without worker threads. With `--jobs` above 1
 * the properties are decided in workers that load the ES chunks (properties/parallel/), and this thread
 * only hands them out: cli.cjs gave it nothing to save (4 alternated pairs: process CPU 0.986 of the ES
 * bundle's) and cost 19 MB of peak. Read loosely (`--jobs N` or `--jobs=N`): a misreading only picks the
 * other bundle of the same code; commander still reads the option.
 */
function runsWholeCommandHere(argv: readonly string[]): boolean {
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !WHOLE_CLI_COMMANDS.has(command)) return false;
  const at = argv.findIndex((arg) => arg === '--jobs' || arg.startsWith('--jobs='));
  if (at < 0) return true;
  const value = argv[at]!.startsWith('--jobs=') ? argv[at]!.slice('--jobs='.length) : argv[at + 1];
  return Number(value) <= 1;
}

setCliV8Flags();
const argv = process.argv.slice(2);
const commonJsCli = fileURLToPath(new URL(`./${COMMONJS_CLI_FILE}`, import.meta.url));
if (runsWholeCommandHere(argv) && existsSync(commonJsCli)) {
  // Imported here, not at the top: node:crypto (the cache's SHA-256 check) and node:vm cost --help ~40 ms of CPU (0.143 s against 0.100 s).
  const { runWithCodeCache } = await import('../formats/x509/commonjs-code-cache.js');
  const { runProcess } = runWithCodeCache(commonJsCli).exports as typeof import('./run-process.js');
  await runProcess(argv);
} else {
  await import('./main.js');
}
