/**
 * A platform design that leaves appIsolation fields out gets Azure Sphere's behaviour for them only when its OS is
 * Azure Sphere's (model/platform/app-isolation-stated.ts: a Pluton core, the Normal World kernel and the OS services
 * from NormalWorldKernel and Services images). Before, fixture custom-os-isolation-unstated (a device maker's own
 * kernel and services, image type Other, every appIsolation field left out) held compartmentalization ("5 app
 * protections withstood their attacks") and certificate-authentication (its real-time apps "open no connection")
 * on Azure Sphere's word. Now both are unknown, naming /appIsolation/<field> in its platform.json; the sound twin
 * custom-os-isolation-stated (the same OS stating every field) holds compartmentalization.
 */
import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { reviewAppConnections } from '../../properties/certificate-authentication/app-connections.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const context = checkContext({ seed: 20261206, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });
const FIELDS = ['/appIsolation/networkFirewall', '/appIsolation/realTimeNetwork', '/appIsolation/storage', '/appIsolation/appConnections'];

describe("appIsolation left out on a device maker's own OS is not Azure Sphere's", () => {
  it('custom-os-isolation-unstated: compartmentalization is unknown, naming every field left out and the file', async () => {
    const product = loadPlatformFixture('custom-os-isolation-unstated');
    expect(new IsolationSpec(product).unstated.map((u) => u.pointer)).toEqual(FIELDS);
    const result = await checkCompartmentalization(product, context);
    expect(result.verdict).toBe('unknown');
    expect(result.summary).toContain('custom-os-isolation-unstated/platform.json');
    for (const field of FIELDS) expect(result.summary).toContain(field);
    expect(result.requirements?.some((r) => r.outcome === 'met')).toBe(false);
  });

  it("custom-os-isolation-unstated: certificate-authentication does not take the apps as confined to their manifests", () => {
    const review = reviewAppConnections(loadPlatformFixture('custom-os-isolation-unstated'));
    const open = review.apps.flatMap((a) => a.connections).filter((c) => c.host === 'any host');
    expect(open.map((c) => [c.app, c.outcome, c.location.pointer])).toEqual([
      ['Thermostat', 'unknown', '/appIsolation/networkFirewall'],
      ['FanControl_RTApp', 'unknown', '/appIsolation/realTimeNetwork'],
      ['AirSampler_RTApp', 'unknown', '/appIsolation/realTimeNetwork'],
    ]);
  });

  it('custom-os-isolation-stated (sound twin): every field stated is used as stated; compartmentalization holds', async () => {
    const product = loadPlatformFixture('custom-os-isolation-stated');
    expect(new IsolationSpec(product).unstated).toEqual([]);
    const result = await checkCompartmentalization(product, context);
    expect(result.verdict).toBe('holds');
    const review = reviewAppConnections(product);
    expect(review.apps.flatMap((a) => a.connections).filter((c) => c.host === 'any host')).toEqual([]);
  });
});
