/**
 * The unbounded proof as evidence for certificate-authentication: proved queries widen the claim to
 * any number of sessions and devices; an abstract attack counts as confirmed only when the bounded
 * search found and replayed a counterexample of a matching property, otherwise it is unknown (a
 * possible false attack of the abstraction) with its derivation.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../../model/attestation/load-protocol.js';
import { builtinProductFile } from '../../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../../fixtures/bus-masters-stated.js';
import { loadProduct } from '../../../model/product/product.js';
import { checkCertificateAuthentication } from '../../../properties/certificate-authentication/index.js';
import { proveUnbounded, reviewUnbounded, STAYS_BOUNDED, unboundedEvidence, unboundedSummary } from '../../../properties/certificate-authentication/unbounded-proof.js';
import { proveProtocolUnbounded } from '../../../proofs/horn/prove.js';
import { fixture, fixtureDir } from '../../attestation/helpers.js';
import { checkContext, smallSearchProfile } from '../../helpers/check-context.js';

describe('unbounded proof evidence', () => {
  it('the built-in design: every query proved for any number of sessions and devices, and what stays bounded is said', () => {
    const r = proveUnbounded(builtinProtocol(), { violations: [] }, new Map());
    expect(r.outcomes.every((o) => o.outcome === 'proved')).toBe(true);
    expect(unboundedSummary(r)).toBe('secrecy, non-injective agreement, no certificate for bad software, tenant isolation proved for any number of sessions and devices (Horn clauses)');
    const e = unboundedEvidence(r);
    expect(e.title).toBe('unbounded proof (Horn clauses, saturation): 8 proved, 0 attacks confirmed concretely, 0 unknown');
    expect(e.lines).toContain(STAYS_BOUNDED);
    expect(e.lines.at(-1)).toMatch(/^saturation: \d+ initial clauses, [\d,]+ resolvents, \d+ kept, \d+ solved, \d+ ms/);
  });

  it('an abstract attack the bounded search did not find (or did not replay) is unknown, a possible false attack, with its derivation', () => {
    const horn = proveProtocolUnbounded(fixture('accepts-any-tenant'));
    for (const replayed of [[], [{ property: 'tenant-isolation', replayed: false }], [{ property: 'secrecy', replayed: true }]]) {
      const r = reviewUnbounded(horn, replayed);
      const t = r.outcomes.find((o) => o.id === 'tenant-isolation')!;
      expect(t.outcome).toBe('unknown');
      if (t.outcome !== 'unknown') continue;
      expect(t.reason).toMatch(/^possible false attack of the abstraction/);
      expect(t.derivation!.join('\n')).toMatch(/cloud service: accepts the attacker's device with a certificate from another tenant's CA/);
      expect(unboundedEvidence(r).lines.join('\n')).toMatch(/derivation:/);
      expect(unboundedSummary(r)).toMatch(/1 unknown \(tenant-isolation\)/);
    }
  });

  it('a proof that throws is unknown for every query, with the error, never a crash', () => {
    const broken = structuredClone(builtinProtocol());
    (broken.attestation as { signedFields: unknown }).signedFields = undefined;
    const r = proveUnbounded(broken, { violations: [] }, new Map());
    expect(r.outcomes.every((o) => o.outcome === 'unknown')).toBe(true);
    expect(r.outcomes[0]).toMatchObject({ outcome: 'unknown', reason: expect.stringMatching(/^the unbounded proof failed: .* \(a Sevenfold defect\)$/) });
    expect(unboundedSummary(r)).toMatch(/0 of 8 queries proved for any number of sessions and devices, 8 unknown/);
  });

  it('an abstract attack the bounded search found and replayed is confirmed', () => {
    const r = reviewUnbounded(proveProtocolUnbounded(fixture('accepts-any-tenant')), [{ property: 'tenant-isolation', replayed: true }]);
    expect(r.outcomes.find((o) => o.id === 'tenant-isolation')).toMatchObject({ outcome: 'confirmed', property: 'tenant-isolation' });
  });

  it('a saturation budget that runs out leaves the queries unknown and the property unknown, never holds on the bounded search alone', async () => {
    const product = productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
    // Sound design, whose search holds within its bound: without the proof, nothing decides "any number of sessions".
    const sound = await checkCertificateAuthentication(product, checkContext(), { symbolicOnly: true, unboundedBudget: { maxClauses: 100 } });
    expect(sound.verdict).toBe('unknown');
    expect(sound.summary).toMatch(/^the unbounded proof left \d of 8 queries unknown \(identity-key-secrecy, .*saturation did not finish: the clause budget.*\): the attacker search holds only within its bound \(.*sessions.*\), which is no proof for any number of sessions and devices/);
    expect(sound.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('unknown');
    // The same budget with the default one finishes and holds (the budget, not the design, made it unknown).
    expect((await checkCertificateAuthentication(product, checkContext(), { symbolicOnly: true })).verdict).toBe('holds');
    // A flawed design stays violated (a violation wins over an unknown); the evidence still shows the proof unknown.
    const r = await checkCertificateAuthentication(product, checkContext(), { protocolFile: resolve(fixtureDir, 'accepts-any-tenant.json'), symbolicOnly: true, unboundedBudget: { maxClauses: 100 } });
    expect(r.verdict).toBe('violated');
    const e = r.evidence!.find((x) => x.title.startsWith('unbounded proof'))!;
    expect(e.title).toMatch(/0 proved, 0 attacks confirmed concretely, \d unknown/);
  });

  it('in the property: a flawed fixture\'s abstract attack is confirmed by the bounded search\'s replayed counterexample', async () => {
    const product = productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
    const r = await checkCertificateAuthentication(product, checkContext(), { protocolFile: resolve(fixtureDir, 'accepts-any-tenant.json'), symbolicOnly: true });
    expect(r.verdict).toBe('violated');
    const e = r.evidence!.find((x) => x.title.startsWith('unbounded proof'))!;
    expect(e.title).toBe('unbounded proof (Horn clauses, saturation): 7 proved, 1 attack confirmed concretely, 0 unknown');
    expect(e.lines.join('\n')).toMatch(/tenant-isolation: abstract attack, confirmed by the bounded search's replayed tenant-isolation counterexample/);
  });

  it('a bound with no device running bad software leaves "no certificate for bad software" to the proof: unproved, the property is unknown, never holds', async () => {
    const product = productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
    // Under a profile that accepts so small a search (the built-in's would leave both unknown: certificate-authentication.min-search-*).
    const oneWorld = checkContext({ bound: { sessions: 1, devices: 1, periods: 1 }, requirements: smallSearchProfile() });
    // Flawed: the quote does not sign the measurements; the search at one period never sees a bad device.
    const flawed = await checkCertificateAuthentication(product, oneWorld, { protocolFile: resolve(fixtureDir, 'measurements-not-signed.json'), symbolicOnly: true });
    expect(flawed.verdict).toBe('unknown');
    expect(flawed.summary).toMatch(/no check decided that a device running bad software never obtains a certificate: the search's bound has no device that runs downgraded or unmeasured software/);
    expect(flawed.requirements!.find((q) => q.id === 'certificate-authentication.attestation-protocol')!.outcome).toBe('unknown');
    // Sound: the built-in design, whose proof proves the query, holds at the same bound.
    const sound = await checkCertificateAuthentication(product, oneWorld, { symbolicOnly: true });
    expect(sound.verdict).toBe('holds');
  });
});
