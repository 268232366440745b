/** What each failure-reporting check concludes, and the requirements of the profile it tests. */
import type { Evidence, Verdict } from '../verdict.js';

export const PERSISTENT_LOG = 'failure-reporting.persistent-log';
export const MAX_EVENTS_PER_REPORT = 'failure-reporting.max-events-per-report';
export const MAX_REPORT_DAYS = 'failure-reporting.max-report-days';
export const MIN_LOG_CAPACITY = 'failure-reporting.min-log-capacity';
export const EVERY_FAILURE_REPORTED = 'failure-reporting.every-failure-reported';
export const NO_SUPPRESSION = 'failure-reporting.no-suppression';

export interface CheckOutcome {
  check: string;
  /** The profile requirements the check tests (their ids): the verdict names them. */
  requirements: string[];
  verdict: Verdict;
  summary: string;
  bound: string;
  evidence: Evidence[];
}

/** The report bounds every check holds reports to: the profile's, never the design's. */
export interface ReportLimits {
  maxEvents: number;
  maxDays: number;
}
