/**
 * Who may set the device's clock, and what rests on it. The update client judges metadata by the device's
 * own clock: a document expires (freeze detection) and one from the device's future is refused
 * (fast-forward) against "now" as the device reads it (model/update/update-step.ts, metadataDecision). An
 * app that may set that clock therefore chooses what "stale" means: set back to the time of the last fresh
 * document before each check, it keeps replayed metadata looking fresh for ever, and the freeze is never
 * reported however short the design's expiry.
 *
 * The capability: `SystemTime` lets a high-level app set the system time (azure-sphere-facts §1.3, device
 * error 2097182; the samples' Samples/SystemTime sets it with clock_settime), and `TimeSyncConfig` lets it
 * configure the time sync, custom NTP servers among it (§1.3): the device then sets its clock from the server
 * the app names, and however the device authenticates its time, what it authenticates is that server, so a
 * compromised app names one it runs and answers with the time it likes. (Left out before: "where the time comes
 * from matters only when it is not authenticated" held only for a server the app cannot choose.) Real-time apps
 * get none of the OS's services (§1.4, SF6007), so only high-level apps count.
 *
 * The time source: the device sets its clock from a network time sync. Unless the update design states that
 * it authenticates that time (`timeSync`), a network attacker, who already replays the metadata, also answers
 * the time sync and sets the clock back: the same freeze, with no app needed. The facts file does not say
 * whether Azure Sphere's time sync is authenticated, so the built-in design does not state it and freeze
 * detection is left undecided (timeSourceFinding).
 *
 * The rule is read by renewable-security (properties/renewable-security/clock.ts, max-freeze-detection);
 * the update emulator's OS has its own reading of who may set the clock (emulator/update/system-time.ts),
 * held against this one by test/update/clock-setters.test.ts, and plays the attack on its own device
 * clock (tuf/freeze-clock-set-back).
 */
import { capabilityFile, enforcedManifest } from '../product/enforced-manifest.js';
import type { Product } from '../product/product.js';
import type { UpdateDesign } from './update-design.js';

/** Boolean capabilities that let an app set the device clock. */
export const CLOCK_SETTING_CAPABILITIES: readonly string[] = ['SystemTime', 'TimeSyncConfig'];

export interface ClockSetter {
  /** The app's name (its manifest's Name, else its manifest file). */
  app: string;
  /** Its product-file entry (/apps/i). */
  pointer: string;
  manifestFile: string;
  /** The capability that lets it, as a manifest pointer (/Capabilities/SystemTime or /Capabilities/TimeSyncConfig). */
  capabilityPointer: string;
}

/**
 * The product's apps that may set the device clock: high-level apps whose enforced manifest (the one inside
 * the app's image when the product names one: model/product/enforced-manifest.ts) enables a clock-setting
 * capability. Before s37 this read the product's manifest only, so an image that added SystemTime left
 * certificate-authentication holding (products/cert-image-sets-clock).
 */
export function clockSettingApps(product: Pick<Product, 'apps'>): ClockSetter[] {
  return product.apps.flatMap((app) => {
    const enforced = enforcedManifest(app);
    if (enforced.kind !== 'high-level') return [];
    const capability = CLOCK_SETTING_CAPABILITIES.find((c) => enforced.enabled.includes(c));
    return capability ? [{ app: app.manifest.name ?? app.manifestFile, pointer: app.pointer, manifestFile: capabilityFile(app, capability), capabilityPointer: `/Capabilities/${capability}` }] : [];
  });
}

/**
 * What the design's time source means for a clock-judged freeze check: 'authenticated' (no network attacker
 * moves the clock), 'unauthenticated' (one does: the freeze goes unnoticed), or 'unstated' (cannot be decided).
 */
export function timeSourceFinding(design: Pick<UpdateDesign, 'timeSync'>): 'authenticated' | 'unauthenticated' | 'unstated' {
  return design.timeSync ?? 'unstated';
}
