/**
 * Where the bin starts (dist/cli/main.js imports dist/bundle/start.js, build/bundle-cli.mjs): the CLI's
 * V8 flags first (cli/v8-flags.ts, before anything cached is compiled), then the CLI from one of two
 * bundles of the same tsc output, which run the same code (cli/run-process.ts):
 *   - `verify`: the CommonJS bundle dist/bundle/cli.cjs, compiled with the V8 code cache the build wrote
 *     after a verify of the built-in product (build/cli-code-cache.mjs), so V8 neither parses nor compiles
 *     the functions that verify ran; ES modules cannot use a code cache on Node 20. A verify loads nearly all
 *     the code, as ~100 ES chunks otherwise: on the main thread that was ~130 ms of ~1,400 ms of CPU
 *     (11 %) more than from the cache (7 alternated pairs; s38-verifyspeed figures).
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

/** The commands run from the CommonJS bundle: those that load nearly all the code. */
const WHOLE_CLI_COMMANDS: ReadonlySet<string> = new Set(['verify']);

setCliV8Flags();
const argv = process.argv.slice(2);
const commonJsCli = fileURLToPath(new URL(`./${COMMONJS_CLI_FILE}`, import.meta.url));
const command = argv.find((arg) => !arg.startsWith('-'));
if (command !== undefined && WHOLE_CLI_COMMANDS.has(command) && existsSync(commonJsCli)) {
  // Imported here, not at the top: node:crypto (the cache's SHA-256 check) and node:vm cost --help ~40 ms of CPU (0.143 s against 0.100 s).
  const { runWithCodeCache } = await import('../formats/x509/commonjs-code-cache.js');
  const { runProcess } = runWithCodeCache(commonJsCli).exports as typeof import('./run-process.js');
  await runProcess(argv);
} else {
  await import('./main.js');
}
