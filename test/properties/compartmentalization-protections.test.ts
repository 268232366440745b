/**
 * compartmentalization judges the app protections the requirement profile asks for by attacking them on
 * the emulated device, which enforces what the platform design states. Each fixture under
 * test/fixtures/isolation/ leaves one protection out of an otherwise Azure Sphere design and must be
 * violated through the concrete emulator trace of the attack that got through; the same product on the
 * built-in design holds.
 */
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { bootDevice } from '../../emulator/app-device.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkProtections, PROTECTIONS } from '../../properties/compartmentalization/protections.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';

const fixtures = resolve(fileURLToPath(import.meta.url), '../../fixtures/isolation');

afterAll(async () => {
  await shutdownZ3();
});

// The fixtures stand on the built-in design, which leaves busMasters out (unknown, s37-dma): loaded with the fixture
// assumption that no app programs a bus master (test/fixtures/bus-masters-stated.ts), only the protections decide.
function load(name: string): Product {
  const loaded = loadProduct(resolve(fixtures, name, 'sevenfold.json'));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return productAssumingNoBusMasters(loaded.product!);
}

const check = (product: Product, requirements?: RequirementProfile): Promise<PropertyResult> =>
  checkCompartmentalization(product, checkContext({ seed: 20261121, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization', ...(requirements ? { requirements } : {}) }));

const outcomes = (result: PropertyResult) => Object.fromEntries((result.requirements ?? []).map((r) => [r.id, r.outcome]));
const evidenceOf = (result: PropertyResult, requirement: string) => result.evidence?.find((e) => e.title.startsWith(`${requirement}:`));

/** Boots the product on the emulator for checkProtections. */
const booter = (product: Product) => () => {
  const booted = bootDevice(product);
  if (!booted.ok) throw new Error(booted.reason);
  return booted.device;
};

describe('compartmentalization: app protections attacked on the emulator', () => {
  it('holds for the fixture product on the built-in design, every protection met, the requirements listed', async () => {
    const result = await check(load('isolation-sound'));
    expect(result.verdict, result.summary).toBe('holds');
    expect(outcomes(result)).toEqual({
      'compartmentalization.hardware-barriers': 'met',
      'compartmentalization.failure-isolation': 'met',
      ...Object.fromEntries(PROTECTIONS.map((p) => [p, 'met'])),
    });
    expect(result.summary).toContain('5 app protections withstood their attacks');
  });

  it('says in the evidence which app-isolation values the platform design left out and took from Azure Sphere, without changing the verdict', async () => {
    const stated = load('isolation-sound');
    expect((await check(stated)).evidence!.some((e) => e.title.includes('left out'))).toBe(false);
    for (const appIsolation of [undefined, { storage: 'per-app' as const }]) {
      const product: Product = { ...stated, basePlatform: { ...stated.basePlatform, appIsolation }, platform: { ...stated.platform, appIsolation } };
      const result = await check(product);
      expect(result.verdict, result.summary).toBe('holds');
      const defaults = result.evidence!.find((e) => e.title.startsWith('platform design:'));
      const left = appIsolation ? ['networkFirewall', 'realTimeNetwork', 'appConnections'] : ['networkFirewall', 'realTimeNetwork', 'storage', 'appConnections'];
      expect(defaults?.title).toBe(`platform design: ${left.length} app-isolation values left out, Azure Sphere's defaults applied`);
      expect(defaults!.lines.map((l) => /\/appIsolation\/(\w+): not stated; taken as "([^"]+)"/.exec(l)?.slice(1, 3))).toEqual(left.map((f) => [f, { networkFirewall: 'allowed-connections', realTimeNetwork: 'none', storage: 'per-app', appConnections: 'both-list-each-other' }[f]]));
    }
  });

  it('keeps the built-in product holding, with every protection attacked', async () => {
    const product = loadProduct(builtinProductFile()).product!;
    const results = checkProtections(new IsolationSpec(product), builtinProfile(), booter(product));
    expect(results.map((r) => [r.requirement, r.outcome])).toEqual(PROTECTIONS.map((p) => [p, 'met']));
    expect(results.every((r) => r.attacks > 0)).toBe(true);
  });

  const flawed: [string, (typeof PROTECTIONS)[number], RegExp, RegExp, RegExp][] = [
    ['isolation-no-network-firewall', 'compartmentalization.app-network-firewall', /Gateway connected to exfiltrate\.sevenfold-probe\.invalid/, /\/appIsolation\/networkFirewall: "none"/, /1\. Gateway: connect exfiltrate\.sevenfold-probe\.invalid → ok/],
    ['isolation-real-time-network', 'compartmentalization.real-time-apps-no-network', /real-time app Motor connected/, /\/appIsolation\/realTimeNetwork: "unfiltered"/, /1\. Motor: connect .* → ok/],
    ['isolation-shared-storage', 'compartmentalization.storage-isolation', /read Gateway's mutable storage and got its secret/, /\/appIsolation\/storage: "shared"/, /2\. Motor: storage-read of Gateway → ok "secret-of-Gateway"/],
    ['isolation-one-sided-channels', 'compartmentalization.app-connection-acceptance', /Gateway opened a channel to Logger although Gateway does not list Logger/, /\/appIsolation\/appConnections: "either-lists-the-other"/, /2\. Logger: channel-receive from Gateway → ok "from-Gateway"/],
    ['isolation-app-writes-firewall', 'compartmentalization.firewall-config-trusted-only', /Motor rewrote the I\/O firewall configuration and moved block GPIO-4 \(Gateway's Gpio 16\) to its core M4-0, then read it/, /\/access\/\d+: rt-app-0 may write io-firewall-config/, /2\. Motor: firewall-write block GPIO-4 → M4-0 → ok\n.*3\. Motor: peripheral-read Gpio 16 → ok 3/],
  ];

  it.each(flawed)('is violated by %s through the emulator trace of the attack, naming the design line that allows it', async (name, requirement, summary, designLine, trace) => {
    const result = await check(load(name));
    expect(result.verdict).toBe('violated');
    expect(result.summary).toContain(requirement);
    expect(result.summary).toMatch(summary);
    expect(outcomes(result)[requirement]).toBe('failed');
    // Only the protection the fixture leaves out fails.
    for (const other of PROTECTIONS.filter((p) => p !== requirement)) expect(outcomes(result)[other], other).toBe('met');
    const evidence = evidenceOf(result, requirement)!;
    expect(evidence.lines.join('\n')).toMatch(designLine);
    expect(evidence.lines.join('\n')).toMatch(new RegExp(`the platform design allows it: .*${name}/platform\\.json:\\d+:\\d+`));
    expect(evidence.lines.join('\n')).toMatch(trace);
  });

  it('takes what is forbidden from the requirement profile, not from the design: a profile without the requirement does not test it', async () => {
    const profile = builtinProfile();
    const looser: RequirementProfile = {
      ...profile,
      requirements: { ...profile.requirements, compartmentalization: profile.requirements['compartmentalization']!.map((r) => (r.id === 'compartmentalization.storage-isolation' ? { ...r, value: false } : r)) },
    };
    const product = load('isolation-shared-storage');
    const results = checkProtections(new IsolationSpec(product), looser, booter(product));
    expect(results.find((r) => r.requirement === 'compartmentalization.storage-isolation')).toMatchObject({ outcome: 'not-applicable', attacks: 0, summary: 'the requirement profile does not require it' });
  });

  it('is not applicable where the product has nothing to attack, and still attacks the rest', () => {
    const product = load('isolation-shared-storage');
    const single = { ...product, apps: product.apps.slice(0, 1) };
    const results = Object.fromEntries(checkProtections(new IsolationSpec(single), builtinProfile(), booter(single)).map((r) => [r.requirement, r]));
    expect(results['compartmentalization.storage-isolation']!.outcome).toBe('not-applicable');
    expect(results['compartmentalization.app-connection-acceptance']!.outcome).toBe('not-applicable');
    expect(results['compartmentalization.real-time-apps-no-network']!.outcome).toBe('not-applicable');
    expect(results['compartmentalization.app-network-firewall']!.outcome).toBe('met');
    expect(results['compartmentalization.firewall-config-trusted-only']!.outcome).toBe('met');
  });

  it('shows a high-level app that may write the firewall configuration taking another app’s block away from it', () => {
    const product = load('isolation-sound');
    const platform = { ...product.platform, access: [...product.platform.access, { component: 'hl-app', asset: 'io-firewall-config', rights: ['write' as const] }] };
    const flawedProduct = { ...product, platform };
    const results = checkProtections(new IsolationSpec(flawedProduct), builtinProfile(), booter(flawedProduct));
    const failed = results.find((r) => r.requirement === 'compartmentalization.firewall-config-trusted-only')!;
    expect(failed.outcome).toBe('failed');
    expect(failed.summary).toMatch(/Gateway rewrote the I\/O firewall configuration and moved block GPIO-0 \(Motor's Pwm PWM-CONTROLLER-0\) to its core A7: Motor lost its own peripheral \(EACCES\)/);
    expect(failed.trace).toEqual(['1. Motor: peripheral-write Pwm PWM-CONTROLLER-0 ← 3 → ok', '2. Gateway: firewall-write block GPIO-0 → A7 → ok', '3. Motor: peripheral-read Pwm PWM-CONTROLLER-0 → EACCES']);
  });
});
