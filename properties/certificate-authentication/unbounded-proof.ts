/**
 * The unbounded proof (proofs/horn) as evidence for certificate-authentication, tied to the bounded
 * search: a query the saturation proves holds for any number of sessions and devices; an abstract
 * attack is looked up among the bounded search's counterexamples (each already replayed against the
 * concrete CBOR/X.509 parties): found and replayed, it is a confirmed attack; not found within the
 * bound, it is `unknown`, a possible false attack of the abstraction, shown with its derivation.
 *
 * Injective agreement and freshness need counting and time, which the abstraction forgets: they stay
 * with the bounded search, and the evidence says so.
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { PROVED_SCOPE, proveProtocolUnbounded, type HornResult } from '../../proofs/horn/prove.js';
import { CONCRETE_PROPERTIES, HORN_QUERIES, type HornQueryId } from '../../proofs/horn/queries.js';
import type { SaturationBudget } from '../../proofs/horn/saturate.js';
import type { SearchResult } from '../../proofs/attacker-search/search.js';
import type { Evidence } from '../verdict.js';
import type { Scenario } from '../../model/attestation/attack-scenario.js';

export type UnboundedOutcome =
  | { id: HornQueryId; text: string; outcome: 'proved' }
  | { id: HornQueryId; text: string; outcome: 'confirmed'; property: string; clause: string }
  | { id: HornQueryId; text: string; outcome: 'unknown'; reason: string; clause?: string; derivation?: string[] };

export interface UnboundedReview {
  outcomes: UnboundedOutcome[];
  horn: HornResult;
}

export const STAYS_BOUNDED = 'injective agreement and freshness need counting and time, which the Horn abstraction forgets: they are decided by the bounded attacker search only';

/** The bounded search's counterexamples, with whether each replayed concretely. */
export type ReplayedViolations = readonly { property: string; replayed: boolean }[];

export function reviewUnbounded(horn: HornResult, replayed: ReplayedViolations): UnboundedReview {
  const outcomes = horn.results.map((q): UnboundedOutcome => {
    if (q.verdict === 'proved') return { id: q.id, text: q.text, outcome: 'proved' };
    if (q.verdict === 'unknown') return { id: q.id, text: q.text, outcome: 'unknown', reason: q.reason ?? 'saturation did not finish' };
    const concrete = replayed.find((v) => v.replayed && CONCRETE_PROPERTIES[q.id].includes(v.property));
    if (concrete) return { id: q.id, text: q.text, outcome: 'confirmed', property: concrete.property, clause: q.clause! };
    return {
      id: q.id,
      text: q.text,
      outcome: 'unknown',
      reason: `possible false attack of the abstraction: the bounded search found no replayed ${CONCRETE_PROPERTIES[q.id].join(' or ')} attack within its bound`,
      clause: q.clause!,
      derivation: q.derivation ?? [],
    };
  });
  return { outcomes, horn };
}

export function proveUnbounded(design: ProtocolDesign, search: Pick<SearchResult, 'violations'>, replayedOk: ReadonlyMap<string, boolean>, budget?: Partial<SaturationBudget>): UnboundedReview {
  return reviewUnbounded(attemptUnboundedProof(design, budget), replayedViolations(search, replayedOk));
}

/** The saturation alone (no search needed: the proof worker runs it beside the search); never throws. */
export function attemptUnboundedProof(design: ProtocolDesign, budget?: Partial<SaturationBudget>): HornResult {
  try {
    return proveProtocolUnbounded(design, budget ? { budget } : {});
  } catch (err) {
    return failedProof(design, err);
  }
}

export function replayedViolations(search: Pick<SearchResult, 'violations'>, replayedOk: ReadonlyMap<string, boolean>): ReplayedViolations {
  return search.violations.map((v) => ({ property: v.property, replayed: replayedOk.get(v.property) ?? false }));
}

/**
 * Why the property cannot hold on this proof, or undefined when it can: every query the proof answers was
 * proved (or is an abstract attack the search confirmed, which makes the property violated anyway). The
 * bounded search decides only within its bound; what the property claims for any number of sessions and
 * devices rests on this proof, so a query it left unknown (a timeout, a clause budget, a proof that failed,
 * a possible false attack) leaves the property unknown, never `holds` on the bounded search alone
 * (--timeout 1 on the built-in design held with "0 of 8 queries proved"). A bound whose scenario has no
 * device running bad software cannot try "no certificate for bad software" at all, and the reason says so.
 */
export function undecidedBeyondBound(r: UnboundedReview, search: { scenario: Scenario; boundText: string }): string | undefined {
  const unknown = r.outcomes.filter((o): o is Extract<UnboundedOutcome, { outcome: 'unknown' }> => o.outcome === 'unknown');
  if (!unknown.length) return undefined;
  const reasons = [...new Set(unknown.map((o) => o.reason))];
  const noBadDevice = !search.scenario.devices.some((d) => d.software.some((s) => s !== 'good'));
  const untrusted = unknown.find((o) => o.id === 'untrusted-software');
  const hint =
    untrusted && noBadDevice
      ? `; no check decided that a device running bad software never obtains a certificate: the search's bound has no device that runs downgraded or unmeasured software (${search.scenario.name}); a bound of 2 or more periods (--bound periods=2) lets the search try it`
      : '';
  return `the unbounded proof left ${unknown.length} of ${r.outcomes.length} queries unknown (${unknown.map((o) => o.id).join(', ')}: ${reasons.join('; ')}): the attacker search holds only within its bound (${search.boundText}), which is no proof for any number of sessions and devices${hint}`;
}

/** One line for the property's summary. */
export function unboundedSummary(r: UnboundedReview): string {
  const proved = r.outcomes.filter((o) => o.outcome === 'proved');
  const unknown = r.outcomes.filter((o) => o.outcome === 'unknown');
  if (proved.length === r.outcomes.length) return `secrecy, non-injective agreement, no certificate for bad software${r.outcomes.some((o) => o.id === 'tenant-isolation') ? ', tenant isolation' : ''} ${PROVED_SCOPE} (Horn clauses)`;
  return `unbounded proof: ${proved.length} of ${r.outcomes.length} queries ${PROVED_SCOPE}${unknown.length ? `, ${unknown.length} unknown (${unknown.map((o) => o.id).join(', ')})` : ''}`;
}

export function unboundedEvidence(r: UnboundedReview): Evidence {
  const s = r.horn.stats;
  const count = (o: UnboundedOutcome['outcome']) => r.outcomes.filter((x) => x.outcome === o).length;
  const lines: string[] = [];
  for (const o of r.outcomes) {
    if (o.outcome === 'proved') lines.push(`${o.id}: ${PROVED_SCOPE} — ${o.text}`);
    else if (o.outcome === 'confirmed') lines.push(`${o.id}: abstract attack, confirmed by the bounded search's replayed ${o.property} counterexample (above) — ${o.text}`, `  abstract attack: ${o.clause}`);
    else {
      lines.push(`${o.id}: unknown, ${o.reason} — ${o.text}`);
      if (o.clause) lines.push(`  abstract attack: ${o.clause}`, '  derivation:', ...(o.derivation ?? []).map((d) => `    ${d}`));
    }
  }
  if (r.horn.notApplicable.length) lines.push(`not applicable (no certificate-based cloud connection in the design): ${r.horn.notApplicable.join(', ')}`);
  lines.push(STAYS_BOUNDED);
  lines.push(`saturation: ${s.initialClauses} initial clauses, ${s.generated.toLocaleString('en-US')} resolvents, ${s.kept} kept, ${s.solved} solved, ${Math.round(s.timeMs)} ms (${Math.round(s.clausesPerSecond).toLocaleString('en-US')} clauses/s)${s.complete ? '' : `; stopped: ${s.stopped}`}`);
  return {
    title: `unbounded proof (Horn clauses, saturation): ${count('proved')} proved, ${count('confirmed')} attack${count('confirmed') === 1 ? '' : 's'} confirmed concretely, ${count('unknown')} unknown`,
    lines,
    data: { outcomes: r.outcomes, stats: s, notApplicable: r.horn.notApplicable },
  };
}

/** A proof that threw, or whose worker thread failed: every query unknown, with the error (a Sevenfold defect), never a crash of the property. */
export function failedProof(design: ProtocolDesign, err: unknown): HornResult {
  const reason = `the unbounded proof failed: ${err instanceof Error ? err.message : String(err)} (a Sevenfold defect)`;
  return {
    design: design.name,
    results: HORN_QUERIES.map((q) => ({ id: q.id, text: q.text, verdict: 'unknown', reason })),
    notApplicable: [],
    stats: { initialClauses: 0, generated: 0, kept: 0, solved: 0, timeMs: 0, clausesPerSecond: 0, complete: false, stopped: reason },
  };
}
