/**
 * fuzz/targets/target-ids.ts is a second copy of the registry's ids, kept so that `sevenfold fuzz --help`
 * lists the targets without loading them; this holds the copy equal to the registry, order included.
 */
import { describe, expect, it } from 'vitest';
import { FUZZ_TARGET_IDS } from '../../fuzz/targets/target-ids.js';
import { TARGETS } from '../../fuzz/targets/registry.js';

describe('the fuzz target ids that --help lists', () => {
  it('are the registry\'s ids, in its order', () => {
    expect([...FUZZ_TARGET_IDS]).toEqual(TARGETS.map((t) => t.id));
  });
});
