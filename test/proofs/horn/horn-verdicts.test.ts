/**
 * The unbounded (Horn-clause) proof on the built-in protocol design and every protocol fixture: which
 * queries it proves and which it finds an abstract attack on. Flaws that need time (certificate
 * lifetime, attestation period) are beyond the abstraction and stay with the bounded search: those
 * fixtures are proved here, and test/attestation/search.test.ts holds them violated there.
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../../model/attestation/load-protocol.js';
import { proveProtocolUnbounded } from '../../../proofs/horn/prove.js';
import { CONCRETE_PROPERTIES, type HornQueryId } from '../../../proofs/horn/queries.js';
import { EXPECTED_VIOLATIONS, fixture, fixtureNames } from '../../attestation/helpers.js';

const EXPECTED_ATTACKS: Record<string, HornQueryId[]> = {
  'accepts-any-ca': ['session-key-secrecy', 'client-agreement', 'tenant-isolation'],
  'accepts-any-tenant': ['tenant-isolation'],
  'device-trusts-any-server': ['session-key-secrecy', 'server-agreement'],
  'device-skips-server-name': ['session-key-secrecy', 'server-agreement'],
  'measurements-not-signed': ['untrusted-software'],
  'accepts-every-signed-release': ['untrusted-software'],
  'no-nonce': ['untrusted-software'],
  'nonce-not-signed': ['quote-agreement', 'untrusted-software'],
  'verifier-trusts-quote-nonce': ['quote-agreement', 'untrusted-software'],
  // Flaws of time (lifetime, period) or of credentials (design rules): nothing for the abstraction to find.
  'ten-year-certificate': [],
  'ten-year-status-check-fails-open': [],
  'ten-year-with-status-check': [],
  'yearly-attestation': [],
  'hourly-attestation': [],
  'hourly-attestation-48h-certificates': [],
  'shared-secret-cloud': [],
  // No device-to-cloud connection: only the attestation queries apply, and they are proved.
  'no-cloud-connection': [],
  // The abstraction always attests with the quote; the design rules catch a device attesting with its certificate.
  'attests-with-certificate': [],
};

describe('unbounded proof (Horn clauses, saturation)', () => {
  it('proves every query on the built-in design for any number of sessions and devices', () => {
    const r = proveProtocolUnbounded(builtinProtocol());
    expect(r.stats.complete).toBe(true);
    expect(r.results.map((q) => [q.id, q.verdict])).toEqual(r.results.map((q) => [q.id, 'proved']));
    expect(r.results).toHaveLength(8);
  });

  it('has an expectation for every protocol fixture', () => {
    expect(Object.keys(EXPECTED_ATTACKS).sort()).toEqual(fixtureNames());
  });

  for (const [name, attacks] of Object.entries(EXPECTED_ATTACKS)) {
    it(`${name}: ${attacks.length ? `abstract attacks on ${attacks.join(', ')}` : 'every query proved'}`, () => {
      const r = proveProtocolUnbounded(fixture(name));
      expect(r.stats.complete).toBe(true);
      expect(r.results.filter((q) => q.verdict === 'attack').map((q) => q.id).sort()).toEqual([...attacks].sort());
      expect(r.results.filter((q) => q.verdict === 'unknown')).toEqual([]);
      for (const q of r.results.filter((x) => x.verdict === 'attack')) {
        expect(q.derivation!.length).toBeGreaterThan(1);
        expect(q.clause).toMatch(/(^|→ )(end|bad)\(/);
      }
      // The bounded search (the other reading) finds a concrete attack on a property each abstract attack maps to.
      for (const id of attacks) if (name in EXPECTED_VIOLATIONS && id !== 'session-key-secrecy') expect(CONCRETE_PROPERTIES[id].some((p) => EXPECTED_VIOLATIONS[name]!.includes(p))).toBe(true);
    });
  }

  it('shared-secret-cloud has no certificate-based cloud connection: the cloud queries are not applicable, not proved', () => {
    const r = proveProtocolUnbounded(fixture('shared-secret-cloud'));
    expect(r.notApplicable.sort()).toEqual(['client-agreement', 'server-agreement', 'session-key-secrecy', 'tenant-isolation']);
    expect(r.results.map((q) => q.id)).not.toContain('tenant-isolation');
  });
});

describe('unbounded proof: dropping one check of the translation changes the verdict', () => {
  it('without the quote signature check, the quote agreement and untrusted-software queries fall', () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { omit: ['quote-signature'] });
    const verdict = (id: HornQueryId) => r.results.find((q) => q.id === id)!.verdict;
    expect(verdict('quote-agreement')).toBe('attack');
    expect(verdict('untrusted-software')).toBe('attack');
  });

  it('without the known-good measurement check, a device running bad software gets a certificate', () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { omit: ['known-good-measurements'] });
    expect(r.results.find((q) => q.id === 'untrusted-software')!.verdict).toBe('attack');
  });

  it("without the server's handshake signature, server agreement and session-key secrecy fall", () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { omit: ['server-signature'] });
    const attacked = r.results.filter((q) => q.verdict === 'attack').map((q) => q.id);
    expect(attacked).toContain('server-agreement');
    expect(attacked).toContain('session-key-secrecy');
  });

  it("without the client's handshake signature, client agreement falls", () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { omit: ['client-signature'] });
    expect(r.results.find((q) => q.id === 'client-agreement')!.verdict).toBe('attack');
  });
});

describe('unbounded proof: budgets', () => {
  it('a clause budget that runs out is unknown, never proved', () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { budget: { maxClauses: 50 }, fresh: true });
    expect(r.stats.complete).toBe(false);
    expect(r.results.every((q) => q.verdict === 'unknown')).toBe(true);
    expect(r.results[0]!.reason).toMatch(/clause budget \(50 clauses\)/);
  });

  it('a time budget that runs out is unknown, never proved', () => {
    const r = proveProtocolUnbounded(builtinProtocol(), { budget: { timeLimitMs: 0 }, fresh: true });
    expect(r.results.some((q) => q.verdict === 'proved')).toBe(false);
  });

  it('a finished proof is reused for the same question, and saturated again when asked fresh', () => {
    const first = proveProtocolUnbounded(builtinProtocol());
    expect(proveProtocolUnbounded(builtinProtocol())).toBe(first);
    const again = proveProtocolUnbounded(builtinProtocol(), { fresh: true });
    expect(again).not.toBe(first);
    expect(again.results).toEqual(first.results);
    expect(proveProtocolUnbounded(builtinProtocol(), { omit: ['quote-signature'] }).results).not.toEqual(first.results);
  });

  it('an attack found before the budget ran out stands', () => {
    const r = proveProtocolUnbounded(fixture('accepts-any-tenant'), { budget: { maxClauses: 3000 } });
    if (!r.stats.complete) expect(r.results.find((q) => q.id === 'tenant-isolation')!.verdict).not.toBe('proved');
    expect(r.results.filter((q) => q.verdict === 'proved')).toEqual(r.stats.complete ? r.results.filter((q) => q.verdict === 'proved') : []);
  });
});
