/**
 * What the requirement profile asks for. Every check is keyed to the requirements it tests; a check whose
 * every requirement is a rule the profile switches off (value false or 0) is not run, and the verdict names
 * those requirements `not-applicable` with `switchedOff`, so the summary, the report and the compliance table
 * say they were not asked (verdict.ts holdsOnlyOnWhatTheProfileAsked). A violation is never reported against a
 * rule the profile switched off; verdict.ts offRulesNeverDecide turns a check that ran anyway into `unknown`.
 * A number (a bound with a unit) is never switched off: it is always asked.
 */
import { refer, requiredRule, switchedOff, type RequirementProfile, type RequirementRef } from '../model/requirements/requirement-profile.js';

/** Whether the profile asks for this requirement: a rule switched off is not asked. Throws MissingRequirementError when it does not state it (the property is then unknown). */
export function asks(profile: RequirementProfile, id: string): boolean {
  return requiredRule(profile, id);
}

/** Whether the profile asks for any of these requirements (a check testing several runs while one is asked). */
export function asksAny(profile: RequirementProfile, ids: readonly string[]): boolean {
  return ids.some((id) => asks(profile, id));
}

/** The summary of a check not run because the profile switches its rules off. */
export function notAskedText(ids: readonly string[]): string {
  return `not asked: the requirement profile switches ${ids.join(', ')} off, so this check did not run`;
}

/** The rules of a property's own section that the profile states and switches off, as the verdict's references (not asked). */
export function offRulesOf(profile: RequirementProfile, property: string): RequirementRef[] {
  return (profile.requirements[property] ?? []).filter((r) => switchedOff(r)).map((r) => refer(profile, r.id, 'not-applicable'));
}

