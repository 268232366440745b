/**
 * A component the design marks untrusted (code treated as potentially malicious: a vendor driver, a third-party
 * service) is an attacker start for defense in depth, as an app slot is (defense-in-depth.standard-attackers,
 * properties/defense-in-depth/standard-attackers.ts): a design whose attackers leave it out is unknown, naming it.
 * Fixtures: test/fixtures/platforms/untrusted-driver-beside-kernel (a blob at the kernel's privilege, no attacker:
 * held before), untrusted-helper-under-kernel (its sound twin: user mode, the compromised-app attacker starts as it).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { checkDefenseInDepth } from '../../properties/defense-in-depth/index.js';
import { missingStandardAttackers, STANDARD_ATTACKERS } from '../../properties/defense-in-depth/standard-attackers.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { checkContext } from '../helpers/check-context.js';

const here = resolve(fileURLToPath(import.meta.url), '..');
const load = (name: string): Product => {
  const loaded = loadProduct(resolve(here, '../fixtures/platforms', name, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return loaded.product!;
};
const context = checkContext({ seed: 42, runs: 1, timeoutMs: 20_000, command: 'sevenfold verify --property defense-in-depth' });

afterAll(() => shutdownZ3());

describe('defense-in-depth: a component the design marks untrusted is an attacker start', () => {
  it('an untrusted driver beside the kernel that no attacker starts as is unknown, naming it; the rule names it among the missing threats', async () => {
    const product = load('untrusted-driver-beside-kernel');
    expect(missingStandardAttackers(product)).toEqual(['no attacker controls vendor-wifi-driver, which the design marks untrusted (code treated as potentially malicious, as a compromised app is)']);
    const result = await checkDefenseInDepth(product, context);
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toContain('/attackers: no attacker controls vendor-wifi-driver, which the design marks untrusted');
    expect(result.requirements?.find((q) => q.id === STANDARD_ATTACKERS)?.outcome).toBe('unknown');
  });

  it('named as an attacker start, it takes the Security Monitor in one exploit (violated); the sound twin under the kernel holds', async () => {
    const product = load('untrusted-driver-beside-kernel');
    const attacked = { ...product, platform: { ...product.platform, attackers: product.platform.attackers.map((a) => (a.id === 'malicious-app' ? { ...a, controls: [...a.controls, 'vendor-wifi-driver'] } : a)) } };
    expect(missingStandardAttackers(attacked)).toEqual([]);
    const violated = await checkDefenseInDepth(attacked, context);
    expect(violated.verdict, violated.summary).toBe('violated');
    expect(violated.summary).toContain('falls to 1 compromise (malicious-app@vendor-wifi-driver → vendor-wifi-driver → [exploit:security-monitor] security-monitor');
    const sound = await checkDefenseInDepth(load('untrusted-helper-under-kernel'), context);
    expect(sound.verdict, sound.summary).toBe('holds');
  });
});
