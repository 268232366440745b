/**
 * How V8 compiles code in a structure-aware fuzzing worker (issue 15): functions whose bytecode is larger than
 * MAX_OPTIMIZED_BYTECODE_BYTES are left to V8's baseline tiers instead of its optimising compiler, TurboFan.
 *
 * Why: the largest functions a campaign runs are the schema validators Ajv generates from the design schemas
 * (validate functions of 20-46 KB of bytecode: the platform, update and requirement-profile schemas, the product's
 * own). V8 optimises a function only after a number of profiler ticks that grows with its size, so such a validator
 * reached TurboFan some 10,000 inputs into an update-design campaign, in the second half of the benchmark's time,
 * and took seconds of a compiler thread (7 s of wall time at a load of 8) to compile; a fuzzer's next inputs then
 * take paths the validator had not taken before, it was deoptimised ("insufficient type feedback") within the same
 * window, and compiled again later. A plain loop over a fixed set of inputs meets every path in its warm-up pass
 * and compiles such a function once. Measured in process (the worker's loop, instrumented as the worker loads it,
 * seed 1, CPU of every thread, load 10-16): update-design steps 9,000-15,000 with the flag on the same tree, compiler
 * and collector threads 1,220 -> 220 ms, main thread 4,370 -> 4,050 ms (934 -> 716 us per input); both trees side
 * by side, steps 9,000-13,000: 896 -> 785, 712 -> 640, 931 -> 826 us. Product-file, requirement-profile and
 * platform-design moved within their spread either way (ratios 0.89-1.09); the other targets have no function
 * above the limit.
 *
 * What it changes: only when V8 compiles what. The same code runs, every check runs on every input it ran on
 * before, and a campaign makes the same inputs in the same order. V8 flags are the process's: set from the fuzzing
 * worker, the limit also holds for the process that started it (the CLI or the benchmark's campaign process), which
 * waits on the worker while it fuzzes.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's own limit is 60 KB; every function of the code under test and the engine stays under this one, the Ajv validators of the larger schemas are above it. */
export const MAX_OPTIMIZED_BYTECODE_BYTES = 16_000;

let applied = false;

/** Sets the limit once per process (a campaign with several workers starts each of them in the same process). */
export function applyFuzzJitPolicy(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--max-optimized-bytecode-size=${MAX_OPTIMIZED_BYTECODE_BYTES}`);
}
