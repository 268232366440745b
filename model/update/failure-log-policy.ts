/**
 * The failure log's recording policy, the spec's reading: which failures the log keeps (by kind, and by
 * the kind of app that failed), whether events it counts instead of storing are themselves reported, and
 * who may erase events from it. The design states it in failureReporting (recordedKinds, recordedApps,
 * droppedEvents, erasableBy); a design file that leaves a field out gets Azure Sphere's behaviour (logPolicyOf; the
 * loader keeps the design as stated, so the emulator fills absent fields by its own reading).
 *
 * The update emulator's failure log (emulator/update/failure-log.ts) executes the same policy with its own
 * reading, its own defaults too (emulator/update/log-policy-defaults.ts, held by
 * test/differential/log-defaults-differential.test.ts); test/update/failure-log-policy.test.ts drives both with random policies and requires the same
 * decision for every failure, eraser and overflow.
 */
import type { AppClass, FailureLogKind, FailureLogPolicy, LogEraser, UpdateDesign } from './update-design.js';
import { APP_FAILURE_KINDS, FAILURE_LOG_KINDS } from './update-design.js';

/** Where a failure happened: the OS itself, or an app of one class. */
export type FailureOrigin = 'os' | AppClass;

/**
 * Azure Sphere's policy. Error and event data is uploaded daily to the security service, with "no data from
 * RTApps" (azure-sphere-facts §1.4 and §4, DOC-ERR): real-time apps' failures are not recorded. Events
 * leave the log once the service has them; apps have no API to it. Not public, so chosen here: every kind
 * the emulator can raise is recorded, and events counted over a capacity are reported as dropped.
 */
const azureSphere: FailureLogPolicy = {
  recordedKinds: [...FAILURE_LOG_KINDS],
  recordedApps: ['high-level'],
  droppedEvents: 'recorded',
  erasableBy: ['security-service'],
};
export const AZURE_SPHERE_LOG_POLICY: Readonly<FailureLogPolicy> = Object.freeze(azureSphere);

/** The policy a design file states, with Azure Sphere's behaviour for every field it leaves out. */
export function withLogPolicyDefaults<T extends Partial<FailureLogPolicy>>(stated: T): T & FailureLogPolicy {
  const d = AZURE_SPHERE_LOG_POLICY;
  return {
    ...stated,
    recordedKinds: [...(stated.recordedKinds ?? d.recordedKinds)],
    recordedApps: [...(stated.recordedApps ?? d.recordedApps)],
    droppedEvents: stated.droppedEvents ?? d.droppedEvents,
    erasableBy: [...(stated.erasableBy ?? d.erasableBy)],
  };
}

/** The recording policy a design's log runs: what it states, Azure Sphere's for the rest (the loader keeps the design as stated). */
export function logPolicyOf(design: Pick<UpdateDesign, 'failureReporting'>): FailureLogPolicy {
  const { recordedKinds, recordedApps, droppedEvents, erasableBy } = withLogPolicyDefaults(design.failureReporting);
  return { recordedKinds, recordedApps, droppedEvents, erasableBy };
}

/** Whether the log records a failure of `kind` that happened in `origin`. */
export function logRecords(policy: FailureLogPolicy, kind: FailureLogKind, origin: FailureOrigin): boolean {
  if (!policy.recordedKinds.includes(kind)) return false;
  return origin === 'os' || policy.recordedApps.includes(origin);
}

/**
 * Whether the log records any failure an app of `origin` can have: a requirement to record an app class's
 * failures is not met by a log that records none of them, whether or not a kind is required too.
 */
export function logRecordsAppFailures(policy: FailureLogPolicy, origin: AppClass): boolean {
  return APP_FAILURE_KINDS.some((kind) => logRecords(policy, kind, origin));
}

/** Whether events the log counts instead of storing (over a capacity) reach the service as such. */
export function logReportsDropped(policy: FailureLogPolicy): boolean {
  return policy.droppedEvents === 'recorded';
}

/** Whether `eraser` may take events out of the log. */
export function logErasableBy(policy: FailureLogPolicy, eraser: LogEraser): boolean {
  return policy.erasableBy.includes(eraser);
}

/** The log's capacities (failureReporting's systemEventCapacity, eventsPerAppCapacity, totalEventCapacity). */
export interface LogCapacities {
  systemEventCapacity: number;
  eventsPerAppCapacity: number;
  totalEventCapacity: number;
}

/**
 * The events the log must hold so that no source's failure under its own quota is ever counted instead
 * of stored: the OS's and each recorded app's quota, plus, when dropped events are recorded, the one
 * events-dropped marker each source stores past its quota, for every source but the one whose failure is
 * at stake (its own marker comes after). Per-source quotas keep one source's flood from pushing out
 * another's failures only if they fit in the total: when they do not, a source that floods while the
 * others hold failures they are entitled to keep (the OS after a long time offline, say) fills the total,
 * and the next failure of a source still under its quota is lost. Apps of a class the log does not record
 * store nothing and need no room.
 */
export function eventsForEveryQuota(policy: FailureLogPolicy & LogCapacities, apps: readonly AppClass[]): number {
  const recorded = recordedAppCount(policy, apps);
  const markers = logReportsDropped(policy) ? recorded : 0;
  return policy.systemEventCapacity + recorded * policy.eventsPerAppCapacity + markers;
}

/**
 * The events the log can keep at once, offline: the OS's quota and each recorded app's, at most its total.
 * Apps of a class the log does not record add nothing: with the profile not requiring their failures
 * (Azure Sphere's real-time apps), the log still has to keep min-log-capacity events from the sources
 * it does record.
 */
export function eventsStorable(policy: FailureLogPolicy & LogCapacities, apps: readonly AppClass[]): number {
  return Math.min(policy.totalEventCapacity, policy.systemEventCapacity + recordedAppCount(policy, apps) * policy.eventsPerAppCapacity);
}

/** How many of `apps` are of a class the log records. */
export function recordedAppCount(policy: FailureLogPolicy, apps: readonly AppClass[]): number {
  return apps.filter((app) => policy.recordedApps.includes(app)).length;
}
