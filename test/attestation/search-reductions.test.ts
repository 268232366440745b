import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { scenarioFor, type Scenario } from '../../model/attestation/attack-scenario.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { searchProtocol } from '../../proofs/attacker-search/search.js';
import { fixture, fixtureNames } from './helpers.js';

/**
 * Differential tests of the attacker search's reductions (argued in the header of proofs/attacker-search/search.ts):
 * on small bounds the reduced search and the plain one (every interleaving, every state as it is) must
 * reach the same verdict and find the same set of violated properties, on the built-in design and on
 * every fixture, flawed or sound. A reduction that lost a reachable violation shows here as a goal the
 * plain search violates and the reduced one does not.
 */
const violated = (r: { violations: { property: string }[] }) => r.violations.map((v) => v.property).sort();

const twoDevices = scenarioFor({ devices: 2, periods: 2 });
/** Worlds and bounds compared: the plain search grows fast, so the larger bound only in the default world. */
const cases: { world: string; scenario: Scenario; sessions: number }[] = [
  { world: '2 devices, 2 periods', scenario: twoDevices, sessions: 2 },
  { world: '2 devices, 2 periods', scenario: twoDevices, sessions: 3 },
  { world: '1 device, 2 periods', scenario: scenarioFor({ devices: 1, periods: 2 }), sessions: 3 },
  // A compromised identity key gives the built-in design attacks, so the comparison covers violations it has.
  { world: "2 devices, d1's identity key compromised", scenario: { ...twoDevices, compromisedKeys: ['ik:d1'] }, sessions: 2 },
];
/** Their plain searches grow fastest (the attacker plays the cloud, or certifies with any CA): compared at 2 sessions in the default world only. */
const LARGE = new Set(['device-trusts-any-server', 'accepts-any-ca']);

const designs: { name: string; design: () => ProtocolDesign }[] = [{ name: 'azure-sphere', design: builtinProtocol }, ...fixtureNames().map((name) => ({ name, design: () => fixture(name) }))];

describe('attacker search reductions lose no attack', () => {
  for (const { name, design } of designs) {
    it(`${name}: reduced and plain searches agree (verdict and violated goals)`, () => {
      const d = design();
      const chosen = LARGE.has(name) ? cases.slice(0, 1) : cases;
      for (const { world, scenario, sessions } of chosen) {
        const plain = searchProtocol(d, { scenario, bound: { sessions }, reductions: false });
        const reduced = searchProtocol(d, { scenario, bound: { sessions } });
        const where = `${world}, ${sessions} sessions`;
        expect(plain.incomplete, where).toBeUndefined();
        expect({ where, verdict: reduced.verdict, violated: violated(reduced) }).toEqual({ where, verdict: plain.verdict, violated: violated(plain) });
        expect(reduced.stats.states, where).toBeLessThanOrEqual(plain.stats.states);
      }
    }, 120_000);
  }

  it('the reductions explore fewer states on the built-in design (they are switched on)', () => {
    const plain = searchProtocol(builtinProtocol(), { bound: { sessions: 3 }, reductions: false });
    const reduced = searchProtocol(builtinProtocol(), { bound: { sessions: 3 } });
    expect(reduced.stats.states).toBeLessThan(plain.stats.states);
  });
});
