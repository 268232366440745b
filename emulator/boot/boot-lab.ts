/**
 * A boot lab for one design and seed: the vendor (keys, certificates, releases), one provisioned device
 * that is never booted itself, and the attacker. Every boot runs on a fresh clone of the device, so
 * boots are independent and each one's bus log holds only what that boot did. The devices carry the
 * device capabilities the lab is opened with (the product's deployment); provisionFleet() makes more
 * devices of the same factory run, serial after serial.
 */
import type { DeviceCapability } from '../../model/product/deployment.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { Attacker, type AttackPlan } from './attacks.js';
import type { BootCheckRoutines } from './boot-checks.js';
import { bootDevice } from './boot.js';
import { provisionDevice, type BootDevice } from './boot-device.js';
import { imageSlot, KEY_STORE_SLOT, manifestSlot } from './flash.js';
import type { SignatureVerifier } from './p256-verifier.js';
import type { BootTrace } from './trace.js';
import { Vendor } from './vendor.js';

export interface BootRun {
  trace: BootTrace;
  /** The device after the boot: its bus log, fuses and flash as the boot left them. */
  device: BootDevice;
}

export interface LabOptions {
  seed: number;
  bodyBytes?: number;
  capabilities?: readonly DeviceCapability[];
  /** The private-key asset that is the device's identity key (the protocol design's attestation.signingKey): see provisionDevice. */
  identityKey?: string;
}

/** Labs of this process by their exact inputs (BootLab.shared); a long run over many designs (fuzzing) cannot grow it past this. */
const sharedLabs = new Map<string, Promise<BootLab>>();
const MAX_SHARED_LABS = 16;

export class BootLab {
  private constructor(
    readonly vendor: Vendor,
    /** As it left the factory: clone it, never boot it. */
    readonly factoryDevice: BootDevice,
    readonly attacker: Attacker,
    /** The identity key the lab's devices were provisioned with (LabOptions.identityKey). */
    private readonly identityKey?: string,
  ) {}

  static async open(design: PlatformDesign, options: LabOptions): Promise<BootLab> {
    const vendor = await Vendor.create(design, options);
    return new BootLab(vendor, provisionDevice(vendor, { serial: 0, capabilities: options.capabilities ?? [], ...(options.identityKey !== undefined ? { identityKey: options.identityKey } : {}) }), await Attacker.prepare(vendor), options.identityKey);
  }

  /**
   * One lab per run: the lab opened for the same design (the same JSON, field for field), seed, body
   * size and device capabilities earlier in this process, else a new one. Opening a lab makes keys,
   * certificates, two releases and the attacker's material (~70 ms warm); the properties that boot the
   * chain each asked for the same one. A shared lab is only read: every boot runs on a clone of its
   * device, and the vendor and attacker hand out new objects.
   */
  static shared(design: PlatformDesign, options: LabOptions): Promise<BootLab> {
    const key = JSON.stringify([design, options.seed, options.bodyBytes ?? null, options.capabilities ?? [], options.identityKey ?? null]);
    let lab = sharedLabs.get(key);
    if (!lab) {
      if (sharedLabs.size >= MAX_SHARED_LABS) sharedLabs.clear();
      lab = BootLab.open(design, options);
      sharedLabs.set(key, lab);
      // A lab that failed to open is not kept: the next caller gets the error afresh.
      lab.catch(() => sharedLabs.delete(key));
    }
    return lab;
  }

  /** `count` devices from the same factory run, each free to boot: a clone of the lab's own device (serial 0), then new ones with serials 1, 2, … */
  provisionFleet(count: number): BootDevice[] {
    const capabilities = [...this.factoryDevice.profile.capabilities];
    const named = this.identityKey !== undefined ? { identityKey: this.identityKey } : {};
    return Array.from({ length: count }, (_, serial) => (serial === 0 ? this.factoryDevice.clone() : provisionDevice(this.vendor, { serial, capabilities, ...named })));
  }

  get design(): PlatformDesign {
    return this.vendor.design;
  }

  get seed(): number {
    return this.vendor.seed;
  }

  /** Writes the vendor's current release back into flash (key store, images, manifests), as a recovery would; fuses stay as they are. */
  reinstallRelease(device: BootDevice): void {
    device.flash.write(KEY_STORE_SLOT, this.vendor.keyStore(), 'recovery');
    for (const [component, image] of this.vendor.current.images) device.flash.write(imageSlot(component), image, 'recovery');
    for (const [key, manifest] of this.vendor.current.manifests) device.flash.write(manifestSlot(key), manifest, 'recovery');
  }

  /** Boots `device` as it is (no clone): for a second boot of a device an earlier boot changed. */
  reboot(device: BootDevice, verifier: SignatureVerifier, scenario: string): BootRun {
    return { trace: bootDevice(device, { verifier, scenario }), device };
  }

  /** Boots a fresh device, with `attack` written into its flash first and `skip` forced to pass. */
  boot(verifier: SignatureVerifier, options: { attack?: AttackPlan; skip?: Iterable<string>; scenario?: string; routines?: Partial<BootCheckRoutines>; measuredAs?: ReadonlyMap<string, Uint8Array> } = {}): BootRun {
    const device = this.factoryDevice.clone();
    options.attack?.apply(device);
    const scenario = options.scenario ?? (options.attack ? `attack: ${options.attack.description}` : 'normal boot');
    return { trace: bootDevice(device, { verifier, scenario, ...(options.skip ? { skip: options.skip } : {}), ...(options.routines ? { routines: options.routines } : {}), ...(options.measuredAs ? { measuredAs: options.measuredAs } : {}) }), device };
  }
}
