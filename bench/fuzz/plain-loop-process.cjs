// The baseline of bench/fuzz/throughput-vs-loop.ts, in its own process on the compiled tree (as the engines run):
// the target's code under test alone (runner.codeUnderTest, no oracle) called in a loop over a fixed set of inputs
// for a given time. The set is the seeds plus structure-aware mutants of them (seeded PRNG), written once to a
// folder and read from there on later runs, so before and after figures loop over the same inputs.
// With a sixth argument `instrumented`, the code is loaded instrumented as the structure-aware worker loads it
// (istanbul counters, comparisons rewritten, logging off): the ceiling of the engine on this machine.
// Paced (`--go=<file> --stop=<file>`, the benchmark's paired run): after the warm-up pass the process says `warm` on
// stderr, sleeps until the go file exists, then loops until the stop file exists (the benchmark stops and continues
// it with SIGSTOP/SIGCONT in between, alternating it with a campaign), and reports its runs and CPU time from go to
// stop: CPU is not spent while the process is stopped, so runs per CPU-second are the loop's rate in the slices it ran.
// Usage: node plain-loop-process.cjs <tree> <target> <inputs dir> <ms> <mutants> [instrumented] [--go=<file> --stop=<file>]
'use strict';
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name) => process.argv.slice(2).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const [tree, targetId, dir, msText, mutantsText, mode] = positional;
const goFile = flag('go');
const stopFile = flag('stop');
if (mode === 'instrumented') {
  const { instrumentRequires, coveredByFuzzing } = require(join(tree, 'fuzz', 'engine', 'coverage.js'));
  const { instrumentComparisons, addLiterals } = require(join(tree, 'fuzz', 'engine', 'compare-instrument.js'));
  const { installCompareLog } = require(join(tree, 'fuzz', 'engine', 'compare-log.js'));
  const log = installCompareLog();
  log.logging = false;
  const underTest = (rel) => rel.startsWith('formats/') || rel.startsWith('model/');
  instrumentRequires(resolve(tree), coveredByFuzzing, (code, rel) => (underTest(rel) ? instrumentComparisons(code, rel) : { code, literals: [] }), addLiterals);
}
const { findTarget } = require(join(tree, 'fuzz', 'targets', 'registry.js'));
const { Rng } = require(join(tree, 'fuzz', 'core', 'rng.js'));
const { readInputs, saveInput } = require(join(tree, 'fuzz', 'engine', 'corpus-files.js'));

const target = findTarget(targetId);
if (!target) throw new Error(`no fuzz target ${targetId}`);
let inputs = readInputs(dir).map((i) => i.bytes);
if (inputs.length === 0) {
  const codec = target.structure;
  const seeds = target.seeds().map((s) => s.bytes);
  const pool = seeds.map((b) => codec.decode(b)).filter((s) => s !== undefined);
  const rng = new Rng(1);
  const made = [...seeds];
  for (let i = 0; i < Number(mutantsText) && pool.length; i++) {
    try {
      const s = codec.mutate(codec.clone(rng.pick(pool)), rng, () => rng.pick(pool));
      made.push(codec.encode(s));
      pool.push(s);
    } catch {
      // a mutant the codec cannot encode: not an input
    }
  }
  for (const b of made) saveInput(dir, b);
  inputs = readInputs(dir).map((i) => i.bytes);
}
const runner = target.setup();
// Signature verdicts are remembered per process (formats/image-package/p256-verdicts.ts): a loop over a fixed set
// would verify each signature once and then only look it up, while the engine's inputs are new. So each call
// starts with none remembered, and pays for its verifications as a new input does.
let forget = () => {};
try {
  ({ forgetVerdicts: forget } = require(join(tree, 'formats', 'image-package', 'p256-verdicts.js')));
} catch {
  // a tree from before remembered verdicts
}
const underTest = runner.codeUnderTest ? (b) => runner.codeUnderTest(b) : (b) => { try { runner.run(b); } catch { /* a finding: not the baseline's business */ } };
const call = (b) => {
  forget();
  underTest(b);
};
for (const b of inputs) call(b); // warm-up: once-per-process work and the JIT
if (goFile && stopFile) {
  pacedLoop();
  return;
}
const ms = Number(msText);
const cpuBefore = process.cpuUsage();
const started = performance.now();
let n = 0;
while (performance.now() - started < ms) {
  for (let i = 0; i < inputs.length; i++) {
    call(inputs[i]);
    n++;
    if ((n & 15) === 0 && performance.now() - started >= ms) break;
  }
}
const elapsed = performance.now() - started;
// CPU time of the process (the loop and the garbage collector's threads): runs per CPU-second, which hardly depend on the machine's other load.
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(JSON.stringify({ inputs: inputs.length, runs: n, perSec: (n * 1000) / elapsed, perCpuSec: (n * 1000) / cpuMs, codeUnderTest: Boolean(runner.codeUnderTest) }) + '\n');

/** The paced loop (see the header): from the go file to the stop file, the stop file looked for every 5 ms of wall time. */
function pacedLoop() {
  process.stderr.write('warm\n');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(goFile)) Atomics.wait(nap, 0, 0, 2);
  const cpuBefore = process.cpuUsage();
  let n = 0;
  let lookedAt = performance.now();
  for (let stop = false; !stop; ) {
    for (let i = 0; i < inputs.length; i++) {
      call(inputs[i]);
      n++;
      if ((n & 15) === 0) {
        const now = performance.now();
        if (now - lookedAt >= 5) {
          lookedAt = now;
          if (existsSync(stopFile)) {
            stop = true;
            break;
          }
        }
      }
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(JSON.stringify({ inputs: inputs.length, runs: n, cpuMs, perCpuSec: (n * 1000) / cpuMs, codeUnderTest: Boolean(runner.codeUnderTest) }) + '\n');
}
