/**
 * The module jsfuzz loads (`jsfuzz dist-fuzz/fuzz/engine/jsfuzz-entry.js corpus seeds`), compiled to
 * CommonJS so that jsfuzz instruments it and everything it requires. The campaign picks the target with
 * SEVENFOLD_FUZZ_TARGET (loading that target's module only); once the target is set up this module writes SEVENFOLD_FUZZ_READY, so a target that
 * fails to load (jsfuzz then exits 0, silently) is told apart from a clean run. With SEVENFOLD_FUZZ_RUNS the
 * worker stops itself after that many inputs (jsfuzz has no run limit) and writes SEVENFOLD_FUZZ_DONE.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTarget } from './load-target.js';

const id = process.env['SEVENFOLD_FUZZ_TARGET'] ?? '';
// The target's own module, not the registry: jsfuzz instruments every file that loads and totals every counter
// of every one after each input (load-target.ts).
const target = loadTarget(join(__dirname, '..', '..'), id);
if (!target) throw new Error(`SEVENFOLD_FUZZ_TARGET: no fuzz target "${id}"`);
const runner = target.setup();
const limit = Number(process.env['SEVENFOLD_FUZZ_RUNS'] ?? 'Infinity');
const ready = process.env['SEVENFOLD_FUZZ_READY'];
const done = process.env['SEVENFOLD_FUZZ_DONE'];
if (ready) writeFileSync(ready, `${process.pid}\n`);
let runs = 0;

/** jsfuzz awaits what this returns: an asynchronous target's promise. */
export function fuzz(input: Buffer): unknown {
  if (runs >= limit) {
    if (done) writeFileSync(done, `${runs}\n`);
    process.exit(0);
  }
  runs++;
  return runner.run(input);
}
