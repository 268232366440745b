/**
 * From the rules' outcomes to the verdict's requirements: each rule tests one requirement of the
 * profile; a requirement several rules test gets the worst of their outcomes; a requirement the profile
 * switches off (value false) is reported not applicable and its rule's finding does not count.
 */
import { hasRequirement, refer, requiredRule, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { notAskedText } from '../asked-rules.js';
import type { RuleOutcome } from './rule.js';

/** The rollback rule is shared with renewable-security (one rule, read by both): its requirement lives in that section, and its id with the rule. */
export { ROLLBACK_REQUIREMENT } from '../../model/update/rollback.js';

const RANK: Record<RequirementRef['outcome'], number> = { failed: 3, unknown: 2, met: 1, 'not-applicable': 0 };

/** What a rule's verdict says about its requirement. */
export function outcomeOf(rule: RuleOutcome): RequirementRef['outcome'] {
  if (rule.requirementOutcome) return rule.requirementOutcome;
  return rule.verdict === 'violated' ? 'failed' : rule.verdict === 'unknown' ? 'unknown' : 'met';
}

/**
 * The rule as the profile has it: a switched-off requirement makes the rule not applicable (its
 * evidence kept, marked so). One of this property's own requirements that the profile lacks throws
 * MissingRequirementError (the verdict is then unknown); another section's that it lacks leaves the rule as it is.
 */
export function underProfile(profile: RequirementProfile, rule: RuleOutcome): RuleOutcome {
  if (!rule.requirement || rule.notRun || asksRule(profile, rule.requirement)) return rule;
  return {
    ...rule,
    verdict: 'holds',
    requirementOutcome: 'not-applicable',
    switchedOffVerdict: rule.verdict,
    summary: `switched off by the requirement profile (${rule.requirement}); would be ${rule.verdict}: ${rule.summary}`,
    evidence: rule.evidence.map((e) => ({ ...e, title: `${e.title} (requirement switched off)` })),
  };
}

/**
 * Whether the profile asks for the requirement a rule decides: a rule it switches off is not asked (index.ts then does
 * not run the rule, nor the boots only such rules read). Another section's requirement the profile does not state is
 * asked (the rule runs and counts, as before); one of this property's own that it lacks throws MissingRequirementError.
 */
export function asksRule(profile: RequirementProfile, id: string): boolean {
  if (!isOwn(id) && !hasRequirement(profile, id)) return true;
  return requiredRule(profile, id);
}

/** A rule not run because the profile switches its requirement off: named, not applicable, never deciding (asked-rules.ts). */
export function notRun(rule: string, requirement: string): RuleOutcome {
  return { rule, requirement, verdict: 'holds', requirementOutcome: 'not-applicable', notRun: true, summary: notAskedText([requirement]), evidence: [], extraBoots: [] };
}

/** One reference per requirement tested, in the order the rules tested them; a requirement another section owns is referred to only when the profile has it. */
export function requirementRefs(profile: RequirementProfile, rules: readonly RuleOutcome[]): RequirementRef[] {
  const outcomes = new Map<string, RequirementRef['outcome']>();
  for (const rule of rules) {
    if (!rule.requirement) continue;
    const outcome = outcomeOf(rule);
    const before = outcomes.get(rule.requirement);
    if (before === undefined || RANK[outcome] > RANK[before]) outcomes.set(rule.requirement, outcome);
  }
  return [...outcomes].filter(([id]) => isOwn(id) || hasRequirement(profile, id)).map(([id, outcome]) => refer(profile, id, outcome));
}

const isOwn = (id: string) => id.startsWith('hardware-root-of-trust.');

