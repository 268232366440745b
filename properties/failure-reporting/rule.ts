/** What each failure-reporting check concludes. */
import type { Evidence, Verdict } from '../verdict.js';

export interface CheckOutcome {
  check: string;
  verdict: Verdict;
  summary: string;
  bound: string;
  evidence: Evidence[];
}
