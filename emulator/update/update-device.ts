/**
 * A device as the update lab drives it: the chip (emulator/boot's BootDevice: Pluton, eFuses with the
 * anti-rollback counters) and the counted flash that holds the banks, the update state, the session
 * record and the failure log. Power-on boots the active bank with the boot emulator's real checks and,
 * when it halts and the design has a recovery path, the other bank; then the OS comes up and does its
 * durable bookkeeping (power-cut detection, boot failures into the log, boot-control pointed at the
 * bank that booted). Everything in RAM is lost on a power cut; the lab then calls powerOn() again.
 */
import type { SigningCertificate } from '../../formats/image-package/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { TrustedMetadataKey } from '../../formats/update-metadata/metadata-signature.js';
import type { DeviceGroup, UpdateDesign } from '../../model/update/update-design.js';
import { bootDevice, imageSlot, KEY_STORE_SLOT, manifestSlot, type BootDevice, type BootTrace, type SignatureVerifier } from '../boot/index.js';
import { Banks, type BankId } from './banks.js';
import type { BootMemo } from './boot-memo.js';
import type { CountedFlash } from './counted-flash.js';
import { FailureReportLog, SYSTEM_SOURCE, type AppendResult, type EventOrigin, type LoggedEvent, type ReportedFailureKind } from './failure-log.js';
import { DoubleRecord } from './record.js';
import { groupNamed } from './group-feed.js';

export interface DeviceIdentity {
  deviceId: string;
  product: string;
  deviceGroup: string;
}

/** Update bookkeeping that must survive resets (TUF's trusted metadata, and when each update was learnt). */
export interface UpdateState {
  trustedSequence: number;
  /** issuedAt of the newest fresh metadata accepted. */
  lastFreshIssuedAt: number;
  /** Time each pending update was first seen, by kind and target set: the deferral window counts from here. */
  learned: Record<string, number>;
}

export interface Session {
  boot: number;
  /** Set at power-on, cleared at a clean shutdown: found set at power-on means the power was cut. */
  running: boolean;
}

export interface BootAttempt {
  bank: BankId;
  trace: BootTrace;
}

export interface PowerOnResult {
  attempts: BootAttempt[];
  /** The bank now running, or undefined: no bank boots and the device waits in recovery. */
  running?: BankId;
  logged: LoggedEvent[];
}

export interface PowerOnOptions {
  /** Boot check ids (design check ids, rollback.<image>) forced to pass, as a glitch would. */
  skip?: readonly string[];
}

/** What an app with the deferral capabilities does when told an update is pending. */
export interface DeferralBehaviour {
  app: string;
  /** Hours it asks to defer each time it is told. */
  requestHours: number;
}

export class UpdateDevice {
  readonly banks: Banks;
  readonly updateState: DoubleRecord<UpdateState>;
  readonly session: DoubleRecord<Session>;
  /** Human-readable account of what the device did, for evidence. Survives clones, not meaning. */
  journal: string[] = [];
  /** RAM: lost at every power cut. */
  log: FailureReportLog | undefined;
  running: BankId | undefined;
  bootCount = 0;
  lastBoot: PowerOnResult | undefined;
  deferral: DeferralBehaviour | undefined;
  /**
   * The device's clock as the OS keeps it, as an offset from the lab's (true) time in seconds: 0 until an app
   * the OS lets set the system time moves it (system-time.ts). The update agent judges metadata by it. Kept
   * across reboots and power cuts (the real-time clock is battery-backed on Azure Sphere boards; a clock that
   * reset would only move it further from what the app chose).
   */
  clockOffsetSeconds = 0;
  /**
   * The app that pointed the device's time sync at a server of its own (TimeSyncConfig: custom NTP), if any; the
   * device then authenticates its time against that server (system-time.ts syncTime 'app-server'). Kept in
   * configuration storage across reboots, like the setting it models.
   */
  timeServerChosenBy: string | undefined;
  /**
   * RAM: when the periodic update-check timer last started, in lab seconds: at the first connection after
   * power-on, then at every check (connection.ts). Undefined after power-on: the device has not connected yet.
   */
  checkTimerFrom: number | undefined;
  /**
   * When the installer raises a key store's counter it compares at update, relative to switching banks, where the
   * update design does not say (antiRollback.keyStoreCounterRaised): the power-cut play sets it to try each order.
   * Undefined with the design silent: after the switch.
   */
  keyStoreCounterOrderUnstated: 'before-switch' | 'after-switch' | undefined = undefined;
  /**
   * The offline root key's public half, provisioned at the factory where the design rotates its metadata keys by one
   * (metadata.keyRotation offline-root): what a metadata key set must be signed with (metadata-key-rotation.ts).
   * Undefined: nothing can replace the factory's metadata keys.
   */
  metadataRoot: TrustedMetadataKey | undefined = undefined;
  /** Boots remembered by their exact inputs, shared with every clone (the power-cut sweep sets it on the device it sweeps); undefined: every boot runs. */
  bootMemo: BootMemo | undefined;
  /** Told about every power-on (attack scenarios collect what ran). Not cloned. */
  onBoot: ((result: PowerOnResult) => void) | undefined;
  /** Told about every failure offered to the log and what became of it (stored, dropped over a capacity, not recorded by design). Not cloned. */
  onEvent: ((result: AppendResult, kind: ReportedFailureKind, source: string, origin: EventOrigin) => void) | undefined;

  constructor(
    readonly design: UpdateDesign,
    readonly platform: PlatformDesign,
    readonly identity: DeviceIdentity,
    readonly chip: BootDevice,
    readonly flash: CountedFlash,
    readonly verifier: SignatureVerifier,
    readonly trustedKeys: readonly TrustedMetadataKey[],
    /** The development signing certificate the OS knows (the SDK's): what sideloaded images may be signed with. */
    readonly developmentCertificate: SigningCertificate,
  ) {
    this.banks = new Banks(flash, design);
    this.updateState = new DoubleRecord(flash, 'update-state');
    this.session = new DoubleRecord(flash, 'session');
  }

  get group(): DeviceGroup {
    return groupNamed(this.design, this.identity.deviceGroup)!;
  }

  /** What the device's clock reads at lab time `now`. */
  clockAt(now: number): number {
    return now + this.clockOffsetSeconds;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** The boot slots the ROM and loaders read: every stage image, every manifest a check names, the key store. */
  bootSlots(): readonly string[] {
    // A function of the platform design alone, which never changes: worked out once per design, not per clone.
    let slots = BOOT_SLOTS.get(this.platform);
    if (!slots) {
      const manifests = new Set(this.platform.boot.flatMap((s) => s.checks.filter((c) => c.kind === 'manifest-hash').map((c) => manifestSlot(c.key))));
      slots = Object.freeze([KEY_STORE_SLOT, ...this.platform.boot.map((s) => imageSlot(s.image)), ...manifests]);
      BOOT_SLOTS.set(this.platform, slots);
    }
    return slots;
  }

  /** Boots `bank` on `chip` (this device's, or a scratch clone for a dry run) as the flash controller maps it; `skip` forces named checks to pass (fault injection). */
  bootBank(bank: BankId, chip: BootDevice, scenario: string, skip: readonly string[] = []): BootTrace {
    chip.bus.clear();
    const slots = this.bootSlots().map((slot) => this.banks.read(bank, slot) ?? EMPTY);
    this.bootSlots().forEach((slot, i) => chip.flash.write(slot, slots[i]!, 'bank-map'));
    // Only a boot without forced checks is remembered (boot-memo.ts says what a remembered boot leaves).
    if (this.bootMemo && skip.length === 0) return this.bootMemo.boot(chip, slots, scenario, this.verifier);
    return bootDevice(chip, { verifier: this.verifier, scenario, ...(skip.length ? { skip } : {}) });
  }

  /** Powers on: boots the active bank, then (with a recovery path) the other. `options.skip` forces named boot checks to pass in every attempt. */
  powerOn(now: number, options: PowerOnOptions = {}): PowerOnResult {
    this.running = undefined;
    this.log = undefined;
    this.checkTimerFrom = undefined;
    const attempts: BootAttempt[] = [];
    const skip = options.skip ?? [];
    for (const bank of this.banks.bootOrder()) {
      const trace = this.bootBank(bank, this.chip, `power-on, bank ${bank}${skip.length ? `, forced to pass: ${skip.join(', ')}` : ''}`, skip);
      attempts.push({ bank, trace });
      if (trace.outcome === 'booted') {
        this.running = bank;
        break;
      }
    }
    const result: PowerOnResult = { attempts, logged: [] };
    this.lastBoot = result;
    this.onBoot?.(result);
    if (!this.running) {
      this.journal.push(`${stamp(now)} power-on: no bank boots (${attempts.map((a) => `${a.bank}: halted at ${a.trace.haltedAt}`).join('; ')}): recovery mode`);
      return result;
    }
    result.running = this.running;
    // The OS is up. From here every step writes flash and can itself be cut.
    this.log = FailureReportLog.open(this.flash, this.design, this.platform);
    const previous = this.session.read()?.value;
    this.bootCount = (previous?.boot ?? 0) + 1;
    const record = (kind: ReportedFailureKind, detail: string) => {
      const event = this.report(now, kind, detail);
      if (event) result.logged.push(event);
    };
    if (previous?.running || this.session.hasTornCopy()) record('power-cut', `power was lost while boot ${previous?.boot ?? '?'} was running`);
    this.session.write({ boot: this.bootCount, running: true }, 'os');
    for (const failed of attempts.filter((a) => a.trace.outcome === 'halted')) {
      const stage = failed.trace.stages.find((s) => s.outcome.status === 'halted');
      record('boot-verification-failure', `bank ${failed.bank}: ${failed.trace.haltedAt} ${stage && stage.outcome.status === 'halted' ? stage.outcome.reason : 'halted'}`);
    }
    if (this.running !== this.banks.active()) this.banks.setActive(this.running, 'os');
    this.journal.push(`${stamp(now)} power-on: boot ${this.bootCount} runs bank ${this.running}${attempts.length > 1 ? ` after bank ${attempts[0]!.bank} halted at ${attempts[0]!.trace.haltedAt}` : ''}`);
    return result;
  }

  /** A clean shutdown: the session record says nobody pulled the plug. */
  shutdown(): void {
    if (this.running) this.session.write({ boot: this.bootCount, running: false }, 'os');
    this.running = undefined;
    this.log = undefined;
  }

  reboot(now: number, options: PowerOnOptions = {}): PowerOnResult {
    this.shutdown();
    return this.powerOn(now, options);
  }

  /**
   * The OS goes down on its own (a kernel or security-subsystem crash, a watchdog reset, an app's ForceReboot):
   * it notes the cause in its failure log as it goes down, then the device boots again. The event is charged to
   * `source` (of `origin`): the OS's own, or, for a restart an app asked for, that app's (app-events.ts forceReboot).
   */
  crashReboot(now: number, reason: string, source = SYSTEM_SOURCE, origin: EventOrigin = 'os'): PowerOnResult {
    this.offer(now, 'device-reboot', `unplanned reboot: ${reason}`, source, origin);
    this.journal.push(`${stamp(now)} the OS reboots the device: ${reason}`);
    return this.reboot(now);
  }

  /** The lab pulls the plug: RAM is gone. */
  losePower(): void {
    this.running = undefined;
    this.log = undefined;
  }

  /** A failure event (the OS's, or an app's with its origin), if the OS is running; the event once durable. */
  report(now: number, kind: ReportedFailureKind, detail: string, source = SYSTEM_SOURCE, origin: EventOrigin = 'os'): LoggedEvent | undefined {
    const result = this.offer(now, kind, detail, source, origin);
    return result?.outcome === 'stored' ? result.event : undefined;
  }

  /** The same, saying what the log did with it; undefined when the OS is not running. */
  offer(now: number, kind: ReportedFailureKind, detail: string, source = SYSTEM_SOURCE, origin: EventOrigin = 'os'): AppendResult | undefined {
    if (!this.log) return undefined;
    const result = this.log.offer({ time: now, kind, source, detail, boot: this.bootCount }, origin);
    this.onEvent?.(result, kind, source, origin);
    return result;
  }

  /**
   * Counter values, by counter asset id: the counters the device holds. A counter asset the design declares but nothing
   * guards with (no boot stage's or signed image's rollback names it) is never set up by the factory, so a flash one has
   * no u32: it is left out rather than read (reading it threw, and the check that asked failed internally). A held
   * counter that becomes unreadable is still seen: a comparison finds it missing (below its value before).
   */
  counters(): Record<string, number> {
    let ids = COUNTER_IDS.get(this.platform);
    if (!ids) COUNTER_IDS.set(this.platform, (ids = this.platform.assets.filter((a) => a.kind === 'counter').map((a) => a.id)));
    return Object.fromEntries(ids.flatMap((id) => {
      const read = this.chip.readCounter(id, 'lab');
      return read.ok ? [[id, read.value]] : [];
    }));
  }

  /** The same device in another universe: chip, flash and RAM state copied; the verifier (stateless answers) shared. `identity`: the copy is another device built the same way (the lab's factory line). */
  clone(identity: DeviceIdentity = this.identity): UpdateDevice {
    const copy = new UpdateDevice(this.design, this.platform, { ...identity }, this.chip.clone(), this.flash.clone(), this.verifier, this.trustedKeys, this.developmentCertificate);
    copy.journal = [...this.journal];
    copy.bootCount = this.bootCount;
    copy.deferral = this.deferral ? { ...this.deferral } : undefined;
    copy.clockOffsetSeconds = this.clockOffsetSeconds;
    copy.timeServerChosenBy = this.timeServerChosenBy;
    copy.running = this.running;
    copy.checkTimerFrom = this.checkTimerFrom;
    copy.keyStoreCounterOrderUnstated = this.keyStoreCounterOrderUnstated;
    copy.metadataRoot = this.metadataRoot;
    copy.log = this.log?.cloneOnto(copy.flash);
    copy.bootMemo = this.bootMemo;
    return copy;
  }
}

const EMPTY = new Uint8Array(0);
/** Boot slots by platform design (a design object is never changed once loaded). */
const BOOT_SLOTS = new WeakMap<PlatformDesign, readonly string[]>();
/** The counter assets by platform design, likewise: the power-cut sweep reads every counter three times a cut point. */
const COUNTER_IDS = new WeakMap<PlatformDesign, readonly string[]>();
const START = 1_735_689_600; // 2025-01-01, the lab's t = 0

/** Lab time as "t+26.5h" in journals. */
export function stamp(now: number): string {
  const hours = (now - START) / 3600;
  return `t+${Number.isInteger(hours) ? hours : hours.toFixed(1)}h`;
}

export const LAB_EPOCH = START;
