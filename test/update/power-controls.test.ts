/**
 * An app that may reboot or power the device down at will keeps it from updating: Microsoft leaves the device's
 * update checks to such an app (learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing
 * updates"). Before s34, no rule read PowerControls and renewable-security held for an app holding ForceReboot or
 * ForcePowerDown as for one without (renewal-time-sync-authenticated, the reference Thermostat with ForceReboot, held).
 * The rule is read statically (model/update/power-controls.ts, properties/renewable-security/power-controls.ts) and
 * by the emulator's OS (emulator/update/power-controls.ts), which plays it in the reach emulation; this file holds
 * the two readings together and each against the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { takeDeviceDown } from '../../emulator/update/index.js';
import { POWER_CONTROLS } from '../../formats/manifest/capabilities.js';
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import type { Product, ProductApp } from '../../model/product/product.js';
import { devicePowerControllers } from '../../model/update/power-controls.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkPowerControllers } from '../../properties/renewable-security/power-controls.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { context, fixtureProduct, openLab, timeAuthenticated } from './helpers.js';

const ctx = context('renewable-security');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;
const text = (r: PropertyResult) => [r.summary, ...(r.evidence ?? []).flatMap((e) => [e.title, ...e.lines])].join('\n');

function oneApp(kind: AppKind, powerControls: string[]): Pick<Product, 'apps'> {
  const app = { manifest: { kind, enabled: [], powerControls, name: 'App' }, manifestFile: 'app_manifest.json', pointer: '/apps/0' } as unknown as ProductApp;
  return { apps: [app] };
}

/** Every subset of the power controls, for both app kinds. */
const COMBINATIONS: [AppKind, string[]][] = (['high-level', 'real-time'] as AppKind[]).flatMap((kind) =>
  Array.from({ length: 1 << POWER_CONTROLS.length }, (_, mask) => [kind, POWER_CONTROLS.filter((_, i) => mask & (1 << i))] as [AppKind, string[]]),
);

describe('who may take the device down: the rule and the emulated OS agree', () => {
  it.each(COMBINATIONS)('%s app with PowerControls %j', async (kind, powerControls) => {
    const device = (await openLab()).device();
    const boots = device.bootCount;
    const emulated = takeDeviceDown(device, { name: 'App', kind, powerControls }, 1_000).ok;
    expect(emulated).toBe(devicePowerControllers(oneApp(kind, powerControls)).length > 0);
    // Taken down means the device booted again (waking from Power Down is a cold boot); refused, it runs on.
    expect(device.bootCount).toBe(emulated ? boots + 1 : boots);
  });

  it('only ForceReboot or ForcePowerDown, and only in a high-level app; SetPowerProfile takes nothing down', () => {
    expect(devicePowerControllers(oneApp('high-level', ['ForceReboot']))[0]).toMatchObject({ control: 'ForceReboot', capabilityPointer: '/Capabilities/PowerControls/0' });
    expect(devicePowerControllers(oneApp('high-level', ['SetPowerProfile', 'ForcePowerDown']))[0]).toMatchObject({ control: 'ForcePowerDown', capabilityPointer: '/Capabilities/PowerControls/1' });
    expect(devicePowerControllers(oneApp('high-level', ['SetPowerProfile']))).toHaveLength(0);
    expect(devicePowerControllers(oneApp('real-time', ['ForceReboot', 'ForcePowerDown']))).toHaveLength(0);
  });
});

describe('renewable-security with an app that may take the device down', () => {
  it.each([
    ['renewal-app-forces-reboot', 'ForceReboot', 'reboot'],
    ['renewal-app-forces-power-down', 'ForcePowerDown', 'power down'],
  ])('%s is violated (max-deferral statically, max-reach on the emulator) under an authenticated time sync, naming the app and its manifest entry', async (fixture, control, verb) => {
    const result = await checkRenewableSecurity(timeAuthenticated(fixtureProduct(fixture)), ctx);
    expect(result.verdict, result.summary).toBe('violated');
    expect(outcome(result, 'max-deferral')).toBe('failed');
    expect(result.summary).toContain(`PumpController (/apps/0) may ${verb} the device at will (test/fixtures/products/${fixture}/apps/pump-hl/app_manifest.json /Capabilities/PowerControls/0)`);
    expect(text(result)).toContain(`holds ${control}`);
    // The emulator's own reading: the app takes the device down before each check and the release never arrives.
    expect(outcome(result, 'max-reach')).toBe('failed');
    expect(text(result)).toMatch(/PumpController takes the device down before every check/);
  });

  it('their sound twin renewal-app-sets-power-profile (SetPowerProfile only) holds, the rule not applicable and the release arriving in time', async () => {
    const result = await checkRenewableSecurity(timeAuthenticated(fixtureProduct('renewal-app-sets-power-profile')), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-reach')).toBe('met');
    expect(result.summary).toMatch(/no app of the product holds PowerControls ForceReboot or ForcePowerDown, so none can take the device down before an update/);
    expect(text(result)).not.toMatch(/takes the device down/);
  });

  it('"no app takes the device down" is not read from a manifest its image contradicts: an image holding PowerControls is unknown', () => {
    const product = fixtureProduct('renewal-app-sets-power-profile');
    const at = { line: 1, column: 1 };
    const mismatch = { field: 'Capabilities/PowerControls', product: '["SetPowerProfile"]', image: '["ForceReboot"]', manifestFile: product.apps[0]!.manifestFile, manifestPointer: '/Capabilities/PowerControls', manifestPosition: at, imagePointer: '/apps/0/image', imagePosition: at };
    const withImage = { ...product, apps: [{ ...product.apps[0]!, image: { file: 'pump.imagepackage', manifestMismatches: [mismatch] } }] } as unknown as Product;
    const judged = checkPowerControllers(withImage, 'reproduce');
    expect(judged.verdict).toBe('unknown');
    expect(judged.summary).toMatch(/no app's manifest holds PowerControls ForceReboot or ForcePowerDown, but PumpController's image pump.imagepackage carries Capabilities\/PowerControls \["ForceReboot"\]/);
    expect(checkPowerControllers(product, 'reproduce').verdict).toBe('holds');
  });
});
