// CPU per input of the structure-aware engine over a fixed number of inputs (issue 15): the worker's loop, loaded as
// structured-worker.ts loads it (istanbul counters, comparisons rewritten and gated, the comparison log), run in
// this process for <warm> inputs and then measured over <steps> more, with process CPU time (every thread: the
// loop, the JIT's compiler threads, the garbage collector). A count of inputs, not a time: on a machine shared with
// other work a timed run of a few seconds gets a fraction of a core and measures mostly the engine's warm-up, while
// the same inputs cost the same CPU under any load. Two trees (a before and an after copy of dist-fuzz/) run side
// by side see the same load. With <sample dir>, one input in 16 of those measured is saved there (as the benchmark
// samples the engine's inputs), for plain-loop-process.cjs to loop over: the baseline over the same inputs.
// A diagnostic for before/after figures, not a benchmark row: bench/fuzz/throughput-vs-loop.ts is the row. It also
// prints the loop's features and covered counters at the end: two trees whose campaigns differ (a change to the
// order of inputs) are compared by what they found, not only by what each input cost.
// Usage: node bench/fuzz/engine-steps-cpu.cjs <tree> <target> <warm> <steps> [seed=1] [sample dir]
'use strict';
const { join, resolve } = require('node:path');
const [treeArg, targetId, warmText, stepsText, seedText = '1', sampleDir] = process.argv.slice(2);
const { tree, compareLog, coverage } = require('./instrumented-tree.cjs').instrumentedTree(treeArg);
const { loadTarget } = require(join(tree, 'fuzz', 'engine', 'load-target.js'));
const { StructuredLoop, WORKER_MAKE_AHEAD } = require(join(tree, 'fuzz', 'engine', 'structured-loop.js'));
// As the worker makes its inputs (a tree from before WORKER_MAKE_AHEAD makes them one by one).
const loopOptions = { makeAhead: WORKER_MAKE_AHEAD ?? 1 };
const { sampleHash } = require(join(tree, 'fuzz', 'core', 'staged-run.js'));
const { saveInput } = require(join(tree, 'fuzz', 'engine', 'corpus-files.js'));

const target = loadTarget(tree, targetId);
if (!target) throw new Error(`no fuzz target ${targetId}`);
const runner = target.setup();
const loop = new StructuredLoop(target, runner, Number(seedText), coverage, compareLog, loopOptions);
for (const s of target.seeds()) loop.addInitial(s.bytes);
const warm = Number(warmText);
const steps = Number(stepsText);
let crashes = 0;
for (let i = 0; i < warm; i++) if (loop.step().crash) crashes++;
const corpusBefore = loop.corpus.length;
let sampled = 0;
const cpuBefore = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < steps; i++) {
  const r = loop.step();
  if (r.crash) crashes++;
  else if (sampleDir && r.ran && sampled < 600 && sampleHash(r.ran) % 16 === 5) {
    saveInput(resolve(sampleDir), r.ran);
    sampled++;
  }
}
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  JSON.stringify({ target: targetId, tree: treeArg, warm, steps, cpuUsPerInput: +((cpuMs * 1000) / steps).toFixed(1), perCpuSec: Math.round((steps * 1000) / cpuMs), wallMs: Math.round(performance.now() - started), kept: loop.corpus.length - corpusBefore, corpus: loop.corpus.length, features: loop.features, covered: loop.covered, crashes, sampled }) + '\n',
);
