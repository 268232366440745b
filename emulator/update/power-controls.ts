/**
 * The OS's answer to an app that asks the power manager to take the device down, as the update emulator's device
 * gives it: a high-level app whose manifest's PowerControls lists ForceReboot may reboot the device
 * (PowerManagement_ForceSystemReboot), one that lists ForcePowerDown may power it down (PowerManagement_ForceSystemPowerDown:
 * everything but the real-time clock off; waking is a cold boot, learn.microsoft.com/azure-sphere/app-development/power-down);
 * any other app is refused (EPERM), and a real-time app has no OS to ask. SetPowerProfile takes nothing down.
 *
 * Second reading, on purpose: model/update/power-controls.ts (devicePowerControllers) is the rule renewable-security
 * reads; this is the device's own, written again so the emulator does not call the model. test/update/power-controls.test.ts
 * holds the two together on every combination of app kind and power control.
 */
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import { stamp, type UpdateDevice } from './update-device.js';

/** An app of the product as the power manager knows it: its name, kind and the PowerControls its manifest lists. */
export interface PowerControllingApp {
  name: string;
  kind: AppKind;
  powerControls: readonly string[];
}

export type TakeDownResult = { ok: true; how: 'ForceReboot' | 'ForcePowerDown' } | { ok: false; errno: 'EPERM'; reason: string };

/** `app`, at lab time `now`, asks to take the device down: a reboot if it may, else a power-down if it may. */
export function takeDeviceDown(device: UpdateDevice, app: PowerControllingApp, now: number): TakeDownResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, `${app.name} is a real-time app: it runs outside the OS and has no power manager to ask`);
  if (app.powerControls.includes('ForceReboot')) {
    device.crashReboot(now, `${app.name} forces a reboot (PowerControls ForceReboot)`);
    return { ok: true, how: 'ForceReboot' };
  }
  if (app.powerControls.includes('ForcePowerDown')) {
    device.journal.push(`${stamp(now)} ${app.name} forces the device into Power Down (PowerControls ForcePowerDown); waking is a cold boot`);
    device.reboot(now);
    return { ok: true, how: 'ForcePowerDown' };
  }
  return refuse(device, app, now, `${app.name}'s manifest lists neither ForceReboot nor ForcePowerDown in "PowerControls"`);
}

function refuse(device: UpdateDevice, app: PowerControllingApp, now: number, reason: string): TakeDownResult {
  device.journal.push(`${stamp(now)} ${app.name} may not take the device down: ${reason} (EPERM)`);
  return { ok: false, errno: 'EPERM', reason };
}
