/**
 * What reaches the product's devices where they are deployed (model/update/renewal.ts): every app must be
 * renewable there (not sideloaded, not in a group or on devices that take no app deployments, carried by
 * an update kind), and the group must take the system software. Static, from the product file's
 * deployment and apps; each finding names the app and its product-file pointer.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { describeDeployment } from '../../model/product/deployment.js';
import type { Product } from '../../model/product/product.js';
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { deploymentReach, unrenewedApps, unrenewedSystem } from '../../model/update/renewal.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { RuleOutcome } from './rule.js';

export const EVERY_APP_RENEWABLE = 'renewable-security.every-app-renewable';
export const SYSTEM_RENEWABLE = 'renewable-security.system-software-renewable';

export function checkAppsRenewable(product: Product, update: UpdateDesign, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const rule = 'every app is renewed where it is deployed';
  const base = { rule, requirement: EVERY_APP_RENEWABLE, bound: `${product.apps.length} app${product.apps.length === 1 ? '' : 's'}; ${describeDeployment(product.deployment)}` };
  if (!requiredRule(profile, EVERY_APP_RENEWABLE)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  const stuck = unrenewedApps(product, update);
  const file = displayPath(product.file);
  if (stuck.length) {
    const lines = stuck.map((a) => `${file} ${a.pointer}: ${a.name} is never renewed: ${a.reason}`);
    return { ...base, verdict: 'violated', summary: `${stuck.map((a) => `${a.name} (${a.pointer})`).join(', ')} can never be updated where ${stuck.length === 1 ? 'it is' : 'they are'} deployed: ${stuck[0]!.reason}`, evidence: [{ title: `${rule}: violated (${describeDeployment(product.deployment)})`, lines, reproduce }] };
  }
  return { ...base, verdict: 'holds', summary: `every app (${product.apps.map((a) => a.manifest.name ?? a.pointer).join(', ')}) is deployed by the service to the ${product.deployment.group.name} group`, evidence: [{ title: `${rule}: holds`, lines: [describeDeployment(product.deployment)] }] };
}

export function checkSystemRenewable(product: Product, update: UpdateDesign, profile: RequirementProfile, reproduce: string): RuleOutcome {
  const rule = 'the system software reaches the devices';
  const base = { rule, requirement: SYSTEM_RENEWABLE, bound: describeDeployment(product.deployment) };
  if (!requiredRule(profile, SYSTEM_RENEWABLE)) return { ...base, verdict: 'holds', notApplicable: true, summary: 'the requirement profile does not require it', evidence: [] };
  const reach = deploymentReach(product.deployment);
  const where = `${displayPath(product.file)} ${product.deployment.groupPointer ?? '(no "deployment" group: the default group)'}`;
  if (reach.noSystem) return { ...base, verdict: 'violated', summary: `the OS and its prerequisites are never renewed: ${reach.noSystem}`, evidence: [{ title: `${rule}: violated`, lines: [`${where}: ${reach.noSystem}`], reproduce }] };
  // The policy takes system updates, but the design may ship system software in a kind the group does not receive.
  const stuck = unrenewedSystem(product, update);
  if (stuck.length) {
    const items = stuck.map((s) => s.item).join(', ');
    const summary = `${items} ${stuck.length === 1 ? 'ships' : 'ship'} in the ${stuck[0]!.kind} update kind, which the ${product.deployment.group.name} group's devices never receive: ${stuck[0]!.reason}`;
    return { ...base, verdict: 'violated', summary, evidence: [{ title: `${rule}: violated`, lines: [`${where}: ${summary}`, ...stuck.map((s) => `${s.item}: carried by the ${s.kind} kind only`)], reproduce }] };
  }
  return { ...base, verdict: 'holds', summary: `the ${product.deployment.group.name} group takes OS and prerequisite updates`, evidence: [] };
}
