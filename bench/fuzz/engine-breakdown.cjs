// Where the structure-aware engine's time goes, per target (issue 15, item 6): the worker's loop run in this
// process, loaded as structured-worker.ts loads it (istanbul counters, comparisons rewritten, comparison log),
// with a clock around each part of a step: making the input (mutation, clone, encoding), the code under test
// with the cheap oracles (stage, or run for an unstaged target), the expensive oracles (thorough), the coverage
// read-out, the comparison-logging re-run of kept inputs, and the rest (the loop's own bookkeeping). It also
// counts which inputs got which checks. A diagnostic, not a benchmark row: the clocks cost a little themselves.
// Usage: node bench/fuzz/engine-breakdown.cjs <tree> <target> [seconds=6] [seed=1]
'use strict';
const { join, resolve } = require('node:path');
const [treeArg, targetId, secondsText = '6', seedText = '1'] = process.argv.slice(2);
const tree = resolve(treeArg);
const { instrumentRequires, coveredByFuzzing, coverageMap } = require(join(tree, 'fuzz', 'engine', 'coverage.js'));
const { instrumentComparisons, addLiterals } = require(join(tree, 'fuzz', 'engine', 'compare-instrument.js'));
const { installCompareLog } = require(join(tree, 'fuzz', 'engine', 'compare-log.js'));
const compareLog = installCompareLog();
const underTest = (rel) => rel.startsWith('formats/') || rel.startsWith('model/');
instrumentRequires(tree, coveredByFuzzing, (code, rel) => (underTest(rel) ? instrumentComparisons(code, rel) : { code, literals: [] }), addLiterals);
const coverage = coverageMap();
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
const ms = { make: 0, stage: 0, thorough: 0, coverage: 0, compareRerun: 0, total: 0 };
const count = { inputs: 0, thorough: 0, compareRerun: 0, kept: 0 };
let inRerun = false;
const timed = (key, f) => {
  const t = performance.now();
  try {
    return f();
  } finally {
    ms[key] += performance.now() - t;
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
const timedCoverage = {
  collectNew: () => (inRerun ? coverage.collectNew() : timed('coverage', () => coverage.collectNew())),
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
      this._t = performance.now();
    } else if (inRerun) {
      inRerun = false;
      ms.compareRerun += performance.now() - this._t;
    }
    compareLog.logging = on;
  },
};
const loop = new StructuredLoop(timedTarget, timedRunner, Number(seedText), timedCoverage, timedLog);
for (const s of target.seeds()) loop.addInitial(s.bytes);
for (const k of Object.keys(ms)) ms[k] = 0;
for (const k of Object.keys(count)) count[k] = 0;
const started = performance.now();
const until = started + Number(secondsText) * 1000;
const async = target.id === 'attestation-session' || target.id === 'attestation-serve';
(async () => {
  while (performance.now() < until) {
    const r = async ? await loop.stepAsync() : loop.step();
    count.inputs++;
    if (r.added) count.kept++;
  }
  ms.total = performance.now() - started;
  const measured = ms.make + ms.stage + ms.thorough + ms.coverage + ms.compareRerun;
  const per = (x) => `${((x * 1000) / count.inputs).toFixed(1)} µs (${((100 * x) / ms.total).toFixed(0)}%)`;
  process.stdout.write(
    `${target.id}: ${Math.round((count.inputs * 1000) / ms.total)}/s; per input: make ${per(ms.make)}, stage ${per(ms.stage)}, thorough ${per(ms.thorough)}, coverage ${per(ms.coverage)}, compare re-run ${per(ms.compareRerun)}, rest ${per(ms.total - measured)}; ` +
      `${count.inputs} inputs, ${count.kept} kept, ${count.thorough} thorough, ${count.compareRerun} re-run with comparisons\n`,
  );
})();
