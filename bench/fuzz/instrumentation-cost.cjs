// What the structure-aware engine's instrumentation costs the code under test (issue 15, item 6): the target's
// code under test loaded twice in one process, plain from one compiled tree and instrumented (istanbul counters,
// comparisons rewritten and gated, logging off: as the worker loads it) from another, run over the same inputs in
// alternating slices of 150 ms, so that both see the same load on a shared machine; CPU per input of each, and
// the ratio. With mode `istanbul`, the counters alone (no comparison pass). A diagnostic, not a benchmark row.
// The two trees must be different folders (a copy of dist-fuzz/ for the plain code): a module loaded once is
// not loaded again from the same path.
// Usage: node bench/fuzz/instrumentation-cost.cjs <plain tree> <tree> <target> <inputs dir> [full|istanbul] [seconds=8]
'use strict';
const { join, resolve } = require('node:path');
const [plainTree, instrumentedTree, targetId, dir, mode = 'full', secondsText = '8'] = process.argv.slice(2);
const plain = resolve(plainTree);
const instrumented = resolve(instrumentedTree);
if (plain === instrumented) throw new Error('the plain and the instrumented tree must be different folders');
const { instrumentRequires, coveredByFuzzing } = require(join(instrumented, 'fuzz', 'engine', 'coverage.js'));
const { instrumentComparisons, addLiterals } = require(join(instrumented, 'fuzz', 'engine', 'compare-instrument.js'));
const { installCompareLog } = require(join(instrumented, 'fuzz', 'engine', 'compare-log.js'));
const log = installCompareLog();
log.logging = false;
const underTest = (rel) => rel.startsWith('formats/') || rel.startsWith('model/');
if (mode === 'istanbul') instrumentRequires(instrumented, coveredByFuzzing);
else instrumentRequires(instrumented, coveredByFuzzing, (code, rel) => (underTest(rel) ? instrumentComparisons(code, rel) : { code, literals: [] }), addLiterals);
const { readInputs } = require(join(plain, 'fuzz', 'engine', 'corpus-files.js'));
const inputs = readInputs(resolve(dir)).map((i) => i.bytes);
if (inputs.length === 0) throw new Error(`no inputs in ${dir} (the benchmark's loop inputs: fuzz-out/bench/loop-inputs/<target>)`);
const trees = [plain, instrumented];
const runners = trees.map((t) => require(join(t, 'fuzz', 'targets', 'registry.js')).findTarget(targetId).setup());
// As plain-loop-process.cjs: remembered signature verdicts are forgotten before each call.
const forgetters = trees.map((t) => {
  try {
    return require(join(t, 'formats', 'image-package', 'p256-verdicts.js')).forgetVerdicts;
  } catch {
    return () => {};
  }
});
const call = (k, bytes) => {
  forgetters[k]();
  try {
    runners[k].codeUnderTest ? runners[k].codeUnderTest(bytes) : runners[k].run(bytes);
  } catch {
    // a finding: not this measurement's business
  }
};
for (let round = 0; round < 3; round++) for (const b of inputs) (call(0, b), call(1, b)); // warm-up
const cpu = [0, 0];
const runs = [0, 0];
const end = performance.now() + Number(secondsText) * 1000;
for (let k = 0; performance.now() < end; k ^= 1) {
  const before = process.cpuUsage();
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < 150) for (let i = 0; i < 16; i++, n++) call(k, inputs[(runs[k] + n) % inputs.length]);
  const used = process.cpuUsage(before);
  cpu[k] += used.user + used.system;
  runs[k] += n;
}
const us = cpu.map((c, k) => c / runs[k]);
console.log(JSON.stringify({ target: targetId, mode, plainUsPerInput: +us[0].toFixed(1), instrumentedUsPerInput: +us[1].toFixed(1), ratio: +(us[1] / us[0]).toFixed(3) }));
