/**
 * The vendor's signing service (Microsoft's, for Azure Sphere): it holds the private keys of the
 * design's signing keys, issues their key certificates down the chain (anchor → certified keys), and
 * builds each release: one signed image per boot stage and one signed boot manifest per manifest key.
 * Keys come from a DRBG seeded with the run's seed. The private keys never leave this object; attacks
 * get only what a vendor publishes (releases, certificates).
 * Second reading (imageKey) of the spec's stageSigningKey and the release's manifests of its
 * installedFlash (model/platform/boot-acceptance.ts), held against them by test/differential/boot-harness.ts.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { readCertificate, signingKeyFromSecret, type SigningKey } from '../../formats/image-package/index.js';
import type { BootStage, PlatformDesign } from '../../model/platform/platform-design.js';
import { BOOT_MANIFEST_IMAGE_TYPE, encodeManifestBody, type ManifestEntry } from './boot-manifest.js';
import { HmacDrbg } from './drbg.js';
import { issueKeyCertificate } from './issue-certificate.js';
import { KEY_STORE_IMAGE_TYPE, signedKeyStoreOf } from './signed-key-store.js';
import { sdkTestSigner, type SdkTestSigner } from './sdk-test-signer.js';
import { buildStageImage, componentGuid, DEFAULT_BODY_BYTES, syntheticBody, type Signer } from './stage-image.js';

/** The release installed at the factory; the previous one (1) is what a downgrade replays. */
export const CURRENT_RELEASE = 2;
export const VENDOR_ORGANIZATION = 'Sevenfold emulated vendor';

export interface VendorOptions {
  seed: number;
  /** Synthetic body size of every stage image. */
  bodyBytes?: number;
}

export interface Release {
  /** Signed image package per boot-stage component. */
  images: Map<string, Uint8Array>;
  /** Signed boot manifest per manifest key. */
  manifests: Map<string, Uint8Array>;
}

/** What a vendor makes when it is created: keys (in the signers), certificates, the SDK test signer, the current release. */
interface FactoryOutput {
  signers: Map<string, Signer>;
  certificates: Map<string, Uint8Array>;
  sdkTest: SdkTestSigner;
  current: Release;
}

/** What vendors of this process made, by their exact inputs (Vendor.create); a long run over many designs (fuzzing) cannot grow it past this. */
const made = new Map<string, Promise<FactoryOutput>>();
const MAX_MADE = 16;

export class Vendor {
  readonly #signers: Map<string, Signer>;
  /** Key certificate (DER) per design key id, in design order: the key store's contents. */
  readonly certificates: Map<string, Uint8Array>;
  /** The public SDK test signer: the vendor publishes it with the SDK, and its Security Monitor carries its certificate. */
  readonly sdkTest: SdkTestSigner;
  readonly current: Release;
  readonly #previous = new Map<string, Release>();

  private constructor(
    readonly design: PlatformDesign,
    readonly seed: number,
    readonly bodyBytes: number,
    output: Omit<FactoryOutput, 'current'> & { current?: Release },
  ) {
    this.#signers = output.signers;
    this.certificates = output.certificates;
    this.sdkTest = output.sdkTest;
    this.current = output.current ?? this.#release(CURRENT_RELEASE, new Map());
  }

  /**
   * The vendor for `design`. What it makes (keys from the seeded DRBG, certificates, the current
   * release, all signed deterministically) is a pure function of the design (the same JSON, field for
   * field), the seed and the body size, and is only read once made; it is made once per process for
   * those exact inputs, so the boot lab and the update lab of one run share it instead of issuing the
   * same certificates and images twice. Each call gets a vendor of its own over the caller's design
   * object (its later releases and previous releases are derived from that object, as before).
   */
  static async create(design: PlatformDesign, options: VendorOptions): Promise<Vendor> {
    const bodyBytes = options.bodyBytes ?? DEFAULT_BODY_BYTES;
    const key = JSON.stringify([design, options.seed, bodyBytes]);
    let output = made.get(key);
    if (!output) {
      if (made.size >= MAX_MADE) made.delete(made.keys().next().value!);
      output = Vendor.#make(design, options.seed, bodyBytes);
      made.set(key, output);
      // What could not be made is not kept: the next caller gets the error afresh.
      output.catch(() => made.delete(key));
    }
    return new Vendor(design, options.seed, bodyBytes, await output);
  }

  static async #make(design: PlatformDesign, seed: number, bodyBytes: number): Promise<FactoryOutput> {
    const rng = new HmacDrbg(seed, `vendor signing keys of ${design.name}`);
    const keys = new Map<string, SigningKey>(design.keys.map((k) => [k.id, signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48)))]));
    const certificates = new Map<string, Uint8Array>();
    const signers = new Map<string, Signer>();
    for (const k of design.keys) {
      const der = await keyCertificate(design, k, keys);
      certificates.set(k.id, der);
      signers.set(k.id, { key: keys.get(k.id)!, certificate: readCertificate(der) });
    }
    const sdkTest = await sdkTestSigner();
    // The current release, built by a vendor over the same keys.
    const { current } = new Vendor(design, seed, bodyBytes, { signers, certificates, sdkTest });
    return { signers, certificates, sdkTest, current };
  }

  /**
   * The vendor after it replaced the keys `keyIds` (a compromise): each gets a new key pair (from the seeded DRBG,
   * under a label naming the rotation) and a new certificate from its certifier, as at the factory, and every key it
   * certifies gets its certificate issued again by the new key (its own key pair unchanged). The old vendor keeps
   * the old keys: what an attacker who stole them signs with. An anchor cannot be replaced (its hash is in eFuses):
   * asking for one throws. Releases of the result are signed by the new keys; its certificates are the new key store.
   */
  async rotated(keyIds: readonly string[]): Promise<Vendor> {
    const rotate = new Set(keyIds);
    for (const id of rotate) if (this.design.keys.find((k) => k.id === id)?.anchoredIn) throw new RangeError(`${id} is an anchor (its hash is in eFuses): no key store can replace it`);
    const rng = new HmacDrbg(this.seed, `vendor signing keys of ${this.design.name} rotated: ${[...rotate].sort().join(', ')}`);
    const keys = new Map<string, SigningKey>(this.design.keys.map((k) => [k.id, rotate.has(k.id) ? signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48))) : this.#signer(k.id).key]));
    const signers = new Map(this.#signers);
    const certificates = new Map(this.certificates);
    for (const k of this.design.keys) {
      if (!rotate.has(k.id) && !rotate.has(issuerOf(k, keys))) continue;
      const der = await keyCertificate(this.design, k, keys);
      certificates.set(k.id, der);
      signers.set(k.id, { key: keys.get(k.id)!, certificate: readCertificate(der) });
    }
    return new Vendor(this.design, this.seed, this.bodyBytes, { signers, certificates, sdkTest: this.sdkTest, current: this.current });
  }

  /**
   * The trusted key store of this vendor's certificates at `version`: where the design keeps it as a signed image
   * (signed-key-store.ts) an image package of type TrustedKeystore, version in its RV section, signed by the design's
   * key-store signer, or by `signWith` (an attacker's store, signed with a key it stole from this vendor); elsewhere
   * the certificates DER after DER, as before (no version, no signature). `certificates`: the store's certificates
   * (DER) in place of the vendor's own, in that order; `alsoCarrying`: certificates added after them (a faulty
   * re-keying that keeps an old certificate).
   */
  keyStore(version = CURRENT_RELEASE, options: { signWith?: string; certificates?: readonly Uint8Array[]; alsoCarrying?: readonly Uint8Array[] } = {}): Uint8Array {
    const plain = Buffer.concat([...(options.certificates ?? this.certificates.values()), ...(options.alsoCarrying ?? [])]);
    const signed = signedKeyStoreOf(this.design);
    if (!signed) return plain;
    return buildStageImage({ component: signed.asset.id, imageType: KEY_STORE_IMAGE_TYPE, release: version, body: plain, seed: this.seed }, this.#signer(options.signWith ?? signed.image.signedBy));
  }

  /**
   * The key store a thief of `stolenKey` signs where the design's store signer is certified below that key (not the
   * key itself): a key pair of its own for the signer and for each key between the signer and the stolen key, each
   * certified by the one above it (the top one by the stolen key, as the vendor would), the store carrying those
   * certificates in place of the vendor's, at `version`, signed by its own signer key. Undefined where the store is not
   * a signed image or its signer is not certified below `stolenKey`. Whether a device believes it is the loader's
   * business (signed-key-store.ts: the signer's certificate, found in the store, must chain to the anchor).
   */
  async keyStoreSignedBelow(stolenKey: string, version: number): Promise<Uint8Array | undefined> {
    const signed = signedKeyStoreOf(this.design);
    if (!signed) return undefined;
    const key = (id: string | undefined) => this.design.keys.find((k) => k.id === id);
    const below: PlatformDesign['keys'] = [];
    let k = key(signed.image.signedBy);
    while (k && k.id !== stolenKey && !k.anchoredIn && !below.includes(k)) {
      below.push(k);
      k = key(k.certifiedBy);
    }
    if (k?.id !== stolenKey || !below.length) return undefined;
    const rng = new HmacDrbg(this.seed, `an attacker's keys below the stolen ${stolenKey} of ${this.design.name}`);
    const own = new Map<string, SigningKey>(below.map((b) => [b.id, signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48)))]));
    const certificates = new Map(this.certificates);
    let signer: Signer | undefined;
    for (const b of [...below].reverse()) {
      const issuerId = b.certifiedBy!;
      const der = await issueKeyCertificate({ subjectId: b.id, subjectKey: own.get(b.id)!, issuerId, issuerKey: own.get(issuerId) ?? this.#signer(issuerId).key, organization: VENDOR_ORGANIZATION, certifiesKeys: this.design.keys.some((o) => o.certifiedBy === b.id) });
      certificates.set(b.id, der);
      if (b.id === signed.image.signedBy) signer = { key: own.get(b.id)!, certificate: readCertificate(der) };
    }
    return buildStageImage({ component: signed.asset.id, imageType: KEY_STORE_IMAGE_TYPE, release: version, body: Buffer.concat([...certificates.values()]), seed: this.seed }, signer!);
  }

  /** SHA-256 of the key's public point: what the factory burns into the anchor's eFuses. */
  anchorHash(keyId: string): Uint8Array {
    return new Uint8Array(createHash('sha256').update(this.#signer(keyId).key.publicKey).digest());
  }

  /** The key an image of `stage` is signed with: its first signature check's key (an image has one signature). */
  imageKey(stage: BootStage): string {
    const key = stage.checks.find((c) => c.kind === 'signature')?.key ?? stage.checks[0]?.key ?? this.design.keys.find((k) => k.anchoredIn)?.id ?? this.design.keys[0]?.id;
    if (!key) throw new Error(`the design has no signing key to sign ${stage.image} with`);
    return key;
  }

  /** Keys whose manifests some 'manifest-hash' check reads, in boot order. */
  manifestKeys(): string[] {
    return [...new Set(this.design.boot.flatMap((s) => s.checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key)))];
  }

  /**
   * The release before the current one as it concerned `stage`: that stage's image one security version
   * lower (validly signed), and the manifests of that release, which list it. A downgrade replays these.
   */
  previousRelease(stage: string): Release {
    let release = this.#previous.get(stage);
    if (!release) {
      const old = this.#stageImage(this.#stage(stage), CURRENT_RELEASE - 1);
      release = this.#release(CURRENT_RELEASE - 1, new Map([[stage, old]]));
      this.#previous.set(stage, release);
    }
    return release;
  }

  /**
   * Release `version`: the images of `stages` rebuilt at that security version (a new body, the RV
   * section, signed by each stage's key) on top of `base` (default: the current release), and only the
   * boot manifests that list one of them re-signed, so a release of some stages leaves every other
   * manifest byte for byte as it was. The update emulator's later releases are made here, so the
   * vendor's private keys stay in this object. `options.body` gives the stages another body than the vendor's (given
   * the vendor's): what a thief holding their keys signs, as the key-revocation play and the attacks model a stolen key.
   */
  release(version: number, stages: readonly string[], base: Release = this.current, options: { body?: (stage: string, genuine: Uint8Array) => Uint8Array } = {}): Release {
    const images = new Map(base.images);
    for (const stage of stages) images.set(stage, this.#stageImage(this.#stage(stage), version, options.body));
    const relisted = new Set(this.design.boot.filter((s) => stages.includes(s.image)).flatMap((s) => s.checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key)));
    const manifests = new Map(base.manifests);
    for (const key of relisted) manifests.set(key, this.buildManifest(key, images, version));
    return { images, manifests };
  }

  /** The manifest signed by `key`: it lists those of `images` (component → package) whose stages' manifest-hash checks name `key`. */
  buildManifest(key: string, images: ReadonlyMap<string, Uint8Array>, release = CURRENT_RELEASE): Uint8Array {
    return buildManifest(key, manifestEntries(this.design, key, images), release, this.#signer(key), this.seed);
  }

  #release(number: number, overrides: Map<string, Uint8Array>): Release {
    const images = new Map(this.design.boot.map((s) => [s.image, overrides.get(s.image) ?? this.current?.images.get(s.image) ?? this.#stageImage(s, number)]));
    const manifests = new Map(this.manifestKeys().map((key) => [key, this.buildManifest(key, images, number)]));
    return { images, manifests };
  }

  /** `body`, where given, replaces the synthetic body (given it): what a thief holding the stage's key signs, see release(). */
  #stageImage(stage: BootStage, release: number, body?: (stage: string, genuine: Uint8Array) => Uint8Array): Uint8Array {
    const component = this.design.components.find((c) => c.id === stage.image);
    const synthetic = syntheticBody(stage.image, release, this.seed, this.bodyBytes);
    return buildStageImage(
      { component: stage.image, ...(component?.imageType ? { imageType: component.imageType } : {}), release, body: body ? body(stage.image, synthetic) : synthetic, seed: this.seed },
      this.#signer(this.imageKey(stage)),
    );
  }

  #stage(image: string): BootStage {
    const stage = this.design.boot.find((s) => s.image === image);
    if (!stage) throw new RangeError(`no boot stage loads ${image}`);
    return stage;
  }

  #signer(keyId: string): Signer {
    const signer = this.#signers.get(keyId);
    if (!signer) throw new RangeError(`the design has no signing key "${keyId}"`);
    return signer;
  }
}

/** The images a manifest signed by `key` lists: those of the stages whose manifest-hash checks name `key`, in boot order. */
export function manifestEntries(design: PlatformDesign, key: string, images: ReadonlyMap<string, Uint8Array>): ManifestEntry[] {
  return design.boot
    .filter((s) => s.checks.some((c) => c.kind === 'manifest-hash' && c.key === key) && images.has(s.image))
    .map((s) => ({ componentId: componentGuid(s.image), sha256: new Uint8Array(createHash('sha256').update(images.get(s.image)!).digest()) }));
}

/** A boot manifest package signed by `signer` (the vendor's key, or an attacker's own). */
export function buildManifest(key: string, entries: readonly ManifestEntry[], release: number, signer: Signer, seed: number): Uint8Array {
  return buildStageImage({ component: `manifest-${key}`, imageType: BOOT_MANIFEST_IMAGE_TYPE, release, body: encodeManifestBody(entries), seed }, signer);
}

/** Who certifies key `k`: its certifier; an anchor, or a key whose certifier the design does not define, certifies itself. */
function issuerOf(k: PlatformDesign['keys'][number], keys: ReadonlyMap<string, SigningKey>): string {
  return !k.anchoredIn && k.certifiedBy && keys.has(k.certifiedBy) ? k.certifiedBy : k.id;
}

/** Key `k`'s certificate from its issuer, as the factory issues it (and a re-keying vendor issues it again). */
function keyCertificate(design: PlatformDesign, k: PlatformDesign['keys'][number], keys: ReadonlyMap<string, SigningKey>): Promise<Uint8Array> {
  const issuer = issuerOf(k, keys);
  return issueKeyCertificate({
    subjectId: k.id,
    subjectKey: keys.get(k.id)!,
    issuerId: issuer,
    issuerKey: keys.get(issuer)!,
    organization: VENDOR_ORGANIZATION,
    certifiesKeys: design.keys.some((other) => other.certifiedBy === k.id),
  });
}
