/**
 * A capability key that is a known capability in another case (formats/manifest/capability-name-variants.ts)
 * is an input error in a product (SF3006): whether the device grants it is not known. The fixture
 * test/fixtures/products/manifest-capability-case writes "GPIO": [12] and "allowedConnections" beside
 * "Gpio": [16]; read exactly, compartmentalization held and certificate-authentication found no connection.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { APP_MANIFEST_PATH } from '../../formats/asxipfs/format.js';
import { writeAsxipfs } from '../../formats/asxipfs/write.js';
import { CODES } from '../../formats/diagnostics/codes.js';
import { buildImagePackage, createSelfSignedCertificate, readCertificate } from '../../formats/image-package/index.js';
import { capabilityInAnotherCase } from '../../formats/manifest/capability-name-variants.js';
import { lint } from '../../model/lint/lint.js';
import { loadProduct } from '../../model/product/product.js';
import { keyFromLabel } from '../fixtures/images/make-fixtures.js';
import { tempDir } from '../helpers.js';

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
      const key = keyFromLabel('capability-case test release key');
      const pem = await createSelfSignedCertificate(key, { subject: 'CN=release', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2046-01-01T00:00:00Z') });
      t.write('release.pem', pem);
      const head = '{"SchemaVersion":1,"Name":"Blinky","ComponentId":"3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c","EntryPoint":"/bin/app","CmdArgs":[],"ApplicationType":"Default","Capabilities":';
      t.write('apps/blinky/app_manifest.json', `${head}{"Gpio":[16]}}`);
      const body = writeAsxipfs([
        { path: APP_MANIFEST_PATH, data: new TextEncoder().encode(`${head}{"Gpio":[16],"gpio":[12]}}`) },
        { path: 'bin/app', data: new TextEncoder().encode('app'), executable: true },
      ]);
      const image = buildImagePackage({ body, imageType: 10, componentId: '3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c', imageId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', name: 'Blinky', buildDate: 1767225600, certificate: readCertificate(pem) }, key);
      t.write('blinky.imagepackage', Buffer.from(image));
      const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', trustedImageCertificates: ['release.pem'], apps: [{ manifest: 'apps/blinky/app_manifest.json', image: 'blinky.imagepackage' }] });
      const loaded = loadProduct(product);
      const d = loaded.diagnostics.find((x) => x.pointer === '/apps/0/image' && x.severity === 'error');
      expect(d?.name).toBe('ProductImageUnreadable');
      expect(d?.message).toMatch(/ProductCapabilityNameVariant at \/Capabilities\/gpio/);
    } finally {
      t.cleanup();
    }
  });
});
