/**
 * The online metadata keys can be replaced after a compromise: the rotation rule (model/update/metadata-key-rotation.ts)
 * as a renewable-security outcome, under update-attacks-defeated (the attack it answers is TUF's key compromise of the
 * online keys). Static; tuf/key-compromise plays it on the emulator (emulator/update/attacks/tuf.ts).
 */
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { judgeMetadataKeyRotation } from '../../model/update/metadata-key-rotation.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { ATTACKS_DEFEATED } from './attacks.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'a stolen online metadata key can be replaced';

export function checkMetadataKeyRotation(design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const base = { rule: RULE, requirement: ATTACKS_DEFEATED, bound: "static: the update design's metadata.keyRotation" };
  if (!requiredRule(profile, ATTACKS_DEFEATED)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  const judged = judgeMetadataKeyRotation(design, updateFile);
  if (judged.verdict === 'rotatable') return { ...base, verdict: 'holds', summary: `an offline root key replaces the online metadata keys (${judged.where})`, evidence: [] };
  const verdict = judged.verdict === 'unrotatable' ? 'violated' : 'unknown';
  return { ...base, verdict, summary: judged.problem, evidence: [{ title: `${RULE}: ${verdict === 'violated' ? 'violated' : 'not decided'}`, lines: [`${judged.where}: ${judged.problem}`], reproduce }] };
}
