/**
 * A platform design the update lab cannot build a release for (test/fixtures/platforms/unsigned-boot: no key to sign
 * a stage with) is a shape of the input: failure-reporting runs its static rules and says why the emulated ones did
 * not run, as renewable-security does. Before s38 it threw out of the property ("the design has no signing key to sign
 * one-bl with"), found when test/properties/rename-invariance.test.ts sampled that fixture.
 */
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { baseFiles, root, writeFiles } from '../properties/metamorphic-inputs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('failure-reporting on a design the update lab cannot provision', () => {
  it('unsigned-boot: a verdict naming why the emulated checks did not run, not a thrown error', async () => {
    // Written out as the metamorphic tests write it: every design a file of the product's own, so the built-in update
    // design's provenance rule does not stop the property before the lab.
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-unprovisionable-'));
    try {
      const { product } = loadProduct(writeFiles(dir, baseFiles(`file:${join(root, 'test/fixtures/platforms/unsigned-boot/sevenfold.json')}`, dir)));
      const result = await checkFailureReporting(product!, checkContext({ seed: 1, runs: 1, requirements: smallSearchProfile() }));
      expect(['violated', 'unknown']).toContain(result.verdict);
      expect(JSON.stringify(result)).toContain('the update lab cannot be provisioned from this design: the design has no signing key to sign one-bl with');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
