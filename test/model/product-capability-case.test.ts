/**
 * A capability key that is a known capability in another case (formats/manifest/capability-name-variants.ts)
 * is an input error in a product (SF3006): whether the device grants it is not known. The fixture
 * test/fixtures/products/manifest-capability-case writes "GPIO": [12] and "allowedConnections" beside
 * "Gpio": [16]; read exactly, compartmentalization held and certificate-authentication found no connection.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { capabilityInAnotherCase } from '../../formats/manifest/capability-name-variants.js';
import { lint } from '../../model/lint/lint.js';
import { loadProduct } from '../../model/product/product.js';
import { tempDir } from '../helpers.js';
import { loadProductWithImageCapabilities } from '../helpers/product-with-image-manifest.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'products', 'manifest-capability-case');
const BLINKY = join(FIXTURE, 'apps', 'blinky-hl', 'app_manifest.json');

describe('a known capability written in another case', () => {
  test('names the capability it folds to, and nothing for exact or unknown names', () => {
    expect(capabilityInAnotherCase('allowedConnections')).toBe('AllowedConnections');
    expect(capabilityInAnotherCase('GPIO')).toBe('Gpio');
    expect(capabilityInAnotherCase('Gpio')).toBeUndefined();
    expect(capabilityInAnotherCase('FooBar')).toBeUndefined();
    expect(capabilityInAnotherCase('toString')).toBeUndefined();
  });

  test('in a product: an error at each such key, so no property is decided', () => {
    const loaded = loadProduct(join(FIXTURE, 'sevenfold.json'));
    const found = loaded.diagnostics.filter((d) => d.name === 'ProductCapabilityNameVariant');
    expect(found.map((d) => [d.file, d.pointer, d.severity, d.code])).toEqual([
      [BLINKY, '/Capabilities/GPIO', 'error', CODES.ProductCapabilityNameVariant.code],
      [BLINKY, '/Capabilities/allowedConnections', 'error', CODES.ProductCapabilityNameVariant.code],
    ]);
    expect(loaded.hasErrors).toBe(true);
  });

  test('a top-level field in another case too: "applicationType" may make the app real-time on the device', () => {
    const t = tempDir();
    try {
      const manifest = t.write('app_manifest.json', { SchemaVersion: 1, Name: 'Motor', ComponentId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [9] }, applicationType: 'RealTimeCapable' });
      const loaded = loadProduct(t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', apps: [{ manifest: 'app_manifest.json' }] }));
      const found = loaded.diagnostics.filter((d) => d.name === 'ProductCapabilityNameVariant');
      expect(found.map((d) => [d.file, d.pointer])).toEqual([[manifest, '/applicationType']]);
    } finally {
      t.cleanup();
    }
  });

  test('in a lint run: still the warning, not the product error', () => {
    const names = lint([BLINKY]).diagnostics.map((d) => d.name);
    expect(names).toContain('UnknownCapability');
    expect(names).not.toContain('ProductCapabilityNameVariant');
  });

  test('a manifest with exact names loads without it', () => {
    const loaded = loadProduct(join(FIXTURE, '..', 'cross-core-block', 'sevenfold.json'));
    expect(loaded.diagnostics.map((d) => d.name)).not.toContain('ProductCapabilityNameVariant');
  });
});

describe('a known capability in another case inside an app image', () => {
  test('the image is unreadable at /apps/0/image: the device enforces a manifest whose grants are not known', async () => {
    const t = tempDir();
    try {
      const loaded = await loadProductWithImageCapabilities(t, 'capability-case test release key', '{"Gpio":[16],"gpio":[12]}');
      const d = loaded.diagnostics.find((x) => x.pointer === '/apps/0/image' && x.severity === 'error');
      expect(d?.name).toBe('ProductImageUnreadable');
      expect(d?.message).toMatch(/ProductCapabilityNameVariant at \/Capabilities\/gpio/);
    } finally {
      t.cleanup();
    }
  });
});
