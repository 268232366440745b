// Why the code under test runs slower inside the structure-aware engine than looped alone (issue 15): the worker's
// loop, loaded as structured-worker.ts loads it, runs <warm> steps; then the target's cheap stage is timed on the
// inputs the engine ran, each call preceded by one of: nothing (the stage run after run), making one input (the
// mutator: clone, mutate, encode; its coverage dropped), allocating ~30 KB of short-lived objects (garbage alone),
// a whole engine step, or a young-generation collection (with --expose-gc). The modes alternate in slices of
// 100 ms, so they see the same load on a shared machine; each stage call is timed with process CPU (every thread).
// If the stage costs more after making an input than run after run, the engine pays for what comes between two
// runs of the code under test (caches, the collector), not for the code itself. A diagnostic, not a benchmark row.
// Usage: node [--expose-gc] bench/fuzz/stage-interference.cjs <tree> <target> [warm=3000] [seconds=10] [seed=1]
'use strict';
const { join } = require('node:path');
const [treeArg, targetId, warmText = '3000', secondsText = '10', seedText = '1'] = process.argv.slice(2);
const { tree, compareLog, coverage } = require('./instrumented-tree.cjs').instrumentedTree(treeArg);
const { loadTarget } = require(join(tree, 'fuzz', 'engine', 'load-target.js'));
const { StructuredLoop } = require(join(tree, 'fuzz', 'engine', 'structured-loop.js'));
const target = loadTarget(tree, targetId);
if (!target) throw new Error(`no fuzz target ${targetId}`);
const runner = target.setup();
if (!runner.stage) throw new Error(`${targetId} has no cheap stage (an unstaged target): nothing to time`);
const ran = [];
const keeping = { ...runner, stage: (b) => (ran.length < 3000 && ran.push(b), runner.stage(b)) };
const loop = new StructuredLoop(target, keeping, Number(seedText), coverage, compareLog);
for (const s of target.seeds()) loop.addInitial(s.bytes);
for (let i = 0; i < Number(warmText); i++) loop.step();
if (ran.length === 0) throw new Error('the engine ran no input');
let sink = 0;
const before = {
  nothing: () => {},
  // nextInput is the loop's private maker (TypeScript's private is not JavaScript's): what a step makes.
  'making an input': () => {
    sink += loop.nextInput().bytes.length;
    coverage.discard();
  },
  garbage: () => {
    const a = [];
    for (let i = 0; i < 300; i++) a.push({ x: i, y: `k${i}`, z: [i] });
    sink += a.length;
  },
  'a whole step': () => {
    loop.step();
  },
};
if (typeof gc === 'function') before['a young-generation collection'] = () => gc({ type: 'minor' });
const names = Object.keys(before);
const cpuMs = Object.fromEntries(names.map((n) => [n, 0]));
const calls = Object.fromEntries(names.map((n) => [n, 0]));
let next = 0;
const end = performance.now() + Number(secondsText) * 1000;
while (performance.now() < end) {
  for (const name of names) {
    const sliceEnd = performance.now() + 100;
    while (performance.now() < sliceEnd) {
      before[name]();
      const input = ran[next++ % ran.length];
      const t = process.cpuUsage();
      try {
        runner.stage(input);
      } catch {
        // a crash candidate: not this measurement's business
      }
      const u = process.cpuUsage(t);
      cpuMs[name] += (u.user + u.system) / 1000;
      coverage.collectNew();
      calls[name]++;
    }
  }
}
const alone = cpuMs.nothing / calls.nothing;
console.log(
  `${targetId}: the cheap stage's CPU µs per input, after ` +
    names.map((n) => `${n} ${((1000 * cpuMs[n]) / calls[n]).toFixed(1)} (${(cpuMs[n] / calls[n] / alone).toFixed(2)}×)`).join(', ') +
    `; over ${ran.length} of the engine's inputs${sink < 0 ? '' : ''}`,
);
