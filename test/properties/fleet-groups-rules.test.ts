/**
 * The rules of properties/fleet-groups.ts on their own, over checks written out by hand (no property runs, so npm run
 * mutate can afford them per mutant): a fleet in several groups is judged once per group, each run seeing that group as
 * the product's deployment; the fleet's verdict holds only where every group's does; a requirement takes its worst
 * outcome over the groups, whichever group is listed first; and what each group's run found (evidence, warnings,
 * checks not applicable, bounds, timings) reaches the fleet's result under the group's name.
 * s38-mutants: mutation testing (npm run mutate properties/fleet-groups.ts) against test/update/fleet-groups.test.ts
 * alone left 39 of 90 mutants alive, among them "the last group's outcome of a requirement wins" (a requirement
 * failed in the first group read met for the fleet when a later group met it; a group whose check said holds beside an
 * undecided requirement was then no longer caught by holdsOnlyWhenEveryRequirementDecided), and every group's
 * evidence, warnings and not-applicable checks dropped from the fleet's result.
 */
import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../model/product/deployment.js';
import type { Product } from '../../model/product/product.js';
import type { RequirementRef } from '../../model/requirements/requirement-profile.js';
import { combineGroups, forEveryGroup } from '../../properties/fleet-groups.js';
import { holdsOnlyWhenEveryRequirementDecided, type PropertyResult } from '../../properties/verdict.js';
import { checkContext } from '../helpers/check-context.js';

type Outcome = RequirementRef['outcome'];
const requirement = (id: string, outcome: Outcome): RequirementRef => ({ id, statement: id, source: 's', outcome });
const result = (verdict: PropertyResult['verdict'], outcomes: Record<string, Outcome> = {}, extra: Partial<PropertyResult> = {}): PropertyResult => ({
  property: 'p',
  verdict,
  summary: `${verdict} summary`,
  requirements: Object.entries(outcomes).map(([id, o]) => requirement(id, o)),
  ...extra,
});
const deployment = (name: string): Deployment => ({ group: { name }, deviceCapabilities: [], isDefault: false }) as unknown as Deployment;
const productIn = (...groups: string[]): Product => {
  const fleet = groups.map(deployment);
  return { name: 'fleet', deployment: fleet[0]!, ...(groups.length > 1 ? { fleet } : {}) } as unknown as Product;
};

describe('forEveryGroup', () => {
  it('runs the check once per group, each run seeing that group as the deployment and no fleet, its progress named by the group', async () => {
    const seen: { group: string; fleet: boolean }[] = [];
    const progress: string[] = [];
    const check = forEveryGroup(async (product, context) => {
      seen.push({ group: product.deployment.group.name, fleet: product.fleet !== undefined });
      context.progress('step');
      return result(product.deployment.group.name === 'Frozen' ? 'violated' : 'holds', { 'p.a': product.deployment.group.name === 'Frozen' ? 'failed' : 'met' });
    });
    const r = await check(productIn('Production', 'Frozen'), checkContext({ progress: (m) => progress.push(m) }));
    expect(seen).toEqual([{ group: 'Production', fleet: false }, { group: 'Frozen', fleet: false }]);
    expect(progress).toEqual(['Production group: step', 'Frozen group: step']);
    expect(r.verdict).toBe('violated');
  });

  it('a product in one group (no fleet, or a fleet of one built by hand) is the check itself, unchanged', async () => {
    const own = result('holds', { 'p.a': 'met' });
    const check = forEveryGroup(async () => own);
    expect(await check(productIn('Production'), checkContext())).toBe(own);
    const one = { ...productIn('Production'), fleet: [deployment('Production')] } as Product;
    expect(await check(one, checkContext())).toBe(own);
  });
});

describe('combineGroups', () => {
  it('a requirement takes its worst outcome over the groups, in whichever order the groups are listed', () => {
    const groups = [
      { group: 'A', result: result('violated', { x: 'failed', y: 'unknown', z: 'met' }) },
      { group: 'B', result: result('holds', { x: 'met', y: 'met', z: 'not-applicable' }) },
      { group: 'C', result: result('holds', { x: 'not-applicable', y: 'not-applicable', z: 'not-applicable' }) },
    ];
    for (const order of [groups, [...groups].reverse(), [groups[1]!, groups[0]!, groups[2]!]]) {
      const fleet = combineGroups(order);
      expect(Object.fromEntries(fleet.requirements!.map((q) => [q.id, q.outcome])), order.map((g) => g.group).join()).toEqual({ x: 'failed', y: 'unknown', z: 'met' });
    }
  });

  it('a group whose check said holds beside an undecided requirement is still caught when a later group met it', () => {
    // The frame rule runs on the fleet's result (registry.ts): it sees the fleet's outcome of each requirement.
    const fleet = combineGroups([
      { group: 'A', result: result('holds', { x: 'unknown' }) },
      { group: 'B', result: result('holds', { x: 'met' }) },
    ]);
    expect(holdsOnlyWhenEveryRequirementDecided(fleet).verdict).toBe('unknown');
  });

  it('the summary names the groups that decide the verdict with their summaries, then the others with their verdicts', () => {
    const fleet = combineGroups([
      { group: 'A', result: result('holds') },
      { group: 'B', result: result('violated') },
      { group: 'C', result: result('unknown') },
      { group: 'D', result: result('violated') },
    ]);
    expect(fleet.summary).toBe('devices in 4 groups (A, B, C, D), each judged: the B group: violated summary | the D group: violated summary (the A group holds, the C group unknown)');
    expect(combineGroups([{ group: 'A', result: result('holds') }, { group: 'B', result: result('holds') }]).summary).toBe('devices in 2 groups (A, B), each judged: the A group: holds summary | the B group: holds summary');
  });

  it('what each group found reaches the fleet under the group\'s name: evidence, bounds, timings, warnings and checks not applicable (each once)', () => {
    const na = { check: 'tuf/extraneous-dependencies', reason: 'no app images' };
    const fleet = combineGroups([
      { group: 'A', result: result('violated', {}, { evidence: [{ title: 'counterexample', lines: ['l1'], reproduce: 'cmd' }], bound: '10 runs', timings: [{ check: 'search', ms: 5 }], warnings: ['one-sided partner', 'w-a'], notApplicableChecks: [na] }) },
      { group: 'B', result: result('holds', {}, { timings: [{ check: 'search', ms: 7 }], warnings: ['one-sided partner'], notApplicableChecks: [{ ...na }] }) },
    ]);
    expect(fleet.evidence).toEqual([{ title: 'the A group: counterexample', lines: ['l1'], reproduce: 'cmd' }]);
    expect(fleet.bound).toBe('the A group: 10 runs | the B group: no bound stated');
    expect(fleet.timings).toEqual([{ check: 'the A group: search', ms: 5 }, { check: 'the B group: search', ms: 7 }]);
    expect(fleet.warnings).toEqual(['one-sided partner', 'w-a']);
    expect(fleet.notApplicableChecks).toEqual([na]);
    // Nothing found anywhere: no empty lists.
    const bare = combineGroups([{ group: 'A', result: { property: 'p', verdict: 'holds', summary: 's' } }, { group: 'B', result: { property: 'p', verdict: 'holds', summary: 's' } }]);
    expect(Object.keys(bare).sort()).toEqual(['bound', 'evidence', 'property', 'summary', 'timings', 'verdict']);
    expect([bare.evidence, bare.timings]).toEqual([[], []]);
  });
});
