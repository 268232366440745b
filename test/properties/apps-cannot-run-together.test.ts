/**
 * A product whose apps cannot run together (the allocation of model/isolation/allocation.ts fails) is judged on a
 * device that cannot exist: no property holds on it (properties/deployable-apps.ts, applied to every check in
 * registry.ts). Flawed: test/fixtures/products/same-pin (two apps on GPIO 16, device error 5242884), where
 * hardware-root-of-trust, small-tcb and certificate-authentication held (s37-corpus case 10); sound twin
 * separate-pins (the real-time app on GPIO 20), where they hold. Seen failing with the wrapper removed from
 * registry.ts: the three held on same-pin.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { findProperty, runProperty } from '../../properties/registry.js';
import { conflictsOfApps, holdsOnlyWhereAppsRunTogether } from '../../properties/deployable-apps.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';

const fixtures = resolve(import.meta.dirname, '..', 'fixtures', 'products');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(fixtures, name, 'sevenfold.json'));
  if (!loaded.product) throw new Error(`${name} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.product;
};
const context = checkContext({ seed: 38, runs: 40, requirements: smallSearchProfile() });
const PROPERTIES = ['hardware-root-of-trust', 'small-tcb', 'certificate-authentication'];

describe('a product whose apps cannot run together holds nothing', () => {
  it('names the conflict of same-pin, and none for its twin or the other allocation failures', () => {
    // One pin on two cores is also one block on two cores: both rules are broken.
    expect(conflictsOfApps(load('same-pin'))).toEqual([
      expect.stringMatching(/^Blinky's \$THERMOSTAT_STATUS_LED \(Gpio 16\) \(.*blinky-hl\/app_manifest\.json \/Capabilities\/Gpio\/0\) and Dimmer's Gpio 16 \(.*\): same-pin, device error 5242884 RequestedGpioAlreadyInUse$/),
      expect.stringMatching(/: cross-core-block, device error 5242895 GpioBlockConflict$/),
    ]);
    expect(conflictsOfApps(load('separate-pins'))).toEqual([]);
    expect(conflictsOfApps(load('three-real-time-apps'))).toEqual([expect.stringMatching(/^3 real-time apps \(.*\) for fewer cores that can run them$/)]);
  });

  for (const id of PROPERTIES) {
    it(`${id}: unknown on same-pin, naming the conflict; holds on separate-pins`, async () => {
      const property = findProperty(id)!;
      const flawed = await runProperty(property, load('same-pin'), context);
      expect(flawed.verdict).toBe('unknown');
      expect(flawed.summary).toMatch(/^cannot decide: the product's apps cannot run together \(2 conflicts: Blinky's \$THERMOSTAT_STATUS_LED \(Gpio 16\).*5242884/);
      expect(flawed.evidence![0]!.title).toMatch(/cannot run together/);
      const sound = await runProperty(property, load('separate-pins'), context);
      expect(sound.verdict).toBe('holds');
    }, 120_000);
  }

  it('a violated stays violated; a product that can run holds as it did', () => {
    const violated = { property: 'p', verdict: 'violated' as const, summary: 'broken' };
    expect(holdsOnlyWhereAppsRunTogether(violated, ['a conflict'])).toBe(violated);
    const holds = { property: 'p', verdict: 'holds' as const, summary: 'fine' };
    expect(holdsOnlyWhereAppsRunTogether(holds, [])).toBe(holds);
    expect(holdsOnlyWhereAppsRunTogether(holds, ['x', 'y']).summary).toMatch(/\(2 conflicts: x and 1 more; compartmentalization explains them\)/);
  });
});
