import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { scenarioFor, type Scenario } from '../../model/attestation/attack-scenario.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { searchProtocol, type SearchResult } from '../../proofs/attacker-search/search.js';
import { REDUCTIONS } from '../../proofs/attacker-search/model.js';
import { fixture, fixtureNames } from './helpers.js';

/**
 * Differential tests of the attacker search's reductions (argued in the header of proofs/attacker-search/search.ts):
 * on small bounds the reduced search and the plain one (every interleaving, every state as it is) must
 * reach the same verdict and the same set of violations (every distinct property and detail reached,
 * not only the first of each property), on the built-in design and on every fixture, flawed or sound:
 * all reductions together, and each reduction alone. A reduction that lost a reachable violation shows
 * here as a violation the plain search reaches and the reduced one does not.
 */
const outcome = (where: string, r: SearchResult) => ({ where, verdict: r.verdict, violated: r.violations.map((v) => v.property).sort(), reached: r.reachedViolations });

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
        const plain = searchProtocol(d, { scenario, bound: { sessions }, reductions: false, allViolations: true });
        const reduced = searchProtocol(d, { scenario, bound: { sessions }, allViolations: true });
        const where = `${world}, ${sessions} sessions`;
        expect(plain.incomplete, where).toBeUndefined();
        expect(outcome(where, reduced)).toEqual(outcome(where, plain));
        // The commutations the postponement takes without computing them, each checked by its diamond (throws when one fails).
        const checked = searchProtocol(d, { scenario, bound: { sessions }, allViolations: true, checkCommutation: true });
        expect(outcome(where, checked)).toEqual(outcome(where, plain));
        expect(checked.stats.states, where).toBe(reduced.stats.states);
        expect(reduced.stats.states, where).toBeLessThanOrEqual(plain.stats.states);
        // Each reduction alone, in the smallest world (a fault one reduction hides behind another shows here).
        if (world !== cases[0]!.world || sessions !== cases[0]!.sessions) continue;
        for (const reduction of REDUCTIONS) {
          const alone = searchProtocol(d, { scenario, bound: { sessions }, reductions: [reduction], allViolations: true, checkCommutation: true });
          expect(outcome(`${where}, ${reduction} alone`, alone)).toEqual(outcome(`${where}, ${reduction} alone`, plain));
        }
      }
    }, 120_000);
  }

  it('the reductions explore fewer states on the built-in design (they are switched on)', () => {
    const plain = searchProtocol(builtinProtocol(), { bound: { sessions: 3 }, reductions: false });
    const reduced = searchProtocol(builtinProtocol(), { bound: { sessions: 3 } });
    expect(reduced.stats.states).toBeLessThan(plain.stats.states);
  });

  it('each reduction alone explores fewer states than the plain search (each is switched on by its name)', () => {
    const plain = searchProtocol(builtinProtocol(), { bound: { sessions: 2 }, reductions: false });
    for (const reduction of REDUCTIONS) expect(searchProtocol(builtinProtocol(), { bound: { sessions: 2 }, reductions: [reduction] }).stats.states, reduction).toBeLessThan(plain.stats.states);
  });
});
