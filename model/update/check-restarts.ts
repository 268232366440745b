/**
 * Restarts that postpone every update check, written once. A device whose design does not check on connecting
 * (checks.onConnect false) checks only once checks.intervalHours have passed since its periodic timer started, and that
 * timer is started again by every restart (the update device keeps it in RAM: emulator/update/update-device.ts
 * powerOn; Azure Sphere checks "on first internet connection after power-on/reset" precisely so that a restart never
 * postpones a check, azure-sphere-facts §3.5). An app of the product that holds PowerControls ForceReboot restarts
 * the device whenever it likes: restarting it before each check falls due, it keeps every update off the device, the
 * way an app that defers for ever would (SUIT THREAT.MFST.OVERRIDE: an app overrides the update schedule). So the
 * longest interval between checks is then unbounded, whatever checks.maxIntervalHours says.
 *
 * Read by renewable-security's max-check-interval rule (properties/renewable-security/bounds.ts). Whether the app may
 * take the device down at all is model/update/update-blockers.ts's (max-deferral, for every design, ForceReboot among
 * its controls); this file adds what a restart does to a design whose checks wait for a timer. Its emulated witness is
 * the reach play (properties/renewable-security/reach.ts), where every app the update emulator lets take the device
 * down does so before each check.
 * ForcePowerDown is left out: the facts file does not say that waking from it restarts the device.
 */
import type { Product } from '../product/product.js';
import type { UpdateDesign } from './update-design.js';
import { deviceDownControls } from './update-blockers.js';

/** The PowerControls value that lets an app restart the device (azure-sphere-facts §1.3 capability table). */
export const RESTART_CONTROL = 'ForceReboot';

export interface RestartingApp {
  /** The app's name (its manifest's Name, else its manifest file). */
  app: string;
  /** Index of the app in the product file's apps. */
  index: number;
}

/** An app of the product that may restart the device at will (it holds PowerControls ForceReboot), or undefined. */
export function restartingApp(product: Pick<Product, 'apps'>): RestartingApp | undefined {
  // Which apps may take the device down is update-blockers.ts's reading (high-level apps only); a restart is its ForceReboot.
  const index = product.apps.findIndex((a) => deviceDownControls(a).includes(RESTART_CONTROL));
  if (index < 0) return undefined;
  const app = product.apps[index]!;
  return { app: app.manifest.name ?? app.manifestFile, index };
}

/** The app that postpones every check: one that may restart the device, where the design's checks wait for a timer a restart starts again; else undefined. */
export function appPostponingChecks(product: Pick<Product, 'apps'>, design: Pick<UpdateDesign, 'checks'>): RestartingApp | undefined {
  return design.checks.onConnect ? undefined : restartingApp(product);
}

/**
 * Where no manifest lets an app restart the device but an app's image does (its manifest's PowerControls differ and the
 * image's hold ForceReboot): the device enforces the image's, so on a design that does not check on connecting the app
 * on the device may postpone every check all the same. The app's name and the mismatch's message, or undefined.
 */
export function imagePostponingChecks(product: Pick<Product, 'apps'>, design: Pick<UpdateDesign, 'checks'>): { app: string; index: number; image: string } | undefined {
  if (design.checks.onConnect) return undefined;
  for (const [index, app] of product.apps.entries()) {
    const mismatch = app.image?.manifestMismatches?.find((m) => m.field === 'Capabilities/PowerControls' && m.image.includes(RESTART_CONTROL));
    if (mismatch) return { app: app.manifest.name ?? app.manifestFile, index, image: `${app.imageFile ?? 'its image'} carries PowerControls ${mismatch.image}, but its manifest states ${mismatch.product}` };
  }
  return undefined;
}
