/**
 * The failure log's recording policy (failureReporting.recordedKinds, recordedApps, droppedEvents,
 * erasableBy) against the requirement profile, statically, through the spec's rule
 * (model/update/failure-log-policy.ts): every kind the profile requires is recorded, from the OS and from
 * each class of app it requires; events dropped over a capacity are reported; no app may erase the log;
 * the per-source quotas, for the product's apps, fit in the log's total (eventsForEveryQuota), or one
 * source's flood fills the total while the others hold what their quotas let them keep (no-suppression).
 * Each finding names the design file and pointer; the emulated checks (recorded-failures, random runs,
 * no-suppression) then show the same flaw as a concrete trace.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { requiredRule, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { eventsForEveryQuota, logErasableBy, logPolicyOf, logRecords, logRecordsAppFailures, logReportsDropped, type LogKeeper } from '../../model/update/failure-log-policy.js';
import { APP_FAILURE_KINDS, type AppClass, type UpdateDesign } from '../../model/update/update-design.js';
import type { UnstatedLogField } from '../../model/update/failure-log-policy.js';
import type { RequiredRecording } from './required-recording.js';
import { DROPPED_EVENTS_REPORTED, ERASED_ONLY_BY_SERVICE, HIGH_LEVEL_APP_FAILURES, NO_SUPPRESSION, REAL_TIME_APP_FAILURES, staticOutcome, type CheckOutcome } from './rule.js';

/** "the 2 recorded apps' quotas of 256" / "the recorded app's quota of 256" / "no recorded app". */
const recordedQuotas = (n: number, quota: number) => (n === 0 ? 'no recorded app' : n === 1 ? `the recorded app's quota of ${quota}` : `the ${n} recorded apps' quotas of ${quota}`);

export function checkLogPolicy(design: UpdateDesign, platform: LogKeeper, updateFile: string, profile: RequirementProfile, required: RequiredRecording, apps: readonly AppClass[], reproduce: string): CheckOutcome[] {
  const file = displayPath(updateFile);
  const policy = { ...design.failureReporting, ...logPolicyOf(design, platform) };
  const outcome = (check: string, requirement: string, problem: string | undefined, holds: string): CheckOutcome => staticOutcome(check, requirement, problem, holds, reproduce);
  const outcomes: CheckOutcome[] = [];
  for (const [kind, requirement] of required.kinds) {
    const problem = logRecords(policy, kind, 'os') ? undefined : `${file} /failureReporting/recordedKinds: the log does not record ${kind}, which ${requirement} requires`;
    outcomes.push(outcome(`the log records ${kind}`, requirement, problem, `${kind} is recorded`));
  }
  for (const [origin, requirement] of required.origins) {
    if (!requirement || origin === 'os') continue;
    // Not listed in recordedApps: nothing of these apps is recorded. Listed, but no kind an app can have is
    // recorded: still nothing, even when the profile requires no app kind ("records failures" is never vacuous).
    const problem = !policy.recordedApps.includes(origin)
      ? `${file} /failureReporting/recordedApps: the log does not record failures of ${origin} apps, which ${requirement} requires`
      : !logRecordsAppFailures(policy, origin)
        ? `${file} /failureReporting/recordedKinds: the log records no kind of failure an app can have (${APP_FAILURE_KINDS.join(', ')}), so no failure of ${origin} apps is recorded, which ${requirement} requires`
        : undefined;
    outcomes.push(outcome(`the log records ${origin} apps' failures`, requirement, problem, `failures of ${origin} apps are recorded`));
  }
  // An app class the profile does not require (Azure Sphere's: real-time apps, DOC-ERR) is named, not applicable.
  for (const requirement of [HIGH_LEVEL_APP_FAILURES, REAL_TIME_APP_FAILURES]) {
    if (!requiredRule(profile, requirement)) outcomes.push({ ...outcome(`the log records what ${requirement} asks`, requirement, undefined, `switched off by the requirement profile (${requirement})`), notApplicable: true });
  }
  if (requiredRule(profile, DROPPED_EVENTS_REPORTED)) {
    const problem = logReportsDropped(policy) ? undefined : `${file} /failureReporting/droppedEvents: events dropped over a capacity are ${policy.droppedEvents}: nothing tells the service that they happened (${DROPPED_EVENTS_REPORTED})`;
    outcomes.push(outcome('dropped events are reported', DROPPED_EVENTS_REPORTED, problem, 'events dropped over a capacity leave a marker for the service'));
  }
  if (requiredRule(profile, NO_SUPPRESSION)) {
    const needed = eventsForEveryQuota(policy, apps);
    const problem = needed > policy.totalEventCapacity ? `${file} /failureReporting/totalEventCapacity: the log keeps ${policy.totalEventCapacity} events in all, but the OS's quota of ${policy.systemEventCapacity} and ${recordedQuotas(apps.filter((a) => policy.recordedApps.includes(a)).length, policy.eventsPerAppCapacity)}${logReportsDropped(policy) ? ', each app with its events-dropped marker,' : ''} need ${needed}: a source flooding while the others hold what their quotas allow fills the log, and another source's failure under its own quota is counted, not stored (${NO_SUPPRESSION})` : undefined;
    outcomes.push(outcome("every source's quota fits in the log", NO_SUPPRESSION, problem, `the OS's and the apps' quotas need ${needed} events, within the ${policy.totalEventCapacity} the log keeps`));
  }
  if (requiredRule(profile, ERASED_ONLY_BY_SERVICE)) {
    const problem = logErasableBy(policy, 'apps') ? `${file} /failureReporting/erasableBy: apps may erase the log, so a compromised app can wipe the trace of its own probing (${ERASED_ONLY_BY_SERVICE})` : undefined;
    outcomes.push(outcome('only the service erases the log', ERASED_ONLY_BY_SERVICE, problem, 'only the security service erases events, once it has them'));
  }
  return outcomes;
}

/**
 * A policy field the design leaves out where the log is not Azure Sphere's (unstatedLogPolicy): nothing says what
 * the log does, so every requirement the field bears on is unknown, naming the field. The emulated checks do not
 * run on such a design: the device would run a policy nobody stated (failure-log-policy.ts NOTHING_PROMISED).
 */
export function unstatedPolicyOutcome(unstated: readonly UnstatedLogField[], updateFile: string, profile: RequirementProfile, required: RequiredRecording, reproduce: string): CheckOutcome {
  const file = displayPath(updateFile);
  const origins = [...required.origins.values()].filter((r): r is string => r !== undefined);
  const bearsOn: Record<UnstatedLogField['field'], string[]> = {
    recordedKinds: [...required.kinds.values(), ...origins],
    recordedApps: origins,
    droppedEvents: requiredRule(profile, DROPPED_EVENTS_REPORTED) ? [DROPPED_EVENTS_REPORTED] : [],
    erasableBy: requiredRule(profile, ERASED_ONLY_BY_SERVICE) ? [ERASED_ONLY_BY_SERVICE] : [],
  };
  const requirements = [...new Set(unstated.flatMap((u) => bearsOn[u.field]))];
  const summary = `${file} ${unstated.map((u) => u.pointer).join(', ')}: not stated, and ${unstated[0]!.reason.replace(/; it does not state \/failureReporting\/\w+$/, '')}`;
  return { check: 'the log policy is stated', requirements, verdict: 'unknown', summary, bound: 'static', evidence: [{ title: 'the log policy is stated: not decided', lines: unstated.map((u) => `${file} ${u.pointer}: ${u.reason}`), reproduce }] };
}
