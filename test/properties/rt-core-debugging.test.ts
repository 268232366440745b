/**
 * A debugger the deployed devices let onto the real-time cores (the enableRTCoreDebugging device capability): the
 * reference facts give no source for what it reaches, so a compartmentalization, defense-in-depth or
 * hardware-root-of-trust verdict that would hold is unknown, naming the capability (model/product/debug-reach.ts); on
 * the maker's development devices it holds. A violation found otherwise stands.
 * Fixture: test/fixtures/platforms/rt-core-debugging/{production,development} (the defended platform, unchanged).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { unsourcedDebugReach } from '../../model/product/debug-reach.js';
import type { Deployment } from '../../model/product/deployment.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (sub: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures/platforms/rt-core-debugging', sub, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const outcomes = (r: PropertyResult) => Object.fromEntries((r.requirements ?? []).map((q) => [q.id, q.outcome]));
const context = checkContext({ seed: 42, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify' });

afterAll(() => shutdownZ3());

describe('enableRTCoreDebugging on deployed devices: the debugger\'s reach has no source, so nothing that rests on it holds', () => {
  it('the Production group: compartmentalization and defense-in-depth are unknown, naming the capability and the product file\'s field', async () => {
    const product = load('production');
    const barriers = await checkCompartmentalization(product, context);
    expect(barriers.verdict, barriers.summary).toBe('unknown');
    expect(barriers.summary).toMatch(/^compartmentalization\.hardware-barriers: the devices of the Production group \(production\) carry enableRTCoreDebugging/);
    expect(barriers.summary).toContain('no source for what that debugger reaches');
    expect(outcomes(barriers)['compartmentalization.hardware-barriers']).toBe('unknown');
    const depth = await checkDefenseInDepth(product, context);
    expect(depth.verdict, depth.summary).toBe('unknown');
    expect(depth.summary).toMatch(/\/deployment\/deviceCapabilities: the devices of the Production group .* carry enableRTCoreDebugging/);
    expect(outcomes(depth)['defense-in-depth.min-compromises']).toBe('unknown');
  });

  it('the Development group, the maker\'s bench devices: both hold', async () => {
    const product = load('development');
    expect((await checkCompartmentalization(product, context)).verdict).toBe('holds');
    expect((await checkDefenseInDepth(product, context)).verdict).toBe('holds');
  });

  it('hardware-root-of-trust: unknown in the Production group at images-chain-to-anchor (the debugger may change verified code), holds in Development, and a violation stands', async () => {
    const production = load('production');
    const flawed = await checkHardwareRootOfTrust(production, context);
    expect(flawed.verdict, flawed.summary).toBe('unknown');
    expect(flawed.summary).toMatch(/^no debugger changes verified code on deployed devices: the devices of the Production group \(production\) carry enableRTCoreDebugging/);
    expect(flawed.summary).toContain('whether the real-time cores run only the code the boot chain verified and measured is not decided');
    expect(outcomes(flawed)['hardware-root-of-trust.images-chain-to-anchor']).toBe('unknown');
    expect(flawed.evidence?.find((e) => e.title.startsWith('no debugger changes verified code'))?.data).toEqual({ locations: [expect.objectContaining({ pointer: '/deployment/deviceCapabilities/0' })] });
    const sound = await checkHardwareRootOfTrust(load('development'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
    // A flaw another rule finds is not hidden behind the undecided debugger: appDevelopment on the same Production devices.
    const withAppDevelopment = { ...production, deployment: { ...production.deployment, deviceCapabilities: [...production.deployment.deviceCapabilities, 'appDevelopment' as const] } };
    const violated = await checkHardwareRootOfTrust(withAppDevelopment, context);
    expect(violated.verdict, violated.summary).toBe('violated');
    expect(outcomes(violated)['hardware-root-of-trust.no-app-development-in-production']).toBe('failed');
  });

  it('the rule: any group outside development, and only with the capability', () => {
    const deployment = (stage: Deployment['group']['stage'], deviceCapabilities: Deployment['deviceCapabilities']): Deployment => ({
      group: { name: 'Custom', osFeed: 'Retail', updatePolicy: 'UpdateAll', stage, fromUpdateDesign: false },
      deviceCapabilities,
      isDefault: false,
    });
    expect(unsourcedDebugReach(deployment('test', ['enableRTCoreDebugging']))).toMatch(/Custom group \(test\) carry enableRTCoreDebugging/);
    expect(unsourcedDebugReach(deployment('production', ['fieldServicing', 'enableRTCoreDebugging']))).toBeDefined();
    expect(unsourcedDebugReach(deployment('production', ['appDevelopment', 'fieldServicing']))).toBeUndefined();
    expect(unsourcedDebugReach(deployment('development', ['enableRTCoreDebugging']))).toBeUndefined();
  });
});
