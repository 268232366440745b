/**
 * A revoked release stays revoked through the recovery path too: the recovery rule (model/update/recovery-flashing.ts)
 * as a renewable-security outcome, under the rollback requirement. Static; the revocation rule's step 4 is its emulated
 * witness (properties/renewable-security/revocation.ts).
 */
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { judgeRecoveryFlashing } from '../../model/update/recovery-flashing.js';
import { ROLLBACK_REQUIREMENT } from '../../model/update/rollback.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'the recovery path keeps a revoked release out';

/** Undefined where the design states no recovery path: there is nothing to judge, and no outcome is added. */
export function checkRecoveryFlashing(design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome | undefined {
  const judged = judgeRecoveryFlashing(design, updateFile);
  if (judged.verdict === 'no-path') return undefined;
  const base = { rule: RULE, requirement: ROLLBACK_REQUIREMENT, bound: 'static: the update design\'s recoveryFlashing' };
  if (!requiredRule(profile, ROLLBACK_REQUIREMENT)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  if (judged.verdict === 'checked') return { ...base, verdict: 'holds', summary: `the recovery path refuses an image below its stage's anti-rollback counter (${judged.where})`, evidence: [] };
  const verdict = judged.verdict === 'skips-check' ? 'violated' : 'unknown';
  return { ...base, verdict, summary: judged.problem, evidence: [{ title: `${RULE}: ${verdict === 'violated' ? 'violated' : 'not decided'}`, lines: [`${judged.where}: ${judged.problem}`], reproduce }] };
}
