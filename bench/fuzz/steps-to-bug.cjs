// Steps to a bug for a seeded structure-aware campaign in this process (issue 15): the worker's loop, loaded as
// structured-worker.ts loads it, stepped until its first crash or <max> steps; prints the step and the crash's
// headline. A count of inputs, not a time, so it hardly depends on the machine's load: two trees with a planted bug
// (a copy of dist-fuzz/ with the bug's edit applied to its compiled file, and a second copy with the engine change
// under test) run over the same seeds tell whether a change to the loop's order of inputs finds the bug later.
// bench/fuzz/run.ts (npm run bench:fuzz) is the benchmark; this is a diagnostic for a change to the loop.
// Usage: node bench/fuzz/steps-to-bug.cjs <tree> <target> <seed> [max=20000]
'use strict';
const { join } = require('node:path');
const [treeArg, targetId, seedText, maxText = '20000'] = process.argv.slice(2);
const { tree, compareLog, coverage } = require('./instrumented-tree.cjs').instrumentedTree(treeArg);
const { loadTarget } = require(join(tree, 'fuzz', 'engine', 'load-target.js'));
const { StructuredLoop, WORKER_MAKE_AHEAD } = require(join(tree, 'fuzz', 'engine', 'structured-loop.js'));
// As the worker makes its inputs (a tree from before WORKER_MAKE_AHEAD makes them one by one).
const loopOptions = { makeAhead: WORKER_MAKE_AHEAD ?? 1 };
const target = loadTarget(tree, targetId);
if (!target) throw new Error(`no fuzz target ${targetId}`);
const loop = new StructuredLoop(target, target.setup(), Number(seedText), coverage, compareLog, loopOptions);
for (const s of target.seeds()) loop.addInitial(s.bytes);
let step = 0;
let crash;
while (step < Number(maxText) && !crash) {
  step++;
  crash = loop.step().crash;
}
process.stdout.write(JSON.stringify({ tree: treeArg, target: targetId, seed: Number(seedText), steps: crash ? step : null, headline: crash?.identity.headline.slice(0, 120), corpus: loop.corpus.length }) + '\n');
