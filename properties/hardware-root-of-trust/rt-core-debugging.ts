/**
 * The code that runs on the real-time cores is the code the boot chain verified. Devices outside a development
 * deployment that carry enableRTCoreDebugging let a debugger onto those cores; the reference facts give no source for
 * what it reaches (model/product/debug-reach.ts, the rule compartmentalization and defense-in-depth read too): it may
 * rewrite a real-time app after its signature was checked and its measurement taken, or load code no stage checked.
 * The boots here check images as they are loaded, not what a debugger writes afterwards, so "every image that runs is
 * signed under the anchor" is not decided on such devices: unknown, naming the capability. A violation another rule
 * finds stands (index.ts puts violated before unknown). On the maker's development devices the debugger is the
 * maker's own, as appDevelopment is there (app-development.ts): not applicable.
 */
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { unsourcedDebugReach } from '../../model/product/debug-reach.js';
import { CHAIN_REQUIREMENT } from './images.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'no debugger changes verified code on deployed devices';

export function checkRtCoreDebugging(input: RuleInput): RuleOutcome {
  const { deployment, file } = input.product;
  const base = { rule: RULE, requirement: CHAIN_REQUIREMENT, extraBoots: [] };
  const reason = unsourcedDebugReach(deployment, "whether the real-time cores run only the code the boot chain verified and measured is");
  if (reason) {
    const pointer = deployment.isDefault ? '/deployment' : joinPointer('/deployment', 'deviceCapabilities', deployment.deviceCapabilities.indexOf('enableRTCoreDebugging'));
    return { ...base, verdict: 'unknown', summary: reason, evidence: [{ title: `${RULE}: unknown`, lines: [reason], reproduce: input.reproduce, data: { locations: [{ file, pointer, description: 'enableRTCoreDebugging on devices outside a development deployment' }] } }] };
  }
  if (deployment.deviceCapabilities.includes('enableRTCoreDebugging')) {
    const summary = `a development deployment (${deployment.group.name}): the debugger enableRTCoreDebugging attaches to the real-time cores is the maker's, on its bench devices`;
    return { ...base, verdict: 'holds', requirementOutcome: 'not-applicable', summary, evidence: [{ title: `${RULE}: not applicable`, lines: [summary] }] };
  }
  const summary = `the devices of the ${deployment.group.name} group carry no capability that attaches a debugger to a core`;
  return { ...base, verdict: 'holds', summary, evidence: [{ title: `${RULE}: holds`, lines: [summary] }] };
}
