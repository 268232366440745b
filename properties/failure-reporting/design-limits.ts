/**
 * The failure-reporting parts of the update design against the requirement profile, statically: the log
 * is kept in flash (failure-reporting.persistent-log), a report holds at most the profile's events and
 * days (max-events-per-report, max-report-days), and the log keeps at least the profile's number of
 * events in all (min-log-capacity). Each finding names the design file and pointer; the emulated checks
 * then show what the numbers do.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { requiredNumber, requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS, MIN_LOG_CAPACITY, PERSISTENT_LOG, staticOutcome, type CheckOutcome } from './rule.js';

export function checkDesignLimits(design: UpdateDesign, updateFile: string, profile: RequirementProfile, reproduce: string): CheckOutcome[] {
  const file = displayPath(updateFile);
  const fr = design.failureReporting;
  const outcome = (check: string, requirement: string, problem: string | undefined, holds: string): CheckOutcome => staticOutcome(check, requirement, problem, holds, reproduce);
  const maxEvents = requiredNumber(profile, MAX_EVENTS_PER_REPORT);
  const maxDays = requiredNumber(profile, MAX_REPORT_DAYS);
  const capacity = requiredNumber(profile, MIN_LOG_CAPACITY);
  const persistent = requiredRule(profile, PERSISTENT_LOG);
  return [
    outcome('the failure log is kept in flash', PERSISTENT_LOG, persistent && fr.persistence !== 'flash' ? `${file} /failureReporting/persistence: the log is kept in ${fr.persistence}, so a reboot or power cut forgets every event not yet uploaded (${PERSISTENT_LOG})` : undefined, persistent ? 'the log is kept in flash' : 'a persistent log is not required by the profile'),
    outcome('a report holds few enough events', MAX_EVENTS_PER_REPORT, fr.maxEventsPerReport > maxEvents ? `${file} /failureReporting/maxEventsPerReport: a report may hold ${fr.maxEventsPerReport} events, more than the ${maxEvents} ${MAX_EVENTS_PER_REPORT} allows` : undefined, `reports of at most ${fr.maxEventsPerReport} events (≤ ${maxEvents})`),
    outcome('a report covers few enough days', MAX_REPORT_DAYS, fr.maxReportDays > maxDays ? `${file} /failureReporting/maxReportDays: a report may cover ${fr.maxReportDays} days, more than the ${maxDays} ${MAX_REPORT_DAYS} allows` : undefined, `reports of at most ${fr.maxReportDays} days (≤ ${maxDays})`),
    outcome('the log holds enough events', MIN_LOG_CAPACITY, fr.totalEventCapacity < capacity ? `${file} /failureReporting/totalEventCapacity: the log keeps ${fr.totalEventCapacity} events in all, fewer than the ${capacity} ${MIN_LOG_CAPACITY} requires` : undefined, `a log of ${fr.totalEventCapacity} events in all (≥ ${capacity})`),
  ];
}
