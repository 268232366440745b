/** What each failure-reporting check concludes, and the requirements of the profile it tests. */
import type { Evidence, Verdict } from '../verdict.js';

export const PERSISTENT_LOG = 'failure-reporting.persistent-log';
export const MAX_EVENTS_PER_REPORT = 'failure-reporting.max-events-per-report';
export const MAX_REPORT_DAYS = 'failure-reporting.max-report-days';
export const MIN_LOG_CAPACITY = 'failure-reporting.min-log-capacity';
export const EVERY_FAILURE_REPORTED = 'failure-reporting.every-failure-reported';
export const NO_SUPPRESSION = 'failure-reporting.no-suppression';
/** `failure-reporting.records-kind-<kind>`: the log records failures of that kind (one requirement per kind the profile requires). */
export { RECORDS_KIND_PREFIX as KIND_REQUIREMENT_PREFIX } from '../../model/requirements/load-requirements.js';
export const HIGH_LEVEL_APP_FAILURES = 'failure-reporting.records-high-level-app-failures';
export const REAL_TIME_APP_FAILURES = 'failure-reporting.records-real-time-app-failures';
export const DROPPED_EVENTS_REPORTED = 'failure-reporting.dropped-events-reported';
export const ERASED_ONLY_BY_SERVICE = 'failure-reporting.erased-only-by-service';

export interface CheckOutcome {
  check: string;
  /** The profile requirements the check tests (their ids): the verdict names them. */
  requirements: string[];
  verdict: Verdict;
  summary: string;
  bound: string;
  evidence: Evidence[];
  /** Set when the profile switches the requirement off: the verdict names it not applicable. */
  notApplicable?: boolean;
}

/** The report bounds every check holds reports to: the profile's, never the design's. */
export interface ReportLimits {
  maxEvents: number;
  maxDays: number;
}

/** A static check's outcome: violated with the problem as its evidence, or holds. */
export function staticOutcome(check: string, requirement: string, problem: string | undefined, holds: string, reproduce: string): CheckOutcome {
  return problem
    ? { check, requirements: [requirement], verdict: 'violated', summary: problem, bound: 'static', evidence: [{ title: `${check}: violated (${requirement})`, lines: [problem], reproduce }] }
    : { check, requirements: [requirement], verdict: 'holds', summary: holds, bound: 'static', evidence: [] };
}
