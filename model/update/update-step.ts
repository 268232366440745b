/**
 * One update step as the spec decides it, from the update design alone: whether a device accepts a
 * metadata document, what it does with each update kind the document lists, and which bank it runs
 * afterwards. Built from the policy rules (policy.ts: kindsReceived, deferrable, deferUntil, isFresh).
 * The emulator's update agent (emulator/update/update-agent.ts) is the second reading, with its own
 * state, signature checks and flash; test/differential/update-harness.ts holds the two against each other.
 */
import { deferrable, deferUntil, HOUR, isFresh, kindsReceived } from './policy.js';
import type { DeviceGroup, UpdateDesign, UpdateKind } from './update-design.js';

/** Why a device refuses a document, in the order it checks (the first check that fails names it). */
export type MetadataRefusal = 'signatures' | 'addressee' | 'rollback' | 'fast-forward' | 'expired' | 'no-expiry';

export type MetadataDecision = { accepted: true } | { accepted: false; refusal: MetadataRefusal };

/** What a document says, and what the device found out about its signatures. */
export interface MetadataFacts {
  sequence: number;
  issuedAt: number;
  /** Unix seconds, or neverExpires. */
  expiresAt: number;
  neverExpires: boolean;
  product: string;
  deviceGroup: string;
  /** Distinct keys the device trusts whose signature over the document verified. */
  trustedSignatures: number;
}

export interface DeviceFacts {
  product: string;
  deviceGroup: string;
  /** The sequence of the newest document the device accepted (0: none yet). */
  trustedSequence: number;
}

/**
 * A document is accepted when at least `threshold` trusted keys signed it, it is for this product and
 * group (group names compare case-insensitively), its sequence is not below the trusted one (rollback),
 * neither its sequence nor its issue time lies more than maxClockSkewSeconds in the device's future
 * (fast-forward: sequences are issue times), and, when the design makes metadata expire, it has an
 * expiry and that expiry has not passed.
 */
export function metadataDecision(design: UpdateDesign, device: DeviceFacts, meta: MetadataFacts, now: number): MetadataDecision {
  const refuse = (refusal: MetadataRefusal): MetadataDecision => ({ accepted: false, refusal });
  if (meta.trustedSignatures < design.metadata.threshold) return refuse('signatures');
  if (meta.product !== device.product || meta.deviceGroup.toLowerCase() !== device.deviceGroup.toLowerCase()) return refuse('addressee');
  if (meta.sequence < device.trustedSequence) return refuse('rollback');
  const skew = design.metadata.maxClockSkewSeconds;
  if (meta.sequence > now + skew || meta.issuedAt > now + skew) return refuse('fast-forward');
  if (design.metadata.expiresAfterHours !== null) {
    if (meta.neverExpires) return refuse('no-expiry');
    if (!isFresh(meta.expiresAt, now)) return refuse('expired');
  }
  return { accepted: true };
}

/**
 * What the device does with one update kind of an accepted document: nothing (its group does not
 * receive the kind, or it already runs every target), refuse it (a target's security version is below
 * its stage's anti-rollback counter), defer it (an app with the deferral capabilities asks, and the
 * window counted from when the device first learnt of this update is still open), or install it.
 */
export type KindDecision = 'nothing' | 'refused-rollback' | 'deferred' | 'install';

export interface KindFacts {
  /** Some target of the kind differs from what the running bank holds. */
  pending: boolean;
  /** Some target of the kind carries a security version below its stage's counter. */
  belowCounter: boolean;
  /** When the deferral window of this kind started (this check, when none was open): see deferralWindowKey in policy.ts. */
  learnedAt: number;
}

export interface Deferral {
  /** Hours the deferring app asks for each time it is told. */
  requestHours: number;
}

export function kindDecision(design: UpdateDesign, group: Pick<DeviceGroup, 'updatePolicy'>, kind: UpdateKind, facts: KindFacts, now: number, deferral?: Deferral): KindDecision {
  if (!kindsReceived(group).includes(kind) || !facts.pending) return 'nothing';
  if (facts.belowCounter) return 'refused-rollback';
  if (deferral && deferrable(kind) && now < deferUntil(design, facts.learnedAt, now, deferral.requestHours * HOUR)) return 'deferred';
  return 'install';
}

/** The bank the device runs after a step: the staging bank once it installed something (the other bank with A/B slots), else the one it ran. */
export function bankAfter(design: UpdateDesign, running: 'a' | 'b', installed: boolean): 'a' | 'b' {
  if (!installed || design.slots.layout === 'single') return running;
  return running === 'a' ? 'b' : 'a';
}
