/**
 * A one-app product whose app image carries a manifest text of the test's choosing beside a plain product manifest
 * (Gpio 16): for tests of what the image reader does with a manifest the product's reading would refuse.
 */
import { APP_MANIFEST_PATH } from '../../formats/asxipfs/format.js';
import { writeAsxipfs } from '../../formats/asxipfs/write.js';
import { buildImagePackage, createSelfSignedCertificate, readCertificate } from '../../formats/image-package/index.js';
import { loadProduct } from '../../model/product/product.js';
import { keyFromLabel } from '../fixtures/images/make-fixtures.js';
import type { tempDir } from '../helpers.js';

const HEAD = '{"SchemaVersion":1,"Name":"Blinky","ComponentId":"3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c","EntryPoint":"/bin/app","CmdArgs":[],"ApplicationType":"Default","Capabilities":';

/** Loads the product; `capabilities` is the JSON text of the image manifest's Capabilities object, written as given. */
export async function loadProductWithImageCapabilities(t: ReturnType<typeof tempDir>, keyLabel: string, capabilities: string) {
  const key = keyFromLabel(keyLabel);
  const pem = await createSelfSignedCertificate(key, { subject: 'CN=release', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2046-01-01T00:00:00Z') });
  t.write('release.pem', pem);
  t.write('apps/blinky/app_manifest.json', `${HEAD}{"Gpio":[16]}}`);
  const body = writeAsxipfs([
    { path: APP_MANIFEST_PATH, data: new TextEncoder().encode(`${HEAD}${capabilities}}`) },
    { path: 'bin/app', data: new TextEncoder().encode('app'), executable: true },
  ]);
  const image = buildImagePackage({ body, imageType: 10, componentId: '3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c', imageId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', name: 'Blinky', buildDate: 1767225600, certificate: readCertificate(pem) }, key);
  t.write('blinky.imagepackage', Buffer.from(image));
  const product = t.write('sevenfold.json', { schemaVersion: 1, name: 'p', chip: 'mt3620', trustedImageCertificates: ['release.pem'], apps: [{ manifest: 'apps/blinky/app_manifest.json', image: 'blinky.imagepackage' }] });
  return loadProduct(product);
}
