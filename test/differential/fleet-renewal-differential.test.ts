/**
 * A fleet in several device groups (deployment.deviceGroups): renewable-security's every-app-renewable and
 * system-software-renewable, decided group by group (properties/fleet-groups.ts over model/update/renewal.ts), held
 * against the emulated service and device (fleet-renewal-reading.ts): a requirement fails for the fleet exactly when a
 * device of some group, given a new release, does not install that kind. Fixtures (make-renewal-products.ts): a fleet
 * with a production group that takes nothing (fleet-production-and-frozen-group), one that takes no app update
 * (fleet-second-group-no-app-updates), and the sound twin (fleet-production-and-os-evaluation). Groups whose verdict
 * turns on a capability (appDevelopment) are not here: the emulated service reads the policy only (noted).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { UpdateLab } from '../../emulator/update/index.js';
import type { Product } from '../../model/product/product.js';
import type { DeviceGroup } from '../../model/update/update-design.js';
import { PROPERTIES } from '../../properties/registry.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';
import { fixtureProduct } from '../update/helpers.js';
import { fleetRenews, renewedInEachGroup, type GroupOnDevice } from './fleet-renewal-reading.js';

afterAll(shutdownZ3);
const context = checkContext({ seed: 3, runs: 1 });
const renewable = PROPERTIES.find((p) => p.id === 'renewable-security')!;

/** The emulated devices of each group of the product's fleet, on its update design with the product file's own groups in it. */
async function onEmulatedDevices(product: Product): Promise<GroupOnDevice[]> {
  // A custom group joins the design as the service would hold it (data; not the rule's withDeploymentGroup).
  const design = structuredClone(product.update!);
  for (const { group } of product.fleet!) {
    if (design.deviceGroups.some((g) => g.name.toLowerCase() === group.name.toLowerCase())) continue;
    const stage = group.stage === 'unstated' ? undefined : group.stage;
    design.deviceGroups.push({ name: group.name, osFeed: group.osFeed, updatePolicy: group.updatePolicy, appDevelopmentCapability: false, ...(stage ? { stage } : {}) } satisfies DeviceGroup);
  }
  return renewedInEachGroup(await UpdateLab.open(product.platform, design, { seed: 3 }), product.fleet!.map((d) => d.group.name));
}

const FIXTURES = ['fleet-production-and-frozen-group', 'fleet-second-group-no-app-updates', 'fleet-production-and-os-evaluation'];

describe("a fleet's renewal: the rule group by group and the emulated devices of each group", () => {
  it.each(FIXTURES)('%s: each requirement fails exactly when some group\'s device does not install that kind', async (name) => {
    const product = fixtureProduct(name);
    expect(product.fleet!.length).toBeGreaterThan(1);
    const onDevices = await onEmulatedDevices(product);
    const result = await renewable.check!(product, context);
    const outcome = (id: string) => result.requirements?.find((q) => q.id === id)?.outcome;
    expect(outcome('renewable-security.system-software-renewable') === 'failed', JSON.stringify(onDevices)).toBe(!fleetRenews(onDevices, 'os'));
    expect(outcome('renewable-security.every-app-renewable') === 'failed', JSON.stringify(onDevices)).toBe(!fleetRenews(onDevices, 'app'));
  }, 300_000);

  it('is not vacuous: the fixtures cover a fleet renewed everywhere, one whose apps are stuck, one whose OS is stuck', async () => {
    const seen = new Set<string>();
    for (const name of FIXTURES) {
      const onDevices = await onEmulatedDevices(fixtureProduct(name));
      seen.add(`os:${fleetRenews(onDevices, 'os')} app:${fleetRenews(onDevices, 'app')}`);
    }
    expect([...seen].sort()).toEqual(['os:false app:false', 'os:true app:false', 'os:true app:true']);
  }, 300_000);
});
