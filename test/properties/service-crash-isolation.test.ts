/**
 * Compartmentalization's crash isolation follows the interface edges (model/platform/crash-containment.ts over
 * model/platform/app-interfaces.ts, the edges defense-in-depth reads): the crash of a shared service an app's
 * storage requests, network traffic or device configuration reach must not reboot the device. Before, only apps
 * crashed in the suite: the defended platform whose apps' storage the Security Monitor serves held
 * failure-isolation, though a storage request that crashes the monitor reboots the whole device.
 */
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedServiceCrashes } from '../../model/platform/crash-containment.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const load = (file: string): Product => {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const platformFixture = (name: string) => load(join(root, 'test/fixtures/platforms', name, 'sevenfold.json'));
const context = checkContext({ seed: 7, runs: 10, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });
const outcome = (r: PropertyResult, id: string) => r.requirements?.find((q) => q.id === id)?.outcome;
const crashesOf = (p: Product) => sharedServiceCrashes(p).map((c) => `${p.apps[c.taker.app]!.manifest.name} → ${c.taker.component} (${c.taker.kind}): ${c.restartedBy.length ? `restarted by ${c.restartedBy.join(', ')}` : 'reboot'}`);

afterAll(() => shutdownZ3());

describe('crash isolation over the shared services an app\'s input reaches', () => {
  it('secure-storage-service: the Security Monitor serves the apps\' storage, so a crash there reboots the device: violated at failure-isolation (it held)', async () => {
    const flawed = platformFixture('secure-storage-service');
    expect(crashesOf(flawed)).toEqual(['Logger → security-monitor (storage): reboot']);
    const result = await checkCompartmentalization(flawed, context);
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toBe("crash-isolation: a crash of security-monitor, which takes Logger's MutableStorage, reboots the whole device: it runs at secure supervisor on A7, and no layer above it restarts it alone");
    expect(outcome(result, 'compartmentalization.failure-isolation')).toBe('failed');
    const lines = (result.evidence ?? []).flatMap((e) => e.lines);
    expect(lines.some((l) => l.includes('logger-hl/app_manifest.json /Capabilities/MutableStorage') && l.includes('REBOOTS THE DEVICE'))).toBe(true);
  }, 60_000);

  it('its sound twin secure-storage-service-unused (no MutableStorage): no shared service is reached, holds', async () => {
    const sound = platformFixture('secure-storage-service-unused');
    expect(crashesOf(sound)).toEqual([]);
    const result = await checkCompartmentalization(sound, context);
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcome(result, 'compartmentalization.failure-isolation')).toBe('met');
  }, 60_000);

  it('the built-in product: its OS services, a user-mode process, restart alone; its own kernel, the channel\'s kernel and Pluton\'s key use are not shared services', async () => {
    // On the built-in design, which leaves busMasters out (unknown, s37-dma), with the fixture assumption that no app
  // programs a bus master (test/fixtures/bus-masters-stated.ts): only the rules under test decide.
    const builtin = productAssumingNoBusMasters(load(builtinProductFile()));
    expect(crashesOf(builtin)).toEqual([
      'Thermostat → os-services (storage): restarted by nw-loader, nw-kernel',
      'Thermostat → os-services (network): restarted by nw-loader, nw-kernel',
      'Thermostat → os-services (config): restarted by nw-loader, nw-kernel',
    ]);
    const result = await checkCompartmentalization(builtin, context);
    expect(result.verdict, result.summary).toBe('holds');
    const crash = (result.evidence ?? []).find((e) => e.title.startsWith('crash-isolation: holds'));
    expect(crash?.lines[0]).toMatch(/a crash of os-services, the shared service the apps' requests reach, is restarted alone by the layer above, without a reboot \(the rule and the emulated device agree\)$/);
    // s33: the emulated crash is read by the verdict too, not only by the differential.
    expect((result.evidence ?? []).find((e) => e.title.startsWith('crash isolation on the emulated device'))?.lines).toEqual([
      "the emulated device: os-services takes Thermostat's storage; crashed on the booted device: nw-loader loaded it again, it alone went down",
      "the emulated device: os-services takes Thermostat's network; crashed on the booted device: nw-loader loaded it again, it alone went down",
      "the emulated device: os-services takes Thermostat's config; crashed on the booted device: nw-loader loaded it again, it alone went down",
    ]);
  }, 60_000);
});
