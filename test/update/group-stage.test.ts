/**
 * What a device group's devices are for (development, test, production) is what the update design states
 * (deviceGroups[].stage), never its name. Before, a group called by one of Azure Sphere's default names took that
 * group's stage, and any other group was a development group whenever it accepted development-signed images: the
 * flaw of production-group-accepts-dev-images (violated) held hardware-root-of-trust once the group was called
 * "Main Fleet". Fixtures (make-renewal-products.ts): the renamed flaw, its twin with the stage left out (unknown,
 * naming the field), and the sound twin, a renamed development group.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../model/product/builtin.js';
import { loadProduct } from '../../model/product/product.js';
import { PROPERTIES } from '../../properties/registry.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';

const REQUIREMENT = 'hardware-root-of-trust.no-app-development-in-production';
const context = checkContext({ seed: 1, runs: 1 });
afterAll(shutdownZ3);

async function rootOfTrust(name: string) {
  const loaded = loadProduct(join(packageRoot(), 'test', 'fixtures', 'products', name, 'sevenfold.json'));
  if (!loaded.product || loaded.hasErrors) throw new Error(`${name}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  // These fixtures use the built-in design, which leaves busMasters out; the group rule is what is tested here.
  const r = await PROPERTIES.find((p) => p.id === 'hardware-root-of-trust')!.check!(productAssumingNoBusMasters(loaded.product), context);
  return { verdict: r.verdict, summary: r.summary, outcome: r.requirements?.find((q) => q.id === REQUIREMENT)?.outcome };
}

describe('a device group\'s stage is the one the update design states, whatever the group is called', () => {
  it('a production group of a maker\'s own name that accepts development images is violated, as the group called Production is', async () => {
    const renamed = await rootOfTrust('production-group-renamed-accepts-dev-images');
    expect([renamed.verdict, renamed.outcome], renamed.summary).toEqual(['violated', 'failed']);
    expect(renamed.summary).toContain('devices of the Main Fleet group (production) carrying appDevelopment');
  }, 300_000);

  it('the same group with its stage left out is unknown, naming /deviceGroups/0/stage', async () => {
    const unstated = await rootOfTrust('group-stage-unstated-accepts-dev-images');
    expect([unstated.verdict, unstated.outcome], unstated.summary).toEqual(['unknown', 'unknown']);
    expect(unstated.summary).toContain('/deviceGroups/0/stage');
  }, 300_000);

  it('a development group of a maker\'s own name is one (the requirement not applicable), and the property holds', async () => {
    const development = await rootOfTrust('development-group-renamed');
    expect([development.verdict, development.outcome], development.summary).toEqual(['holds', 'not-applicable']);
  }, 300_000);
});
