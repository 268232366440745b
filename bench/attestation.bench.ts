/**
 * The Dolev–Yao attacker search on the built-in protocol design at 3, 4 and 5 sessions: the search as
 * verify runs it (reductions on) against the plain search (every interleaving, no fused steps; what
 * the search was before its reductions), both measured in the same run, in searches/s, with the
 * states and bytes per state of each in the row's name (bytes: peak heap growth of one search, see
 * SearchStats.peakHeapBytes). And the whole verification at verify's default bound (1 … N sessions)
 * against the N-session search alone.
 */
import { builtinProtocol } from '../model/attestation/load-protocol.js';
import { searchProtocol, verifyProtocol, type SearchResult } from '../proofs/attacker-search/search.js';
import { DEFAULT_SESSIONS } from '../proofs/attacker-search/bound-option.js';
import type { BenchRow } from './harness.js';

const describe = (r: SearchResult) =>
  `${r.stats.states.toLocaleString('en-US')} states, ${Math.round(r.stats.statesPerSecond).toLocaleString('en-US')} states/s, ${r.stats.bytesPerState.toLocaleString('en-US')} B/state, ${(r.stats.peakHeapBytes / 2 ** 20).toFixed(0)} MiB`;

export function attestationRows(): BenchRow[] {
  const design = builtinProtocol();
  const rows: BenchRow[] = [];
  for (const sessions of [3, 4, 5]) {
    const reduced = searchProtocol(design, { bound: { sessions } });
    const plain = searchProtocol(design, { bound: { sessions }, reductions: false });
    if (reduced.verdict !== 'holds' || plain.verdict !== 'holds') throw new Error(`the built-in protocol design does not hold at ${sessions} sessions: ${[...reduced.violations, ...plain.violations].map((v) => v.detail).join('; ')}`);
    rows.push({
      name: `attacker search, ${sessions} sessions (${describe(reduced)}, reduced by ${reduced.reductions.join(', ')}; plain ${describe(plain)})`,
      unit: 'searches/s',
      baselineDescription: `the plain search at ${sessions} sessions (reductions: false), same run; first searches took ${(reduced.stats.timeMs / 1000).toFixed(2)} s reduced, ${(plain.stats.timeMs / 1000).toFixed(2)} s plain`,
      itemsPerCall: 1,
      subject: () => searchProtocol(design, { bound: { sessions } }),
      baseline: () => searchProtocol(design, { bound: { sessions }, reductions: false }),
    });
  }
  rows.push({
    name: `attestation verify (default bound, ${DEFAULT_SESSIONS} sessions)`,
    unit: 'runs/s',
    baselineDescription: `the ${DEFAULT_SESSIONS}-session search alone (verify searches the whole bound first and answers with it when it holds, as here; 1 … ${DEFAULT_SESSIONS - 1} sessions only after a violation or a limit)`,
    itemsPerCall: 1,
    subject: () => verifyProtocol(design, { bound: { sessions: DEFAULT_SESSIONS } }),
    baseline: () => searchProtocol(design, { bound: { sessions: DEFAULT_SESSIONS } }),
  });
  return rows;
}
