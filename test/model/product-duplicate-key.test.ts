/**
 * A key written twice in an app manifest of a product is an input error (SF3005): RFC 8259 §4 leaves the
 * value to the parser (first, last, all, or a refusal) and nothing says which one the device uses.
 * test/fixtures/products/manifest-duplicate-key writes "Gpio": [12] then "Gpio": [16]; read last-wins it
 * allocated and compartmentalization said "holds", although GPIO 12 shares Dimmer's block on another core.
 * The same holds for the manifest inside an app image (model/product/images.ts).
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { lint } from '../../model/lint/lint.js';
import { loadProduct } from '../../model/product/product.js';
import { tempDir } from '../helpers.js';
import { loadProductWithImageCapabilities } from '../helpers/product-with-image-manifest.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'products', 'manifest-duplicate-key');
const BLINKY = join(FIXTURE, 'apps', 'blinky-hl', 'app_manifest.json');

describe('a key written twice in a manifest', () => {
  test('in a product: an error at the key, so no property is decided', () => {
    const loaded = loadProduct(join(FIXTURE, 'sevenfold.json'));
    const found = loaded.diagnostics.filter((d) => d.name === 'ProductManifestDuplicateKey');
    expect(found.map((d) => [d.file, d.pointer, d.severity, d.code, d.position.line])).toEqual([[BLINKY, '/Capabilities/Gpio', 'error', CODES.ProductManifestDuplicateKey.code, 9]]);
    expect(loaded.hasErrors).toBe(true);
  });

  test('in a lint run over the tree: still the warning, not the product error', () => {
    const names = lint([BLINKY]).diagnostics.map((d) => d.name);
    expect(names).toContain('DuplicateKey');
    expect(names).not.toContain('ProductManifestDuplicateKey');
  });

  test('a manifest without repeated keys loads without it', () => {
    const loaded = loadProduct(join(FIXTURE, '..', 'cross-core-block', 'sevenfold.json'));
    expect(loaded.diagnostics.map((d) => d.name)).not.toContain('ProductManifestDuplicateKey');
  });
});

describe('a key written twice in the manifest inside an app image', () => {
  test('the image is unreadable at /apps/0/image: the device enforces a manifest whose value is not known', async () => {
    const t = tempDir();
    try {
      const loaded = await loadProductWithImageCapabilities(t, 'duplicate-key test release key', '{"Gpio":[12],"Gpio":[16]}');
      const d = loaded.diagnostics.find((x) => x.pointer === '/apps/0/image' && x.severity === 'error');
      expect(d?.name).toBe('ProductImageUnreadable');
      expect(d?.message).toMatch(/writes \/Capabilities\/Gpio twice/);
      expect(loaded.hasErrors).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});

describe('a key written twice in a hardware definition the product names', () => {
  test('an error at the key: the raw value the build writes into the manifest is not known', () => {
    const t = tempDir();
    try {
      const chipFile = join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference', 'hardware', 'mt3620.json');
      const hardware = t.write(
        'board.json',
        `{"Metadata":{"Type":"Azure Sphere Hardware Definition","Version":1},"Description":{"Name":"board","MainCoreHeaderFileTopContent":[]},"Imports":[{"Path":${JSON.stringify(chipFile)}}],` +
          '"Peripherals":[{"Name":"LED","Type":"Gpio","Mapping":"MT3620_GPIO12","Mapping":"MT3620_GPIO16"}]}',
      );
      t.write('apps/blinky/app_manifest.json', { SchemaVersion: 1, Name: 'Blinky', ComponentId: '3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: ['$LED'] }, ApplicationType: 'Default' });
      const loaded = loadProduct(t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', hardwareDefinition: 'board.json', apps: [{ manifest: 'apps/blinky/app_manifest.json' }] }));
      expect(loaded.diagnostics.filter((d) => d.name === 'ProductManifestDuplicateKey').map((d) => [d.file, d.pointer, d.severity])).toEqual([[hardware, '/Peripherals/0/Mapping', 'error']]);
      expect(loaded.hasErrors).toBe(true);
    } finally {
      t.cleanup();
    }
  });
});
