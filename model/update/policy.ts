/**
 * The update rules as pure functions: which kinds a device group receives, how long an app may defer,
 * how many update checks a connected device needs to reach a deployment, when metadata is stale. The
 * emulator's update agent implements these with its own state; tests hold the two against each other.
 * checkBound() is the design's own bound: the attack catalog holds the device to it (does the device do
 * what its design says?); whether that bound is acceptable is the requirement profile's question
 * (renewable-security.max-reach), never the design's.
 */
import type { DeviceGroup, UpdateDesign, UpdateKind } from './update-design.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { notAzureSphereOs } from '../platform/app-isolation-stated.js';

export const HOUR = 3600;

export function deviceGroup(design: UpdateDesign, name: string): DeviceGroup | undefined {
  return design.deviceGroups.find((g) => g.name.toLowerCase() === name.toLowerCase());
}

/** UpdateAll: everything; No3rdPartyAppUpdates: the system software only (prerequisites and OS); NoUpdates: nothing. */
export function kindsReceived(group: Pick<DeviceGroup, 'updatePolicy'>): UpdateKind[] {
  switch (group.updatePolicy) {
    case 'UpdateAll':
      return ['prerequisite', 'os', 'app'];
    case 'No3rdPartyAppUpdates':
      return ['prerequisite', 'os'];
    case 'NoUpdates':
      return [];
  }
}

/** Kinds an app may defer: OS and app updates (Azure Sphere's UpdateType_System and UpdateType_App), never prerequisites. */
export const deferrable = (kind: UpdateKind): boolean => kind !== 'prerequisite';

/** Can an app with these enabled capabilities defer updates at all? */
export function canDefer(design: UpdateDesign, enabledCapabilities: readonly string[]): boolean {
  return design.deferral.requiredCapabilities.every((c) => enabledCapabilities.includes(c));
}

/**
 * The time until which an update learnt at `learnedAt` is postponed when an app asks to defer it by
 * `requestedSeconds` at `now`: never past learnedAt + maxHours, however often the app asks.
 */
export function deferUntil(design: UpdateDesign, learnedAt: number, now: number, requestedSeconds: number): number {
  const wanted = now + Math.max(0, requestedSeconds);
  if (design.deferral.maxHours === null) return wanted;
  return Math.min(wanted, learnedAt + design.deferral.maxHours * HOUR);
}

/**
 * What the device remembers the start of a deferral window by, for a kind whose targets are `targets`
 * (name=sha256 pairs): the kind alone when the window is counted from first notice (the design's default,
 * azure-sphere-facts §3.5 "counted from when the device learns of the update": a device that learnt its OS
 * was out of date at t has been deferring since t, whatever newer release replaced the one it learnt of);
 * the kind and its content when each release restarts it (deferral.countedFrom each-release, a flaw).
 * A window is forgotten once the kind is no longer pending.
 */
export function deferralWindowKey(design: UpdateDesign, kind: UpdateKind, targets: readonly string[]): string {
  return design.deferral.countedFrom === 'each-release' ? `${kind}:${targets.join(',')}` : kind;
}

/**
 * Why deferral.countedFrom left out cannot be read as first-notice, or undefined when it can. The window is counted by
 * the OS's update agent, and first-notice is Azure Sphere's documented counting (facts §3.5): it stands for a design
 * that leaves the field out only on a platform whose OS is shown to be Microsoft's (notAzureSphereOs, the provenance
 * rule behind every Azure Sphere default). A maker's own OS that does not say how it counts may restart the window
 * with each release (a deferring app then keeps the device from every one of them): max-deferral is then unknown.
 */
export function unstatedDeferralCounting(design: UpdateDesign, platform: Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot'>): string | undefined {
  if (design.deferral.countedFrom !== undefined || design.deferral.maxHours === 0) return undefined;
  const why = notAzureSphereOs(platform);
  return why ? `${why.replace(/, so Azure Sphere's app isolation is not its to claim$/, '')}, so Azure Sphere's counting of the deferral window (from when the device first learns of the update) is not its to claim; it does not state /deferral/countedFrom` : undefined;
}

/** The design lets a stream of releases restart the window, so an app that defers keeps the device from every one of them. */
export const deferralRestartsPerRelease = (design: UpdateDesign): boolean => design.deferral.countedFrom === 'each-release' && design.deferral.maxHours !== 0;

/**
 * Update checks a connected device needs, counting the first (on connection), to run a deployment it
 * learns of at that first check, when every check succeeds: one, plus the checks an app can spend
 * deferring (checks come at least intervalHours apart). Undefined when deferral is unbounded.
 */
export function checkBound(design: UpdateDesign, appCanDefer: boolean): number | undefined {
  if (!appCanDefer) return 1;
  if (design.deferral.maxHours === null) return undefined;
  return 1 + Math.ceil((design.deferral.maxHours * HOUR) / (design.checks.intervalHours * HOUR));
}

/** Is metadata issued with this expiry still fresh at `now`? */
export const isFresh = (expiresAt: number, now: number): boolean => now <= expiresAt;

/** When the service sets a document issued at `issuedAt` to expire (0xFFFFFFFF: never). */
export function expiryFor(design: UpdateDesign, issuedAt: number): number {
  return design.metadata.expiresAfterHours === null ? 0xffffffff : issuedAt + Math.round(design.metadata.expiresAfterHours * HOUR);
}

/**
 * How long a device can be kept from fresh metadata before it must say so: the metadata it last
 * accepted goes stale after expiresAfterHours, and the next check notices (at most maxIntervalHours
 * later). Undefined when metadata never expires: a freeze is then undetectable. This is the design's own
 * bound (the attack catalog holds the device to it as well); how soon is soon enough is the profile's
 * renewable-security.max-freeze-detection.
 */
export function freezeDetectionBound(design: UpdateDesign): number | undefined {
  if (design.metadata.expiresAfterHours === null) return undefined;
  return (design.metadata.expiresAfterHours + design.checks.maxIntervalHours) * HOUR;
}

/** The kind whose contents include `content` (a component or asset id). */
export function kindOf(design: UpdateDesign, content: string): UpdateKind | undefined {
  return design.updateKinds.find((k) => k.contents.includes(content))?.kind;
}
