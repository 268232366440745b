/**
 * Build step (build/bundle-cli.mjs runs it in a process of its own, after writing dist/bundle/cli.cjs):
 * writes V8's code cache beside the CommonJS bundle of the CLI (cli/start.ts runs `verify` from it), after
 * running it through a `verify` of the built-in product with its output discarded, so the cache holds the
 * functions a verify compiles (V8 caches only functions compiled by then). Under the CLI's own V8 flags
 * (cli/v8-flags.ts): V8 rejects a cache made under other flags.
 *
 * The training run's verdicts are not read: the cache holds compiled code only, and it is used only with
 * the very bytes it was written from (formats/x509/commonjs-code-cache.ts checks their SHA-256).
 *
 * usage: node build/cli-code-cache.mjs <dist/bundle/cli.cjs>
 */
import { setCliV8Flags } from '../dist/cli/v8-flags.js';
import { runCommonJs, writeCodeCache } from '../dist/formats/x509/commonjs-code-cache.js';

setCliV8Flags();
const file = process.argv[2];
if (!file) throw new Error('usage: node build/cli-code-cache.mjs <dist/bundle/cli.cjs>');
const loaded = runCommonJs(file);
const { runCli, shutdownZ3 } = loaded.exports;
const ignore = () => {};
// The process's working folder (the package root, from npm run build) has no sevenfold.json: the built-in product.
await runCli(['verify', '--seed', '1'], { out: ignore, err: ignore, progress: ignore, color: false, cwd: process.cwd() });
await shutdownZ3();
writeCodeCache(loaded, file);
process.exit(0);
