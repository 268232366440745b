/**
 * A fleet spread over several device groups (product file deployment.deviceGroups) is judged group by group
 * (properties/fleet-groups.ts): a property holds only if it holds for the devices of every group. Before, the product
 * file named one group, so a fleet with a sibling production group that never takes an update was stated as its other
 * half and renewable-security held (s36-update case e01). Fixtures (make-renewal-products.ts): fleets with a second
 * group that takes nothing, takes no app update, accepts development-signed images, or whose stage is unstated; the
 * sound twin in Production and Production OS Evaluation; two that must be refused.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { combineGroups } from '../../properties/fleet-groups.js';
import { PROPERTIES } from '../../properties/registry.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';
import { fixtureProduct } from './helpers.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';

afterAll(shutdownZ3);
const context = checkContext({ seed: 1, runs: 1 });
const check = (id: string, product: Product) => PROPERTIES.find((p) => p.id === id)!.check!(product, context);
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
/** The fleet's first group alone: what the product file could state before. */
const firstGroupOnly = (product: Product): Product => {
  const { fleet: _fleet, ...rest } = product;
  return rest;
};

describe('the product file states every device group of a fleet', () => {
  it('reads each group, with where the product file names it', () => {
    const product = fixtureProduct('fleet-production-and-frozen-group');
    expect(product.fleet!.map((d) => [d.group.name, d.group.updatePolicy, d.groupPointer])).toEqual([
      ['Production', 'UpdateAll', '/deployment/deviceGroups/0'],
      ['Frozen Fleet', 'NoUpdates', '/deployment/deviceGroups/1'],
    ]);
    expect(product.deployment.group.name).toBe('Production');
  });

  it.each([
    ['fleet-group-named-twice', '/deployment/deviceGroups/1', /already named at \/deployment\/deviceGroups\/0/],
    ['fleet-group-and-groups', '/deployment/deviceGroups', /both deviceGroup and deviceGroups/],
  ])('%s is refused at %s', (name, pointer, message) => {
    const loaded = loadProduct(join(packageRoot(), 'test', 'fixtures', 'products', name, 'sevenfold.json'));
    expect(loaded.hasErrors).toBe(true);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.pointer, message.test(d.message)])).toContainEqual([pointer, true]);
  });
});

describe('renewable-security judges each group of the fleet', () => {
  it('a sibling production group that takes no update is violated, naming it; the first group alone holds', async () => {
    const product = fixtureProduct('fleet-production-and-frozen-group');
    const fleet = await check('renewable-security', product);
    expect([fleet.verdict, outcome(fleet, 'renewable-security.system-software-renewable'), outcome(fleet, 'renewable-security.every-app-renewable')], fleet.summary).toEqual(['violated', 'failed', 'failed']);
    expect(fleet.summary).toContain('the Frozen Fleet group');
    expect((await check('renewable-security', firstGroupOnly(product))).verdict).toBe('holds');
  }, 300_000);

  // s38-mutants: with the last group's outcome of a requirement taken for the fleet (a mutant of combineGroups the
  // tests above let live: their flawed group comes last), both requirements read met, Production's, beside the violation.
  it('the order the groups are listed in decides nothing: Frozen Fleet first is violated with both requirements failed', async () => {
    const r = await check('renewable-security', fixtureProduct('fleet-frozen-group-first'));
    expect([r.verdict, outcome(r, 'renewable-security.system-software-renewable'), outcome(r, 'renewable-security.every-app-renewable')], r.summary).toEqual(['violated', 'failed', 'failed']);
    expect(r.summary).toMatch(/^devices in 2 groups \(Frozen Fleet, Production\), each judged: the Frozen Fleet group: /);
  }, 300_000);

  it('a sibling group that takes no app update is violated at every-app-renewable; the system software reaches both', async () => {
    const r = await check('renewable-security', fixtureProduct('fleet-second-group-no-app-updates'));
    expect([r.verdict, outcome(r, 'renewable-security.every-app-renewable'), outcome(r, 'renewable-security.system-software-renewable')], r.summary).toEqual(['violated', 'failed', 'met']);
    expect(r.summary).toContain('the Retrofit group');
  }, 300_000);

  it('the sound twin: Production and Production OS Evaluation (RetailEval, production) hold, both groups judged', async () => {
    const r = await check('renewable-security', fixtureProduct('fleet-production-and-os-evaluation'));
    expect(r.verdict, r.summary).toBe('holds');
    expect(r.summary).toMatch(/devices in 2 groups \(Production, Production OS Evaluation\)/);
  }, 300_000);
});

describe('hardware-root-of-trust judges each group of the fleet', () => {
  const REQUIREMENT = 'hardware-root-of-trust.no-app-development-in-production';

  it('a sibling production group that accepts development-signed images is violated, naming it; the first group alone holds', async () => {
    const product = fixtureProduct('fleet-second-group-accepts-dev-images');
    const r = await check('hardware-root-of-trust', product);
    expect([r.verdict, outcome(r, REQUIREMENT)], r.summary).toEqual(['violated', 'failed']);
    expect(r.summary).toContain('devices of the Service Units group (production) carrying appDevelopment');
    // The first group alone, on the bus-master fixture assumption (the built-in design leaves busMasters out).
    expect((await check('hardware-root-of-trust', productAssumingNoBusMasters(firstGroupOnly(product)))).verdict).toBe('holds');
  }, 300_000);

  it('a sibling group whose stage the design leaves out is unknown, naming the field', async () => {
    const r = await check('hardware-root-of-trust', fixtureProduct('fleet-second-group-stage-unstated'));
    expect([r.verdict, outcome(r, REQUIREMENT)], r.summary).toEqual(['unknown', 'unknown']);
    expect(r.summary).toContain('/deviceGroups/5/stage');
  }, 300_000);
});

describe('combineGroups', () => {
  const result = (verdict: PropertyResult['verdict'], outcomes: Record<string, 'met' | 'failed' | 'unknown' | 'not-applicable'>): PropertyResult => ({
    property: 'p',
    verdict,
    summary: verdict,
    requirements: Object.entries(outcomes).map(([id, o]) => ({ id, statement: id, source: 's', outcome: o })),
  });

  it('holds only when every group holds; a requirement takes its worst outcome over the groups', () => {
    const both = combineGroups([
      { group: 'A', result: result('holds', { x: 'met', y: 'not-applicable' }) },
      { group: 'B', result: result('unknown', { x: 'unknown', y: 'met' }) },
    ]);
    expect(both.verdict).toBe('unknown');
    expect(both.requirements!.map((q) => [q.id, q.outcome])).toEqual([['x', 'unknown'], ['y', 'met']]);
    expect(both.summary).toContain('the B group: unknown (the A group holds)');
    expect(combineGroups([{ group: 'A', result: result('violated', { x: 'failed' }) }, { group: 'B', result: result('unknown', { x: 'unknown' }) }]).verdict).toBe('violated');
    expect(combineGroups([{ group: 'A', result: result('holds', {}) }, { group: 'B', result: result('holds', {}) }]).verdict).toBe('holds');
  });
});
