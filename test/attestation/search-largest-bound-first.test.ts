/**
 * verifyProtocol searches the largest bound first and answers with that search when it holds
 * (proofs/attacker-search/search.ts probeLargestBound); otherwise it searches 1, 2, … sessions as it always did.
 * Held here against the loop alone (largestBoundFirst: false) on the built-in design and every protocol fixture,
 * flawed or sound, in the worlds verify and the tests use: the same verdict, the same counterexamples (property,
 * detail and every step of the trace), the same states, depth and deliveries of the search reported, the same
 * largest bound searched to the end, and the same bound text but for the heap figure.
 */
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { scenarioFor, type Scenario } from '../../model/attestation/attack-scenario.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { verifyProtocol, type SearchResult } from '../../proofs/attacker-search/search.js';
import { fixture, fixtureNames } from './helpers.js';

const answer = (r: SearchResult) => ({
  verdict: r.verdict,
  violations: r.violations,
  states: r.stats.states,
  transitions: r.stats.transitions,
  maxDepth: r.stats.maxDepth,
  maxDeliveries: r.stats.maxDeliveries,
  bound: r.bound,
  completeSessions: r.completeSessions,
  incomplete: r.incomplete,
  boundText: r.boundText.replace(/[\d,]+ bytes of heap per state/, 'N bytes of heap per state'),
});

const twoDevices = scenarioFor({ devices: 2, periods: 2 }, 24);
const worlds: { world: string; scenario: Scenario; sessions: number }[] = [
  { world: "verify's world (2 devices, 2 periods, 24 h window)", scenario: twoDevices, sessions: 3 },
  { world: '1 device, 2 periods', scenario: scenarioFor({ devices: 1, periods: 2 }), sessions: 3 },
  { world: "d1's identity key compromised", scenario: { ...twoDevices, compromisedKeys: ['ik:d1'] }, sessions: 2 },
];
const designs: { name: string; design: () => ProtocolDesign }[] = [{ name: 'azure-sphere', design: builtinProtocol }, ...fixtureNames().map((name) => ({ name, design: () => fixture(name) }))];

describe('the attacker search answers from the largest bound when it holds, and as before otherwise', () => {
  for (const { name, design } of designs) {
    it(name, () => {
      const d = design();
      for (const { world, scenario, sessions } of worlds) {
        const loop = verifyProtocol(d, { scenario, bound: { sessions }, largestBoundFirst: false });
        const first = verifyProtocol(d, { scenario, bound: { sessions } });
        expect(answer(first), `${world}, ${sessions} sessions`).toEqual(answer(loop));
      }
    }, 120_000);
  }

  it("the built-in design at verify's bound (4 sessions): the same answer", () => {
    const loop = verifyProtocol(builtinProtocol(), { scenario: twoDevices, bound: { sessions: 4 }, largestBoundFirst: false });
    expect(loop.verdict).toBe('holds');
    expect(answer(verifyProtocol(builtinProtocol(), { scenario: twoDevices, bound: { sessions: 4 } }))).toEqual(answer(loop));
  }, 120_000);

  it('a bound the largest search cannot finish (the state limit) is answered by the loop: the largest bound searched to the end', () => {
    const loop = verifyProtocol(builtinProtocol(), { bound: { sessions: 3, maxStates: 300 }, largestBoundFirst: false });
    const first = verifyProtocol(builtinProtocol(), { bound: { sessions: 3, maxStates: 300 } });
    expect(first.verdict).toBe('unknown');
    expect(answer(first)).toEqual(answer(loop));
  });

  it('the fixtures include designs the search finds violated (the comparison covers counterexamples)', () => {
    expect(designs.some(({ design }) => verifyProtocol(design(), { scenario: twoDevices, bound: { sessions: 2 } }).verdict === 'violated')).toBe(true);
  });
});
