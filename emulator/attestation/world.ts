/**
 * A complete attestation world in one process: the PKI, the security service with its device registry
 * and known-good measurements, a cloud service, and devices, each with a chip of its own: the boot
 * emulator's Pluton (emulator/boot/pluton.ts), whose boot measurement register follows the software the
 * device boots each period. `attest` and `connect` run the honest protocol end to end; tests and the
 * replay of abstract traces drive the parties message by message instead.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import type { Software } from '../../model/attestation/attack-scenario.js';
import { BusLog } from '../boot/bus.js';
import { EFuses } from '../boot/efuses.js';
import { Pluton } from '../boot/pluton.js';
import { Clock, hex, type Step } from './common.js';
import { CloudService } from './cloud-service.js';
import { AttestingDevice, type DeviceConnection } from './attesting-device.js';
import { CLOUD_DNS, createPki, SERVICE_DNS, type Pki } from './pki.js';
import { SecurityService } from './security-service.js';

const text = (s: string) => new TextEncoder().encode(s);
/** The measurement register the boot chain extends. */
const BOOT_REGISTER = 'pcr-boot';
/** What the boot chain measures into pcr-boot for each kind of software: a stand-in for its images' digest. */
export const SOFTWARE_DIGESTS: Record<Software, Uint8Array> = {
  good: sha256(text('sevenfold: Azure Sphere OS 25.10, current release')),
  downgraded: sha256(text('sevenfold: Azure Sphere OS 22.02, an older signed release')),
  unmeasured: sha256(text('sevenfold: software the boot chain did not measure')),
};

/** A chip of the world: a Pluton with the boot measurement register, drawn from the world's seed and its serial. */
function manufactureChip(seed: number, serial: number): Pluton {
  const bus = new BusLog();
  return Pluton.manufacture(seed, [BOOT_REGISTER], new EFuses(bus), bus, { serial });
}

/** A (re)boot into `software`: the registers clear, and the boot chain measures what it loads. */
function bootInto(pluton: Pluton, software: Software): void {
  pluton.powerCycle();
  pluton.extend(BOOT_REGISTER, SOFTWARE_DIGESTS[software], 'boot-chain');
}

/**
 * What a device's quote reports as its measurements after booting each kind of software, read from a
 * reference chip booted into it (as a vendor obtains golden measurements): the security service's
 * known-good list holds `good`'s, and the replay maps abstract measurement terms to these.
 */
export const MEASUREMENTS: Record<Software, Uint8Array> = (() => {
  const reference = manufactureChip(0, 0);
  const reported = (software: Software) => {
    bootInto(reference, software);
    return reference.measurements('vendor');
  };
  return { good: reported('good'), downgraded: reported('downgraded'), unmeasured: reported('unmeasured') };
})();

/** Start of period 0 unless a world is given another epoch. */
export const DEFAULT_EPOCH = new Date(Date.UTC(2026, 0, 5, 0, 0, 0));

export interface WorldDevice {
  id: string;
  software: Software[];
  pluton: Pluton;
  device: AttestingDevice;
}

export interface WorldOptions {
  devices?: { id: string; software: Software[] }[];
  epoch?: Date;
  /** Every device registered with the security service (default: all). */
  unregistered?: string[];
  /** A PKI made earlier with createPki (for this epoch): worlds made in a loop can share one. */
  pki?: Pki;
  /** Seeds the chips' RNGs, so their keys (default: a random seed per world). */
  seed?: number;
}

export class AttestationWorld {
  private constructor(
    readonly design: ProtocolDesign,
    readonly pki: Pki,
    readonly clock: Clock,
    readonly service: SecurityService,
    readonly cloud: CloudService,
    readonly devices: Map<string, WorldDevice>,
  ) {}

  static async create(design: ProtocolDesign, options: WorldOptions = {}): Promise<AttestationWorld> {
    const epoch = options.epoch ?? DEFAULT_EPOCH;
    const clock = new Clock(new Date(epoch.getTime() + 3_600_000), epoch);
    const pki = options.pki ?? (await createPki(epoch));
    const random = (n: number) => new Uint8Array(randomBytes(n));
    const registry = new Map<string, Uint8Array>();
    const devices = new Map<string, WorldDevice>();
    const trust = { root: pki.root.parsed, serviceName: SERVICE_DNS, cloudName: CLOUD_DNS };
    const seed = options.seed ?? randomInt(2 ** 31);
    for (const [serial, d] of (options.devices ?? [{ id: 'd1', software: ['good'] as Software[] }]).entries()) {
      const pluton = manufactureChip(seed, serial);
      bootInto(pluton, d.software[0] ?? 'good');
      const device = new AttestingDevice(design, pluton, trust, clock);
      if (!options.unregistered?.includes(d.id)) registry.set(device.deviceIdHex, device.identityPublicKey);
      devices.set(d.id, { id: d.id, software: d.software, pluton, device });
    }
    // The service's allow-list: the current release, and every older signed one when the design never prunes it (attestation.knownGood).
    const knownGood = design.attestation.knownGood === 'every-signed-release' ? [MEASUREMENTS.good, MEASUREMENTS.downgraded] : [MEASUREMENTS.good];
    const service = new SecurityService(design, pki, registry, knownGood, clock, {}, random);
    const cloud = new CloudService(design, pki, service, clock, random);
    return new AttestationWorld(design, pki, clock, service, cloud, devices);
  }

  device(id: string): WorldDevice {
    const d = this.devices.get(id);
    if (!d) throw new Error(`no device ${id} in this world`);
    return d;
  }

  /** Moves to the start of period `p` (+ `offsetMs`): every device reboots into that period's software. */
  setPeriod(p: number, offsetMs = 3_600_000): void {
    this.clock.time = new Date(this.clock.epoch.getTime() + p * this.design.attestation.periodHours * 3_600_000 + offsetMs);
    for (const d of this.devices.values()) bootInto(d.pluton, d.software[Math.min(p, d.software.length - 1)] ?? 'good');
  }

  /** One honest attestation of `id`, every message passed on unchanged. */
  async attest(id: string): Promise<{ ok: boolean; transcript: Uint8Array[]; reason?: string }> {
    const { run, hello } = this.device(id).device.startAttestation();
    const transcript = [hello];
    const steps: ((m: Uint8Array) => Promise<Step>)[] = [(m) => this.service.handle(m), (m) => run.receive(m), (m) => this.service.handle(m), (m) => run.receive(m)];
    let message = hello;
    for (const step of steps) {
      const r = await step(message);
      if (!r.accepted) return { ok: false, transcript, reason: r.reason };
      if (!r.reply) break;
      message = r.reply;
      transcript.push(message);
    }
    return { ok: true, transcript };
  }

  /** One honest connection of `id` to the cloud service. */
  async connect(id: string): Promise<{ ok: boolean; reason?: string; run?: DeviceConnection; transcript: Uint8Array[] }> {
    const started = this.device(id).device.startConnection();
    if (!started) return { ok: false, reason: 'the device holds no certificate', transcript: [] };
    const transcript = [started.clientHello];
    const hello = await this.cloud.handle(started.clientHello);
    if (!hello.accepted) return { ok: false, reason: hello.reason, transcript };
    transcript.push(hello.reply!);
    const finish = await started.run.receive(hello.reply!);
    if (!finish.accepted) return { ok: false, reason: finish.reason, transcript };
    transcript.push(finish.reply!);
    const done = await this.cloud.handle(finish.reply!);
    if (!done.accepted) return { ok: false, reason: done.reason, transcript };
    return { ok: true, run: started.run, transcript };
  }

  snapshot(): string {
    return JSON.stringify({ service: this.service.snapshot(), cloud: this.cloud.snapshot(), devices: [...this.devices.values()].map((d) => d.device.snapshot()) });
  }

  deviceIdOf(id: string): string {
    return hex(this.device(id).device.deviceId);
  }
}
