/**
 * A restart an app asks for (PowerControls ForceReboot) is that app's event, charged to its own quota
 * (model/update/failure-log-policy.ts; emulator/update/app-events.ts forceReboot). Before (s34), the emulated device logged
 * it as the OS's device-reboot, against the OS's quota: offline, an app holding ForceReboot restarted the device until
 * the OS's quota was full, and the OS's next security failure was counted, not stored, while no-suppression held (its play
 * never restarted the device). Now the no-suppression play restarts the device from every app holding ForceReboot past
 * its quota (the fixture's own app: the reference thermostat's PowerControls are not relied on).
 */
import { describe, expect, it } from 'vitest';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { context, fixtureProduct } from './helpers.js';

describe("failure-reporting: an app's restarts fill its own quota, not the OS's", () => {
  it('report-restarting-app: the play restarts the device from the app past its quota; the OS still logs its own failure; holds', async () => {
    const result = await checkFailureReporting(fixtureProduct('report-restarting-app'), context('failure-reporting', 3, 10));
    const lines = result.evidence?.flatMap((e) => e.lines) ?? [];
    expect(lines.some((l) => /^Restarter restarted the device \(PowerControls ForceReboot\) 320 times \(quota 256\): 25\d events stored and reported, 6\d counted as dropped, and the service told$/.test(l))).toBe(true);
    expect(result.requirements?.find((r) => r.id === 'failure-reporting.no-suppression')?.outcome).toBe('met');
    expect(result.verdict).toBe('holds');
  });
});
