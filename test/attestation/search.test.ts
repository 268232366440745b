import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { DEFAULT_SCENARIO, type Scenario } from '../../model/attestation/attack-scenario.js';
import { searchProtocol, verifyProtocol } from '../../proofs/attacker-search/search.js';
import { formatTrace } from '../../proofs/attacker-search/trace.js';
import { EXPECTED_VIOLATIONS, fixture, fixtureNames, SOUND_UNDER_SEARCH } from './helpers.js';

const violatedSet = (r: { violations: { property: string }[] }) => r.violations.map((v) => v.property).sort();

describe('Dolev–Yao attacker search', () => {
  it('the built-in design holds for the default bound, within seconds, and says the bound', () => {
    const r = verifyProtocol(builtinProtocol());
    expect(r.verdict).toBe('holds');
    expect(r.violations).toEqual([]);
    expect(r.boundText).toMatch(/^≤ 3 sessions, 2 devices, 2 attestation periods, attacker depth 6 \(/);
    expect(r.boundText).toMatch(/every run explored to its end/);
    expect(r.stats.states).toBeGreaterThan(500); // not vacuous: 826 states with the reductions of search.ts, 1,223 before dead parts were dropped
    expect(r.stats.maxDeliveries).toBe(6);
    expect(r.stats.timeMs).toBeLessThan(30_000); // seconds on an idle machine; generous for a shared one
  });

  it('is deterministic: the same design explores the same states', () => {
    const a = searchProtocol(builtinProtocol(), { bound: { sessions: 2 } });
    const b = searchProtocol(builtinProtocol(), { bound: { sessions: 2 } });
    expect(a.stats.states).toBe(b.stats.states);
    expect(a.stats.transitions).toBe(b.stats.transitions);
  });

  for (const [name, expected] of Object.entries(EXPECTED_VIOLATIONS)) {
    it(`${name}: violated (${expected.join(', ')}) with a printed attack`, () => {
      const r = verifyProtocol(fixture(name));
      expect(r.verdict).toBe('violated');
      expect(violatedSet(r)).toEqual(expect.arrayContaining(expected));
      for (const v of r.violations) {
        const lines = formatTrace(v.trace, r.prefix);
        expect(lines.length).toBeGreaterThan(0);
        expect(lines.join('\n')).toMatch(/accepts/);
      }
    });
  }

  for (const name of SOUND_UNDER_SEARCH) {
    it(`${name}: the search finds no attack`, () => {
      expect(verifyProtocol(fixture(name)).verdict).toBe('holds');
    });
  }

  it('prints a replayed quote as a replay of what the attacker saw', () => {
    const r = verifyProtocol(fixture('no-nonce'));
    const fresh = r.violations.find((v) => v.property === 'freshness')!;
    const text = formatTrace(fresh.trace, r.prefix).join('\n');
    expect(text).toMatch(/\(seen\) quote\(d1, m-good/);
    expect(text).toMatch(/replay of message 3 of d1's first attestation/);
    expect(text).toMatch(/period 1 begins/);
  });

  it('finds the attack a compromised identity key allows (the search is not vacuous)', () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, compromisedKeys: ['ik:d1'] };
    // With d1's identity key the attacker gets d1 certified for its own key, then poses as d1 to the cloud.
    const r = verifyProtocol(builtinProtocol(), { scenario, bound: { sessions: 3 } });
    expect(r.verdict).toBe('violated');
    expect(violatedSet(r)).toContain('injective-agreement');
  });

  it('a downgraded or unmeasured device never obtains a certificate under the built-in design', () => {
    const scenario: Scenario = { ...DEFAULT_SCENARIO, devices: [{ id: 'd1', software: ['unmeasured', 'downgraded'] }, { id: 'd2', software: ['good', 'unmeasured'] }] };
    expect(verifyProtocol(builtinProtocol(), { scenario, bound: { sessions: 2 } }).verdict).toBe('holds');
    expect(verifyProtocol(fixture('measurements-not-signed'), { scenario, bound: { sessions: 2 } }).verdict).toBe('violated');
  });

  it('stops at its state limit with unknown, never holds', () => {
    const r = searchProtocol(builtinProtocol(), { bound: { sessions: 3, maxStates: 50 } });
    expect(r.verdict).toBe('unknown');
    expect(r.incomplete).toMatch(/state limit/);
  });

  // The receivers pin fields they compare with a known value, and DH shares of unusable keys are left
  // out; offering every value of every field instead must find the same attacks.
  for (const name of ['azure-sphere', ...fixtureNames()]) {
    it(`exhaustive offers agree with the pinned ones: ${name}`, () => {
      const design = name === 'azure-sphere' ? builtinProtocol() : fixture(name);
      const sessions = name === 'azure-sphere' || name === 'no-nonce' ? 2 : 1;
      const pinned = searchProtocol(design, { bound: { sessions } });
      const exhaustive = searchProtocol(design, { bound: { sessions }, exhaustive: true });
      expect(exhaustive.verdict).toBe(pinned.verdict);
      expect(violatedSet(exhaustive)).toEqual(violatedSet(pinned));
      expect(exhaustive.stats.states).toBeGreaterThanOrEqual(pinned.stats.states);
    });
  }
});
