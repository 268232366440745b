/**
 * What a property check concludes. "unknown" always carries its reason: a check that was skipped,
 * timed out or is not built yet is never reported as "holds".
 */
export type Verdict = 'holds' | 'violated' | 'unknown';

export interface PropertyResult {
  property: string;
  verdict: Verdict;
  /** One line a person can read: why it holds, what breaks it, or why we could not tell. */
  summary: string;
  /** The bound or run count behind a "holds" (e.g. "1 000 runs, seed 42"). */
  bound?: string;
  /** Counterexamples and other evidence, each a line or a structured record. */
  evidence?: unknown[];
}

/** The verdict of a set of results: any violation wins, then any unknown. */
export function combineVerdicts(results: readonly PropertyResult[]): Verdict {
  if (results.some((r) => r.verdict === 'violated')) return 'violated';
  if (results.length === 0 || results.some((r) => r.verdict === 'unknown')) return 'unknown';
  return 'holds';
}
