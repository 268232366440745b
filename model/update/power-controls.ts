/**
 * Who may take the whole device down, and why renewal rests on it. `PowerControls` lists what a high-level app
 * may ask of the power manager (azure-sphere-facts §1.3: ForcePowerDown, ForceReboot, SetPowerProfile). Two of
 * them act on the device, not the app: PowerManagement_ForceSystemReboot reboots it and
 * PowerManagement_ForceSystemPowerDown powers everything but the real-time clock off for as long as the app
 * asks. Microsoft's own warning (learn.microsoft.com/azure-sphere/app-development/power-down, "Power Down and
 * forcing updates"): because ForcePowerDown and ForceReboot let an app power the device down at any time, making
 * sure the device checks for updates periodically becomes that app's responsibility; a device whose app does not
 * may get no application or OS update and need recovery. The OS checks on the first connection after each boot
 * (§3.5), and the app runs from boot: an app that, compromised, reboots or powers the device down before that
 * check or install completes keeps the device on the release it has for as long as it likes. No deferral bound
 * limits it (the deferral window is the OS's, DOC-DEFER; this is not a deferral the OS grants), and renewal is
 * what would replace the compromised app. SetPowerProfile only sets the CPU frequency
 * (learn.microsoft.com/azure-sphere/app-development/set-power-profiles): it takes nothing down.
 * Real-time apps get none of the OS's services (§1.4, the manifest reader grants them no PowerControls).
 *
 * Read by renewable-security (properties/renewable-security/power-controls.ts, max-deferral); the update
 * emulator's OS has its own reading of who may take the device down (emulator/update/power-controls.ts), held
 * against this one by test/update/power-controls.test.ts, and plays it in the reach emulation (reach.ts), where
 * the app reboots or powers the device down before each update check.
 */
import type { Product } from '../product/product.js';

/** PowerControls values that take the whole device down (reboot it, or power it off until a wake-up). */
export const DEVICE_DOWN_POWER_CONTROLS: readonly string[] = ['ForceReboot', 'ForcePowerDown'];

export interface DevicePowerController {
  /** The app's name (its manifest's Name, else its manifest file). */
  app: string;
  /** Its product-file entry (/apps/i). */
  pointer: string;
  manifestFile: string;
  /** The control that lets it (ForceReboot or ForcePowerDown). */
  control: string;
  /** Where its manifest grants it: /Capabilities/PowerControls/<index>. */
  capabilityPointer: string;
}

/** The product's apps that may reboot or power down the device: high-level apps whose PowerControls list ForceReboot or ForcePowerDown. */
export function devicePowerControllers(product: Pick<Product, 'apps'>): DevicePowerController[] {
  return product.apps.flatMap((app) => {
    if (app.manifest.kind !== 'high-level') return [];
    const index = app.manifest.powerControls.findIndex((c) => DEVICE_DOWN_POWER_CONTROLS.includes(c));
    if (index < 0) return [];
    return [{ app: app.manifest.name ?? app.manifestFile, pointer: app.pointer, manifestFile: app.manifestFile, control: app.manifest.powerControls[index]!, capabilityPointer: `/Capabilities/PowerControls/${index}` }];
  });
}
