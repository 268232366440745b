/**
 * A device as the boot sees it: Pluton (with its eFuses), external flash, the memory images are loaded
 * into, the bus log that records every value crossing between them, and what this one device is: its
 * serial in the factory's run and the device capabilities it carries (which the Security Monitor's
 * app checks consult). provisionDevice() is the factory floor: it manufactures the chip (Pluton draws
 * its identity key, or the factory injects one, as the design says), burns the anchors' hashes, sets
 * the anti-rollback counters to the installed release, registers the device's identity public key,
 * and writes key store, images and manifests.
 */
import { p256 } from '@noble/curves/nist.js';
import type { DeviceCapability } from '../../model/product/deployment.js';
import type { PlatformAsset, PlatformDesign } from '../../model/platform/platform-design.js';
import { AccessRules } from './access-rules.js';
import { flashSlotOf } from './asset-bus.js';
import { BusLog } from './bus.js';
import { HmacDrbg } from './drbg.js';
import { EFuses } from './efuses.js';
import { assetSlot, Flash, imageSlot, KEY_STORE_SLOT, manifestSlot } from './flash.js';
import type { KeyCertificate } from './key-certificate.js';
import { signedKeyStoreOf } from './signed-key-store.js';
import { Pluton } from './pluton.js';
import { CURRENT_RELEASE, type Vendor } from './vendor.js';

/** What distinguishes one provisioned device from another of the same design. */
export interface DeviceProfile {
  /** The chip's serial in the factory's run: 0 for the first device. */
  serial: number;
  /** Device capabilities the device carries (on Azure Sphere a capability image signed for this device's ID). */
  capabilities: ReadonlySet<DeviceCapability>;
  /** The SDK test certificate the Security Monitor's image carries, accepted for apps only under appDevelopment. */
  sdkTestCertificate?: KeyCertificate;
  /** The design's access rules as the device's access controller holds them (shared with Pluton). */
  access: AccessRules;
}

export class BootDevice {
  /** Image bytes as loaded into each component's memory (what a measurement hashes). Volatile. */
  readonly memory = new Map<string, Uint8Array>();
  /** Assets in SRAM or I/O registers (firewall configuration, memory regions): volatile, written only through the access controller. */
  readonly registers = new Map<string, Uint8Array>();

  constructor(
    readonly design: PlatformDesign,
    readonly seed: number,
    readonly bus: BusLog,
    readonly efuses: EFuses,
    readonly pluton: Pluton,
    readonly flash: Flash,
    readonly profile: DeviceProfile = { serial: 0, capabilities: new Set(), access: new AccessRules(design) },
  ) {}

  get serial(): number {
    return this.profile.serial;
  }

  /** Whether this device carries a device capability: the boot checks ask this at run time. */
  carries(capability: DeviceCapability): boolean {
    return this.profile.capabilities.has(capability);
  }

  /** The same device in another universe: same chip, fuses and flash contents, its own bus log. */
  clone(): BootDevice {
    const bus = new BusLog();
    const efuses = this.efuses.clone(bus);
    return new BootDevice(this.design, this.seed, bus, efuses, this.pluton.clone(efuses, bus), this.flash.clone(bus), this.profile);
  }

  powerCycle(): void {
    this.pluton.powerCycle();
    this.memory.clear();
  }

  /** Where the design keeps an asset that is not Pluton's: eFuses, or flash for anything else. */
  readAnchor(assetId: string, by: string): Uint8Array | undefined {
    if (this.efuses.has(assetId)) {
      const value = this.efuses.read(assetId);
      this.bus.record('efuse-read', `efuse:${assetId}`, by, `read ${assetId}`, value);
      return value;
    }
    return this.flash.read(assetSlot(assetId), by);
  }

  /**
   * An anti-rollback counter: a bank of eFuses when the design puts it there, else a u32 in flash (which only
   * convention keeps from going down). A counter the device does not hold (no u32 in its flash slot, or an eFuse
   * field that is not a counter bank, e.g. a key hash a design names as a counter) is unreadable, never 0: read
   * as 0 it would let every older release pass the comparison.
   */
  readCounter(id: string, by: string): { ok: true; value: number } | { ok: false; reason: string } {
    if (this.efuses.has(id)) {
      if (!this.efuses.isCounter(id)) return { ok: false, reason: `eFuse field ${id} is not a counter bank` };
      return { ok: true, value: this.efuses.counterValue(id) };
    }
    const bytes = this.flash.read(assetSlot(id), by);
    if (!bytes) return { ok: false, reason: `no counter ${id} in flash` };
    if (bytes.length !== 4) return { ok: false, reason: `${id} in flash holds ${bytes.length} bytes, not a u32 counter` };
    return { ok: true, value: new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) };
  }

  /** The counter's value, for the lab and the update agent's callers that hold a provisioned counter; an unreadable one throws (readCounter says why). */
  counterValue(id: string, by: string): number {
    const read = this.readCounter(id, by);
    if (!read.ok) throw new RangeError(`cannot read counter ${id}: ${read.reason}`);
    return read.value;
  }

  raiseCounter(id: string, to: number, by: string): { ok: true; before: number; after: number } | { ok: false; reason: string; value: number } {
    if (this.efuses.has(id)) {
      if (!this.efuses.isCounter(id)) return { ok: false, reason: `eFuse field ${id} is not a counter bank`, value: 0 };
      return this.efuses.raiseCounter(id, to, by);
    }
    const read = this.readCounter(id, by);
    if (!read.ok) return { ok: false, reason: `cannot read counter ${id}: ${read.reason}`, value: 0 };
    const before = read.value;
    if (to < before) return { ok: false, reason: `${id} is ${before}; the boot never lowers it`, value: before };
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, to, true);
    if (to > before) this.flash.write(assetSlot(id), bytes, by);
    return { ok: true, before, after: to };
  }

  /** The factory sets a counter up at `value`: blows fuses of an eFuse bank, writes the u32 of one kept elsewhere (flash). An eFuse field that is no counter bank is left as it is. */
  provisionCounter(id: string, value: number): void {
    if (this.efuses.has(id)) {
      if (this.efuses.isCounter(id)) this.efuses.raiseCounter(id, value, 'factory');
      return;
    }
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, true);
    this.flash.write(assetSlot(id), bytes, 'factory');
  }

  /** Writes an anchor hash where the design keeps it; reports whether the stored value changed. */
  writeAnchor(assetId: string, value: Uint8Array, by: string): { changed: boolean; detail: string } {
    const before = this.efuses.has(assetId) ? this.efuses.read(assetId) : this.flash.peek(assetSlot(assetId));
    if (this.efuses.has(assetId)) {
      const result = this.efuses.program(assetId, value, by);
      if (!result.ok) return { changed: false, detail: `eFuse controller refused: ${result.reason}` };
    } else this.flash.write(assetSlot(assetId), value, by);
    const after = this.efuses.has(assetId) ? this.efuses.read(assetId) : this.flash.peek(assetSlot(assetId));
    const changed = !before || !after || Buffer.compare(Buffer.from(before), Buffer.from(after)) !== 0;
    return { changed, detail: this.efuses.has(assetId) ? `eFuse field ${assetId} ${changed ? 'changed' : 'unchanged'}` : `${assetId} is in flash, which anyone with the flash can rewrite` };
  }
}

export interface ProvisionOptions {
  /** The device's serial in this factory run (default 0). */
  serial?: number;
  capabilities?: Iterable<DeviceCapability>;
  /**
   * The private-key asset that is the identity key: the one the protocol design signs quotes with
   * (attestation.signingKey). Left out, or naming no private key of the design: the design's only private key, else
   * the first one (a design with several and no protocol to say which is the identity: the boots that do not read the
   * identity, such as the fault sweep and the update lab).
   */
  identityKey?: string;
}

/** Builds a device for `design` from the vendor's current release. Deterministic in the vendor's seed and the serial. */
export function provisionDevice(vendor: Vendor, options: ProvisionOptions = {}): BootDevice {
  const design = vendor.design;
  const bus = new BusLog();
  const efuses = new EFuses(bus);
  for (const asset of design.assets.filter((a) => a.location === 'efuse')) defineFuses(efuses, asset);
  const registers = design.assets.filter((a) => a.kind === 'register').map((a) => a.id);
  const access = new AccessRules(design);
  const serial = options.serial ?? 0;
  const identityAsset = identityAssetOf(design, options.identityKey);
  const keys = plutonKeyAssets(design, identityAsset);
  const factoryKey = factoryIdentityKey(design, identityAsset, vendor.seed, serial);
  const pluton = Pluton.manufacture(vendor.seed, registers, efuses, bus, {
    serial,
    ...(factoryKey ? { injectedIdentity: factoryKey } : {}),
    ...(keys.identity ? { identityAsset: keys.identity } : {}),
    otherKeyAssets: keys.others,
    sealedKeyAssets: keys.sealed,
    access,
  });
  const profile: DeviceProfile = { serial, capabilities: new Set(options.capabilities ?? []), sdkTestCertificate: vendor.sdkTest.keyCertificate, access };
  const device = new BootDevice(design, vendor.seed, bus, efuses, pluton, new Flash(bus), profile);
  // A design that keeps the identity key outside Pluton: the factory stores it where the design says, across the bus.
  if (factoryKey && identityAsset && identityAsset.location !== 'pluton') storeOutsidePluton(device, identityAsset, factoryKey);

  // Device registration: the factory sends the identity public key to the vendor's device database.
  const identity = pluton.getPublicKey('factory');
  bus.record('network', 'factory', 'vendor-device-registry', 'device identity public key', identity);

  for (const key of design.keys.filter((k) => k.anchoredIn)) device.writeAnchor(key.anchoredIn!, vendor.anchorHash(key.id), 'factory');
  for (const counter of new Set(design.boot.flatMap((s) => (s.rollback ? [s.rollback.counter] : [])))) {
    device.provisionCounter(counter, CURRENT_RELEASE);
  }
  // A key store kept as a signed image starts at the factory release, its counter with it.
  const keyStoreCounter = signedKeyStoreOf(design)?.image.rollback?.counter;
  if (keyStoreCounter && !design.boot.some((s) => s.rollback?.counter === keyStoreCounter)) device.provisionCounter(keyStoreCounter, CURRENT_RELEASE);
  device.flash.write(KEY_STORE_SLOT, vendor.keyStore(), 'factory');
  for (const [component, image] of vendor.current.images) device.flash.write(imageSlot(component), image, 'factory');
  for (const [key, manifest] of vendor.current.manifests) device.flash.write(manifestSlot(key), manifest, 'factory');
  return device;
}

/**
 * The design's identity key: the private-key asset `named` (the protocol's quote key) when the design has it, else its
 * first private-key asset. Before, always the first: a design listing its client key before its identity key had the
 * client key taken for the identity (device ID, the secret the identity scan looks for, the key a factory stores).
 */
const identityAssetOf = (design: PlatformDesign, named: string | undefined): PlatformAsset | undefined =>
  design.assets.find((a) => a.kind === 'private-key' && a.id === named) ?? design.assets.find((a) => a.kind === 'private-key');

/**
 * The identity key when the factory, not Pluton, generates it: one key for every chip when the design
 * provisions the same key to every device; one per chip when the design keeps the key outside Pluton
 * (something outside the chip must then hold it). Undefined when Pluton draws its own (Azure Sphere).
 */
function factoryIdentityKey(design: PlatformDesign, asset: PlatformAsset | undefined, seed: number, serial: number): Uint8Array | undefined {
  if (design.identityKeyProvisioning === 'same-for-every-device') return p256.utils.randomSecretKey(new HmacDrbg(seed, 'factory identity key for every chip').generate(48));
  if (asset && asset.location !== 'pluton') return p256.utils.randomSecretKey(new HmacDrbg(seed, `factory identity key, chip ${serial}`).generate(48));
  return undefined;
}

function storeOutsidePluton(device: BootDevice, asset: PlatformAsset, secret: Uint8Array): void {
  switch (asset.location) {
    case 'flash':
      device.flash.write(flashSlotOf(asset), secret, 'factory');
      break;
    case 'efuse':
      device.efuses.program(asset.id, secret, 'factory');
      break;
    case 'sram':
    case 'io-registers':
      device.bus.record('memory', 'factory', `${asset.location}:${asset.id}`, `write ${asset.id}`, secret);
      device.registers.set(asset.id, secret.slice());
      break;
    case 'pluton':
      break;
  }
}

/**
 * The keys Pluton holds for the design: its identity key (the first private key the design keeps in Pluton) and every
 * other key asset in Pluton; of them, Pluton seals (signs quotes with, never hands out) the private keys the design
 * keeps secret. A key store, or a key the design says is no secret, it holds for software to read.
 */
function plutonKeyAssets(design: PlatformDesign, identityAsset: PlatformAsset | undefined): { identity?: string; others: string[]; sealed: string[] } {
  const inPluton = design.assets.filter((a) => a.location === 'pluton' && (a.kind === 'private-key' || a.kind === 'key-store'));
  const identity = identityAsset?.location === 'pluton' ? identityAsset.id : inPluton.find((a) => a.kind === 'private-key')?.id;
  const sealed = inPluton.filter((a) => a.kind === 'private-key' && a.secret).map((a) => a.id);
  return { ...(identity ? { identity } : {}), others: inPluton.map((a) => a.id).filter((id) => id !== identity), sealed };
}

function defineFuses(efuses: EFuses, asset: PlatformAsset): void {
  if (asset.kind === 'counter') efuses.defineCounter(asset.id);
  else efuses.defineField(asset.id, 32, asset.oneTimeProgrammable === true);
}
