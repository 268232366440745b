/**
 * The failure log's recording policy, the spec's reading: which failures the log keeps (by kind, and by
 * the kind of app that failed), whether events it counts instead of storing are themselves reported, and
 * who may erase events from it. The design states it in failureReporting (recordedKinds, recordedApps,
 * droppedEvents, erasableBy). A field a design file leaves out gets Azure Sphere's behaviour only where the log is
 * Azure Sphere's: the log is kept by the OS (its services record the failures, its kernel raises most of them), so
 * the default stands only on a platform whose OS is shown to be Microsoft's (notAzureSphereOs, the provenance rule
 * behind every Azure Sphere default: OS images checked under keys the design states Microsoft holds). On any other
 * platform a field left out promises nothing (NOTHING_PROMISED) and is named by unstatedLogPolicy, which makes the
 * failure-reporting verdict unknown. The loader keeps the design as stated, so the emulator fills absent fields by
 * its own reading.
 *
 * Whose event a failure is decides whose quota it fills: an app's failures are the app's, the OS's own are the OS's,
 * and a restart an app asks for (PowerControls ForceReboot) is the app's, charged to its eventsPerAppCapacity. The
 * facts file does not say which quota Azure Sphere charges it to; the design's quotas exist so that no source can push
 * out another's failures, and charged to the OS, an app holding ForceReboot fills the OS's quota offline by restarting
 * until the OS's next security failure is counted, not stored. The emulator runs the same attribution
 * (emulator/update/app-events.ts forceReboot), and failure-reporting's no-suppression play restarts the device from every
 * app holding ForceReboot past its quota.
 *
 * The update emulator's failure log (emulator/update/failure-log.ts) executes the same policy with its own
 * reading, its own defaults too (emulator/update/log-policy-defaults.ts, held by
 * test/differential/log-defaults-differential.test.ts); test/update/failure-log-policy.test.ts drives both with random policies and requires the same
 * decision for every failure, eraser and overflow.
 */
import { notAzureSphereOs } from '../platform/app-isolation-stated.js';
import type { PlatformDesign } from '../platform/platform-design.js';
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

/**
 * What a log does about a field its design leaves out where Azure Sphere's behaviour may not stand: nothing is
 * promised (records no kind and no app, drops silently, anyone may erase). Used only so that every reader has a
 * policy to run; the verdict on such a design is unknown (unstatedLogPolicy), never decided on these values.
 */
const nothingPromised: FailureLogPolicy = { recordedKinds: [], recordedApps: [], droppedEvents: 'silent', erasableBy: ['security-service', 'apps'] };
export const NOTHING_PROMISED: Readonly<FailureLogPolicy> = Object.freeze(nothingPromised);

/** The policy fields a design may leave out. */
export const LOG_POLICY_FIELDS = ['recordedKinds', 'recordedApps', 'droppedEvents', 'erasableBy'] as const;
export type LogPolicyField = (typeof LOG_POLICY_FIELDS)[number];

/** The platform parts that say whose OS keeps the log. */
export type LogKeeper = Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot'>;

/** The policy a design file states, with `defaults` for every field it leaves out. */
export function withLogPolicyDefaults<T extends Partial<FailureLogPolicy>>(stated: T, defaults: Readonly<FailureLogPolicy>): T & FailureLogPolicy {
  const d = defaults;
  return {
    ...stated,
    recordedKinds: [...(stated.recordedKinds ?? d.recordedKinds)],
    recordedApps: [...(stated.recordedApps ?? d.recordedApps)],
    droppedEvents: stated.droppedEvents ?? d.droppedEvents,
    erasableBy: [...(stated.erasableBy ?? d.erasableBy)],
  };
}

/** Why the log on `platform` is not Azure Sphere's (its OS is not shown to be Microsoft's), or undefined when it is. */
export function logNotAzureSpheres(platform: LogKeeper): string | undefined {
  return notAzureSphereOs(platform)?.replace(/, so Azure Sphere's app isolation is not its to claim$/, '');
}

/** The recording policy a design's log runs on `platform`: what it states, Azure Sphere's for the rest where the log is Azure Sphere's, else nothing promised. */
export function logPolicyOf(design: Pick<UpdateDesign, 'failureReporting'>, platform: LogKeeper): FailureLogPolicy {
  const defaults = logNotAzureSpheres(platform) ? NOTHING_PROMISED : AZURE_SPHERE_LOG_POLICY;
  const { recordedKinds, recordedApps, droppedEvents, erasableBy } = withLogPolicyDefaults(design.failureReporting, defaults);
  return { recordedKinds, recordedApps, droppedEvents, erasableBy };
}

export interface UnstatedLogField {
  field: LogPolicyField;
  /** In the update design file: /failureReporting/<field>. */
  pointer: string;
  reason: string;
}

/** The policy fields the design leaves out on a platform whose log is not Azure Sphere's (none where it is): each leaves the verdict unknown. */
export function unstatedLogPolicy(design: Pick<UpdateDesign, 'failureReporting'>, platform: LogKeeper): UnstatedLogField[] {
  const why = logNotAzureSpheres(platform);
  if (!why) return [];
  return LOG_POLICY_FIELDS.filter((field) => design.failureReporting[field] === undefined).map((field) => ({
    field,
    pointer: `/failureReporting/${field}`,
    reason: `${why}, so the failure log its OS keeps is not Azure Sphere's and Azure Sphere's log policy is not its to claim; it does not state /failureReporting/${field}`,
  }));
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
