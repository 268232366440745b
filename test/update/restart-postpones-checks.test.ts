/**
 * A design that does not check on connecting (checks.onConnect false) held renewable-security with the reference
 * thermostat, which holds PowerControls ForceReboot: max-check-interval read checks.maxIntervalHours alone, and the
 * reach play never restarted the device. The update device starts its periodic timer again at every restart, so an
 * app that restarts the device before each check falls due keeps every update off it. Now the rule
 * (model/update/check-restarts.ts) fails max-check-interval, and the reach play has an app that may restart the device
 * take it down before every check (the play of model/update/update-blockers.ts, which fails max-deferral for such an app
 * on every design): max-reach fails too. On the built-in design (checks on connecting) a restart does not postpone the
 * next check, so max-check-interval is not failed by it. Fixtures: renewal-no-check-on-connect
 * (flawed; it held before s34) and renewal-no-check-on-connect-no-restarting-app (its sound twin).
 */
import { describe, expect, it } from 'vitest';
import type { ProductImage } from '../../model/product/product.js';
import { appPostponingChecks, restartingApp } from '../../model/update/check-restarts.js';
import { checkCheckInterval } from '../../properties/renewable-security/bounds.js';
import { builtinProfile } from '../helpers/check-context.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, fixtureProduct, timeAndRecoveryStated } from './helpers.js';

const outcome = (r: Awaited<ReturnType<typeof checkRenewableSecurity>>, id: string) => r.requirements?.find((q) => q.id === `renewable-security.${id}`)?.outcome;
const text = (r: Awaited<ReturnType<typeof checkRenewableSecurity>>) => (r.evidence ?? []).flatMap((e) => [e.title, ...e.lines]).join('\n');

describe('an app that may restart the device, on a design that does not check on connecting', () => {
  it('is found by the rule: the thermostat (ForceReboot) on onConnect false; not on the built-in design, nor with apps that cannot restart it', () => {
    const flawed = fixtureProduct('renewal-no-check-on-connect');
    expect(appPostponingChecks(flawed, flawed.update!)).toEqual({ app: 'Thermostat', index: 0 });
    expect(appPostponingChecks(flawed, { checks: { ...flawed.update!.checks, onConnect: true } })).toBeUndefined();
    const twin = fixtureProduct('renewal-no-check-on-connect-no-restarting-app');
    expect(restartingApp(twin)).toBeUndefined();
  });

  it('violates max-check-interval statically and max-reach in the reach play, which restarts the device before every check', async () => {
    const result = await checkRenewableSecurity(timeAndRecoveryStated(fixtureProduct('renewal-no-check-on-connect')), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('violated');
    expect(outcome(result, 'max-check-interval')).toBe('failed');
    expect(outcome(result, 'max-reach')).toBe('failed');
    expect(result.summary).toMatch(/^the device checks for updates often enough \(renewable-security\.max-check-interval\): Thermostat may restart the device \(PowerControls ForceReboot\), and the device does not check on connecting/);
    // The reach play: the app that may take the device down (update-blockers.ts) does so before every check.
    expect(text(result)).toMatch(/the update check due now does not happen: Thermostat took the device down or off the network first/);
  }, 120_000);

  it('its twin, whose apps cannot restart the device, holds', async () => {
    const twin = await checkRenewableSecurity(fixtureProduct('renewal-no-check-on-connect-no-restarting-app'), context('renewable-security', 3, 1));
    expect(twin.verdict, twin.summary).toBe('holds');
  }, 120_000);

  it('where only an app\'s image holds ForceReboot (its manifest does not), max-check-interval is unknown, naming the image; with checks on connecting it holds', () => {
    const twin = fixtureProduct('renewal-no-check-on-connect-no-restarting-app');
    const mismatch = { field: 'Capabilities/PowerControls', product: '(none)', image: '[ForceReboot]', manifestFile: twin.apps[0]!.manifestFile, manifestPointer: '/Capabilities', manifestPosition: { line: 1, column: 1 }, imagePointer: '/apps/0/image', imagePosition: { line: 1, column: 1 } };
    const product = { ...twin, apps: [{ ...twin.apps[0]!, imageFile: 'fan.imagepackage', image: { manifestMismatches: [mismatch] } as unknown as ProductImage }, twin.apps[1]!] };
    const result = checkCheckInterval(twin.update!, 'update.json', product, builtinProfile(), 'repro');
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toMatch(/^no app's manifest holds PowerControls ForceReboot, but FanControl_RTApp's image does \(fan\.imagepackage carries PowerControls \[ForceReboot\]/);
    expect(checkCheckInterval({ ...twin.update!, checks: { ...twin.update!.checks, onConnect: true } }, 'update.json', product, builtinProfile(), 'repro').verdict).toBe('holds');
  });
});
