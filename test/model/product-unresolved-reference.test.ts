/**
 * A "$NAME" reference in a product with no hardware definition names no pin: the device only sees the raw
 * value the build substitutes (azure-sphere-facts §1.1). Left out of the claims, it let compartmentalization
 * prove an allocation the device refuses (test/fixtures/products/reference-without-hardware: GPIO 12 on the
 * A7 and GPIO 14 on an M4 share block GPIO-3, and verify said "holds"). Loading such a product is an input
 * error at the reference (SF3004), so no property is decided without the claim.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { allocate } from '../../model/isolation/allocation.js';
import { compartmentsOf } from '../../model/isolation/apps.js';
import { claimsOf } from '../../model/isolation/claims.js';
import { loadProduct } from '../../model/product/product.js';
import { VALID_MANIFEST, tempDir } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'products');

describe('a "$NAME" reference the product cannot resolve', () => {
  test('with no hardwareDefinition: an error at the reference, and the product is not verified', () => {
    const loaded = loadProduct(join(FIXTURES, 'reference-without-hardware', 'sevenfold.json'));
    const found = loaded.diagnostics.filter((d) => d.name === 'ProductReferenceUnresolved');
    expect(found.map((d) => [d.file, d.pointer, d.severity, d.code])).toEqual([
      [join(FIXTURES, 'reference-without-hardware', 'apps', 'panel-hl', 'app_manifest.json'), '/Capabilities/Gpio/0', 'error', CODES.ProductReferenceUnresolved.code],
    ]);
    expect(found[0]!.message).toContain('$THERMOSTAT_BUTTON_UP');
    expect(found[0]!.position).toEqual({ line: 8, column: 15 });
    expect(loaded.hasErrors).toBe(true);
  });

  test('the same apps with the hardware definition named: the claim is there and the allocation finds the conflict it hid', () => {
    const loaded = loadProduct(join(FIXTURES, 'reference-with-hardware', 'sevenfold.json'));
    expect(loaded.hasErrors).toBe(false);
    const product = loaded.product!;
    const compartments = compartmentsOf(product);
    const claims = claimsOf(product, compartments);
    expect(claims.map((c) => `${c.compartment.name} ${c.capability} ${c.value} ${c.block.id}`).sort()).toEqual(['Motor Gpio 14 GPIO-3', 'Panel Gpio 12 GPIO-3']);
    expect(allocate(product.chip, compartments, claims).ok).toBe(false);
  });

  test('raw values need no hardware definition', () => {
    const t = tempDir();
    try {
      t.write('apps/a/app_manifest.json', { ...VALID_MANIFEST, Capabilities: { Gpio: [12] } });
      const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', apps: [{ manifest: 'apps/a/app_manifest.json' }] });
      const loaded = loadProduct(product);
      expect(loaded.diagnostics.map((d) => d.name)).not.toContain('ProductReferenceUnresolved');
      expect(loaded.hasErrors).toBe(false);
    } finally {
      t.cleanup();
    }
  });
});
