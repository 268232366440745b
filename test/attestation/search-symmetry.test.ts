import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { scenarioFor } from '../../model/attestation/attack-scenario.js';
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { searchProtocol } from '../../proofs/attacker-search/search.js';
import type { Run, State } from '../../proofs/attacker-search/model.js';
import { StateKeys } from '../../proofs/attacker-search/state-key.js';
import { fixture } from './helpers.js';

/**
 * The run-symmetry reduction (proofs/attacker-search/search.ts, reduction 5; state-key.ts) merges two
 * states only when one is the other with device attestation runs renamed within their slot. This test
 * is a second reading of that rule, written without the key code's run text: two states the symmetric
 * key merges must be equal in everything but their attestation runs (the exact key of the rest), and
 * their attestation runs must be equal as a multiset of (device, period, step, values). A symmetry that
 * merges runs of different devices, steps or values (a rule made unsound) shows here, even where the
 * differential test (search-reductions.test.ts) finds no attack it loses at small bounds.
 */
const attestRuns = (s: State): string =>
  JSON.stringify(
    s.runs
      .filter((r) => r.role === 'device-attest')
      .map((r: Run) => [r.agent, r.period, r.pc, Object.entries(r.vars).map(([k, v]) => `${k}=${v.id}`).sort()])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );

function mergedClasses(design: ProtocolDesign, sessions: number): { classes: number; states: number; mismatches: string[] } {
  const symmetric = new StateKeys(true);
  const exact = new StateKeys(false);
  const byClass = new Map<string, string>();
  const mismatches: string[] = [];
  let states = 0;
  // Every state of the plain search (no reduction), so the merges are judged on the states as they are.
  searchProtocol(design, {
    scenario: scenarioFor({ devices: 2, periods: 2 }),
    bound: { sessions },
    reductions: false,
    onState: (state) => {
      states++;
      const rest = exact.key({ ...state, runs: state.runs.filter((r) => r.role !== 'device-attest'), key: undefined, exactKey: undefined, keyedBy: undefined });
      const reading = `${rest}#${attestRuns(state)}`;
      const k = symmetric.key({ ...state, key: undefined, exactKey: undefined, keyedBy: undefined });
      const seen = byClass.get(k);
      if (seen === undefined) byClass.set(k, reading);
      else if (seen !== reading) mismatches.push(`${seen}\n  merged with\n${reading}`);
    },
  });
  return { classes: byClass.size, states, mismatches };
}

describe('run symmetry merges only renamings of attestation runs', () => {
  for (const [name, design] of [
    ['azure-sphere', builtinProtocol],
    ['no-nonce', () => fixture('no-nonce')],
    ['verifier-trusts-quote-nonce', () => fixture('verifier-trusts-quote-nonce')],
  ] as const) {
    it(`${name}: every merged pair is the same state up to attestation run names`, () => {
      const { classes, states, mismatches } = mergedClasses(design(), 3);
      expect(mismatches.slice(0, 1)).toEqual([]);
      // The rule merges something here (a symmetry that never merges would pass the check above vacuously).
      expect(classes).toBeLessThan(states);
    });
  }

  it('the reduced search reports run-symmetry among its reductions and stores fewer states with it', () => {
    const without = searchProtocol(builtinProtocol(), { bound: { sessions: 3 }, reductions: ['fused-device-starts', 'postponed-responder-starts', 'dead-parts'] });
    const withSymmetry = searchProtocol(builtinProtocol(), { bound: { sessions: 3 } });
    expect(withSymmetry.reductions).toContain('run-symmetry');
    expect(withSymmetry.boundText).toMatch(/states stored, reduced by [a-z, -]*run-symmetry/);
    expect(withSymmetry.verdict).toBe(without.verdict);
    expect(withSymmetry.stats.states).toBeLessThan(without.stats.states);
  });
});
