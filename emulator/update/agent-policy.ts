/**
 * Second reading of the update policy the agent applies at every check, written here so the device
 * does not call the spec's decisions: model/update/policy.ts kindsReceived (what a group's update policy
 * lets in), deferrable (prerequisites are never deferred), deferUntil (a deferral never runs past
 * maxHours from when the device first learnt of the update) and isFresh (metadata is fresh up to and
 * including its expiry second). test/differential/update-harness.ts holds the agent that uses these
 * against model/update/update-step.ts on random designs and update sequences.
 */
import type { UpdateDesign, UpdateKind, UpdatePolicy } from '../../model/update/update-design.js';

export const SECONDS_PER_HOUR = 3600;

/** Kinds whose targets a device of a group with this policy keeps from a document. */
export function acceptsKind(policy: UpdatePolicy, kind: UpdateKind): boolean {
  if (policy === 'NoUpdates') return false;
  return policy === 'UpdateAll' || kind !== 'app';
}

/** An app may hold back OS and app updates; the key store (prerequisite) goes in at once. */
export const mayPostpone = (kind: UpdateKind): boolean => kind === 'os' || kind === 'app';

/** The end of the postponement an app asks for at `now`, cut at the design's bound from `learnedAt`. */
export function postponedUntil(design: UpdateDesign, learnedAt: number, now: number, requestedSeconds: number): number {
  const asked = now + (requestedSeconds > 0 ? requestedSeconds : 0);
  const maxHours = design.deferral.maxHours;
  if (maxHours === null) return asked;
  const limit = learnedAt + maxHours * SECONDS_PER_HOUR;
  return asked < limit ? asked : limit;
}

/** Has a document with this expiry gone stale at `now`? (Its expiry second still counts as fresh.) */
export const expiredAt = (expiresAt: number, now: number): boolean => now > expiresAt;
