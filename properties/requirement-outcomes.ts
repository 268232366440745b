/**
 * From the rules a property ran to the requirements its verdict names: every requirement a rule tested,
 * with one outcome. A requirement is failed when any rule testing it was violated, unknown when any could
 * not decide or did not run, not-applicable only when every rule testing it said so, and met otherwise.
 */
import { refer, type RequirementProfile, type RequirementRef } from '../model/requirements/requirement-profile.js';
import type { Verdict } from './verdict.js';

export interface TestedRequirement {
  requirement: string;
  /** The rule's verdict; undefined when the rule did not run. */
  verdict: Verdict | undefined;
  /** Set when the rule found the requirement does not bear on this product (e.g. no app may defer). */
  notApplicable?: boolean;
}

export function requirementOutcomes(profile: RequirementProfile, tested: readonly TestedRequirement[]): RequirementRef[] {
  const ids = [...new Set(tested.map((t) => t.requirement))];
  return ids.map((id) => {
    const rules = tested.filter((t) => t.requirement === id);
    const outcome: RequirementRef['outcome'] = rules.some((r) => r.verdict === 'violated')
      ? 'failed'
      : rules.some((r) => r.verdict === undefined || r.verdict === 'unknown')
        ? 'unknown'
        : rules.every((r) => r.notApplicable)
          ? 'not-applicable'
          : 'met';
    return refer(profile, id, outcome);
  });
}
