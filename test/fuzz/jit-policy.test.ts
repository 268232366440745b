/**
 * The fuzzing worker's JIT policy (fuzz/engine/jit-policy.ts): a function whose bytecode is above
 * MAX_OPTIMIZED_BYTECODE_BYTES (an Ajv validator of a large schema) is not optimised by TurboFan, a small one still
 * is. Probed in a child process with V8's natives syntax, on the compiled tree the worker loads; without the policy
 * the same large function reaches TurboFan, which shows the probe can tell.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { MAX_OPTIMIZED_BYTECODE_BYTES } from '../../fuzz/engine/jit-policy.js';

/** A function of about 20 KB of bytecode (900 statements of about 22 bytes each): above the policy's limit, under V8's own 60 KB. */
const PROBE = `
const [tree, mode] = process.argv.slice(1);
if (mode === 'policy') require(require('node:path').join(tree, 'fuzz', 'engine', 'jit-policy.js')).applyFuzzJitPolicy();
const large = new Function('x', 'let s = 0;\\n' + Array.from({ length: 900 }, (_, i) => 's = (s + x.a * ' + i + ') | 0;').join('\\n') + '\\nreturn s;');
const small = (x) => (x.a * 3) | 0;
const turbofan = (f) => (%GetOptimizationStatus(f) & 64) !== 0;
const x = { a: 3 };
for (let i = 0; i < 20000 && !(turbofan(large) && turbofan(small)); i++) { large(x); small(x); }
process.stdout.write(JSON.stringify({ large: turbofan(large), small: turbofan(small) }));
`;

function probe(tree: string, mode: 'policy' | 'default'): { large: boolean; small: boolean } {
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', PROBE, tree, mode], { encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { large: boolean; small: boolean };
}

describe("the fuzzing worker's JIT policy", () => {
  const tree = ensureFuzzBuild(projectRoot()).tree;

  it('keeps TurboFan off functions above its limit, and on for the others', () => {
    expect(MAX_OPTIMIZED_BYTECODE_BYTES).toBeLessThan(19_000);
    expect(probe(tree, 'policy')).toEqual({ large: false, small: true });
  }, 120_000);

  it('the probe sees the large function optimised without the policy', () => {
    expect(probe(tree, 'default')).toEqual({ large: true, small: true });
  }, 120_000);
});
