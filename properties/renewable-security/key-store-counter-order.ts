/**
 * A power cut between the key store's counter raise and the bank switch leaves neither a rollback window nor a device
 * that boots nothing: the order rule (model/update/key-store-counter-order.ts) as a renewable-security outcome, under
 * power-loss-safe. Static; the power-cut sweep of a key-store update (power-cuts.ts) is its emulated witness.
 */
import { asks } from '../asked-rules.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { judgeKeyStoreCounterOrder } from '../../model/update/key-store-counter-order.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { POWER_LOSS_SAFE } from './power-cuts.js';
import type { RuleOutcome } from './rule.js';

const RULE = "a power cut between the key store's counter raise and the bank switch";

/** Undefined where no key store's counter is raised by the installer (nothing to order) or the profile does not ask power-loss safety. */
export function checkKeyStoreCounterOrder(platform: PlatformDesign, design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): RuleOutcome | undefined {
  if (!asks(profile, POWER_LOSS_SAFE)) return undefined;
  const judged = judgeKeyStoreCounterOrder(platform, design, updateFile);
  if (judged.verdict === 'not-applicable') return undefined;
  const base = { rule: RULE, requirement: POWER_LOSS_SAFE, bound: "static: the platform's key-store counter and the update design's antiRollback.keyStoreCounterRaised" };
  if (judged.verdict === 'holds') return { ...base, verdict: 'holds', summary: judged.summary, evidence: [] };
  return { ...base, verdict: judged.verdict, summary: judged.problem, evidence: [{ title: `${RULE}: ${judged.verdict === 'violated' ? 'violated' : 'not decided'}`, lines: [`${judged.where}: ${judged.problem}`], reproduce }] };
}
