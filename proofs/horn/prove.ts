/**
 * The unbounded proof of a protocol design: translate it to Horn clauses (translate.ts), add the
 * queries' goal clauses (queries.ts), saturate (saturate.ts) and read each query's answer off the
 * solved clauses.
 *
 * - `proved`: saturation finished and no solved clause breaks the query: it holds for any number of
 *   sessions and devices, in the abstraction (see the README: what the abstraction forgets).
 * - `attack`: a solved clause breaks it; the clause's derivation is the abstract attack. A derived
 *   clause is derivable however the saturation ends, so an attack found before the budget ran out
 *   stands. It may be a false attack of the abstraction: the caller searches for it concretely.
 * - `unknown`: the budget ran out before saturation finished and no attack was found.
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { showClause, type Clause } from './clauses.js';
import { HORN_QUERIES, findCounterexample, type HornQueryId } from './queries.js';
import { DEFAULT_SATURATION_BUDGET, saturate, type SaturationBudget } from './saturate.js';
import { translateProtocol, type TranslationOptions } from './translate.js';

export type HornVerdict = 'proved' | 'attack' | 'unknown';

export interface HornQueryResult {
  id: HornQueryId;
  text: string;
  verdict: HornVerdict;
  /** For an attack: the solved clause that breaks the query, and its derivation (rules used, indented by depth). */
  clause?: string;
  derivation?: string[];
  /** For unknown: why. */
  reason?: string;
}

export interface HornResult {
  design: string;
  results: HornQueryResult[];
  /** Queries left out because the design has no certificate-based cloud connection. */
  notApplicable: HornQueryId[];
  stats: { initialClauses: number; generated: number; kept: number; solved: number; timeMs: number; clausesPerSecond: number; complete: boolean; stopped?: string };
}

export interface HornOptions extends TranslationOptions {
  budget?: Partial<SaturationBudget>;
  /** Saturate even when a finished run of the same question is cached (benchmarks, budget tests). */
  fresh?: boolean;
}

export const PROVED_SCOPE = 'proved for any number of sessions and devices';

/**
 * Finished saturations, by design, omitted checks and clause budget: saturation is deterministic, so a
 * finished one answers the same question again (verify runs the same design for many products). A run
 * stopped by its budget is not kept: another budget may finish it.
 */
const finished = new Map<string, HornResult>();
const MAX_CACHED = 32;

export function proveProtocolUnbounded(design: ProtocolDesign, options: HornOptions = {}): HornResult {
  const key = JSON.stringify([design, [...(options.omit ?? [])].sort(), options.budget?.maxClauses ?? DEFAULT_SATURATION_BUDGET.maxClauses]);
  const cached = options.fresh ? undefined : finished.get(key);
  if (cached) return cached;
  const result = proveUncached(design, options);
  if (result.stats.complete) {
    if (finished.size >= MAX_CACHED) finished.delete(finished.keys().next().value!);
    finished.set(key, result);
  }
  return result;
}

function proveUncached(design: ProtocolDesign, options: HornOptions): HornResult {
  const translation = translateProtocol(design, options);
  const queries = HORN_QUERIES.filter((q) => !q.cloud || translation.cloudModelled);
  const notApplicable = HORN_QUERIES.filter((q) => q.cloud && !translation.cloudModelled).map((q) => q.id);
  const initial = [...translation.clauses, ...queries.flatMap((q) => q.goals)];
  const budget = { ...DEFAULT_SATURATION_BUDGET, ...options.budget };
  const sat = saturate(initial, budget);
  const results = queries.map((q): HornQueryResult => {
    const broken = findCounterexample(q, sat.solved);
    if (broken) return { id: q.id, text: q.text, verdict: 'attack', clause: showClause(broken), derivation: derivationOf(broken) };
    if (!sat.complete) return { id: q.id, text: q.text, verdict: 'unknown', reason: `saturation did not finish: ${sat.stopped}` };
    return { id: q.id, text: q.text, verdict: 'proved' };
  });
  return {
    design: design.name,
    results,
    notApplicable,
    stats: {
      initialClauses: initial.length,
      generated: sat.generated,
      kept: sat.kept,
      solved: sat.solved.length,
      timeMs: sat.timeMs,
      clausesPerSecond: sat.generated / Math.max(sat.timeMs / 1000, 1e-6),
      complete: sat.complete,
      ...(sat.stopped ? { stopped: sat.stopped } : {}),
    },
  };
}

/** Derivations longer than this are cut (the clause itself is always shown). */
const MAX_DERIVATION_LINES = 40;

/**
 * The rules a clause was derived from, as a tree: each resolution step puts the clause that supplied a
 * fact under the clause that needed it. Repeated sub-derivations are printed once.
 */
export function derivationOf(clause: Clause): string[] {
  const lines: string[] = [];
  const seen = new Set<Clause>();
  const walk = (c: Clause, depth: number): void => {
    if (lines.length >= MAX_DERIVATION_LINES) return;
    if (c.origin.kind === 'rule') {
      lines.push(`${'  '.repeat(depth)}${c.origin.rule}`);
      return;
    }
    // Unfold the chain of resolutions into the same rule: its facts were supplied one by one.
    const suppliers: Clause[] = [];
    let base: Clause = c;
    while (base.origin.kind === 'resolution') {
      suppliers.push(base.origin.from);
      base = base.origin.into;
    }
    walk(base, depth);
    for (const s of suppliers.reverse()) {
      if (seen.has(s)) {
        lines.push(`${'  '.repeat(depth + 1)}(as above) ${showClause(s)}`);
        continue;
      }
      seen.add(s);
      walk(s, depth + 1);
    }
  };
  walk(clause, 0);
  if (lines.length >= MAX_DERIVATION_LINES) lines.push(`… (derivation cut at ${MAX_DERIVATION_LINES} lines)`);
  return lines;
}
