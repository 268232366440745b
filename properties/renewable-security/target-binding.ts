/**
 * Each target the metadata lists is bound to its bytes: the target-binding rule (model/update/target-binding.ts) as a
 * renewable-security outcome, under update-attacks-defeated (the attack it keeps out is TUF's key compromise with an
 * image key alone). Static; the attack tuf/key-compromise plays it on the emulator (emulator/update/attacks/tuf.ts).
 */
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { judgeTargetBinding } from '../../model/update/target-binding.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { ATTACKS_DEFEATED } from './attacks.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'the update metadata binds each target to its digest';

export function checkTargetBinding(design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const base = { rule: RULE, requirement: ATTACKS_DEFEATED, bound: "static: the update design's metadata.targetBinding" };
  if (!requiredRule(profile, ATTACKS_DEFEATED)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  const judged = judgeTargetBinding(design, updateFile);
  if (judged.verdict === 'bound') return { ...base, verdict: 'holds', summary: `each target is named by its SHA-256 (${judged.where})`, evidence: [] };
  const verdict = judged.verdict === 'unbound' ? 'violated' : 'unknown';
  return { ...base, verdict, summary: judged.problem, evidence: [{ title: `${RULE}: ${verdict === 'violated' ? 'violated' : 'not decided'}`, lines: [`${judged.where}: ${judged.problem}`], reproduce }] };
}
