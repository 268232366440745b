/**
 * Signed releases for the update lab, by slot: image/<component>, manifest/<key> and key-store, the
 * names the boot emulator reads. The factory release is the boot Vendor's (security version 2, as
 * provisioned); later releases are the Vendor's too (Vendor.release: the images of some stages rebuilt
 * at a higher security version, only the boot manifests that list them re-signed, so an OS release
 * leaves the app manifest byte for byte as it was). The vendor's private keys never leave it. Sideloaded
 * images are signed with the one public SDK test signer (emulator/boot/sdk-test-signer.ts), the one the
 * boot emulator's Security Monitor accepts under appDevelopment.
 */
import { parseImagePackage, resignImagePackage, type SigningCertificate, type SigningKey } from '../../formats/image-package/index.js';
import { CURRENT_RELEASE, imageSlot, KEY_STORE_SLOT, manifestSlot, type Release, type Vendor } from '../boot/index.js';

export type SlotName = string;

export interface SignedRelease {
  /** Security version of the stages this release changed (the factory release: 2). */
  version: number;
  /** Every slot of a complete bank. */
  slots: Map<SlotName, Uint8Array>;
}

export interface SigningIdentity {
  key: SigningKey;
  certificate: SigningCertificate;
}

export class ReleaseBuilder {
  readonly factory: SignedRelease;
  /** The SDK's public test signer (the vendor publishes it with the SDK): what sideloaded images are signed with. */
  readonly development: SigningIdentity;

  private constructor(readonly vendor: Vendor) {
    this.development = vendor.sdkTest;
    this.factory = { version: CURRENT_RELEASE, slots: slotsOf(vendor, vendor.current, CURRENT_RELEASE) };
  }

  static create(vendor: Vendor): Promise<ReleaseBuilder> {
    return Promise.resolve(new ReleaseBuilder(vendor));
  }

  /** `stages` rebuilt at `version` on top of `base`, with the manifests that list them re-signed: the vendor's release. */
  release(version: number, stages: readonly string[], base: SignedRelease = this.factory): SignedRelease {
    const images = new Map(this.vendor.design.boot.map((s) => [s.image, base.slots.get(imageSlot(s.image))!]));
    const manifests = new Map(this.vendor.manifestKeys().map((key) => [key, base.slots.get(manifestSlot(key))!]));
    const release = this.vendor.release(version, stages, { images, manifests });
    const slots = new Map(base.slots);
    for (const [component, image] of release.images) slots.set(imageSlot(component), image);
    for (const [key, manifest] of release.manifests) slots.set(manifestSlot(key), manifest);
    return { version, slots };
  }

  /**
   * The release a vendor makes after replacing compromised keys (Vendor.rotated): every stage rebuilt at `version`
   * and signed by the new keys, every boot manifest re-signed, and the key store of the new certificates (the old
   * ones of the replaced keys gone). Every stage, not only those the replaced keys sign: stages that share a counter
   * must move together, and a vendor re-keying ships a whole release.
   */
  rekeyed(rotated: Vendor, version: number): SignedRelease {
    return { version, slots: slotsOf(rotated, rotated.release(version, rotated.design.boot.map((s) => s.image)), version) };
  }

  /** A genuine image re-signed with the development key: what a sideload carries. */
  developmentSigned(image: Uint8Array): Uint8Array {
    const parsed = parseImagePackage(image);
    if (!parsed.ok) throw new Error('cannot development-sign an image that does not parse');
    return resignImagePackage({ body: parsed.image.body, sections: parsed.image.sections }, this.development.key, this.development.certificate);
  }
}

/** A complete bank of `release`: the vendor's key store (at `version`, where the design versions it), its images and manifests by slot. */
function slotsOf(vendor: Vendor, release: Release, version: number): Map<SlotName, Uint8Array> {
  const slots = new Map<SlotName, Uint8Array>([[KEY_STORE_SLOT, vendor.keyStore(version)]]);
  for (const [component, image] of release.images) slots.set(imageSlot(component), image);
  for (const [key, manifest] of release.manifests) slots.set(manifestSlot(key), manifest);
  return slots;
}
