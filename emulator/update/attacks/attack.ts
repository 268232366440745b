/**
 * An attack on the update path, run as a scenario on a fresh device and a fresh service: the
 * service deploys OS and apps at security version 3 (the device left the factory at 2), the attacker
 * sits on the network (an Interceptor), holds a stolen online metadata key, or has the flash, and the
 * device connects as it would. Every scenario ends with the same checks, whatever the attack:
 *   - the device still boots, and every image that ever ran is one the vendor signed;
 *   - no running image and no counter went back;
 * plus the attack's own: the refusal is reported, downloads stay bounded, the device catches up once
 * the attack stops. Any failed check makes the attack 'succeeded', with the transcript as evidence.
 * A step the emulator could not play on this design (the attacker's move depends on something the design does not
 * state) makes it 'undecided', with the reason, when no check failed: a step not played is never 'defended'.
 */
import { createSelfSignedCertificate, readCertificate, signingKeyFromSecret, type SigningKey } from '../../../formats/image-package/index.js';
import { p256 } from '@noble/curves/nist.js';
import { requiredNumber, type RequirementProfile } from '../../../model/requirements/requirement-profile.js';
import { HmacDrbg } from '../../boot/index.js';
import { connect, type ConnectResult } from '../connection.js';
import type { InstallHooks } from '../installer.js';
import type { UpdateLab, DeviceOptions } from '../update-lab.js';
import type { Interceptor } from '../network.js';
import type { SigningIdentity } from '../releases.js';
import type { UpdateService } from '../service.js';
import { securityVersionOfBytes } from '../slots.js';
import type { InstalledApp } from '../system-time.js';
import { LAB_EPOCH, type UpdateDevice } from '../update-device.js';

export type Standard = 'TUF' | 'Uptane' | 'SUIT';
/**
 * 'undecided': a decisive step was not played (the design does not state what it turns on, or the profile has no
 * deadline for it), and nothing else failed; 'not-applicable': the threat's premise does not exist in the design (an
 * app image set extraneous to a group's updates, on a design that ships no app update kind), so nothing was played,
 * with the reason; 'error': the scenario itself broke (a Sevenfold defect or a design the scenario cannot be set up
 * on). None of the three is evidence that the design defends the attack: only 'defended' is.
 */
export type AttackVerdict = 'defended' | 'succeeded' | 'undecided' | 'not-applicable' | 'error';

export interface AttackCase {
  /** Stable name, e.g. "tuf/rollback". */
  id: string;
  standard: Standard;
  /** The standard's own name: "Rollback attack", "THREAT.IMG.EXPIRED". */
  standardId: string;
  title: string;
  /** What the attacker can do in this scenario. */
  attacker: string;
  run(context: AttackContext): Scenario;
}

export interface AttackResult {
  id: string;
  standard: Standard;
  standardId: string;
  title: string;
  attacker: string;
  verdict: AttackVerdict;
  summary: string;
  /** The scenario's transcript: connections, what the device did, each failed check. */
  lines: string[];
  ms: number;
}

export class AttackContext {
  private constructor(
    readonly lab: UpdateLab,
    /** The attacker's own signing key and self-signed certificate (never trusted by the device). */
    readonly attacker: SigningIdentity,
    /**
     * The requirement profile: where a scenario needs a deadline (how soon a freeze must be reported, how
     * soon a release must arrive once an attack stops), it is the profile's, never the design's own.
     */
    readonly requirements: RequirementProfile,
    /**
     * The product's apps as the device's OS installs them: a scenario whose attacker includes a compromised app
     * plays each (tuf/indefinite-freeze: an app that may set the clock sets it back). Empty: no product app.
     */
    readonly apps: readonly InstalledApp[] = [],
  ) {}

  static async create(lab: UpdateLab, requirements: RequirementProfile, apps: readonly InstalledApp[] = []): Promise<AttackContext> {
    const key = signingKeyFromSecret(p256.utils.randomSecretKey(new HmacDrbg(lab.seed, 'update attacker key').generate(48)));
    const pem = await createSelfSignedCertificate(key, { subject: 'CN=firmware-signing', notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2034-01-01T00:00:00Z') });
    return new AttackContext(lab, { key, certificate: readCertificate(pem) }, requirements, apps);
  }

  /** A deadline in hours from the profile (MissingRequirementError, reported as an 'undecided' attack, when it has none). */
  requiredHours(id: string): number {
    return requiredNumber(this.requirements, id);
  }

  /** A fresh service (OS and apps at `version` deployed unless told otherwise; signing with `metadataKeys`, default the lab's) and a fresh factory device. */
  scenario(options: DeviceOptions & { deploy?: number | false; metadataKeys?: readonly SigningKey[] } = {}): Scenario {
    // Every scenario starts at t = 0 with its own service and device, so its outcome and transcript do not depend on what ran before.
    this.lab.now = LAB_EPOCH;
    const service = this.lab.newService(undefined, options.metadataKeys);
    if (options.deploy !== false) {
      this.lab.publishOs(options.deploy ?? 3, service);
      this.lab.deployApps(options.deviceGroup ?? this.lab.deviceGroup, options.deploy ?? 3, service);
    }
    return new Scenario(this.lab, service, this.lab.device(options));
  }
}

export class Scenario {
  readonly lines: string[] = [];
  readonly problems: string[] = [];
  /** Why a decisive step was not played (each reason once, in order): the attack is undecided unless a check failed. */
  readonly notPlayed: string[] = [];
  readonly #ran = new Map<string, string>();
  readonly #versions: Map<string, number>;
  readonly #counters: Record<string, number>;
  #journalFrom = 0;

  constructor(
    readonly lab: UpdateLab,
    readonly service: UpdateService,
    readonly device: UpdateDevice,
  ) {
    this.#counters = device.counters();
    this.#versions = this.#runningVersions();
    this.#collect(device.lastBoot);
    device.onBoot = (boot) => this.#collect(boot);
  }

  /** The device's group: what the service deploys to it, and what its metadata must name. */
  get group(): string {
    return this.device.identity.deviceGroup;
  }

  /**
   * Advance the clock by `hours`, then connect through `interceptor` (honest network without one) and check
   * for updates: a scenario is about what the device does when it checks, whether the check comes on
   * connecting or from the periodic timer (when it comes is the reach rule's).
   */
  connect(interceptor?: Interceptor, hours = 0, hooks?: InstallHooks): ConnectResult {
    this.lab.now += Math.round(hours * 3600);
    const path = this.lab.connection(interceptor, this.service);
    const result = connect(this.device, path, this.lab.now, { check: true, ...(hooks ? { hooks } : {}) });
    this.#flushJournal();
    this.lines.push(`  network: ${path.requests.join(' · ') || 'no requests'}${interceptor ? ` [${interceptor.name}]` : ''}`);
    return result;
  }

  /** A normal restart between checks: what the flash holds now is what boots. */
  reboot(): void {
    this.device.reboot(this.lab.now);
    this.#flushJournal();
  }

  note(line: string): void {
    this.#flushJournal();
    this.lines.push(line);
  }

  expect(condition: boolean, problem: string): void {
    if (!condition) this.problems.push(problem);
  }

  /** A decisive step of the attack could not be played on this design: the verdict cannot be 'defended'. */
  undecided(reason: string): void {
    if (!this.notPlayed.includes(reason)) this.notPlayed.push(reason);
  }

  /** An 'update-failure' (or other) event matching `pattern` is in the device's log or already at the service. */
  expectReported(pattern: RegExp, kind = 'update-failure'): void {
    const events = [...(this.device.log?.pending() ?? []), ...this.service.received(this.device.identity.deviceId)];
    this.expect(events.some((e) => e.kind === kind && pattern.test(e.detail)), `no ${kind} event matching ${pattern} was reported`);
  }

  expectCurrent(why = 'once the attack stops'): void {
    this.expect(this.lab.isCurrent(this.device, this.service), `the device does not run the deployed version ${why}`);
  }

  expectNotCurrent(why: string): void {
    this.expect(!this.lab.isCurrent(this.device, this.service), why);
  }

  /** The checks every scenario ends with; returns the verdict. */
  finish(): { verdict: AttackVerdict; summary: string; lines: string[] } {
    this.#flushJournal();
    if (!this.device.isRunning) this.problems.push('the device no longer boots (it waits in recovery)');
    for (const [image, origin] of this.#ran) this.problems.push(`${image} ran an image the vendor never signed (${origin})`);
    const counters = this.device.counters();
    for (const [id, value] of Object.entries(this.#counters)) if ((counters[id] ?? 0) < value) this.problems.push(`${id} went back from ${value} to ${counters[id] ?? 'nothing readable'}`);
    if (this.device.isRunning) {
      for (const [slot, version] of this.#runningVersions()) {
        const before = this.#versions.get(slot);
        if (before !== undefined && version < before) this.problems.push(`${slot} went back from security version ${before} to ${version}`);
      }
    }
    const lines = [...this.lines, ...this.problems.map((p) => `  FAILED: ${p}`), ...this.notPlayed.map((r) => `  NOT PLAYED: ${r}`)];
    // A failed check is evidence whatever was not played; without one, a step not played leaves the attack open.
    if (this.problems.length) return { verdict: 'succeeded', summary: this.problems[0]!, lines };
    if (this.notPlayed.length) return { verdict: 'undecided', summary: `undecided: ${this.notPlayed.join('; ')}`, lines };
    return { verdict: 'defended', summary: 'every check held', lines };
  }

  #collect(boot: UpdateDevice['lastBoot']): void {
    const ran = boot?.attempts.find((a) => a.bank === boot.running)?.trace;
    for (const stage of ran?.stages ?? []) {
      if (stage.outcome.status === 'ran' && (!stage.imageSha256 || !this.lab.genuine.has(stage.imageSha256))) this.#ran.set(stage.image, `sha256 ${stage.imageSha256?.slice(0, 12) ?? '?'}…`);
    }
  }

  #runningVersions(): Map<string, number> {
    const bank = this.device.running;
    if (!bank) return new Map();
    return new Map(this.device.bootSlots().filter((s) => s.startsWith('image/')).map((s) => [s, securityVersionOfBytes(this.device.banks.read(bank, s) ?? new Uint8Array(0))]));
  }

  #flushJournal(): void {
    for (const line of this.device.journal.slice(this.#journalFrom)) this.lines.push(`  ${line}`);
    this.#journalFrom = this.device.journal.length;
  }
}

