/**
 * The update emulator signs nothing of its own: its releases are the boot Vendor's (Vendor.release) and
 * its sideloads carry the one public SDK test signer the boot emulator's Security Monitor knows. If the
 * update lab went back to keys of its own (re-derived vendor keys, an "sdk development key"), a device
 * would trust one set of keys when it boots and another when it updates; these tests would fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BootLab, imageSlot, manifestSlot, sdkTestSigner } from '../../emulator/boot/index.js';
import type { UpdateLab } from '../../emulator/update/index.js';
import { parseImagePackage, signatureInfoOf } from '../../formats/image-package/index.js';
import { openLab, platform } from './helpers.js';

let lab: UpdateLab;
beforeAll(async () => {
  lab = await openLab();
});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('one vendor and one SDK test signer for booting and updating', () => {
  it('sideloads are signed with the boot emulator\'s SDK test signer, the certificate a booting device accepts under appDevelopment', async () => {
    const sdk = await sdkTestSigner();
    expect(lab.builder.development).toBe(sdk);
    const boot = await BootLab.open(platform, { seed: 5, capabilities: ['appDevelopment'] });
    expect(hex(boot.factoryDevice.profile.sdkTestCertificate!.thumbprint)).toBe(hex(sdk.certificate.thumbprint));
    const sideloaded = lab.builder.developmentSigned(lab.builder.factory.slots.get(imageSlot('hl-app'))!);
    const parsed = parseImagePackage(sideloaded);
    if (!parsed.ok) throw new Error('the sideloaded image does not parse');
    expect(hex(signatureInfoOf(parsed.image)!.thumbprint)).toBe(hex(sdk.certificate.thumbprint));
  });

  it('a later release is the vendor\'s own: its images and manifests are what Vendor.release signs', () => {
    const stages = lab.stagesOf('os');
    const release = lab.release('os', 3);
    const vendors = lab.builder.vendor.release(3, stages);
    for (const stage of stages) expect(hex(release.slots.get(imageSlot(stage))!)).toBe(hex(vendors.images.get(stage)!));
    for (const [key, manifest] of vendors.manifests) expect(hex(release.slots.get(manifestSlot(key))!)).toBe(hex(manifest));
    // An OS release leaves the app stages and the manifests that list only them as they were.
    expect(hex(release.slots.get(imageSlot('hl-app'))!)).toBe(hex(lab.builder.factory.slots.get(imageSlot('hl-app'))!));
  });
});
