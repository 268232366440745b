/**
 * The OS's answer to an app that asks to take the device down or off the network, as the update emulator's device
 * gives it. Down: a high-level app whose manifest's PowerControls lists ForceReboot may reboot the device
 * (PowerManagement_ForceSystemReboot), one that lists ForcePowerDown may power it down (PowerManagement_ForceSystemPowerDown:
 * everything but the real-time clock off; waking is a cold boot, learn.microsoft.com/azure-sphere/app-development/power-down).
 * Offline: one whose manifest sets "NetworkConfig": true may disable a network interface (Networking_SetInterfaceState),
 * one that sets "WifiConfig": true may forget every Wi-Fi network (WifiConfig_ForgetAllNetworks). Any other app is
 * refused (EPERM, EACCES as the Applibs say), and a real-time app has no OS to ask. SetPowerProfile takes nothing down.
 *
 * Second reading, on purpose: model/update/update-blockers.ts (updateBlockers) is the rule renewable-security reads;
 * this is the device's own, written again so the emulator does not call the model. test/update/update-blockers.test.ts
 * holds the two together on every combination of app kind, power control and boolean capability.
 */
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import { stamp, type UpdateDevice } from './update-device.js';

/** An app of the product as the power and network managers know it: its name, kind, PowerControls and boolean capabilities. */
export interface DeviceControllingApp {
  name: string;
  kind: AppKind;
  powerControls: readonly string[];
  enabled: readonly string[];
}

export type DeviceControlResult = { ok: true; how: string } | { ok: false; errno: 'EPERM' | 'EACCES'; reason: string };

/** `app`, at lab time `now`, asks to take the device down: a reboot if it may, else a power-down if it may. */
export function takeDeviceDown(device: UpdateDevice, app: DeviceControllingApp, now: number): DeviceControlResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, 'EPERM', `${app.name} is a real-time app: it runs outside the OS and has no power manager to ask`);
  if (app.powerControls.includes('ForceReboot')) {
    // The restart is the app's event, charged to its quota, as AppRuntime.forceReboot charges it (app-events.ts; the
    // reason in model/update/failure-log-policy.ts): charged to the OS, an app restarting the device offline fills the
    // OS's quota and the OS's next security failure is counted, not stored.
    device.crashReboot(now, `${app.name} forces a reboot (PowerControls ForceReboot)`, app.name, 'high-level');
    return { ok: true, how: 'ForceReboot' };
  }
  if (app.powerControls.includes('ForcePowerDown')) {
    device.journal.push(`${stamp(now)} ${app.name} forces the device into Power Down (PowerControls ForcePowerDown); waking is a cold boot`);
    device.reboot(now);
    return { ok: true, how: 'ForcePowerDown' };
  }
  return refuse(device, app, now, 'EPERM', `${app.name}'s manifest lists neither ForceReboot nor ForcePowerDown in "PowerControls"`);
}

/** `app`, at lab time `now`, asks to take the device off the network: disable its interface if it may, else forget its Wi-Fi networks if it may. */
export function takeDeviceOffline(device: UpdateDevice, app: DeviceControllingApp, now: number): DeviceControlResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, 'EPERM', `${app.name} is a real-time app: it runs outside the OS and has no network to configure`);
  if (app.enabled.includes('NetworkConfig')) {
    device.journal.push(`${stamp(now)} ${app.name} disables the device's network interface (NetworkConfig)`);
    return { ok: true, how: 'NetworkConfig' };
  }
  if (app.enabled.includes('WifiConfig')) {
    device.journal.push(`${stamp(now)} ${app.name} forgets every stored Wi-Fi network and disconnects the device (WifiConfig)`);
    return { ok: true, how: 'WifiConfig' };
  }
  return refuse(device, app, now, 'EACCES', `${app.name}'s manifest sets neither "NetworkConfig" nor "WifiConfig"`);
}

function refuse(device: UpdateDevice, app: DeviceControllingApp, now: number, errno: 'EPERM' | 'EACCES', reason: string): DeviceControlResult {
  device.journal.push(`${stamp(now)} ${app.name} may not take the device down or offline: ${reason} (${errno})`);
  return { ok: false, errno, reason };
}
