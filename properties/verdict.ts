/**
 * What a property check concludes. "unknown" always carries its reason: a check that was skipped,
 * timed out or is not built yet is never reported as "holds".
 */
export type Verdict = 'holds' | 'violated' | 'unknown';

/** One piece of evidence, printable as it is and kept structured for reports. */
export interface Evidence {
  title: string;
  lines: string[];
  /** A command that reproduces this piece of evidence. */
  reproduce?: string;
  data?: unknown;
}

export interface CheckTiming {
  check: string;
  ms: number;
}

export interface PropertyResult {
  property: string;
  verdict: Verdict;
  /** One line a person can read: why it holds, what breaks it, or why we could not tell. */
  summary: string;
  /** The bound or run count behind a "holds" (e.g. "1 000 runs, seed 42"). */
  bound?: string;
  /** Counterexamples, unsat cores, witnesses, runs and seeds. */
  evidence?: Evidence[];
  /** Findings that do not break the property (e.g. a one-sided partner link: the channel stays closed). */
  warnings?: string[];
  timings?: CheckTiming[];
}

/** The verdict of a set of results: any violation wins, then any unknown. */
export function combineVerdicts(results: readonly PropertyResult[]): Verdict {
  if (results.some((r) => r.verdict === 'violated')) return 'violated';
  if (results.length === 0 || results.some((r) => r.verdict === 'unknown')) return 'unknown';
  return 'holds';
}
