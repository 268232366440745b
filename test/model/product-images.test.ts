/**
 * The product's app images are read: each rule of model/product/images.ts, on small products written to a
 * temporary folder with images built the way the SDK builds them (model/product/build-app-image.ts), and on
 * the committed image fixtures, which their script must regenerate byte for byte.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { buildImageSections, readCertificate, signImagePackage, signingKeyToPem, createSelfSignedCertificate, type SigningCertificate, type SigningKey, type TemporaryChoice } from '../../formats/image-package/index.js';
import type { JsonObject } from '../../formats/json/located-json.js';
import { parseLocatedText } from '../../formats/json/located-json.js';
import { buildAppImage, buildProductImages } from '../../model/product/build-app-image.js';
import { readImageTrust } from '../../model/product/images.js';
import { loadProduct, type LoadedProduct } from '../../model/product/product.js';
import { SDK_TEST_CERTIFICATE_PEM, sdkTestCertificate } from '../../formats/image-package/sdk-test-certificate.js';
import { keyFromLabel } from '../fixtures/images/make-fixtures.js';
import { IMAGE_FIXTURES, makeImageFixtures, makeImageKeys } from '../fixtures/products/make-image-products.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const fixtures = resolve(root, 'test/fixtures/products');
const VALIDITY = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2046-01-01T00:00:00Z') };

const RELEASE_KEY = keyFromLabel('product-images test release key');
const DEV_KEY = keyFromLabel('product-images test development key');
const STRANGER_KEY = keyFromLabel('product-images test stranger key');
const pems: Record<string, string> = {};
async function certificateOf(key: SigningKey, subject: string): Promise<string> {
  pems[subject] ??= await createSelfSignedCertificate(key, { subject: `CN=${subject}`, ...VALIDITY });
  return pems[subject]!;
}

const MANIFEST = {
  SchemaVersion: 1,
  Name: 'Blinky',
  ComponentId: '3b1f6a2c-0d4e-4f8a-9b7c-1e2d3f4a5b6c',
  EntryPoint: '/bin/app',
  CmdArgs: [],
  Capabilities: { Gpio: [8], AllowedConnections: ['telemetry.example.net'] },
  ApplicationType: 'Default',
};

interface ImagePlan {
  manifest?: object;
  signer?: 'release' | 'development' | 'stranger';
  temporary?: TemporaryChoice;
  editManifest?: (m: JsonObject) => void;
  /** Other files of the product folder (path: JSON). */
  extraFiles?: Record<string, object>;
  /** Bytes written instead of a built image. */
  raw?: Uint8Array | string;
  product?: Record<string, unknown>;
}

const temps: ReturnType<typeof tempDir>[] = [];
afterAll(() => temps.forEach((t) => t.cleanup()));

/** A one-app product with an image, in a temporary folder, loaded. */
async function imageProduct(plan: ImagePlan = {}): Promise<{ loaded: LoadedProduct; dir: string; file: string }> {
  const t = tempDir();
  temps.push(t);
  t.write('keys/release.pem', await certificateOf(RELEASE_KEY, 'release'));
  t.write('keys/development.pem', await certificateOf(DEV_KEY, 'development'));
  t.write('apps/blinky/app_manifest.json', plan.manifest ?? MANIFEST);
  for (const [path, content] of Object.entries(plan.extraFiles ?? {})) t.write(path, content);
  const file = t.write('sevenfold.json', {
    schemaVersion: 1,
    name: 'image test',
    chip: 'mt3620',
    trustedImageCertificates: ['keys/release.pem'],
    testImageCertificates: ['keys/development.pem'],
    apps: [{ manifest: 'apps/blinky/app_manifest.json', image: 'images/blinky.imagepackage' }],
    ...plan.product,
  });
  if (plan.raw !== undefined) t.write('images/blinky.imagepackage', typeof plan.raw === 'string' ? plan.raw : Buffer.from(plan.raw));
  else if (plan.signer !== undefined || plan.editManifest || plan.temporary) {
    const signer = plan.signer ?? 'release';
    const key = { release: RELEASE_KEY, development: DEV_KEY, stranger: STRANGER_KEY }[signer];
    const certificate = readCertificate(await certificateOf(key, signer));
    const images = buildProductImages(file, () => ({ key, certificate, buildDate: 1767225600, imageId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', ...(plan.temporary ? { temporary: plan.temporary } : {}), ...(plan.editManifest ? { editManifest: plan.editManifest } : {}) }));
    for (const [path, bytes] of images) t.write(path.slice(t.dir.length + 1), Buffer.from(bytes));
  }
  return { loaded: loadProduct(file), dir: t.dir, file };
}

const names = (l: LoadedProduct) => l.diagnostics.map((d) => `${d.severity} ${d.name} ${d.pointer}`);

describe('product images: input errors', () => {
  it('a missing image is an error at /apps/i/image, and verify exits 2 naming the file and the pointer', async () => {
    const { loaded } = await imageProduct();
    expect(loaded.hasErrors).toBe(true);
    expect(names(loaded)).toContain('error ProductFileMissing /apps/0/image');
    const io = captureIo(root);
    expect(await runCli(['verify', '--product', resolve(fixtures, 'image-missing/sevenfold.json')], io)).toBe(2);
    expect(io.stderr()).toMatch(/image-missing\/sevenfold\.json:\d+:\d+: error SF3002 ProductFileMissing: images\/blinky-hl\.imagepackage: file not found \[\/apps\/0\/image\]/);
  });

  it('a folder, or bytes that are not an image package, are errors naming why', async () => {
    const garbage = await imageProduct({ raw: 'not an image' });
    expect(names(garbage.loaded)).toContain('error ProductImageUnreadable /apps/0/image');
    expect(garbage.loaded.diagnostics.find((d) => d.name === 'ProductImageUnreadable')!.message).toMatch(/InvalidMetadata \(\d+\) at byte 0/);
    const t = tempDir();
    temps.push(t);
    t.write('apps/blinky/app_manifest.json', MANIFEST);
    t.write('images/blinky.imagepackage/placeholder', 'x');
    const folder = loadProduct(t.write('sevenfold.json', { schemaVersion: 1, name: 'x', chip: 'mt3620', apps: [{ manifest: 'apps/blinky/app_manifest.json', image: 'images/blinky.imagepackage' }] }));
    expect(folder.diagnostics.find((d) => d.pointer === '/apps/0/image')).toMatchObject({ severity: 'error', name: 'ProductImageUnreadable', message: expect.stringContaining('is a directory') });
  });

  it('an image whose body holds no readable app manifest is an error (the manifest is what the device enforces)', async () => {
    const sample = readFileSync(resolve(root, 'test/fixtures/images/sample-app.imagepackage'));
    const { loaded } = await imageProduct({ raw: sample });
    const d = loaded.diagnostics.find((x) => x.name === 'ProductImageUnreadable')!;
    expect(d.severity).toBe('error');
    expect(d.message).toContain('no app manifest can be read from the image');
  });

  it('an image whose own manifest is invalid is an error', async () => {
    const { loaded } = await imageProduct({ signer: 'release', editManifest: (m) => void (m['SchemaVersion'] = 2) });
    const d = loaded.diagnostics.find((x) => x.name === 'ProductImageUnreadable')!;
    expect(d.message).toMatch(/the app manifest inside the image is invalid: IncompatibleSchemaVersion at \/SchemaVersion/);
  });

  it('certificate lists: a missing file or something that is not a certificate is an error at its pointer', async () => {
    const missing = await imageProduct({ product: { trustedImageCertificates: ['keys/nowhere.pem'] } });
    expect(names(missing.loaded)).toContain('error ProductFileMissing /trustedImageCertificates/0');
    const key = await imageProduct({ product: { testImageCertificates: ['apps/blinky/app_manifest.json'] } });
    expect(names(key.loaded)).toContain('error ProductCertificateInvalid /testImageCertificates/0');
  });
});

describe('product images: signer and signature', () => {
  it('an image signed with a trusted certificate: production, valid, no flag, identity read', async () => {
    const { loaded } = await imageProduct({ signer: 'release' });
    expect(names(loaded)).toEqual([]);
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'production', signatureValid: true, flags: [], componentId: MANIFEST.ComponentId, imageType: 'Applications', manifestMismatches: [] });
    expect(loaded.product!.apps[0]!.image!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an image signed with a test certificate and marked UnderDevelopment: sdk-test, with its flags', async () => {
    const { loaded } = await imageProduct({ signer: 'development', temporary: 'under-development' });
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'sdk-test', signatureValid: true, flags: ['Temporary', 'UnderDevelopment'] });
  });

  it('RemoveAtBoot is a temporary image too', async () => {
    const { loaded } = await imageProduct({ signer: 'release', temporary: 'remove-at-boot' });
    expect(loaded.product!.apps[0]!.image!.flags).toEqual(['Temporary', 'RemoveAtBoot']);
  });

  it('an image signed by a certificate the product does not know: untrusted, with a located warning', async () => {
    const { loaded } = await imageProduct({ signer: 'stranger' });
    expect(loaded.hasErrors).toBe(false);
    expect(names(loaded)).toEqual(['warning ProductImageUntrustedSigner /apps/0/image']);
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'untrusted', signatureValid: false });
  });

  it('a tampered image: the signature no longer verifies', async () => {
    const good = await imageProduct({ signer: 'release' });
    const bytes = new Uint8Array(readFileSync(join(good.dir, 'images/blinky.imagepackage')));
    bytes[5000] = bytes[5000]! ^ 0x01; // inside the body, outside the file system's tables and files
    const { loaded } = await imageProduct({ raw: bytes });
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'production', signatureValid: false });
    expect(names(loaded)).toContain('warning ProductImageSignatureInvalid /apps/0/image');
  });

  it('the public SDK test certificate is always recognised: an image naming it is sdk-test (here its signature cannot verify: the key is not ours)', async () => {
    const good = await imageProduct({ signer: 'release' });
    const app = good.loaded.product!.apps[0]!;
    const built = buildAppImage(app, { key: RELEASE_KEY, certificate: readCertificate(pems['release']!), buildDate: 1767225600, imageId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    const { parseImagePackage } = await import('../../formats/image-package/index.js');
    const parsed = parseImagePackage(built);
    if (!parsed.ok) throw new Error('built image does not parse');
    const sections = buildImageSections({ body: parsed.image.body, imageType: 10, componentId: MANIFEST.ComponentId, imageId: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', name: 'Blinky', buildDate: 1767225600, certificate: sdkTestCertificate() });
    const namingSdk = signImagePackage({ body: parsed.image.body, sections }, RELEASE_KEY);
    const { loaded } = await imageProduct({ raw: namingSdk });
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'sdk-test', signatureValid: false, certificate: { file: 'built-in' } });
    expect(names(loaded)).toContain('warning ProductImageSignatureInvalid /apps/0/image');
  });

  it('listing the SDK test certificate as trusted is a warning and does not make it a production signer', async () => {
    const t = tempDir();
    temps.push(t);
    t.write('sdk.pem', SDK_TEST_CERTIFICATE_PEM);
    const doc = parseLocatedText(join(t.dir, 'sevenfold.json'), JSON.stringify({ trustedImageCertificates: ['sdk.pem'] }, null, 2));
    const trust = readImageTrust(doc, doc.value as JsonObject, t.dir);
    expect(trust.production).toEqual([]);
    expect(trust.test.map((k) => k.file)).toEqual(['built-in']);
    expect(doc.diagnostics.map((d) => `${d.name} ${d.pointer}`)).toEqual(['ProductSdkTestCertificateTrusted /trustedImageCertificates/0']);
  });

  it('a development certificate also listed as trusted signs test images: sdk-test, with a located warning (the release certificate stays production)', async () => {
    const { loaded } = await imageProduct({ signer: 'development', product: { trustedImageCertificates: ['keys/release.pem', 'keys/development.pem'] } });
    expect(names(loaded)).toEqual(['warning ProductCertificateAlsoTest /trustedImageCertificates/1']);
    expect(loaded.product!.apps[0]!.image).toMatchObject({ signer: 'sdk-test', signatureValid: true, flags: [] });
    const release = await imageProduct({ signer: 'release', product: { trustedImageCertificates: ['keys/release.pem', 'keys/development.pem'] } });
    expect(release.loaded.product!.apps[0]!.image).toMatchObject({ signer: 'production', signatureValid: true });
  });

  it('the built-in SDK test certificate is the one of the image fixtures (thumbprint a8d5…5df0)', () => {
    const fixture: SigningCertificate = readCertificate(readFileSync(resolve(root, 'test/fixtures/images/azure-sphere-sdk-test-cert.pem'), 'utf8'));
    expect(Buffer.from(sdkTestCertificate().der).equals(Buffer.from(fixture.der))).toBe(true);
    expect(Buffer.from(sdkTestCertificate().thumbprint).toString('hex')).toBe('a8d5cc6958f48710140d7a26160fc1cfc31f5df0');
  });
});

describe('product images: the manifest inside the image against the product manifest', () => {
  const mismatches = (l: LoadedProduct) => l.product!.apps[0]!.image!.manifestMismatches!.map((m) => `${m.field} ${m.manifestPointer}`);

  it('ComponentId is compared as the device compares it: a GUID, without regard to case', async () => {
    const upper = { ...MANIFEST, ComponentId: MANIFEST.ComponentId.toUpperCase() };
    const same = await imageProduct({ manifest: upper, signer: 'release', editManifest: (m) => void (m['ComponentId'] = MANIFEST.ComponentId) });
    expect(mismatches(same.loaded)).toEqual([]);
    const other = await imageProduct({ signer: 'release', editManifest: (m) => void (m['ComponentId'] = '11111111-2222-4333-8444-555555555555') });
    expect(mismatches(other.loaded)).toEqual(['Identity section ComponentId /ComponentId', 'ComponentId /ComponentId']);
    // Another ComponentId is another app's image: an input error, not a warning for the properties (they place the app by its manifest).
    expect(names(other.loaded).filter((n) => n.includes('/apps/0/image'))).toEqual(['error ProductImageOfAnotherApp /apps/0/image', 'error ProductImageOfAnotherApp /apps/0/image']);
  });

  it('two apps naming the same image: the image is one app\'s, so the other app\'s entry is an input error naming ComponentId', async () => {
    const partner = { ...MANIFEST, Name: 'Partner', ComponentId: '11111111-2222-4333-8444-555555555555', Capabilities: { Gpio: [9] } };
    const { loaded } = await imageProduct({
      signer: 'release',
      product: { apps: [{ manifest: 'apps/blinky/app_manifest.json', image: 'images/blinky.imagepackage' }, { manifest: 'apps/partner/app_manifest.json', image: 'images/blinky.imagepackage' }] },
      extraFiles: { 'apps/partner/app_manifest.json': partner },
    });
    expect(loaded.hasErrors).toBe(true);
    expect(names(loaded).filter((n) => n.startsWith('error ProductImageOfAnotherApp'))).not.toHaveLength(0);
    expect(loaded.diagnostics.filter((d) => d.name === 'ProductImageOfAnotherApp').every((d) => /ComponentId/.test(d.message))).toBe(true);
  });

  it('ApplicationType differs: the image is another app\'s, an input error located at the manifest pointer and at /apps/0/image', async () => {
    // The real-time image keeps no high-level-only capability (a real-time manifest with AllowedConnections is invalid in itself).
    const { loaded, file } = await imageProduct({
      signer: 'release',
      editManifest: (m) => {
        m['ApplicationType'] = 'RealTimeCapable';
        delete (m['Capabilities'] as JsonObject)['AllowedConnections'];
      },
    });
    expect(mismatches(loaded)).toContain('ApplicationType /ApplicationType');
    const m = loaded.product!.apps[0]!.image!.manifestMismatches!.find((x) => x.image === 'RealTimeCapable')!;
    expect(m).toMatchObject({ product: 'Default', image: 'RealTimeCapable', imagePointer: '/apps/0/image' });
    expect(m.manifestPosition.line).toBeGreaterThan(1);
    const d = loaded.diagnostics.find((x) => x.name === 'ProductImageOfAnotherApp' && x.message.includes('/ApplicationType'))!;
    expect(d).toMatchObject({ severity: 'error', file, pointer: '/apps/0/image' });
    expect(loaded.hasErrors).toBe(true);
    expect(d.message).toContain(`app_manifest.json:${m.manifestPosition.line}:${m.manifestPosition.column} /ApplicationType`);
  });

  it('capabilities: a peripheral more in the image is a mismatch at the capability; hosts compare without case', async () => {
    const more = await imageProduct({ signer: 'release', editManifest: (m) => void ((m['Capabilities'] as JsonObject)['Gpio'] = [8, 9]) });
    expect(mismatches(more.loaded)).toEqual(['Capabilities/Gpio /Capabilities/Gpio']);
    const host = await imageProduct({ signer: 'release', editManifest: (m) => void ((m['Capabilities'] as JsonObject)['AllowedConnections'] = ['TELEMETRY.example.net']) });
    expect(mismatches(host.loaded)).toEqual([]);
    const other = await imageProduct({ signer: 'release', editManifest: (m) => void ((m['Capabilities'] as JsonObject)['AllowedConnections'] = ['evil.example.com']) });
    expect(mismatches(other.loaded)).toEqual(['Capabilities/AllowedConnections /Capabilities/AllowedConnections']);
    const extra = await imageProduct({ signer: 'release', editManifest: (m) => void ((m['Capabilities'] as JsonObject)['MutableStorage'] = { SizeKB: 64 }) });
    expect(mismatches(extra.loaded)).toEqual(['Capabilities/MutableStorage/SizeKB /Capabilities']);
  });

  it('"$NAME" references are compared by the raw value the build writes into the image', async () => {
    const loaded = loadProduct(resolve(root, 'examples/hello-world-hl/sevenfold.json'));
    expect(loaded.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(loaded.product!.apps[0]!.image!.manifestMismatches).toEqual([]);
    const mismatch = loadProduct(resolve(fixtures, 'image-manifest-mismatch/sevenfold.json'));
    expect(mismatch.product!.apps[0]!.image!.manifestMismatches).toMatchObject([{ field: 'Capabilities/Gpio', product: '[12 ($THERMOSTAT_BUTTON_UP)]', image: '[9, 12]', manifestPointer: '/Capabilities/Gpio' }]);
  });
});

// Before s37 an identity difference was a warning, and the properties that read no image difference placed the app by
// its manifest: image-of-real-time-app (a real-time image for a high-level manifest, real-time slots unverified) held
// hardware-root-of-trust with exit 0.
describe('an image of another app is an input error (model/product/images.ts IDENTITY_FIELDS)', () => {
  it('image-of-real-time-app: exit 2, SF3017 at /apps/0/image naming /ApplicationType; sound twin image-same-app-type: hardware-root-of-trust holds', async () => {
    const flawed = captureIo(root);
    expect(await runCli(['verify', '--product', resolve(fixtures, 'image-of-real-time-app'), '--property', 'hardware-root-of-trust'], flawed)).toBe(2);
    expect(flawed.stderr()).toMatch(/image-of-real-time-app\/sevenfold\.json:\d+:\d+: error SF3017 ProductImageOfAnotherApp: images\/blinky-hl\.imagepackage is not this app's image: the image's ApplicationType is RealTimeCapable, but .*app_manifest\.json:\d+:\d+ \/ApplicationType states Default/);
    const sound = captureIo(root);
    expect(await runCli(['verify', '--product', resolve(fixtures, 'image-same-app-type'), '--property', 'hardware-root-of-trust'], sound)).toBe(0);
  }, 60_000);
});

describe('image fixtures', () => {
  it('make-image-products.ts regenerates every committed key and image byte for byte', async () => {
    for (const [file, content] of await makeImageKeys()) expect(readFileSync(file, 'utf8'), file).toBe(content);
    const images = makeImageFixtures();
    expect(images.size).toBe(Object.keys(IMAGE_FIXTURES).length);
    for (const [file, bytes] of images) expect(Buffer.from(readFileSync(file)).equals(Buffer.from(bytes)), file).toBe(true);
  });

  it('the key files are the keys the script signs with', async () => {
    const keys = await makeImageKeys();
    const release = [...keys].find(([f]) => f.endsWith('release-signing-key.pem'))![1];
    expect(release).toBe(signingKeyToPem(keyFromLabel('sevenfold fixtures release signing key')));
  });
});
