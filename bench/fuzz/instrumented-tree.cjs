// A compiled tree loaded as a structure-aware campaign's worker loads it (fuzz/engine/structured-worker.ts): the
// model's and formats' code instrumented for istanbul's counters and with its comparisons rewritten to log their
// operands, the comparison log installed, the coverage map read from those counters, and V8's limit on what it
// optimises (jit-policy.ts) set as the worker sets it. Shared by the engine
// diagnostics (engine-steps-cpu, engine-breakdown, stage-interference, steps-to-bug), which each drive the worker's
// loop in their own process. Must be required before anything of the tree under test is.
'use strict';
const { join, resolve } = require('node:path');

function instrumentedTree(treeArg) {
  const tree = resolve(treeArg);
  const fromTree = (...parts) => require(join(tree, ...parts));
  // The worker's JIT policy (fuzz/engine/jit-policy.ts), set before any of the tree's code runs; a tree from before it has none.
  try {
    fromTree('fuzz', 'engine', 'jit-policy.js').applyFuzzJitPolicy();
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND') throw error;
  }
  const { instrumentRequires, coveredByFuzzing, coverageMap } = fromTree('fuzz', 'engine', 'coverage.js');
  const { instrumentComparisons, addLiterals } = fromTree('fuzz', 'engine', 'compare-instrument.js');
  const { installCompareLog } = fromTree('fuzz', 'engine', 'compare-log.js');
  const compareLog = installCompareLog();
  const underTest = (rel) => rel.startsWith('formats/') || rel.startsWith('model/');
  instrumentRequires(tree, coveredByFuzzing, (code, rel) => (underTest(rel) ? instrumentComparisons(code, rel) : { code, literals: [] }), addLiterals);
  return { tree, fromTree, compareLog, coverage: coverageMap() };
}

module.exports = { instrumentedTree };
