/**
 * Compartmentalization's crash isolation over shared services stands on the emulated device too: with the rule
 * (model/platform/crash-containment.ts, sharedServiceCrashes) mocked to miss every taker, or to call every crash
 * restarted alone, the device's own crash of each service an app's input reaches (emulator/shared-service-crashes.ts,
 * read by the verdict through properties/compartmentalization/service-crash-play.ts) still keeps the verdict from
 * holding. Before s33 the emulated crash was read only by the differential, and each of these held.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { ServiceCrash } from '../../model/platform/crash-containment.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const blind = vi.hoisted(() => ({ mode: 'real' as 'real' | 'misses' | 'restarts' }));
vi.mock('../../model/platform/crash-containment.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../model/platform/crash-containment.js')>();
  return {
    ...real,
    sharedServiceCrashes: (...args: Parameters<typeof real.sharedServiceCrashes>): ServiceCrash[] => {
      const found = real.sharedServiceCrashes(...args);
      if (blind.mode === 'misses') return [];
      if (blind.mode === 'restarts') return found.map((c) => ({ ...c, restartedBy: c.restartedBy.length ? c.restartedBy : ['nw-kernel'] }));
      return found;
    },
  };
});

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const load = (file: string): Product => {
  const loaded = loadProduct(file);
  expect(loaded.hasErrors).toBe(false);
  return loaded.product!;
};
const context = checkContext({ seed: 7, runs: 5, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });
const outcome = (r: Awaited<ReturnType<typeof checkCompartmentalization>>) => r.requirements?.find((q) => q.id === 'compartmentalization.failure-isolation')?.outcome;

afterAll(() => shutdownZ3());

describe('crash isolation over shared services with the rule blinded', () => {
  it.each(['misses', 'restarts'] as const)('secure-storage-service, the rule %s: the emulated device resets its chip when the Security Monitor crashes: violated', async (mode) => {
    blind.mode = mode;
    const result = await checkCompartmentalization(load(join(root, 'test/fixtures/platforms/secure-storage-service/sevenfold.json')), context);
    blind.mode = 'real';
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toContain("crash-isolation: a crash of security-monitor, which takes Logger's storage, reset the emulated device's chip");
    expect(outcome(result)).toBe('failed');
  }, 60_000);

  it('the built-in product, the rule missing every taker: the device crashes the OS services the rule does not count; the readings disagree: unknown, never holds', async () => {
    blind.mode = 'misses';
    const result = await checkCompartmentalization(load(builtinProductFile()), context);
    blind.mode = 'real';
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toContain('the rule and the emulated device disagree (os-services takes Thermostat');
  }, 60_000);
});
