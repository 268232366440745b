/**
 * An app that may take the device down (PowerControls ForceReboot, ForcePowerDown) or off the network (NetworkConfig,
 * WifiConfig) at will keeps it from updating: Microsoft leaves the device's update checks to an app that may power it
 * down (learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and forcing updates"), and one that may
 * disable its interface or forget its Wi-Fi networks cuts it off the update service. Before s34, no rule read these and
 * renewable-security held for such apps as for one without (renewal-time-sync-authenticated, the reference Thermostat
 * with ForceReboot, held). The rule is read statically (model/update/update-blockers.ts,
 * properties/renewable-security/update-blockers.ts) and by the emulator's OS (emulator/update/device-controls.ts),
 * which plays it in the reach emulation; this file holds the two readings together and each against the fixtures.
 */
import { describe, expect, it } from 'vitest';
import { takeDeviceDown, takeDeviceOffline } from '../../emulator/update/index.js';
import { CAPABILITIES, POWER_CONTROLS } from '../../formats/manifest/capabilities.js';
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import type { Product, ProductApp } from '../../model/product/product.js';
import { updateBlockers } from '../../model/update/update-blockers.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkUpdateBlockers } from '../../properties/renewable-security/update-blockers.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { context, fixtureProduct, openLab, timeAndRecoveryStated } from './helpers.js';

const ctx = context('renewable-security');
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;
const text = (r: PropertyResult) => [r.summary, ...(r.evidence ?? []).flatMap((e) => [e.title, ...e.lines])].join('\n');

function oneApp(kind: AppKind, powerControls: string[], enabled: string[] = []): Pick<Product, 'apps'> {
  const app = { manifest: { kind, enabled, powerControls, name: 'App' }, manifestFile: 'app_manifest.json', pointer: '/apps/0' } as unknown as ProductApp;
  return { apps: [app] };
}

const BOOLEAN_CAPABILITIES = Object.entries(CAPABILITIES).filter(([, spec]) => spec.shape.kind === 'boolean').map(([key]) => key);
/** Every subset of the power controls, and every boolean capability alone, for both app kinds. */
const COMBINATIONS: [AppKind, string[], string[]][] = (['high-level', 'real-time'] as AppKind[]).flatMap((kind) => [
  ...Array.from({ length: 1 << POWER_CONTROLS.length }, (_, mask) => [kind, POWER_CONTROLS.filter((_, i) => mask & (1 << i)), []] as [AppKind, string[], string[]]),
  ...BOOLEAN_CAPABILITIES.map((c) => [kind, [], [c]] as [AppKind, string[], string[]]),
]);

describe('who may keep the device from the update service: the rule and the emulated OS agree', () => {
  it.each(COMBINATIONS)('%s app with PowerControls %j and %j', async (kind, powerControls, enabled) => {
    const device = (await openLab()).device();
    const boots = device.bootCount;
    const app = { name: 'App', kind, powerControls, enabled };
    const down = takeDeviceDown(device, app, 1_000).ok;
    const offline = takeDeviceOffline(device, app, 1_000).ok;
    const rule = updateBlockers(oneApp(kind, powerControls, enabled));
    expect(down || offline).toBe(rule.length > 0);
    if (rule.length) expect(rule[0]!.way).toBe(down ? 'down' : 'offline');
    // Taken down means the device booted again (waking from Power Down is a cold boot); refused, it runs on.
    expect(device.bootCount).toBe(down ? boots + 1 : boots);
  });

  it("an app's forced reboot is logged as a device reboot (failure-reporting.records-kind-device-reboot: 'an app forcing one')", async () => {
    const lab = await openLab();
    const rebooted = lab.device();
    expect(takeDeviceDown(rebooted, { name: 'PumpController', kind: 'high-level', powerControls: ['ForceReboot'], enabled: [] }, 1_000).ok).toBe(true);
    // Charged to the app that asked, not to the OS (whose quota keeps room for its own failures), as AppRuntime.forceReboot charges it.
    expect(rebooted.log!.pending().filter((e) => e.kind === 'device-reboot').map((e) => [e.detail, e.source])).toEqual([['unplanned reboot: PumpController forces a reboot (PowerControls ForceReboot)', 'PumpController']]);
  });

  it('only ForceReboot, ForcePowerDown, NetworkConfig or WifiConfig, and only in a high-level app; SetPowerProfile and ReadNetworkProxyConfig change nothing', () => {
    expect(updateBlockers(oneApp('high-level', ['ForceReboot']))[0]).toMatchObject({ control: 'ForceReboot', way: 'down', capabilityPointer: '/Capabilities/PowerControls/0' });
    expect(updateBlockers(oneApp('high-level', ['SetPowerProfile', 'ForcePowerDown']))[0]).toMatchObject({ control: 'ForcePowerDown', capabilityPointer: '/Capabilities/PowerControls/1' });
    expect(updateBlockers(oneApp('high-level', [], ['NetworkConfig']))[0]).toMatchObject({ control: 'NetworkConfig', way: 'offline', capabilityPointer: '/Capabilities/NetworkConfig' });
    expect(updateBlockers(oneApp('high-level', [], ['WifiConfig']))[0]).toMatchObject({ control: 'WifiConfig', way: 'offline' });
    expect(updateBlockers(oneApp('high-level', ['SetPowerProfile'], ['ReadNetworkProxyConfig', 'DhcpService', 'SntpService', 'EnterpriseWifiConfig', 'CertStore']))).toHaveLength(0);
    expect(updateBlockers(oneApp('real-time', ['ForceReboot', 'ForcePowerDown'], ['NetworkConfig', 'WifiConfig']))).toHaveLength(0);
  });
});

describe('renewable-security with an app that may take the device down or off the network', () => {
  it.each([
    ['renewal-app-forces-reboot', 'PumpController', 'pump-hl', 'ForceReboot', 'reboot the device', '/Capabilities/PowerControls/0'],
    ['renewal-app-forces-power-down', 'PumpController', 'pump-hl', 'ForcePowerDown', 'power the device down', '/Capabilities/PowerControls/0'],
    ['renewal-app-disables-network', 'SiteGateway', 'gateway-hl', 'NetworkConfig', "disable the device's network interface", '/Capabilities/NetworkConfig'],
    ['renewal-app-forgets-wifi', 'SiteGateway', 'gateway-hl', 'WifiConfig', "forget the device's Wi-Fi networks", '/Capabilities/WifiConfig'],
  ])('%s is violated (max-deferral statically, max-reach on the emulator) under an authenticated time sync, naming the app and its manifest entry', async (fixture, app, folder, control, verb, pointer) => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct(fixture)), ctx);
    expect(result.verdict, result.summary).toBe('violated');
    expect(outcome(result, 'max-deferral')).toBe('failed');
    expect(result.summary).toContain(`${app} (/apps/0) may ${verb} at will (test/fixtures/products/${fixture}/apps/${folder}/app_manifest.json ${pointer})`);
    expect(text(result)).toContain(`holds ${control}`);
    // The emulator's own reading: the app keeps the device from the update service before each check and the release never arrives.
    expect(outcome(result, 'max-reach')).toBe('failed');
    expect(text(result)).toContain(`${app} keeps the device from the update service before every check`);
  });

  it.each(['renewal-app-sets-power-profile', 'renewal-app-reads-proxy'])('their sound twin %s holds, the rule not applicable and the release arriving in time', async (fixture) => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct(fixture)), ctx);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'max-reach')).toBe('met');
    expect(result.summary).toMatch(/no app of the product holds PowerControls ForceReboot or ForcePowerDown, NetworkConfig or WifiConfig, so none can keep the device from the update service/);
    expect(text(result)).not.toMatch(/keeps the device from the update service before every check/);
  });

  it('"no app keeps the device from updating" is not read from a manifest its image contradicts: an image holding PowerControls is unknown', () => {
    const product = fixtureProduct('renewal-app-sets-power-profile');
    const at = { line: 1, column: 1 };
    const mismatch = { field: 'Capabilities/PowerControls', product: '["SetPowerProfile"]', image: '["ForceReboot"]', manifestFile: product.apps[0]!.manifestFile, manifestPointer: '/Capabilities/PowerControls', manifestPosition: at, imagePointer: '/apps/0/image', imagePosition: at };
    const withImage = { ...product, apps: [{ ...product.apps[0]!, image: { file: 'pump.imagepackage', manifestMismatches: [mismatch] } }] } as unknown as Product;
    const judged = checkUpdateBlockers(withImage, 'reproduce');
    expect(judged.verdict).toBe('unknown');
    expect(judged.summary).toMatch(/no app's manifest holds PowerControls ForceReboot or ForcePowerDown, NetworkConfig or WifiConfig, but PumpController's image pump.imagepackage carries Capabilities\/PowerControls \["ForceReboot"\]/);
    expect(checkUpdateBlockers(product, 'reproduce').verdict).toBe('holds');
  });
});
