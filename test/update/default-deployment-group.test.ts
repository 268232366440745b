/**
 * A product that names no device group is deployed to the update design's "Production" group, Azure Sphere's default
 * (model/product/product.ts readDeployment). An update design of a maker's own group names has none: the product must
 * name its group, as it must when it names one the design lacks. Before, the verdicts read a Production group
 * (UpdateAll, no development images) the design does not have, so a design whose groups take no app updates held
 * renewable-security when they were not called "Production" and was violated when one was: a rule keyed on a name.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { packageRoot } from '../../model/product/builtin.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, fixtureProduct } from './helpers.js';

const products = join(packageRoot(), 'test', 'fixtures', 'products');
const ctx = context('renewable-security', 3, 5);

describe('the default device group on an update design of a maker\'s own group names', () => {
  it('a product that names no group is refused at /deployment, naming the design\'s groups (not judged on a Production group the design lacks)', () => {
    const loaded = loadProduct(join(products, 'renewal-maker-groups-unstated', 'sevenfold.json'));
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.name, d.pointer])).toEqual([['ProductInvalid', '/deployment']]);
    expect(errors[0]!.message).toContain('has no "Production" group to default to');
    expect(errors[0]!.message).toContain('"Field Units", "Main Fleet"');
  });

  it('the group named is the one judged: one that takes no app updates is violated, its twin that takes them all holds', async () => {
    const flawed = await checkRenewableSecurity(fixtureProduct('renewal-maker-groups-no-app-updates'), ctx);
    expect(flawed.verdict, flawed.summary).toBe('violated');
    expect(flawed.summary).toContain("the Field Units group's update policy No3rdPartyAppUpdates takes no app updates");
    const sound = await checkRenewableSecurity(fixtureProduct('renewal-maker-groups-update-all'), ctx);
    expect(sound.verdict, sound.summary).toBe('holds');
  }, 300_000);
});
