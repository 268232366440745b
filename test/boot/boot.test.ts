import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, CrossCheckedVerifier, imageSlot, KEY_STORE_SLOT, KeyStore, manifestSlot, parseKeyCertificate, rollbackCheckId, type BootRun } from '../../emulator/boot/index.js';
import { decodeManifestBody, describeManifestEntries } from '../../emulator/boot/boot-manifest.js';
import { componentGuid, securityVersionOf } from '../../emulator/boot/stage-image.js';
import { parseImagePackage, toHex } from '../../formats/image-package/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;
let lab: BootLab;
let normal: BootRun;

beforeAll(async () => {
  lab = await BootLab.open(design, { seed: 11 });
  normal = lab.boot(new CrossCheckedVerifier());
});

describe('factory', () => {
  it('issues X.509 key certificates down the design chain, as OpenSSL reads them too', () => {
    const certs = new Map([...lab.vendor.certificates].map(([id, der]) => [id, new X509Certificate(Buffer.from(der))]));
    expect([...certs.keys()]).toEqual(design.keys.map((k) => k.id));
    for (const key of design.keys) {
      const cert = certs.get(key.id)!;
      const issuer = certs.get(key.certifiedBy ?? key.id)!;
      expect(cert.subject).toContain(`CN=${key.id}`);
      expect(cert.verify(issuer.publicKey)).toBe(true);
      const ours = parseKeyCertificate(lab.vendor.certificates.get(key.id)!);
      expect(ours.ok && ours.certificate.subjectCommonName).toBe(key.id);
      const jwk = cert.publicKey.export({ format: 'jwk' });
      expect(ours.ok && Buffer.from(ours.certificate.publicKey.subarray(1, 33)).toString('base64url')).toBe(jwk.x);
      expect(ours.ok && Buffer.from(ours.certificate.publicKey.subarray(33)).toString('base64url')).toBe(jwk.y);
      expect(ours.ok && ours.certificate.issuerCommonName).toBe(key.certifiedBy ?? key.id);
    }
  });

  it('burns the anchor key hash into the OTP eFuse named by anchoredIn and locks it', () => {
    const device = lab.factoryDevice;
    const anchorCert = parseKeyCertificate(lab.vendor.certificates.get('rom-anchor')!);
    if (!anchorCert.ok) throw new Error(anchorCert.reason);
    expect(device.efuses.read('rom-key-hash')).toEqual(new Uint8Array(createHash('sha256').update(anchorCert.certificate.publicKey).digest()));
    expect(device.efuses.isLocked('rom-key-hash')).toBe(true);
    expect(device.efuses.counterValue('arc-firmware')).toBe(2);
  });

  it('writes a signed image package per stage (security version in RV) and a manifest per manifest key', () => {
    const flash = lab.factoryDevice.flash;
    for (const stage of design.boot) {
      const parsed = parseImagePackage(flash.peek(imageSlot(stage.image))!);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(securityVersionOf(parsed.image)).toBe(2);
    }
    // The key store: a TrustedKeystore image (the built-in design's signedImage) at the factory release, its body the certificates.
    const storeImage = parseImagePackage(flash.peek(KEY_STORE_SLOT)!);
    if (!storeImage.ok) throw new Error('key store');
    expect(securityVersionOf(storeImage.image)).toBe(2);
    const store = KeyStore.parse(storeImage.image.body);
    expect(store.unreadable).toEqual([]);
    expect(store.certificates.map((c) => c.subjectCommonName)).toEqual(['rom-anchor', 'firmware-signing', 'app-signing']);
    const apps = parseImagePackage(flash.peek(manifestSlot('app-signing'))!);
    if (!apps.ok) throw new Error('manifest');
    const decoded = decodeManifestBody(apps.image.body);
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(describeManifestEntries(decoded.entries).map((e) => e.componentId)).toEqual(['hl-app', 'rt-app-0', 'rt-app-1'].map(componentGuid));
    expect(lab.vendor.manifestKeys()).toEqual(['rom-anchor', 'firmware-signing', 'app-signing']);
  });
});

describe('normal boot of the built-in design', () => {
  it('runs every stage, with every check passing on a chain anchored in the eFuses', () => {
    expect(normal.trace.outcome).toBe('booted');
    expect(normal.trace.stages.map((s) => s.image)).toEqual(design.boot.map((s) => s.image));
    for (const stage of normal.trace.stages) {
      expect(stage.outcome).toEqual({ status: 'ran' });
      const expected = design.boot.find((s) => s.image === stage.image)!;
      expect(stage.checks.map((c) => c.id)).toEqual([...expected.checks.map((c) => c.id), rollbackCheckId(stage.image)]);
      for (const check of stage.checks) expect(check.result).toBe('pass');
      for (const check of stage.checks.filter((c) => c.kind !== 'rollback')) expect(check.chain?.status).toBe('anchored');
    }
  });

  it('measures each stage before it runs, and the register is the fold of the image digests', () => {
    let register = new Uint8Array(32);
    for (const stage of normal.trace.stages) {
      expect(stage.steps.indexOf('measure')).toBeLessThan(stage.steps.indexOf('run'));
      const image = lab.vendor.current.images.get(stage.image)!;
      const digest = createHash('sha256').update(image).digest();
      expect(stage.measurement?.digest).toBe(toHex(digest));
      register = new Uint8Array(createHash('sha256').update(register).update(digest).digest());
      expect(stage.measurement?.value).toBe(toHex(register));
      expect(stage.measurement?.by).toBe(design.boot.find((s) => s.image === stage.image)!.measurement!.by);
    }
    expect(normal.trace.registers).toEqual([{ id: 'pcr-boot', value: toHex(register) }]);
  });

  it('makes 44 ECDSA verifications: image or manifest signature plus one per certificate up the chain, per check, and the key store\'s signature once per loader', () => {
    // one-bl: 2 checks × 1; five firmware stages: 2 × 2; three apps: 2 × 3; the signed key store (by the anchor, whose
    // key its hash vouches for) read by each of the 4 loaders.
    expect(normal.trace.verifications).toBe(2 + 5 * 4 + 3 * 6 + 4);
  });

  it('keeps the counters at the installed release after a genuine boot', () => {
    for (const stage of normal.trace.stages) expect(stage.counter).toMatchObject({ before: 2, after: 2, imageVersion: 2 });
  });
});
