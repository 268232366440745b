/**
 * Attacks by someone who can rewrite the flash (physical access, or a compromised updater), each aimed
 * at one boot stage. The attacker has everything the vendor publishes (every release's images and
 * manifests, the key certificates) and a key of its own, never the vendor's private keys.
 *   tampered     the stage's image with its body replaced by a payload and its security version raised
 *                by one, the vendor's signature left as it was (the RV raise is what makes a counter
 *                raised before verification burn a fuse for an image that then fails);
 *   unknown-key  the payload signed with the attacker's key, a certificate for it claiming the check's
 *                key role appended to the key store, and the stage's boot manifests re-signed to match;
 *   downgrade    the previous release's image of the stage (validly signed, one security version lower)
 *                with that release's manifests, which list it;
 *   swapped      another component's current image (validly signed, preferably by the same key) in the
 *                stage's slot; not applicable to a design with a single boot stage (there is no other
 *                image), which notApplicable() says and plan() refuses with AttackNotApplicable.
 * Besides these, what anyone with the SDK can do (not an attack on the checks but on the deployment):
 *   sdk-test-signed  an app rebuilt and signed with the public SDK test key, with the manifests its
 *                stage's hash checks read re-signed with it; it runs only where the device carries
 *                appDevelopment.
 * And the program a compromised component runs against the design's access rules (compromisedProgram).
 * Second reading of what each attack writes, as the spec states it (model/platform/boot-acceptance.ts:
 * attackedFlash through BOOT_CHECK_RULES.attacked; swapDecision for the swap's choice), held against it by
 * test/differential/boot-harness.ts.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import {
  SECTION_TAG,
  encodeU32,
  packImagePackage,
  parseImagePackage,
  readCertificate,
  replaceSection,
  resignImagePackage,
  signingKeyFromSecret,
  type SigningKey,
} from '../../formats/image-package/index.js';
import type { CompromisedProgram } from './compromised-component.js';
import type { BootDevice } from './boot-device.js';
import { HmacDrbg } from './drbg.js';
import { imageSlot, KEY_STORE_SLOT, manifestSlot } from './flash.js';
import { issueKeyCertificate } from './issue-certificate.js';
import { KeyStore } from './key-store.js';
import { signedKeyStoreOf } from './signed-key-store.js';
import { coverSlot, payloadBody } from './payload.js';
import { SDK_TEST_SIGNER_NAME } from './sdk-test-signer.js';
import { buildStageImage, securityVersionOf, syntheticBody, type Signer } from './stage-image.js';
import { buildManifest, CURRENT_RELEASE, manifestEntries, VENDOR_ORGANIZATION, type Vendor } from './vendor.js';

export type AttackKind = 'tampered' | 'unknown-key' | 'downgrade' | 'swapped';
export const ATTACK_KINDS: readonly AttackKind[] = ['tampered', 'unknown-key', 'downgrade', 'swapped'];

/** Read only: a plan is shared by every boot that applies it (Attacker.plan remembers it). */
export interface AttackPlan {
  readonly kind: AttackKind | 'sdk-test-signed';
  /** The boot stage (component) whose image is attacked. */
  readonly stage: string;
  readonly description: string;
  /** swapped: the stage whose current image is put in the slot. */
  readonly donor?: string;
  /** Writes the attack into the device's flash, as the attacker would. */
  apply(device: BootDevice): void;
}

/** An attack the design's shape rules out: planning it is refused with the reason, never a crash mid-plan. */
export class AttackNotApplicable extends Error {
  override name = 'AttackNotApplicable';
  constructor(
    readonly kind: AttackKind,
    readonly stage: string,
    readonly reason: string,
  ) {
    super(`${kind} ${stage}: not applicable: ${reason}`);
  }
}

export class Attacker {
  readonly #key: SigningKey;
  /** A certificate per design key role, made by the attacker with its own key and claiming the vendor's names. */
  readonly #impostors: Map<string, Signer & { der: Uint8Array }>;
  /** Plans made so far, by kind, stage and whether the security version is kept (plan()). */
  readonly #plans = new Map<string, AttackPlan>();

  private constructor(private readonly vendor: Vendor, key: SigningKey, impostors: Map<string, Signer & { der: Uint8Array }>) {
    this.#key = key;
    this.#impostors = impostors;
  }

  static async prepare(vendor: Vendor): Promise<Attacker> {
    const rng = new HmacDrbg(vendor.seed, 'attacker key');
    const key = signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48)));
    const impostors = new Map<string, Signer & { der: Uint8Array }>();
    for (const k of vendor.design.keys) {
      // Claim the issuer the design names, so the device looks for the genuine issuer and tries it.
      const issuerId = !k.anchoredIn && k.certifiedBy ? k.certifiedBy : k.id;
      const der = await issueKeyCertificate({ subjectId: k.id, subjectKey: key, issuerId, issuerKey: key, organization: VENDOR_ORGANIZATION, certifiesKeys: false });
      impostors.set(k.id, { key, certificate: readCertificate(der), der });
    }
    return new Attacker(vendor, key, impostors);
  }

  /** The attacker's public key: an attempt to put its hash into the anchor eFuses uses it. */
  get publicKey(): Uint8Array {
    return this.#key.publicKey.slice();
  }

  /**
   * `keepSecurityVersion`: a tampered image that leaves the RV section alone, for when the question is
   * what happens after the image runs (a raised RV would trip later stages' counters and blur that).
   */
  plan(kind: AttackKind, stage: string, options: { keepSecurityVersion?: boolean } = {}): AttackPlan {
    const reason = this.notApplicable(kind, stage);
    if (reason) throw new AttackNotApplicable(kind, stage, reason);
    // A plan is a pure function of this attacker (its vendor's releases, its own key) and the three
    // inputs, and only read: every boot applies its bytes to its own device's flash. The properties
    // sharing a lab (BootLab.shared) ask for the same plans; making one signs images and manifests.
    const id = JSON.stringify([kind, stage, kind === 'tampered' && options.keepSecurityVersion === true]);
    let plan = this.#plans.get(id);
    if (!plan) {
      plan = this.#make(kind, stage, options);
      this.#plans.set(id, plan);
    }
    return plan;
  }

  #make(kind: AttackKind, stage: string, options: { keepSecurityVersion?: boolean }): AttackPlan {
    switch (kind) {
      case 'tampered':
        return this.#tampered(stage, options.keepSecurityVersion ? 0 : 1);
      case 'unknown-key':
        return this.#unknownKey(stage);
      case 'downgrade':
        return this.#downgrade(stage);
      case 'swapped':
        return this.#swapped(stage);
    }
  }

  /**
   * Every variant of the attack worth booting: one plan, except for a swap into a stage whose signature
   * checks name more than one key. No single image passes them all (an image has one signature), so
   * which image gets through depends on which check a glitch skips: the swap is tried with the nearest
   * image signed by each of those keys (held against the spec's swapDecision by
   * test/differential/boot-harness.ts, which found the single plan too weak).
   */
  plans(kind: AttackKind, stage: string): AttackPlan[] {
    const first = this.plan(kind, stage);
    if (kind !== 'swapped') return [first];
    const keys = [...new Set(this.#stage(stage).checks.filter((c) => c.kind === 'signature').map((c) => c.key))];
    const donors = new Set([first.donor!]);
    for (const key of keys) {
      const donor = this.#nearestOthers(stage).find((s) => this.vendor.imageKey(s) === key)?.image;
      if (donor && !donors.has(donor)) donors.add(donor);
    }
    return [...donors].map((donor) => (donor === first.donor ? first : this.#swapWith(stage, donor)));
  }

  /** Why `kind` cannot be aimed at `stage` on this design; undefined when it can. */
  notApplicable(kind: AttackKind, stage: string): string | undefined {
    this.#stageOrThrow(stage);
    if (kind === 'swapped' && this.vendor.design.boot.length < 2) return 'the design has a single boot stage: there is no other image to swap into its slot';
    return undefined;
  }

  /**
   * An app as any developer builds it: a new body, signed with the public SDK test key, its security
   * version set to the installed release (the developer writes the metadata), and the boot manifests
   * its stage's hash checks read rebuilt to list it, signed with the same key.
   */
  sdkTestSigned(stage: string): AttackPlan {
    const vendor = this.vendor;
    const sdk = vendor.sdkTest;
    const component = vendor.design.components.find((c) => c.id === stage);
    const body = syntheticBody(`${stage} (development build)`, CURRENT_RELEASE, vendor.seed, vendor.bodyBytes);
    const image = buildStageImage({ component: stage, ...(component?.imageType ? { imageType: component.imageType } : {}), release: CURRENT_RELEASE, body, seed: vendor.seed }, sdk);
    const images = new Map(vendor.current.images).set(stage, image);
    const manifestKeys = [...new Set(this.#stage(stage).checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key))];
    const manifests = manifestKeys.map((key) => [key, buildManifest(key, manifestEntries(vendor.design, key, images), CURRENT_RELEASE, sdk, vendor.seed)] as const);
    return {
      kind: 'sdk-test-signed',
      stage,
      description: `${stage} rebuilt and signed with the public SDK test key ("${SDK_TEST_SIGNER_NAME}")${manifestKeys.length ? `, manifest${manifestKeys.length > 1 ? 's' : ''} of ${manifestKeys.join(', ')} rebuilt and signed with it` : ''}`,
      apply: (device) => {
        device.flash.write(imageSlot(stage), image, 'developer');
        for (const [key, manifest] of manifests) device.flash.write(manifestSlot(key), manifest, 'developer');
      },
    };
  }

  /** What a compromised component runs: asks Pluton to sign `messageToSign`, writes this attacker's key over Pluton's, appends its certificates to a key store. */
  compromisedProgram(messageToSign: Uint8Array): CompromisedProgram {
    const certificates = [...this.#impostors.values()].map((i) => i.der);
    const ownHash = new Uint8Array(createHash('sha256').update(this.#key.publicKey).digest());
    return {
      messageToSign,
      replacementKey: this.#key.secretKey.slice(),
      replacementFor: (asset, current) => (asset.kind === 'key-store' ? KeyStore.encode([current ?? new Uint8Array(0), ...certificates]) : ownHash),
    };
  }

  #tampered(stage: string, raise: number): AttackPlan {
    const genuine = this.#genuine(stage);
    const parsed = parseImagePackage(genuine);
    if (!parsed.ok) throw new Error(`the vendor's ${stage} image does not parse`);
    const version = securityVersionOf(parsed.image) ?? 0;
    const tampered = packImagePackage({
      body: payloadBody(coverSlot(stage), parsed.image.body),
      sections: raise ? replaceSection(parsed.image.sections, SECTION_TAG.Revocation, encodeU32(version + raise)) : parsed.image.sections,
      signature: parsed.image.signature,
    });
    return {
      kind: 'tampered',
      stage,
      description: `tampered ${stage}: payload body, ${raise ? `security version raised ${version} → ${version + raise}` : 'security version kept'}, the vendor's signature kept`,
      apply: (device) => {
        device.flash.write(coverSlot(stage), genuine, 'attacker');
        device.flash.write(imageSlot(stage), tampered, 'attacker');
      },
    };
  }

  #unknownKey(stage: string): AttackPlan {
    const genuine = this.#genuine(stage);
    const parsed = parseImagePackage(genuine);
    if (!parsed.ok) throw new Error(`the vendor's ${stage} image does not parse`);
    const role = this.vendor.imageKey(this.#stage(stage));
    const impostor = this.#impostors.get(role)!;
    const forged = resignImagePackage({ body: payloadBody(coverSlot(stage), parsed.image.body), sections: parsed.image.sections }, this.#key, impostor.certificate);
    const images = new Map(this.vendor.current.images).set(stage, forged);
    const manifestKeys = [...new Set(this.#stage(stage).checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key))];
    const manifests = manifestKeys.map((key) => [key, buildManifest(key, manifestEntries(this.vendor.design, key, images), CURRENT_RELEASE, this.#impostors.get(key)!, this.vendor.seed)] as const);
    const roles = [...new Set([role, ...manifestKeys])];
    const signedStore = signedKeyStoreOf(this.vendor.design) !== undefined;
    return {
      kind: 'unknown-key',
      stage,
      description: `${stage} signed with the attacker's key, its certificate claiming ${roles.join(' and ')} ${signedStore ? 'in no key store (the store is a signed image the attacker cannot add to)' : 'appended to the key store'}${manifestKeys.length ? `, manifest${manifestKeys.length > 1 ? 's' : ''} of ${manifestKeys.join(', ')} re-signed` : ''}`,
      apply: (device) => {
        const store = device.flash.peek(KEY_STORE_SLOT) ?? new Uint8Array(0);
        // A store kept as a signed image: appended certificates would break its signature and the loaders would refuse
        // the whole store, which tests nothing of the impostor; the attacker's image must then stand on its own.
        if (!signedStore) device.flash.write(KEY_STORE_SLOT, KeyStore.encode([store, ...roles.map((r) => this.#impostors.get(r)!.der)]), 'attacker');
        device.flash.write(coverSlot(stage), genuine, 'attacker');
        device.flash.write(imageSlot(stage), forged, 'attacker');
        for (const [key, manifest] of manifests) device.flash.write(manifestSlot(key), manifest, 'attacker');
      },
    };
  }

  #downgrade(stage: string): AttackPlan {
    const previous = this.vendor.previousRelease(stage);
    const listing = [...previous.manifests].filter(([key]) => this.#stage(stage).checks.some((c) => c.kind === 'manifest-hash' && c.key === key));
    return {
      kind: 'downgrade',
      stage,
      description: `${stage} from release ${CURRENT_RELEASE - 1} (validly signed, security version ${CURRENT_RELEASE - 1})${listing.length ? ` with that release's manifest${listing.length > 1 ? 's' : ''} of ${listing.map(([k]) => k).join(', ')}` : ''}`,
      apply: (device) => {
        device.flash.write(imageSlot(stage), previous.images.get(stage)!, 'attacker');
        for (const [key, manifest] of listing) device.flash.write(manifestSlot(key), manifest, 'attacker');
      },
    };
  }

  #swapped(stage: string): AttackPlan {
    return this.#swapWith(stage, this.#swapPartner(stage));
  }

  #swapWith(stage: string, partner: string): AttackPlan {
    return {
      kind: 'swapped',
      stage,
      donor: partner,
      description: `${partner}'s current image (validly signed by ${this.vendor.imageKey(this.#stage(partner))}) in ${stage}'s slot`,
      apply: (device) => device.flash.write(imageSlot(stage), this.#genuine(partner), 'attacker'),
    };
  }

  /** The other stages, nearest first (a later one before an earlier one at the same distance). */
  #nearestOthers(stage: string) {
    const stages = this.vendor.design.boot;
    const index = stages.findIndex((s) => s.image === stage);
    return stages.map((s, i) => ({ s, distance: Math.abs(i - index) + (i < index ? 0.5 : 0) })).filter(({ s }) => s.image !== stage).sort((a, b) => a.distance - b.distance).map(({ s }) => s);
  }

  /** The nearest other stage signed by the same key (the swap then passes any signature check), else the nearest other stage. */
  #swapPartner(stage: string): string {
    const others = this.#nearestOthers(stage);
    const key = this.vendor.imageKey(this.#stage(stage));
    // notApplicable() has ruled out a design without another stage.
    return (others.find((s) => this.vendor.imageKey(s) === key) ?? others[0])!.image;
  }

  #genuine(stage: string): Uint8Array {
    const image = this.vendor.current.images.get(stage);
    if (!image) throw new RangeError(`no boot stage loads ${stage}`);
    return image;
  }

  #stage(image: string) {
    return this.vendor.design.boot.find((s) => s.image === image)!;
  }

  #stageOrThrow(image: string) {
    const stage = this.vendor.design.boot.find((s) => s.image === image);
    if (!stage) throw new RangeError(`no boot stage loads ${image}`);
    return stage;
  }
}

/** `bytes` with the byte at `offset` inverted: tampering with any single byte of any image. */
export function flipByte(bytes: Uint8Array, offset: number): Uint8Array {
  const out = bytes.slice();
  out[offset]! ^= 0xff;
  return out;
}
