import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkContext } from '../helpers/check-context.js';

const root = resolve(fileURLToPath(import.meta.url), '../../fixtures');
const context = checkContext({ seed: 1, runs: 50, timeoutMs: 10_000, command: 'sevenfold verify' });
const checks = { 'renewable-security': checkRenewableSecurity, 'failure-reporting': checkFailureReporting, 'hardware-root-of-trust': checkHardwareRootOfTrust } as const;

// Each product file names what it is verified with: its update design ("update"), its platform ("platform"),
// its deployment and its apps' delivery. The verdict and the requirement behind it come from that file.
describe('products whose own files decide renewable security and failure reporting', () => {
  it.each([
    ['updates/counter-raised-before-verify', 'renewable-security', 'renewable-security.rollback-counter-per-stage'],
    ['updates/counter-raised-before-verify', 'hardware-root-of-trust', undefined],
    ['updates/no-ab-slot', 'renewable-security', 'renewable-security.update-attacks-defeated'],
    ['updates/unbounded-deferral', 'renewable-security', 'renewable-security.max-deferral'],
    ['updates/long-deferral', 'renewable-security', 'renewable-security.max-deferral'],
    ['updates/download-timeout-too-short', 'renewable-security', 'renewable-security.min-link-rate'],
    ['updates/image-limit-below-app', 'renewable-security', 'renewable-security.largest-image'],
    ['updates/deferral-restarts-per-release', 'renewable-security', 'renewable-security.max-deferral'],
    ['updates/yearly-checks', 'renewable-security', 'renewable-security.max-check-interval'],
    ['updates/dev-signed-in-production', 'renewable-security', 'renewable-security.update-attacks-defeated'],
    ['updates/freeze-undetected', 'renewable-security', 'renewable-security.update-attacks-defeated'],
    ['updates/time-sync-unauthenticated', 'renewable-security', 'renewable-security.max-freeze-detection'],
    ['updates/future-dated', 'renewable-security', 'renewable-security.update-attacks-defeated'],
    ['updates/extreme-numbers', 'renewable-security', 'renewable-security.max-reach'],
    ['updates/failure-log-in-ram', 'failure-reporting', 'failure-reporting.persistent-log'],
    ['updates/huge-reports', 'failure-reporting', 'failure-reporting.max-events-per-report'],
    ['updates/no-recovery-bank', 'failure-reporting', 'failure-reporting.every-failure-reported'],
    ['updates/small-failure-log', 'failure-reporting', 'failure-reporting.min-log-capacity'],
    ['updates/app-quota-over-log', 'failure-reporting', 'failure-reporting.no-suppression'],
    ['updates/quotas-over-log', 'failure-reporting', 'failure-reporting.no-suppression'],
    ['updates/log-full-of-unrecorded-apps', 'failure-reporting', 'failure-reporting.min-log-capacity'],
    ['updates/log-ignores-crashes', 'failure-reporting', 'failure-reporting.records-kind-app-crash'],
    ['updates/log-ignores-power-cuts', 'failure-reporting', 'failure-reporting.records-kind-power-cut'],
    ['updates/log-ignores-device-reboots', 'failure-reporting', 'failure-reporting.records-kind-device-reboot'],
    ['updates/log-ignores-app-exits', 'failure-reporting', 'failure-reporting.records-kind-app-exit'],
    ['updates/log-ignores-network-denials', 'failure-reporting', 'failure-reporting.records-kind-network-denial'],
    ['updates/log-ignores-channel-denials', 'failure-reporting', 'failure-reporting.records-kind-channel-denial'],
    ['updates/log-ignores-high-level-apps', 'failure-reporting', 'failure-reporting.records-high-level-app-failures'],
    ['updates/silent-dropped-events', 'failure-reporting', 'failure-reporting.dropped-events-reported'],
    ['updates/apps-erase-log', 'failure-reporting', 'failure-reporting.erased-only-by-service'],
    ['products/renewal-development-group', 'renewable-security', 'renewable-security.every-app-renewable'],
    ['products/renewal-sideloaded-app', 'renewable-security', 'renewable-security.every-app-renewable'],
    ['products/renewal-no-updates-group', 'renewable-security', 'renewable-security.system-software-renewable'],
    ['products/rollback-counter-missing', 'renewable-security', 'renewable-security.rollback-counter-per-stage'],
    ['products/rollback-counter-missing', 'hardware-root-of-trust', undefined],
  ] as const)('%s is violated by %s', async (name, property, requirement) => {
    const loaded = loadProduct(resolve(root, name, 'sevenfold.json'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = await checks[property](loaded.product!, context);
    expect(result.verdict, result.summary).toBe('violated');
    if (requirement) expect(result.requirements?.find((r) => r.id === requirement)?.outcome).toBe('failed');
  });

  it('the extreme-numbers design, every number at its schema maximum, is decided by failure-reporting too: never a crash', async () => {
    const loaded = loadProduct(resolve(root, 'updates/extreme-numbers/sevenfold.json'));
    const result = await checkFailureReporting(loaded.product!, checkContext({ ...context, runs: 5 }));
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toMatch(/a report may hold 1000000000000000 events, more than the 1000/);
  }, 120_000);

  it('quotas-over-log with room for every quota (the OS\'s 2,048, the high-level app\'s 256 and its marker: 2,305) holds; one event less is violated', async () => {
    const loaded = loadProduct(resolve(root, 'updates/quotas-over-log/sevenfold.json'));
    const product = loaded.product!;
    const withTotal = (total: number) => ({ ...product, update: { ...product.update!, failureReporting: { ...product.update!.failureReporting, totalEventCapacity: total } } });
    const sound = await checkFailureReporting(withTotal(2305), checkContext({ ...context, runs: 5 }));
    expect(sound.verdict, sound.summary).toBe('holds');
    const short = await checkFailureReporting(withTotal(2304), checkContext({ ...context, runs: 5 }));
    expect(short.verdict, short.summary).toBe('violated');
    expect(short.summary).toMatch(/totalEventCapacity: the log keeps 2304 events in all, but .* need 2305/);
    // The emulated floods meet the same flaw: the OS holds its quota but one, the app floods, and the OS's next failure is counted.
    expect(short.summary).toMatch(/Thermostat's flood: update-failure of the OS was not logged \(counted, not stored\)/);
  });

  it('log-full-of-unrecorded-apps: the real-time apps\' quotas add no room, as the log records none of them; an OS quota of 700 (700 + 300 for the high-level app) holds', async () => {
    const loaded = loadProduct(resolve(root, 'updates/log-full-of-unrecorded-apps/sevenfold.json'));
    const product = loaded.product!;
    const flawed = await checkFailureReporting(product, checkContext({ ...context, runs: 5 }));
    expect(flawed.summary).toMatch(/the log can keep only 800 events \(the OS's 500 and 1 × 300 for the apps whose failures it records\), fewer than the 1000/);
    const withOs = (os: number) => ({ ...product, update: { ...product.update!, failureReporting: { ...product.update!.failureReporting, systemEventCapacity: os } } });
    const sound = await checkFailureReporting(withOs(700), checkContext({ ...context, runs: 5 }));
    expect(sound.verdict, sound.summary).toBe('holds');
  });

  it('both properties read the same rollback rule: the same finding, located in the product\'s platform file', async () => {
    const loaded = loadProduct(resolve(root, 'products/rollback-counter-missing/sevenfold.json'));
    const hrot = await checkHardwareRootOfTrust(loaded.product!, context);
    const renewal = await checkRenewableSecurity(loaded.product!, context);
    const finding = 'rt-app-0 is replaced by the app update but has no anti-rollback counter';
    const lines = (r: typeof hrot) => (r.evidence ?? []).flatMap((e) => e.lines).filter((l) => l.includes(finding));
    const located = `test/fixtures/products/rollback-counter-missing/platform.json /boot/7: ${finding}: once a newer release is installed, the vendor's older, validly signed release of it still boots`;
    expect(lines(hrot)).toEqual([located]);
    expect(lines(renewal)).toEqual([located]);
  });
});
