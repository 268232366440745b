/**
 * A fuzz target loaded from a compiled CommonJS tree by its own module alone (fuzz/targets/<id>.js, which
 * exports it), not through the registry, which loads every target and every reader they reach. The
 * instrumented engines pay for every loaded file on every input: the structure-aware loop reads every coverage
 * counter after each input (12,400 with the registry, 1,100 to 7,000 for one target), and jsfuzz's worker walks
 * them all, by string key, to total its coverage. Loading one target is also what the engine's baseline
 * (bench/fuzz/plain-loop-process.cjs) measures the code under test with. The registry is the fallback, for a
 * target whose module is named otherwise. Used by the worker threads and jsfuzz's entry (CommonJS: require).
 */
// A target module reached through the registry had cborg's CommonJS fallback installed by the attestation
// targets listed before it; loaded alone, it gets it from here (before any target module is required).
import '../targets/attestation/cborg-require.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FuzzTarget } from '../core/target.js';

/** The file a target's id names in a compiled tree (ids are lowercase words joined by dashes). */
export const targetModuleFile = (tree: string, id: string): string | undefined => (/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id) ? join(tree, 'fuzz', 'targets', `${id}.js`) : undefined);

const isTarget = (value: unknown, id: string): value is FuzzTarget<unknown> =>
  typeof value === 'object' && value !== null && (value as { id?: unknown }).id === id && typeof (value as { setup?: unknown }).setup === 'function';

export function loadTarget(tree: string, id: string): FuzzTarget<unknown> | undefined {
  const file = targetModuleFile(tree, id);
  if (file && existsSync(file)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.values(require(file) as Record<string, unknown>).find((v) => isTarget(v, id));
    if (exported) return exported;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const registry = require(join(tree, 'fuzz', 'targets', 'registry.js')) as typeof import('../targets/registry.js');
  return registry.findTarget(id);
}
