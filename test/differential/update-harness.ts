/**
 * The differential harness for update steps: for one update design and one sequence of update checks
 * (each with its own metadata document: genuine, or signed by too few keys, for another group, older
 * than the trusted one, from the device's future, expired or never expiring, listing kinds the group
 * does not take, carrying a security version below a counter), the spec (model/update/update-step.ts,
 * with the policy rules of model/update/policy.ts) and the emulated device (emulator/update/update-agent.ts
 * on a counted flash, with real signatures, banks and boots) must make the same decision at every step:
 *  - the document: accepted, or refused for the same reason;
 *  - every update kind: nothing to do, refused (rollback), deferred, or installed;
 *  - the bank the device runs afterwards.
 * The harness keeps the spec's own run state (trusted sequence, when each update was learnt, what the
 * running bank holds, the counters), advanced from the spec's decisions, never read from the device.
 */
import { signMetadata } from '../../formats/update-metadata/metadata-signature.js';
import { NEVER_EXPIRES, type UpdateMetadataBody, type UpdateTarget } from '../../formats/update-metadata/metadata.js';
import { CURRENT_RELEASE, KEY_STORE_SLOT } from '../../emulator/boot/index.js';
import { UpdateLab, type UpdateDevice } from '../../emulator/update/index.js';
import { checkForUpdates, type CheckResult } from '../../emulator/update/update-agent.js';
import type { UpdateSource } from '../../emulator/update/service-api.js';
import { hex, sha256, slotComponent, targetsOf } from '../../emulator/update/slots.js';
import type { SignedRelease } from '../../emulator/update/releases.js';
import { deferralWindowKey, expiryFor, kindOf, kindsReceived } from '../../model/update/policy.js';
import { UPDATE_KINDS, type UpdateDesign, type UpdateKind } from '../../model/update/update-design.js';
import * as stepSpec from '../../model/update/update-step.js';
import type { MetadataDecision } from '../../model/update/update-step.js';
import { platform } from '../update/helpers.js';

/** One document the service (or an attacker with some of its keys) sends at a check. */
export interface DocumentPlan {
  /** Which of the service's keys sign it: all, just the design's threshold, one fewer, or none. */
  signers: 'all' | 'threshold' | 'one-short' | 'none';
  /** Seconds from the check's time to the document's issue time (negative: issued earlier). */
  issuedOffset: number;
  /** The sequence: the issue time, or one below the device's trusted sequence (a replay). */
  sequence: 'issued' | 'below-trusted';
  /** Its expiry: as the design sets it from the issue time, never, or this many seconds from the check's time. */
  expiry: 'design' | 'never' | number;
  addressee: 'own' | 'other-group' | 'other-product';
  /** Targets of every kind, or only those the device's group takes (as the honest service sends). */
  kinds: 'group' | 'all';
  /** The OS targets claim security version 1, below the factory counters. */
  lowerOs: boolean;
}

export interface StepPlan {
  advanceSeconds: number;
  document: DocumentPlan;
  /** From this step on, the service offers apps release 4 (when it offered 3): a newer release of a kind the device may be deferring. */
  newerApps?: boolean;
}

export interface UpdateCase {
  design: UpdateDesign;
  /** The device's group (in the design). */
  group: string;
  /** The deferring app's request, if the product has one. */
  deferralHours?: number;
  /** Releases offered: 2 is the factory's (nothing new), 3 a later one. */
  osVersion: 2 | 3;
  appVersion: 2 | 3;
  /** The key store offered: the factory's, or the vendor's certificates in another order (a prerequisite update that still boots). */
  keyStore: 'factory' | 'reordered';
  steps: StepPlan[];
  describe: string;
}

/** The spec reading (default: model/update/update-step.ts). A test plants a faulty one here. */
export type StepSpec = Pick<typeof stepSpec, 'metadataDecision' | 'kindDecision' | 'bankAfter'>;

export interface UpdateReadings {
  spec?: StepSpec;
  /** The emulator reading (default: the update agent's checkForUpdates). A test plants a faulty one here. */
  check?: (device: UpdateDevice, source: UpdateSource, now: number) => CheckResult;
}

export interface StepDisagreement {
  step: string;
  spec: string;
  emulator: string;
}

const SEED = 5;

export async function compareUpdateSteps(c: UpdateCase, readings: UpdateReadings = {}): Promise<StepDisagreement[]> {
  const spec = readings.spec ?? stepSpec;
  const check = readings.check ?? checkForUpdates;
  const lab = await UpdateLab.open(platform, c.design, { seed: SEED, deviceGroup: c.group });
  const service = lab.newService();
  const osRelease = c.osVersion === 3 ? lab.publishOs(3, service) : lab.builder.factory;
  const os = c.keyStore === 'factory' ? osRelease : withKeyStore(osRelease, lab.vendor.keyStore(CURRENT_RELEASE, { certificates: [...lab.vendor.certificates.values()].reverse() }), service);
  let apps = c.appVersion === 3 ? lab.deployApps(c.group, 3, service) : lab.builder.factory;
  const device = lab.device({ deviceGroup: c.group, ...(c.deferralHours !== undefined ? { deferral: { app: 'Thermostat', requestHours: c.deferralHours } } : {}) });
  const group = c.design.deviceGroups.find((g) => g.name === c.group)!;
  const model = new StepModel(c.design, lab.builder.factory, device.counters());
  const out: StepDisagreement[] = [];
  let bank = device.running!;
  for (const [n, plan] of c.steps.entries()) {
    lab.now += plan.advanceSeconds;
    const now = lab.now;
    if (plan.newerApps && c.appVersion === 3) apps = lab.deployApps(c.group, 4, service);
    const body = documentBody(c, plan.document, lab, os, apps, model.trustedSequence, now);
    const signers = signerCount(c.design, plan.document);
    const bytes = signMetadata(body, lab.metadataKeys.slice(0, signers));
    const source: UpdateSource = { fetchMetadata: () => ({ ok: true, value: bytes }), fetchTarget: (sha) => service.fetchTarget(sha) };
    const result = check(device, source, now);
    const label = `step ${n + 1} (${describeDocument(plan.document)})`;

    const facts = { ...body, neverExpires: body.expiresAt === NEVER_EXPIRES, trustedSignatures: signers };
    const decided = spec.metadataDecision(c.design, { product: lab.product, deviceGroup: c.group, trustedSequence: model.trustedSequence }, facts, now);
    const emulatorDocument = result.metadataRefusal ? `refused (${result.metadataRefusal})` : result.outcome === 'refused' && result.sequence === undefined ? `refused: ${result.detail}` : 'accepted';
    const specDocument = describeDecision(decided);
    if (specDocument !== emulatorDocument) {
      out.push({ step: `${label}: the document`, spec: specDocument, emulator: `${emulatorDocument} — ${result.detail}` });
      return out; // the runs have parted: later steps would compare different states
    }
    if (!decided.accepted) continue;
    model.trustedSequence = body.sequence;

    const kinds = new Map<UpdateKind, stepSpec.KindDecision>();
    const learned = new Map<string, number>();
    // The spec's kind of each target (kindOf), not the label the emulator's targetsOf wrote in the document.
    const specKind = (t: UpdateTarget) => kindOf(c.design, contentOfSlot(t.name));
    for (const kind of UPDATE_KINDS) {
      const targets = body.targets.filter((t) => specKind(t) === kind);
      const pending = targets.some((t) => model.running.get(t.name) !== hex(t.sha256));
      const key = deferralWindowKey(c.design, kind, targets.map((t) => `${t.name}=${hex(t.sha256)}`));
      const learnedAt = model.learned.get(key) ?? now;
      const belowCounter = targets.some((t) => t.securityVersion < model.counterOf(t.name));
      const decision = spec.kindDecision(c.design, group, kind, { pending, belowCounter, learnedAt }, now, c.deferralHours !== undefined ? { requestHours: c.deferralHours } : undefined);
      kinds.set(kind, decision);
      if (decision === 'deferred' || decision === 'install') learned.set(key, learnedAt);
    }
    model.learned = learned;
    const emulatorKinds = new Map<UpdateKind, stepSpec.KindDecision>(UPDATE_KINDS.map((k) => [k, result.installedKinds.includes(k) ? 'install' : result.deferredKinds.includes(k) ? 'deferred' : result.refusedKinds?.includes(k) ? 'refused-rollback' : 'nothing']));
    for (const kind of UPDATE_KINDS) {
      if (kinds.get(kind) !== emulatorKinds.get(kind)) out.push({ step: `${label}: the ${kind} kind`, spec: kinds.get(kind)!, emulator: `${emulatorKinds.get(kind)} — ${result.outcome}: ${result.detail}` });
    }
    if (out.length) return out;

    const installs = [...kinds].filter(([, d]) => d === 'install').map(([k]) => k);
    const expectedBank = spec.bankAfter(c.design, bank, installs.length > 0);
    if (device.running !== expectedBank) {
      out.push({ step: `${label}: the bank it runs afterwards`, spec: `bank ${expectedBank}`, emulator: `bank ${device.running ?? 'none'} — ${result.outcome}: ${result.detail}` });
      return out;
    }
    bank = expectedBank;
    for (const t of body.targets.filter((t) => installs.includes(specKind(t)!))) model.install(t);
  }
  return out;
}

/**
 * The design content a slot of the emulated flash holds: a stage image its component, a boot manifest the
 * stage whose manifest-hash check names it, the key store the platform's trusted key store (not secret, not in eFuses; the flash one first). The
 * harness's own map of the device's slot layout, so that the spec side classifies targets by kindOf
 * without the emulator's classification (emulator/update/slots.ts slotKind, its second reading).
 */
function contentOfSlot(slot: string): string {
  if (slot === KEY_STORE_SLOT) {
    const trusted = platform.assets.filter((a) => a.kind === 'key-store' && !a.secret && a.location !== 'efuse');
    return (trusted.find((a) => a.location === 'flash') ?? trusted[0])?.id ?? slot;
  }
  const slash = slot.indexOf('/');
  const [type, id] = [slot.slice(0, slash), slot.slice(slash + 1)];
  if (type === 'manifest') return platform.boot.find((s) => s.checks.some((c) => c.kind === 'manifest-hash' && c.key === id))?.image ?? slot;
  return id;
}

/** The spec's run state: what it believes the device trusts, learnt, runs and has counted. */
class StepModel {
  trustedSequence = 0;
  learned = new Map<string, number>();
  readonly running: Map<string, string>;
  constructor(
    readonly design: UpdateDesign,
    factory: SignedRelease,
    readonly counters: Record<string, number>,
  ) {
    this.running = new Map([...factory.slots].map(([slot, bytes]) => [slot, hex(sha256(bytes))]));
  }

  /** The value of the counter guarding a slot's stage (0 when none guards it: nothing is below it). */
  counterOf(slot: string): number {
    const component = slotComponent(slot);
    const counter = component ? platform.boot.find((s) => s.image === component)?.rollback?.counter : undefined;
    return counter ? (this.counters[counter] ?? 0) : 0;
  }

  /** A target the device now runs; the boot raises its stage's counter to the image's security version. */
  install(t: UpdateTarget): void {
    this.running.set(t.name, hex(t.sha256));
    const component = slotComponent(t.name);
    const counter = component ? platform.boot.find((s) => s.image === component)?.rollback?.counter : undefined;
    if (counter) this.counters[counter] = Math.max(this.counters[counter] ?? 0, t.securityVersion);
  }
}

function documentBody(c: UpdateCase, d: DocumentPlan, lab: UpdateLab, os: SignedRelease, apps: SignedRelease, trusted: number, now: number): UpdateMetadataBody {
  const group = c.design.deviceGroups.find((g) => g.name === c.group)!;
  // The honest service sends a group only the kinds it takes (the service's reading, not the device's).
  const takes = (kind: UpdateKind) => d.kinds === 'all' || kindsReceived(group).includes(kind);
  const system = targetsOf(c.design, platform, os.slots, (['prerequisite', 'os'] as const).filter(takes));
  const app = targetsOf(c.design, platform, apps.slots, takes('app') ? ['app'] : []);
  const targets = [...system, ...app].sort((a, b) => (a.name < b.name ? -1 : 1)).map((t) => (d.lowerOs && t.kind === 'os' && slotComponent(t.name) ? { ...t, securityVersion: 1 } : t));
  // A document never expires before it is issued (the format refuses it): one that expires near now was issued no later.
  const issuedAt = typeof d.expiry === 'number' ? Math.min(now + d.issuedOffset, now + d.expiry) : now + d.issuedOffset;
  const expiresAt = d.expiry === 'design' ? expiryFor(c.design, issuedAt) : d.expiry === 'never' ? NEVER_EXPIRES : now + d.expiry;
  const other = c.design.deviceGroups.find((g) => g.name !== c.group)?.name ?? `${c.group} (another)`;
  return {
    sequence: d.sequence === 'issued' ? issuedAt : Math.max(0, trusted - 1),
    issuedAt,
    expiresAt,
    product: d.addressee === 'other-product' ? `${lab.product} (another)` : lab.product,
    deviceGroup: d.addressee === 'other-group' ? other : c.group,
    osFeed: 0,
    targets,
  };
}

/** A release whose key store is `store` (hosted by the service, so the device can fetch it). */
function withKeyStore(release: SignedRelease, store: Uint8Array, service: { host(bytes: Uint8Array): string }): SignedRelease {
  service.host(store);
  return { version: release.version, slots: new Map(release.slots).set(KEY_STORE_SLOT, store) };
}

function signerCount(design: UpdateDesign, d: DocumentPlan): number {
  const { keys, threshold } = design.metadata;
  return d.signers === 'all' ? keys : d.signers === 'threshold' ? threshold : d.signers === 'one-short' ? threshold - 1 : 0;
}

const describeDecision = (d: MetadataDecision) => (d.accepted ? 'accepted' : `refused (${d.refusal})`);

export function describeDocument(d: DocumentPlan): string {
  const parts = [`signed by ${d.signers === 'all' ? 'every key' : d.signers === 'threshold' ? 'the threshold' : d.signers === 'one-short' ? 'one key too few' : 'no key'}`, `issued ${d.issuedOffset >= 0 ? '+' : ''}${d.issuedOffset}s`];
  if (d.sequence !== 'issued') parts.push('sequence below the trusted one');
  if (d.expiry !== 'design') parts.push(d.expiry === 'never' ? 'never expires' : `expires ${d.expiry >= 0 ? '+' : ''}${d.expiry}s`);
  if (d.addressee !== 'own') parts.push(`for ${d.addressee}`);
  if (d.kinds === 'all') parts.push('every kind');
  if (d.lowerOs) parts.push('OS at security version 1');
  return parts.join(', ');
}

export function describeStepDisagreements(list: readonly StepDisagreement[], max = 5): string {
  const shown = list.slice(0, max).map((d) => `  ${d.step}\n    spec:     ${d.spec}\n    emulator: ${d.emulator}`);
  return [...shown, ...(list.length > max ? [`  … and ${list.length - max} more`] : [])].join('\n');
}
