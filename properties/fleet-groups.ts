/**
 * A fleet spread over several device groups (product file deployment.deviceGroups): each group's devices are judged on
 * their own, and the property holds only where it holds for every group. Azure Sphere puts each device in exactly one
 * group (azure-sphere-facts §4, DOC-DG), and what a group decides (its update policy and OS feed, its stage, whether it
 * accepts development-signed images) is read by rules in several properties through `product.deployment`. Before, the
 * product file could name one group: a fleet with a sibling production group that takes no updates was stated as its
 * other half, and renewable-security held (s36-update case e01). Running every check once per group, rather than
 * teaching each rule to range over groups, closes the class: no rule that reads the deployment can forget one.
 */
import type { Product } from '../model/product/product.js';
import type { RequirementRef } from '../model/requirements/requirement-profile.js';
import type { PropertyCheckContext } from './registry.js';
import { combineVerdicts, type PropertyResult } from './verdict.js';

type Check = (product: Product, context: PropertyCheckContext) => Promise<PropertyResult>;

/** The check, decided for each group of a fleet in several groups; the check itself for a product in one group. */
export function forEveryGroup(check: Check): Check {
  return async (product, context) => {
    const fleet = product.fleet;
    if (!fleet || fleet.length < 2) return check(product, context);
    const results: { group: string; result: PropertyResult }[] = [];
    for (const deployment of fleet) {
      const group = deployment.group.name;
      const { fleet: _all, ...rest } = product;
      const result = await check({ ...rest, deployment }, { ...context, progress: (m) => context.progress(`${group} group: ${m}`) });
      results.push({ group, result });
    }
    return combineGroups(results);
  };
}

/** Worst first: a requirement failed in one group is failed for the fleet, whatever the others met. */
const OUTCOME_ORDER: RequirementRef['outcome'][] = ['failed', 'unknown', 'met', 'not-applicable'];

/** One result for the fleet from each group's: any violation wins, then any unknown; each part names its group. */
export function combineGroups(results: readonly { group: string; result: PropertyResult }[]): PropertyResult {
  const verdict = combineVerdicts(results.map((r) => r.result));
  const named = (group: string) => `the ${group} group`;
  const deciding = results.filter((r) => r.result.verdict === verdict);
  const others = results.filter((r) => r.result.verdict !== verdict);
  const summary =
    deciding.map((r) => `${named(r.group)}: ${r.result.summary}`).join(' | ') +
    (others.length ? ` (${others.map((r) => `${named(r.group)} ${r.result.verdict}`).join(', ')})` : '');
  const requirements = new Map<string, RequirementRef>();
  for (const { result } of results) {
    for (const q of result.requirements ?? []) {
      const seen = requirements.get(q.id);
      if (!seen || OUTCOME_ORDER.indexOf(q.outcome) < OUTCOME_ORDER.indexOf(seen.outcome)) requirements.set(q.id, q);
    }
  }
  const warnings = [...new Set(results.flatMap((r) => r.result.warnings ?? []))];
  const notApplicable = [...new Map(results.flatMap((r) => r.result.notApplicableChecks ?? []).map((c) => [JSON.stringify(c), c])).values()];
  const first = results[0]!.result;
  return {
    property: first.property,
    verdict,
    summary: `devices in ${results.length} groups (${results.map((r) => r.group).join(', ')}), each judged: ${summary}`,
    bound: results.map((r) => `${named(r.group)}: ${r.result.bound ?? 'no bound stated'}`).join(' | '),
    evidence: results.flatMap((r) => (r.result.evidence ?? []).map((e) => ({ ...e, title: `${named(r.group)}: ${e.title}` }))),
    timings: results.flatMap((r) => (r.result.timings ?? []).map((t) => ({ ...t, check: `${named(r.group)}: ${t.check}` }))),
    ...(requirements.size ? { requirements: [...requirements.values()] } : {}),
    ...(warnings.length ? { warnings } : {}),
    ...(notApplicable.length ? { notApplicableChecks: notApplicable } : {}),
  };
}
