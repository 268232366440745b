/**
 * Signed releases for the update lab, by slot: image/<component>, manifest/<key> and key-store, the
 * names the boot emulator reads. The factory release is the boot Vendor's (security version 2, as
 * provisioned); later releases rebuild the images of some stages at a higher security version (new
 * body, RV section, the vendor's signature) and re-sign only the boot manifests that list them, so an
 * OS release leaves the app manifest byte for byte as it was.
 *
 * INTERIM: emulator/boot's Vendor builds only releases 1 and 2 and keeps its private keys to itself.
 * Until it exports `release(version, stages)`, the keys are re-derived here from the vendor's seed the
 * way Vendor.create draws them, and each is checked against the certificate the vendor published
 * (a mismatch throws, naming the change to ask for). Nothing else depends on this.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import {
  SECTION_TAG,
  assertKeyMatchesCertificate,
  createSelfSignedCertificate,
  encodeU32,
  parseImagePackage,
  readCertificate,
  replaceSection,
  resignImagePackage,
  signingKeyFromSecret,
  type SigningCertificate,
  type SigningKey,
} from '../../model/image-package/index.js';
import { CURRENT_RELEASE, HmacDrbg, imageSlot, KEY_STORE_SLOT, manifestSlot, type Vendor } from '../boot/index.js';

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
  readonly #signers: Map<string, SigningIdentity>;

  private constructor(
    readonly vendor: Vendor,
    signers: Map<string, SigningIdentity>,
    /** The SDK's development key: what sideloaded images are signed with. */
    readonly development: SigningIdentity,
  ) {
    this.#signers = signers;
    const slots = new Map<SlotName, Uint8Array>([[KEY_STORE_SLOT, Buffer.concat([...vendor.certificates.values()])]]);
    for (const [component, image] of vendor.current.images) slots.set(imageSlot(component), image);
    for (const [key, manifest] of vendor.current.manifests) slots.set(manifestSlot(key), manifest);
    this.factory = { version: CURRENT_RELEASE, slots };
  }

  static async create(vendor: Vendor): Promise<ReleaseBuilder> {
    const rng = new HmacDrbg(vendor.seed, `vendor signing keys of ${vendor.design.name}`);
    const signers = new Map<string, SigningIdentity>();
    for (const k of vendor.design.keys) {
      const key = signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48)));
      const certificate = readCertificate(vendor.certificates.get(k.id)!);
      try {
        assertKeyMatchesCertificate(key, certificate);
      } catch {
        throw new Error(`cannot sign releases for ${k.id}: emulator/boot's Vendor no longer derives its keys as this interim expects; ask for Vendor.release(version, stages)`);
      }
      signers.set(k.id, { key, certificate });
    }
    const devKey = signingKeyFromSecret(p256.utils.randomSecretKey(new HmacDrbg(vendor.seed, 'sdk development signing key').generate(48)));
    const devPem = await createSelfSignedCertificate(devKey, { subject: 'CN=Azure Sphere development signing key (emulated)', notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-01-01T00:00:00Z') });
    return new ReleaseBuilder(vendor, signers, { key: devKey, certificate: readCertificate(devPem) });
  }

  /** `stages` rebuilt at `version` on top of `base`, with the manifests that list them re-signed. */
  release(version: number, stages: readonly string[], base: SignedRelease = this.factory): SignedRelease {
    const slots = new Map(base.slots);
    const images = new Map<string, Uint8Array>();
    for (const stage of this.vendor.design.boot) images.set(stage.image, base.slots.get(imageSlot(stage.image))!);
    for (const stage of stages) {
      const image = this.stageImage(stage, version);
      images.set(stage, image);
      slots.set(imageSlot(stage), image);
    }
    const keys = new Set(this.vendor.design.boot.filter((s) => stages.includes(s.image)).flatMap((s) => s.checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key)));
    for (const key of keys) slots.set(manifestSlot(key), this.vendor.buildManifest(key, images, version));
    return { version, slots };
  }

  /** The vendor's image of `stage` with a new body and security version `version`, signed by the stage's key. */
  stageImage(stage: string, version: number): Uint8Array {
    const parsed = parseImagePackage(this.vendor.current.images.get(stage)!);
    if (!parsed.ok) throw new Error(`the vendor's ${stage} image does not parse`);
    const signer = this.#signer(this.vendor.imageKey(this.vendor.design.boot.find((s) => s.image === stage)!));
    return resignImagePackage({ body: body(stage, version, this.vendor.seed, parsed.image.body.length), sections: replaceSection(parsed.image.sections, SECTION_TAG.Revocation, encodeU32(version)) }, signer.key, signer.certificate);
  }

  /** A genuine image re-signed with the development key: what a sideload carries. */
  developmentSigned(image: Uint8Array): Uint8Array {
    const parsed = parseImagePackage(image);
    if (!parsed.ok) throw new Error('cannot development-sign an image that does not parse');
    return resignImagePackage({ body: parsed.image.body, sections: parsed.image.sections }, this.development.key, this.development.certificate);
  }

  #signer(keyId: string): SigningIdentity {
    const signer = this.#signers.get(keyId);
    if (!signer) throw new RangeError(`no signing key ${keyId}`);
    return signer;
  }
}

/** Deterministic body bytes for (stage, version, seed): a readable header, then a SHA-256 stream. */
function body(stage: string, version: number, seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const header = new TextEncoder().encode(`SEVENFOLD ${stage} release ${version}\n`);
  out.set(header.subarray(0, length));
  for (let pos = header.length, block = 0; pos < length; pos += 32, block++) {
    out.set(createHash('sha256').update(`update ${seed}:${stage}:${version}:${block}`).digest().subarray(0, Math.min(32, length - pos)), pos);
  }
  return out;
}
