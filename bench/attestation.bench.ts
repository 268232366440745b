/**
 * The Dolev–Yao attacker search on the built-in protocol design (states/s at the default bound),
 * against hashing the same states (the floor every explicit-state search pays per state); and the
 * whole verification at the default bound (1, 2 and 3 sessions), against the 3-session search alone.
 */
import { builtinProtocol } from '../model/attestation/load-protocol.js';
import type { ProtocolModel, State } from '../proofs/attacker-search/model.js';
import { DEFAULT_BOUND } from '../model/attestation/attack-scenario.js';
import { searchProtocol, verifyProtocol } from '../proofs/attacker-search/search.js';
import type { BenchRow } from './harness.js';

export function attestationRows(): BenchRow[] {
  const design = builtinProtocol();
  const states: State[] = [];
  let model: ProtocolModel | undefined;
  const probe = searchProtocol(design, { onState: (s, m) => (states.push(s), (model = m)) });
  if (probe.verdict !== 'holds') throw new Error(`the built-in protocol design does not hold: ${probe.violations.map((v) => v.detail).join('; ')}`);
  return [
    {
      name: `attacker search (${DEFAULT_BOUND.sessions} sessions)`,
      unit: 'states/s',
      baselineDescription: `hashing the same ${states.length.toLocaleString('en-US')} states (no successor generation)`,
      itemsPerCall: probe.stats.states,
      subject: () => searchProtocol(design),
      baseline: () => {
        for (const s of states) model!.hash(s);
      },
    },
    {
      name: 'attestation verify (default bound)',
      unit: 'runs/s',
      baselineDescription: `the ${DEFAULT_BOUND.sessions}-session search alone (verify also searches 1 and 2 sessions first)`,
      itemsPerCall: 1,
      subject: () => verifyProtocol(design),
      baseline: () => searchProtocol(design),
    },
  ];
}
