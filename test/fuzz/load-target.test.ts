/**
 * The engines' workers load a target by its own module (fuzz/engine/load-target.ts), not through the registry,
 * so that they instrument and read the counters of that target's code only. Each target must load that way in a
 * fresh process (a module that relied on one listed before it in the registry, for cborg's CommonJS fallback,
 * failed once), be the registry's target of that id, and leave the registry and the other targets unloaded.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { FUZZ_TARGET_IDS } from '../../fuzz/targets/target-ids.js';

const root = projectRoot();

describe('loading one fuzz target in a worker', () => {
  it('loads each target from its own module alone, in a fresh process', () => {
    const tree = ensureFuzzBuild(root).tree;
    const script = `
      const { join } = require('node:path');
      const [tree, id] = process.argv.slice(1);
      const { loadTarget } = require(join(tree, 'fuzz', 'engine', 'load-target.js'));
      const target = loadTarget(tree, id);
      target.setup();
      process.stdout.write(JSON.stringify({ id: target.id, registry: Object.keys(require.cache).some((f) => f.endsWith(join('fuzz', 'targets', 'registry.js'))), seeds: target.seeds().length }));`;
    const results = FUZZ_TARGET_IDS.map((id) => {
      const run = spawnSync(process.execPath, ['-e', script, tree, id], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr, id).toBe('');
      return JSON.parse(run.stdout) as { id: string; registry: boolean; seeds: number };
    });
    expect(results.map((r) => r.id)).toEqual([...FUZZ_TARGET_IDS]);
    expect(results.filter((r) => r.registry).map((r) => r.id)).toEqual([]);
    expect(results.every((r) => r.seeds > 0)).toBe(true);
  }, 240_000);

  it('falls back to the registry for an id that names no module of its own', () => {
    const tree = ensureFuzzBuild(root).tree;
    const run = spawnSync(process.execPath, ['-e', `const { loadTarget } = require(${JSON.stringify(join(tree, 'fuzz', 'engine', 'load-target.js'))}); process.stdout.write(String(loadTarget(${JSON.stringify(tree)}, 'no-such-target')));`], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toBe('undefined');
  }, 120_000);
});
