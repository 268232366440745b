/**
 * Every stage an update replaces has its own anti-rollback counter, raised only after its image verified:
 * the shared rollback rule (model/update/rollback.ts), which hardware-root-of-trust reads too. Static;
 * the revocation rule is its emulated witness.
 */
import type { Product } from '../../model/product/product.js';
import { requirement, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkRollbackRule, describeRollbackFindings, ROLLBACK_REQUIREMENT } from '../../model/update/rollback.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'every updatable stage has its own rollback counter';

export function checkRollbackCounters(product: Product, design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const result = checkRollbackRule(product.platform, design, profile, { basePlatform: product.basePlatform, platformFile: product.platformFile, updateFile });
  if (result.required === undefined) requirement(profile, ROLLBACK_REQUIREMENT); // this property's own: a profile without it leaves the verdict unknown
  const base = { rule: RULE, requirement: ROLLBACK_REQUIREMENT, bound: `static: ${result.stages.length} updatable stages` };
  if (!result.required) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  if (result.findings.length) {
    return { ...base, verdict: 'violated', summary: result.findings[0]!.problem, evidence: [{ title: `${RULE}: violated`, lines: describeRollbackFindings(result), reproduce }] };
  }
  if (result.undecided) return { ...base, verdict: 'unknown', summary: result.undecided, evidence: [{ title: `${RULE}: unknown`, lines: [result.undecided], reproduce }] };
  const counters = [...new Set(result.stages.map((s) => s.counter))].join(', ');
  return { ...base, verdict: 'holds', summary: `${result.stages.length} updatable stages, each guarded by a counter raised after verification (${counters})`, evidence: [] };
}
