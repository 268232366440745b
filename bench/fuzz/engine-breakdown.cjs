// Where the structure-aware engine's time goes, per target (issue 15, item 6): the worker's loop run in this
// process, loaded as structured-worker.ts loads it (istanbul counters, comparisons rewritten, comparison log),
// with a clock around each part of a step: making the input (mutation, clone, encoding), input-to-state (the
// comparison pass and comparisons written at random, the encoding inside it aside), the code under test
// with the cheap oracles (stage, or run for an unstaged target), the expensive oracles (thorough), the coverage
// read-out, the comparison-logging re-run of kept inputs, and the rest (the loop's own bookkeeping). It also
// counts which inputs got which checks. A diagnostic, not a benchmark row: the clocks cost a little themselves.
// Usage: node bench/fuzz/engine-breakdown.cjs <tree> <target> [seconds of engine=6] [seed=1]
'use strict';
const { join } = require('node:path');
const [treeArg, targetId, secondsText = '6', seedText = '1'] = process.argv.slice(2);
const { tree, compareLog, coverage } = require('./instrumented-tree.cjs').instrumentedTree(treeArg);
const { loadTarget } = (() => {
  try {
    return require(join(tree, 'fuzz', 'engine', 'load-target.js'));
  } catch {
    // a tree from before load-target.ts: the registry
    const { findTarget } = require(join(tree, 'fuzz', 'targets', 'registry.js'));
    return { loadTarget: (_tree, id) => findTarget(id) };
  }
})();
const { StructuredLoop } = require(join(tree, 'fuzz', 'engine', 'structured-loop.js'));

const target = loadTarget(tree, targetId);
if (!target) throw new Error(`no fuzz target ${targetId}`);
const runner = target.setup();
const ms = { make: 0, inputToState: 0, stage: 0, thorough: 0, coverage: 0, compareRerun: 0, total: 0 };
const count = { inputs: 0, thorough: 0, compareRerun: 0, kept: 0 };
let inRerun = false;
// Exclusive times: a clock running inside another (an encoding inside input-to-state) is charged to itself only.
const open = [];
const timed = (key, f) => {
  const t = performance.now();
  open.push(0);
  try {
    return f();
  } finally {
    const inner = open.pop();
    const spent = performance.now() - t;
    ms[key] += spent - inner;
    if (open.length) open[open.length - 1] += spent;
  }
};
const codec = target.structure;
const timedCodec = {
  ...codec,
  mutate: (s, rng, donor) => timed('make', () => codec.mutate(s, rng, donor)),
  clone: (s) => timed('make', () => codec.clone(s)),
  encode: (s) => timed('make', () => codec.encode(s)),
};
const timedTarget = { ...target, structure: timedCodec };
const timedRunner = {
  run: (b) => (inRerun ? runner.run(b) : timed('stage', () => runner.run(b))),
};
if (runner.stage) {
  timedRunner.stage = (b) => {
    if (inRerun) return runner.stage(b);
    const staged = timed('stage', () => runner.stage(b));
    return {
      features: staged.features,
      thorough: () => {
        count.thorough++;
        return timed('thorough', () => staged.thorough());
      },
    };
  };
}
// The comparison-logging re-run of a kept input calls the code under test alone (timed by the log's switch).
if (runner.codeUnderTest) timedRunner.codeUnderTest = (b) => runner.codeUnderTest(b);
// The target's own sample of the expensive stage (TargetRunner.thoroughSample), as the worker passes it on.
if (runner.thoroughSample !== undefined) timedRunner.thoroughSample = runner.thoroughSample;
const timedCoverage = {
  collectNew: () => (inRerun ? coverage.collectNew() : timed('coverage', () => coverage.collectNew())),
  // a tree from before discard(): nothing to drop
  discard: () => timed('coverage', () => coverage.discard?.()),
  get features() {
    return coverage.features;
  },
  get covered() {
    return coverage.covered;
  },
};
const timedLog = {
  take: () => compareLog.take(),
  get logging() {
    return compareLog.logging;
  },
  set logging(on) {
    if (on) {
      inRerun = true;
      count.compareRerun++;
    } else inRerun = false;
    compareLog.logging = on;
  },
};
const loop = new StructuredLoop(timedTarget, timedRunner, Number(seedText), timedCoverage, timedLog);
// Input-to-state (the comparison pass and comparisons written at random): the loop's own methods, wrapped.
for (const method of ['nextFromComparisonPass', 'withComparisons']) {
  const original = loop[method].bind(loop);
  loop[method] = (...a) => timed('inputToState', () => original(...a));
}
// The comparison-logging re-run of a kept input.
for (const method of ['comparisonsOf']) {
  if (typeof loop[method] !== 'function') continue;
  const original = loop[method].bind(loop);
  loop[method] = (...a) => (inRerun ? original(...a) : timed('compareRerun', () => original(...a)));
}
for (const s of target.seeds()) loop.addInitial(s.bytes);
for (const k of Object.keys(ms)) ms[k] = 0;
for (const k of Object.keys(count)) count[k] = 0;
// The engine's steps alternate with slices of a loop of the code under test alone over the inputs the engine
// made so far (on this process's instrumented code: the engine's ceiling), so that both see the same load on a
// shared machine; the ratio of the two rates is the engine's overhead beyond the code under test.
const SLICE_MS = 250;
const made = [];
const inner = runner.run;
timedRunner.run = (b) => {
  if (!inRerun && made.length < 4000) made.push(b);
  return inner(b);
};
if (runner.stage) {
  const stage = timedRunner.stage;
  timedRunner.stage = (b) => {
    if (!inRerun && made.length < 4000) made.push(b);
    return stage(b);
  };
}
// As the plain loop's baseline does (plain-loop-process.cjs): remembered signature verdicts are forgotten before
// each call, so that an input seen before pays for its verifications as a new one does.
let forget = () => {};
try {
  ({ forgetVerdicts: forget } = require(join(tree, 'formats', 'image-package', 'p256-verdicts.js')));
} catch {
  // a tree from before remembered verdicts
}
const cut = runner.codeUnderTest ? (b) => (forget(), runner.codeUnderTest(b)) : (b) => (forget(), runner.run(b));
// CPU of this process's main thread and of its other threads (the JIT's compiler threads, the garbage collector's
// helpers), from /proc on Linux: early in a campaign the compiler threads take as much CPU as the loop itself.
function threadCpuMs() {
  const fs = require('node:fs');
  let main = 0;
  let other = 0;
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ');
      const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
      if (Number(tid) === process.pid) main += ms;
      else other += ms;
    }
  } catch {
    return undefined; // not Linux
  }
  return { main, other };
}
const threadsAtStart = threadCpuMs();
let loopMs = 0;
let loopRuns = 0;
let next = 0;
const async = target.id === 'attestation-session' || target.id === 'attestation-serve';
(async () => {
  const budget = Number(secondsText) * 1000;
  while (ms.total < budget) {
    const sliceStart = performance.now();
    while (performance.now() - sliceStart < SLICE_MS) {
      const r = async ? await loop.stepAsync() : loop.step();
      count.inputs++;
      if (r.added) count.kept++;
    }
    ms.total += performance.now() - sliceStart;
    const loopStart = performance.now();
    while (made.length && performance.now() - loopStart < SLICE_MS) {
      try {
        await cut(made[next++ % made.length]);
      } catch {
        // a crash candidate: the loop only counts
      }
      coverage.collectNew(); // keeps the counters from piling up; a typed array's pass
      loopRuns++;
    }
    loopMs += performance.now() - loopStart;
  }
  const measured = ms.make + ms.inputToState + ms.stage + ms.thorough + ms.coverage + ms.compareRerun;
  const per = (x) => `${((x * 1000) / count.inputs).toFixed(1)} µs (${((100 * x) / ms.total).toFixed(0)}%)`;
  const engineRate = (count.inputs * 1000) / ms.total;
  const loopRate = (loopRuns * 1000) / loopMs;
  const threadsAtEnd = threadCpuMs();
  const threads = threadsAtStart && threadsAtEnd ? `; CPU of the main thread ${Math.round(threadsAtEnd.main - threadsAtStart.main)} ms, of the other threads (JIT compiler, GC helpers) ${Math.round(threadsAtEnd.other - threadsAtStart.other)} ms` : '';
  process.stdout.write(
    `${target.id}: engine ${Math.round(engineRate)}/s, code under test alone (instrumented) ${Math.round(loopRate)}/s, ratio ${(engineRate / loopRate).toFixed(2)}; per input: make ${per(ms.make)}, input-to-state ${per(ms.inputToState)}, stage ${per(ms.stage)}, thorough ${per(ms.thorough)}, coverage ${per(ms.coverage)}, compare re-run ${per(ms.compareRerun)}, rest ${per(ms.total - measured)}; ` +
      `${count.inputs} inputs (the first ${made.length} of them ${Math.round(made.reduce((n, b) => n + b.length, 0) / Math.max(1, made.length))} bytes on average), ${count.kept} kept, ${count.thorough} thorough, ${count.compareRerun} re-run with comparisons${threads}\n`,
  );
})();
