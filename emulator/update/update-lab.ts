/**
 * The update lab for one platform design, one update design and one seed: the boot Vendor and the
 * factory chip (emulator/boot), the releases the vendor signs later (security versions 3, 4, …), the
 * security service with its online metadata keys, and devices provisioned at the factory release in
 * bank a of a counted flash. The lab owns the clock (Unix seconds, starting at LAB_EPOCH).
 */
import { signMetadataKeySet } from '../../formats/update-metadata/metadata-key-set.js';
import { p256 } from '@noble/curves/nist.js';
import { signingKeyFromSecret, type SigningKey } from '../../formats/image-package/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { trustedKey } from '../../formats/update-metadata/metadata-signature.js';
import type { UpdateDesign, UpdateKind } from '../../model/update/update-design.js';
import { CrossCheckedVerifier, HmacDrbg, provisionDevice, Vendor, type BootDevice, type SignatureVerifier } from '../boot/index.js';
import { BootMemo } from './boot-memo.js';
import { CountedFlash } from './counted-flash.js';
import { NetworkPath, type Interceptor } from './network.js';
import { ReleaseBuilder, type SignedRelease } from './releases.js';
import { UpdateService } from './service.js';
import { hex, sha256 } from './slots.js';
import { LAB_EPOCH, UpdateDevice, type DeferralBehaviour } from './update-device.js';
import { MemoizedVerifier } from './verifier.js';

export const DAY = 86_400;

/**
 * The vendor side depends only on the platform design, the seed and the body size, and is the costly
 * part of opening a lab (keys, X.509 certificates): labs for several update designs of one platform share it.
 */
const factories = new Map<string, Promise<{ vendor: Vendor; builder: ReleaseBuilder }>>();
const FACTORY_CACHE = 4;

function factoryFor(platform: PlatformDesign, seed: number, bodyBytes: number | undefined) {
  const key = `${seed}:${bodyBytes ?? ''}:${JSON.stringify(platform)}`;
  let factory = factories.get(key);
  if (!factory) {
    factory = (async () => {
      const vendor = await Vendor.create(platform, { seed, ...(bodyBytes ? { bodyBytes } : {}) });
      return { vendor, builder: await ReleaseBuilder.create(vendor) };
    })();
    factories.set(key, factory);
    if (factories.size > FACTORY_CACHE) factories.delete(factories.keys().next().value!);
  }
  return factory;
}

/** Verdicts are a function of (key, signature, message): one remembering verifier serves every lab. */
const sharedVerifier = new MemoizedVerifier(new CrossCheckedVerifier());

export interface UpdateLabOptions {
  seed: number;
  product?: string;
  /** Synthetic body size of every stage image (smaller: fewer flash blocks per image). */
  bodyBytes?: number;
  verifier?: SignatureVerifier;
  /** The group devices and attack scenarios are in unless they say otherwise (default: the design's Production group, else its first group that takes every update). */
  deviceGroup?: string;
  /** Whether the device authenticates the security service on its error-report uploads (default true, Azure Sphere's TLS to the root store); model/update/report-channel.ts decides it from the protocol design. */
  reportsAuthenticated?: boolean;
  /** Genuine downloads timed as images of imageBytes at bytesPerSecond (the profile's min-link-rate and largest-image); unset: 0.05 s a chunk. */
  link?: { bytesPerSecond: number; imageBytes: number };
}

export interface DeviceOptions {
  deviceGroup?: string;
  deviceId?: string;
  deferral?: DeferralBehaviour;
  /** Boot with the lab's remembered boots (default true); false: every boot of this device and its clones runs (a benchmark's baseline). */
  rememberBoots?: boolean;
}

export class UpdateLab {
  now = LAB_EPOCH;
  /** The lab's default service; scenarios may make their own with newService(). */
  readonly service: UpdateService;
  readonly verifier: SignatureVerifier;
  /** SHA-256 (hex) of every slot the vendor ever signed: "a valid signed image" means one of these. */
  readonly genuine = new Set<string>();
  readonly #releases = new Map<string, SignedRelease>();
  #devices = 0;
  /** The group devices are in unless they say otherwise. */
  readonly deviceGroup: string;
  /**
   * Boots remembered by their exact inputs (boot-memo.ts), shared by every device of the lab: they are
   * all clones of one factory chip, and reach, revocation, the attacks, the power-cut sweep and the
   * failure-reporting runs boot the same banks on it again and again.
   */
  readonly bootMemo: BootMemo;

  private constructor(
    readonly platform: PlatformDesign,
    readonly design: UpdateDesign,
    readonly seed: number,
    readonly vendor: Vendor,
    readonly builder: ReleaseBuilder,
    readonly factoryChip: BootDevice,
    readonly product: string,
    /** The service's online keys. Attack scenarios that assume a key compromise take some of these. */
    readonly metadataKeys: readonly SigningKey[],
    verifier: SignatureVerifier,
    deviceGroup: string | undefined,
  ) {
    this.verifier = verifier;
    this.bootMemo = new BootMemo(platform, factoryChip, verifier);
    this.deviceGroup = deviceGroup ?? defaultGroup(design);
    this.service = this.newService();
    this.#remember(builder.factory);
    for (const stage of platform.boot) {
      const previous = vendor.previousRelease(stage.image);
      for (const bytes of [...previous.images.values(), ...previous.manifests.values()]) this.genuine.add(hex(sha256(bytes)));
    }
  }

  static async open(platform: PlatformDesign, design: UpdateDesign, options: UpdateLabOptions): Promise<UpdateLab> {
    const { vendor, builder } = await factoryFor(platform, options.seed, options.bodyBytes);
    const rng = new HmacDrbg(options.seed, 'update service metadata keys');
    const keys = Array.from({ length: design.metadata.keys }, () => signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48))));
    const lab: UpdateLab = new UpdateLab(platform, design, options.seed, vendor, builder, provisionDevice(vendor), options.product ?? 'Sevenfold reference product', keys, options.verifier ?? sharedVerifier, options.deviceGroup);
    // The offline root that replaces the metadata keys, only where the design says one does (metadata.keyRotation);
    // its own random stream, so the keys above stay what they were.
    if (design.metadata.keyRotation === 'offline-root') lab.metadataRoot = signingKeyFromSecret(p256.utils.randomSecretKey(new HmacDrbg(options.seed, 'update service metadata root key').generate(48)));
    lab.reportsAuthenticated = options.reportsAuthenticated ?? true;
    lab.link = options.link;
    lab.service.link = options.link;
    return lab;
  }

  /** The vendor's offline key that signs metadata key sets, where the design rotates its metadata keys by one (metadata.keyRotation offline-root). */
  metadataRoot: SigningKey | undefined = undefined;

  /**
   * The vendor's new online metadata keys after a compromise (as many as the design has, from their own random stream)
   * and the key set document that names them, signed by the offline root; no document where the lab has no root.
   */
  rotatedMetadataKeys(version: number): { keys: SigningKey[]; document: Uint8Array | undefined } {
    const rng = new HmacDrbg(this.seed, `update service metadata keys, rotation ${version}`);
    const keys = Array.from({ length: this.design.metadata.keys }, () => signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48))));
    return { keys, document: this.metadataRoot ? signMetadataKeySet(version, keys.map((k) => k.publicKey), this.metadataRoot) : undefined };
  }

  /** Another security service for the same product and keys (or `keys`: the vendor's after a rotation), starting from the factory release: scenarios that deploy their own releases use one each. */
  newService(product = this.product, keys: readonly SigningKey[] = this.metadataKeys): UpdateService {
    const service = new UpdateService(this.design, this.platform, product, keys, this.builder.factory, () => this.now);
    service.link = this.link;
    return service;
  }

  /** How genuine downloads are timed (UpdateLabOptions.link). */
  link: UpdateLabOptions['link'];

  /** Boot stages an update kind replaces. */
  stagesOf(kind: UpdateKind): string[] {
    const contents = this.design.updateKinds.find((k) => k.kind === kind)?.contents ?? [];
    return this.platform.boot.map((s) => s.image).filter((image) => contents.includes(image));
  }

  /** Release `version` of one kind's stages, built once per lab. */
  release(kind: UpdateKind, version: number): SignedRelease {
    const id = `${kind}@${version}`;
    let release = this.#releases.get(id);
    if (!release) {
      release = this.builder.release(version, this.stagesOf(kind));
      this.#releases.set(id, release);
      this.#remember(release);
    }
    return release;
  }

  /** The vendor's release after it replaced the compromised keys `keyIds` (Vendor.rotated, ReleaseBuilder.rekeyed): the new key store, every stage signed by the new keys. */
  async rekeyed(keyIds: readonly string[], version: number): Promise<SignedRelease> {
    const release = this.builder.rekeyed(await this.vendor.rotated(keyIds), version);
    this.#remember(release);
    return release;
  }

  /** Publishes an OS release so every feed has it by now (RetailEval its lead earlier). */
  publishOs(version: number, service = this.service, evalAt = this.now - Math.max(...this.design.feeds.map((f) => f.leadDays)) * DAY): SignedRelease {
    const release = this.release('os', version);
    service.publishOs(release, evalAt);
    return release;
  }

  deployApps(group: string, version: number, service = this.service): SignedRelease {
    const release = this.release('app', version);
    service.deployApps(group, release);
    return release;
  }

  /** A device fresh from the factory (vendor release 2 in bank a), powered on. */
  device(options: DeviceOptions = {}): UpdateDevice {
    const identity = { deviceId: options.deviceId ?? `device-${++this.#devices}`, product: this.product, deviceGroup: options.deviceGroup ?? this.deviceGroup };
    const device = this.#factoryLine().clone(identity);
    if (options.rememberBoots !== false) device.bootMemo = this.bootMemo;
    if (options.deferral) device.deferral = options.deferral;
    device.powerOn(this.now);
    return device;
  }

  /**
   * What the factory makes of every device before its first power-on: the lab's chip, release 2 written
   * to bank a, boot-control pointing at it. Written once per lab; each device is a clone of it (flash
   * copied on write), the same bytes and operation count as writing it afresh.
   */
  #factoryLine(): UpdateDevice {
    if (!this.#unpowered) {
      const trusted = this.metadataKeys.map((k) => trustedKey(k.publicKey));
      const device = new UpdateDevice(this.design, this.platform, { deviceId: 'factory line', product: this.product, deviceGroup: this.deviceGroup }, this.factoryChip.clone(), new CountedFlash(), this.verifier, trusted, this.builder.development.certificate);
      if (this.metadataRoot) device.metadataRoot = trustedKey(this.metadataRoot.publicKey);
      for (const [slot, bytes] of this.builder.factory.slots) device.banks.write('a', slot, bytes, 'factory');
      device.banks.setActive('a', 'factory');
      this.#unpowered = device;
    }
    return this.#unpowered;
  }
  #unpowered: UpdateDevice | undefined;

  /** Whether the lab's devices authenticate the security service on error-report uploads (UpdateLabOptions.reportsAuthenticated). */
  reportsAuthenticated = true;

  connection(interceptor?: Interceptor, service = this.service): NetworkPath {
    return new NetworkPath(service, interceptor, this.reportsAuthenticated);
  }

  /** Does the device's running bank hold exactly the targets the service has for its group now? */
  isCurrent(device: UpdateDevice, service = this.service): boolean {
    if (!device.running) return false;
    return service.targetsFor(device.identity.deviceGroup, this.now).every((t) => device.banks.digest(device.running!, t.name) === hex(t.sha256));
  }

  #remember(release: SignedRelease): void {
    for (const bytes of release.slots.values()) this.genuine.add(hex(sha256(bytes)));
  }
}

/** Azure Sphere's Production group when the design has it, else its first group that takes every update, else its first group. */
function defaultGroup(design: UpdateDesign): string {
  const groups = design.deviceGroups;
  return (groups.find((g) => g.name.toLowerCase() === 'production') ?? groups.find((g) => g.updatePolicy === 'UpdateAll') ?? groups[0]!).name;
}
