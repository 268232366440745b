/**
 * How much a function must run before V8 compiles it with its optimising compiler, for the `sevenfold`
 * process only (main.ts calls this; tests running the CLI in-process, and programs importing Sevenfold's
 * modules, keep V8's default).
 *
 * Why: a `verify` is a short process that runs a great deal of code a few hundred times each. With V8's
 * default budget (66 KB of bytecode executed between tier-up checks in Node 20's V8; `node --v8-options`) hundreds of functions are optimised
 * on background threads, about 2 s of CPU in a run whose main thread takes about 2.5 s, and on a 2-core
 * machine those threads compete with the main thread and with the worker threads verify starts. About eight times
 * the default (512 KB) optimised about a third as many functions in the 4-session attacker search
 * (312 → 118), and took the whole `verify --seed 1` from about 3.6–4.0 s to 2.6–2.7 s of user CPU on a loaded
 * machine (interleaved runs; `npm run bench -- --only processes` gives the figure against `node -e 0`).
 * Long runs lose nothing measurable: a function that keeps running still reaches the optimising compiler,
 * only later. Larger budgets gave little more (1 MB, 2 MB: within the noise of 512 KB).
 *
 * Set at run time for the reason heap-growth.ts gives (a shebang flag is not portable, NODE_OPTIONS would
 * reach child processes); V8 reads it whenever it gives a function a new budget, so it applies to the code
 * the commands load after this call, which is nearly all of it (command modules load lazily).
 */
import { setFlagsFromString } from 'node:v8';

/** Bytes of bytecode a function executes between V8's checks for optimising it (Node 20's V8 default: 67,584). */
export const INTERRUPT_BUDGET_BYTES = 512 * 1024;

export function delayOptimisation(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET_BYTES}`);
}
