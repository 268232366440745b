/**
 * Crashes that were found and fixed stay fixed: every input saved under fuzz/regressions/<target>/ is
 * replayed through its target and every oracle (the replay jsfuzz's --regression flag promises and does not do).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { crashIdentity } from '../../fuzz/core/stack.js';
import { TARGETS } from '../../fuzz/targets/registry.js';

const root = join(projectRoot(), 'fuzz', 'regressions');

describe.each(TARGETS.map((t) => [t.id, t] as const))('regression inputs of %s', (id, target) => {
  const dir = join(root, id);
  const inputs = existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.') && !/\.(md|txt)$/.test(f)).sort() : [];
  const runner = target.setup();

  it('has a folder for its regression inputs', () => {
    expect(existsSync(dir)).toBe(true);
  });

  it.each(inputs.length ? inputs : ['(none yet)'])('%s passes every oracle', async (name) => {
    if (!inputs.length) return;
    const bytes = new Uint8Array(readFileSync(join(dir, name)));
    try {
      await runner.run(bytes);
    } catch (error) {
      const id = crashIdentity(error);
      throw new Error(`fuzz/regressions/${target.id}/${name} fails again: ${id.key}\n${id.stack}`);
    }
  });
});
