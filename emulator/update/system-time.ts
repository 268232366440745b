/**
 * The OS's answer to an app that sets the system time (clock_settime), as the update emulator's device gives
 * it: a high-level app whose manifest sets "SystemTime": true moves the device's clock; any other app is
 * refused (EPERM), and a real-time app has no OS to ask (its manifest grants it none of the OS's services).
 *
 * Second reading, on purpose: model/update/clock.ts (clockSettingApps, CLOCK_SETTING_CAPABILITIES) is the
 * rule renewable-security reads; this is the device's own, written again so the emulator does not call the
 * model. test/update/clock-setters.test.ts holds the two together on every combination of app kind and
 * boolean capability.
 */
import type { AppKind } from '../../formats/manifest/app-manifest.js';
import { stamp, type UpdateDevice } from './update-device.js';

/** An app of the product as the OS knows it once installed: its name, kind and the boolean capabilities its manifest sets. */
export interface InstalledApp {
  name: string;
  kind: AppKind;
  enabled: readonly string[];
}

export type SetTimeResult = { ok: true } | { ok: false; errno: 'EPERM'; reason: string };

/** `app` asks, at lab time `now`, to set the device's clock to `time` (Unix seconds). */
export function setSystemTime(device: UpdateDevice, app: InstalledApp, time: number, now: number): SetTimeResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, `${app.name} is a real-time app: it runs outside the OS and has no system time to set`);
  if (!app.enabled.includes('SystemTime')) return refuse(device, app, now, `${app.name}'s manifest does not set "SystemTime": true`);
  device.clockOffsetSeconds = time - now;
  device.journal.push(`${stamp(now)} ${app.name} sets the device clock to ${stamp(time)} (SystemTime)`);
  return { ok: true };
}

function refuse(device: UpdateDevice, app: InstalledApp, now: number, reason: string): SetTimeResult {
  device.journal.push(`${stamp(now)} ${app.name} may not set the device clock: ${reason} (EPERM)`);
  return { ok: false, errno: 'EPERM', reason };
}
