/**
 * A rule the requirement profile switches off is not asked: no check keyed to it runs, a violation is never
 * reported against it, and the verdict names it as not asked (properties/asked-rules.ts, verdict.ts
 * offRulesNeverDecide). Before, compartmentalization.hardware-barriers / failure-isolation,
 * certificate-authentication.certificates-not-secrets / cloud-device-authentication / attestation-protocol,
 * renewable-security.every-stage-renewable / update-attacks-defeated / power-loss-safe and five failure-reporting
 * rules were checked whatever the profile said: an app in supervisor mode was `violated` at hardware-barriers
 * against a profile that switched hardware-barriers off, a password to a host `violated` at
 * certificates-not-secrets against one that switched that off.
 * Fixture profiles: test/fixtures/requirements (make-profiles.ts).
 */
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../../model/requirements/load-requirements.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { refer, switchedOff, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';
import { PROPERTIES, findProperty, runProperty } from '../../properties/registry.js';
import { offRulesNeverDecide } from '../../properties/verdict.js';
import { checkContext } from '../helpers/check-context.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const profileFile = (name: string) => join(root, 'test/fixtures/requirements', name, 'profile.json');
const profileOf = (name: string): RequirementProfile => loadRequirements(profileFile(name)).design!;
const context = (name: string) => checkContext({ requirements: profileOf(name), requirementsFile: profileFile(name), runs: 5 });
const product = (path: string) => {
  const loaded = loadProduct(path.endsWith('.json') ? path : join(root, path, 'sevenfold.json'));
  if (!loaded.product) throw new Error(`${path} does not load`);
  return loaded.product;
};
const offIds = (p: RequirementProfile) => new Set(Object.values(p.requirements).flat().filter((r) => switchedOff(r)).map((r) => r.id));

describe('offRulesNeverDecide: what a check decided under a rule switched off is not claimed', () => {
  const p = profileOf('every-rule-off');
  const ref = (id: string, outcome: RequirementRef['outcome']) => refer(p, id, outcome);
  const number = (outcome: RequirementRef['outcome']) => ref('small-tcb.max-share', outcome);

  it('a violation reported only against rules switched off is unknown, naming them; the rules are named not asked', () => {
    const r = offRulesNeverDecide({ verdict: 'violated', summary: 'why', requirements: [ref('small-tcb.keys-in-vault', 'failed'), number('met')] });
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/rule the requirement profile switches off \(small-tcb\.keys-in-vault failed\)/);
    expect(r.requirements!.map((q) => q.outcome)).toEqual(['not-applicable', 'met']);
  });

  it('a holds beside a rule switched off that a check decided anyway is unknown', () => {
    expect(offRulesNeverDecide({ verdict: 'holds', summary: 'why', requirements: [ref('small-tcb.keys-in-vault', 'met'), number('met')] }).verdict).toBe('unknown');
  });

  it('sound twins: a violation of a requirement the profile asks for stays violated; rules off and not run change nothing', () => {
    expect(offRulesNeverDecide({ verdict: 'violated', summary: 'why', requirements: [ref('small-tcb.keys-in-vault', 'failed'), number('failed')] }).verdict).toBe('violated');
    const untouched = { verdict: 'holds' as const, summary: 'why', requirements: [ref('small-tcb.keys-in-vault', 'not-applicable'), number('met')] };
    expect(offRulesNeverDecide(untouched)).toBe(untouched);
  });
});

describe('every property runs no check for a rule the profile switches off', () => {
  // The product that exercises every rule (apps of both kinds, a cloud connection, the built-in designs).
  const builtin = product(builtinProductFile());
  const p = profileOf('every-rule-off');
  const off = offIds(p);

  it.each(PROPERTIES.map((d) => d.id))('%s: every rule switched off is not-applicable in the check\'s own result, and the framed verdict names each of its section', async (id) => {
    const property = findProperty(id)!;
    const ctx = { ...context('every-rule-off'), ...(id === 'certificate-authentication' ? { runs: 2 } : {}) };
    // The check itself, before the frame's safety net (offRulesNeverDecide) could hide a rule it checked anyway.
    const own = await property.check!(builtin, ctx);
    const decided = (own.requirements ?? []).filter((q) => off.has(q.id) && q.outcome !== 'not-applicable').map((q) => `${q.id} ${q.outcome}`);
    expect(decided, `${id} decided rules the profile switched off`).toEqual([]);
    const framed = await runProperty(property, builtin, ctx);
    const named = new Set((framed.requirements ?? []).map((q) => q.id));
    for (const r of p.requirements[id] ?? []) if (switchedOff(r)) expect(named.has(r.id), `${id} names ${r.id}`).toBe(true);
  }, 120_000);
});

describe('a design that breaks only a rule the profile switched off is not violated against that profile', () => {
  it('an app slot in supervisor mode, hardware-barriers off: not violated; the protections still asked rest on the confinement, so unknown', async () => {
    const flawed = product('test/fixtures/platforms/app-slot-in-supervisor-mode');
    const property = findProperty('compartmentalization')!;
    const r = await runProperty(property, flawed, context('hardware-barriers-off'));
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/switches compartmentalization\.hardware-barriers off, so that is not a finding, but what it still asks for \(compartmentalization\.app-network-firewall/);
    expect(r.requirements!.find((q) => q.id === 'compartmentalization.hardware-barriers')).toMatchObject({ outcome: 'not-applicable', switchedOff: true });
    // Sound twin: the built-in profile asks for the rule, and the same design violates it.
    expect((await runProperty(property, flawed, checkContext({ runs: 5 }))).summary).toMatch(/^compartmentalization\.hardware-barriers: app slot hl-app/);
  }, 60_000);

  it('a firewall nobody programs, hardware-barriers off: holds on the protections asked, naming the rule as not checked', async () => {
    const flawed = product('test/fixtures/platforms/firewall-nobody-programs');
    const property = findProperty('compartmentalization')!;
    const r = await runProperty(property, flawed, context('hardware-barriers-off'));
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/not checked, switched off by the requirement profile hardware-barriers-off 2026\.12: compartmentalization\.hardware-barriers$/);
    expect((await runProperty(property, flawed, checkContext({ runs: 5 }))).verdict).toBe('violated');
  }, 60_000);

  it('an image whose manifest differs from the product\'s, every rule off: nothing asked, so unknown, not violated', async () => {
    const flawed = product('test/fixtures/products/image-manifest-mismatch');
    const property = findProperty('compartmentalization')!;
    const r = await runProperty(property, flawed, context('every-rule-off'));
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/^nothing checked: the requirement profile every-rule-off 2026\.12 switches off/);
    expect((await runProperty(property, flawed, checkContext({ runs: 5 }))).summary).toMatch(/difference between an app's image and the product's manifest/);
  }, 60_000);

  it('a password to a host, certificates-not-secrets off: holds on the attestation, naming the password as not asked', async () => {
    const flawed = product('test/fixtures/products/cert-password-to-host');
    const property = findProperty('certificate-authentication')!;
    const r = await runProperty(property, flawed, { ...context('certificates-not-secrets-off'), runs: 30 });
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/password \(under certificate-authentication\.certificates-not-secrets, not asked\)/);
    expect(r.summary).toMatch(/not checked, switched off by the requirement profile certificates-not-secrets-off 2026\.12: certificate-authentication\.certificates-not-secrets$/);
    expect((await runProperty(property, flawed, checkContext({ runs: 2 }))).verdict).toBe('violated');
  }, 120_000);
});

// An image/manifest difference is reported under the rule it breaks (properties/compartmentalization/mismatch-rules.ts):
// before, it was violated under no rule, and so against a profile that switched off the only rule reading the field.
describe('an image whose manifest differs is reported under the rule that reads the field, only when the profile asks for it', () => {
  const property = () => findProperty('compartmentalization')!;
  it('image-manifest-mismatch (one more GPIO in the image): violated at hardware-barriers under the built-in profile, naming it failed', async () => {
    const r = await runProperty(property(), product('test/fixtures/products/image-manifest-mismatch'), checkContext({ runs: 5 }));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/^compartmentalization\.hardware-barriers: 1 difference between an app's image and the product's manifest in what this rule reads: Blinky's image .* carries Capabilities\/Gpio/);
    expect(r.requirements!.find((q) => q.id === 'compartmentalization.hardware-barriers')?.outcome).toBe('failed');
  }, 60_000);

  it('the same product, hardware-barriers off: the GPIO is read by no rule asked, so no violation; the difference is a warning (it was violated)', async () => {
    const r = await runProperty(property(), product('test/fixtures/products/image-manifest-mismatch'), context('hardware-barriers-off'));
    expect(r.verdict, r.summary).not.toBe('violated');
    expect(r.warnings).toContainEqual(expect.stringMatching(/carries Capabilities\/Gpio .*; only compartmentalization\.hardware-barriers reads Capabilities\/Gpio, which the requirement profile switches off, so it decides nothing here$/));
  }, 60_000);

  it('sound twin: an image adding hosts and a port, hardware-barriers off: still violated, at the network firewall and failure isolation, which read them', async () => {
    const r = await runProperty(property(), product('test/fixtures/products/cert-image-adds-connections'), context('hardware-barriers-off'));
    expect(r.verdict).toBe('violated');
    expect(r.summary).toMatch(/^compartmentalization\.app-network-firewall, compartmentalization\.failure-isolation: 2 differences between an app's image and the product's manifest in what these rules read: Gateway's image/);
  }, 60_000);
});

// hardware-root-of-trust keys each rule to the requirement it decides (properties/hardware-root-of-trust/index.ts RULES):
// a rule switched off is not run, and the attack boots and compromised components run only for rules asked that read them.
describe('hardware-root-of-trust runs no rule the profile switches off', () => {
  const property = () => findProperty('hardware-root-of-trust')!;
  it('kernel-writes-key-store, key-store-writes-confined off: the rule is not run (it ran: "which would be violated"), the rest hold, the rule is named not checked', async () => {
    const flawed = product('test/fixtures/products/root-of-trust/kernel-writes-key-store');
    const own = await property().check!(flawed, context('key-store-writes-off'));
    expect(own.timings!.map((t) => t.check)).not.toContain('key store writes confined');
    expect(own.summary).not.toMatch(/which would be/);
    const r = await runProperty(property(), flawed, context('key-store-writes-off'));
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/not checked, switched off by the requirement profile key-store-writes-off 2026\.12: hardware-root-of-trust\.key-store-writes-confined$/);
    expect(r.requirements!.find((q) => q.id === 'hardware-root-of-trust.key-store-writes-confined')).toMatchObject({ outcome: 'not-applicable', switchedOff: true });
    // Sound twin: the built-in profile asks for it, and the same design violates it.
    expect((await runProperty(property(), flawed, checkContext({ runs: 5 }))).summary).toMatch(/only secure-world firmware writes the trusted key store/);
  }, 120_000);

  it('every rule off: no device is provisioned or booted (it booted 51 times)', async () => {
    const own = await property().check!(product(builtinProductFile()), context('every-rule-off'));
    expect(own.bound).toBe('not run: no device provisioned or booted');
    expect(own.timings).toEqual([]);
  });
});

describe('a rule of another property\'s section that a check reads is named when the profile switches it off', () => {
  it('small-tcb reads defense-in-depth.network-facing-by-image-type: switched off, small-tcb\'s holds names it (it held saying nothing)', async () => {
    // With no bus master (a fixture assumption): the built-in design leaves busMasters out, which is unknown (s37-dma).
    const builtin = productAssumingNoBusMasters(product(builtinProductFile()));
    const r = await runProperty(findProperty('small-tcb')!, builtin, context('network-facing-by-image-type-off'));
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/not checked, switched off by the requirement profile network-facing-by-image-type-off 2026\.12: defense-in-depth\.network-facing-by-image-type$/);
    expect(r.requirements!.find((q) => q.id === 'defense-in-depth.network-facing-by-image-type')).toMatchObject({ outcome: 'not-applicable', switchedOff: true, relaxed: { value: true } });
    // Sound twin: the built-in profile asks for it, and small-tcb's summary names nothing as not checked.
    expect((await runProperty(findProperty('small-tcb')!, builtin, checkContext())).summary).not.toMatch(/not checked/);
  });
});
