/**
 * Which failures the requirement profile says the log must record, never the design: every kind with a
 * `failure-reporting.records-kind-<kind>` requirement that is on, from the OS and from each class of app
 * whose requirement (records-high-level-app-failures, records-real-time-app-failures) is on. A profile
 * that names a kind Sevenfold does not know cannot be decided against: the property says so (unknown).
 */
import { MissingRequirementError, profileLabel, requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import type { FailureOrigin } from '../../model/update/failure-log-policy.js';
import { FAILURE_LOG_KINDS, type FailureLogKind } from '../../model/update/update-design.js';
import { HIGH_LEVEL_APP_FAILURES, KIND_REQUIREMENT_PREFIX, REAL_TIME_APP_FAILURES } from './rule.js';

export interface RequiredRecording {
  /** Required kinds, each with the requirement that requires it. */
  kinds: Map<FailureLogKind, string>;
  /** Origins whose failures of those kinds are required, each with the requirement (none for the OS: a kind requirement covers it). */
  origins: Map<FailureOrigin, string | undefined>;
}

export function requiredRecording(profile: RequirementProfile): RequiredRecording {
  const kinds = new Map<FailureLogKind, string>();
  for (const r of profile.requirements['failure-reporting'] ?? []) {
    if (!r.id.startsWith(KIND_REQUIREMENT_PREFIX)) continue;
    const kind = r.id.slice(KIND_REQUIREMENT_PREFIX.length);
    if (!(FAILURE_LOG_KINDS as readonly string[]).includes(kind)) throw new MissingRequirementError(`${r.id} names no failure kind Sevenfold knows (${FAILURE_LOG_KINDS.join(', ')})`, profileLabel(profile));
    if (requiredRule(profile, r.id)) kinds.set(kind as FailureLogKind, r.id);
  }
  const origins = new Map<FailureOrigin, string | undefined>([['os', undefined]]);
  if (requiredRule(profile, HIGH_LEVEL_APP_FAILURES)) origins.set('high-level', HIGH_LEVEL_APP_FAILURES);
  if (requiredRule(profile, REAL_TIME_APP_FAILURES)) origins.set('real-time', REAL_TIME_APP_FAILURES);
  return { kinds, origins };
}

/** The requirements that make a failure of `kind` from `origin` one the log must record, or undefined when none does. */
export function requirementsFor(required: RequiredRecording, kind: string, origin: FailureOrigin): string[] | undefined {
  const byKind = required.kinds.get(kind as FailureLogKind);
  if (!byKind || !required.origins.has(origin)) return undefined;
  const byOrigin = required.origins.get(origin);
  return byOrigin ? [byKind, byOrigin] : [byKind];
}
