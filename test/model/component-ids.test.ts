/**
 * The device tells apps apart by ComponentId, compared as GUIDs: without regard to case and with or
 * without braces. Two apps of one product with equal IDs are one app to the device (installing one
 * replaces the other), so the product is in error at both manifests. A lint run over a tree does not
 * know which apps share a device, so there the same ID is a warning at both manifests.
 */
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { lint } from '../../model/lint/lint.js';
import { loadProduct } from '../../model/product/product.js';
import { VALID_MANIFEST, tempDir } from '../helpers.js';

const HL = { ...VALID_MANIFEST, Name: 'Cloud', ComponentId: '1689D8B2-C835-2E27-27AD-E894D6D15FA9', Capabilities: { Gpio: [8] } };
const RT = { ...VALID_MANIFEST, Name: 'Motor', ComponentId: '{1689d8b2-c835-2e27-27ad-e894d6d15fa9}', ApplicationType: 'RealTimeCapable', EntryPoint: '/bin/motor.out', Capabilities: { Gpio: [12] } };

function writeProduct(t: ReturnType<typeof tempDir>, rt: object) {
  const hl = t.write('apps/cloud/app_manifest.json', HL);
  const motor = t.write('apps/motor/app_manifest.json', rt);
  const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', apps: [{ manifest: 'apps/cloud/app_manifest.json' }, { manifest: 'apps/motor/app_manifest.json' }] });
  return { hl, motor, product };
}

describe('equal ComponentIds', () => {
  test('in one product: DuplicateComponentId, an error at both manifests', () => {
    const t = tempDir();
    try {
      const { hl, motor, product } = writeProduct(t, RT);
      const loaded = loadProduct(product);
      const found = loaded.diagnostics.filter((d) => d.name === 'DuplicateComponentId');
      expect(found.map((d) => [d.file, d.pointer, d.severity])).toEqual([
        [hl, '/ComponentId', 'error'],
        [motor, '/ComponentId', 'error'],
      ]);
      expect(found[0]!.code).toBe(CODES.DuplicateComponentId.code);
      expect(found[0]!.message).toContain('Motor');
      expect(found[1]!.message).toContain('Cloud');
      expect(loaded.hasErrors).toBe(true);
    } finally {
      t.cleanup();
    }
  });

  test('in one product, distinct IDs are fine', () => {
    const t = tempDir();
    try {
      const { product } = writeProduct(t, { ...RT, ComponentId: '005180bc-402f-4cb3-a662-72937dbcde47' });
      expect(loadProduct(product).diagnostics.filter((d) => d.name === 'DuplicateComponentId')).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  test('in a lint run over a tree: ComponentIdReused, a warning at both manifests', () => {
    const t = tempDir();
    try {
      const hl = t.write('a/app_manifest.json', HL);
      const motor = t.write('b/app_manifest.json', RT);
      const result = lint([t.dir]);
      const found = result.diagnostics.filter((d) => d.name === 'ComponentIdReused');
      expect(found.map((d) => [d.file, d.pointer, d.severity])).toEqual([
        [hl, '/ComponentId', 'warning'],
        [motor, '/ComponentId', 'warning'],
      ]);
    } finally {
      t.cleanup();
    }
  });

  test('a product file found by lint reports its duplicates as errors', () => {
    const t = tempDir();
    try {
      writeProduct(t, RT);
      const result = lint([t.dir]);
      expect(result.diagnostics.filter((d) => d.name === 'DuplicateComponentId').length).toBe(2);
      expect(result.counts.error).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  });
});
