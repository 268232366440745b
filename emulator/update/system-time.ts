/**
 * The OS's answer to an app that sets the system time (clock_settime), as the update emulator's device gives
 * it: a high-level app whose manifest sets "SystemTime": true moves the device's clock; any other app is
 * refused (EPERM), and a real-time app has no OS to ask (its manifest grants it none of the OS's services).
 * And to an app that configures the time sync (custom NTP servers, "TimeSyncConfig": true, azure-sphere-facts
 * §1.3): the device then takes its time from the server the app named, authenticated or not, since whatever the
 * device authenticates is that server, and a compromised app names one it runs.
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

/** `notPlayed`: the refusal is not the design's rule but the emulator's: the design does not say what would happen (a caller must not count it as defended). */
export type SetTimeResult = { ok: true } | { ok: false; errno: 'EPERM'; reason: string; notPlayed?: true };

/**
 * How `app` may move the device's clock, as the OS answers it: by setting it (SystemTime) or through a time server it
 * names (TimeSyncConfig); undefined when the OS lets it do neither. The same answers setSystemTime and chooseTimeServer
 * give, for a caller with no update device (the attestation suites judge certificate validity by this clock).
 */
export function clockMoveOf(app: InstalledApp): 'SystemTime' | 'TimeSyncConfig' | undefined {
  if (app.kind !== 'high-level') return undefined;
  if (app.enabled.includes('SystemTime')) return 'SystemTime';
  if (app.enabled.includes('TimeSyncConfig')) return 'TimeSyncConfig';
  return undefined;
}

/** `app` asks, at lab time `now`, to set the device's clock to `time` (Unix seconds). */
export function setSystemTime(device: UpdateDevice, app: InstalledApp, time: number, now: number): SetTimeResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, `${app.name} is a real-time app: it runs outside the OS and has no system time to set`);
  if (!app.enabled.includes('SystemTime')) return refuse(device, app, now, `${app.name}'s manifest does not set "SystemTime": true`);
  device.clockOffsetSeconds = time - now;
  device.journal.push(`${stamp(now)} ${app.name} sets the device clock to ${stamp(time)} (SystemTime)`);
  return { ok: true };
}

/** `app` points the device's time sync at a server of its own (custom NTP) at lab time `now`. */
export function chooseTimeServer(device: UpdateDevice, app: InstalledApp, now: number): SetTimeResult {
  if (app.kind !== 'high-level') return refuse(device, app, now, `${app.name} is a real-time app: it runs outside the OS and has no time sync to configure`);
  if (!app.enabled.includes('TimeSyncConfig')) return refuse(device, app, now, `${app.name}'s manifest does not set "TimeSyncConfig": true`);
  device.timeServerChosenBy = app.name;
  device.journal.push(`${stamp(now)} ${app.name} points the device's time sync at a server of its own (TimeSyncConfig)`);
  return { ok: true };
}

function refuse(device: UpdateDevice, app: InstalledApp, now: number, reason: string): SetTimeResult {
  device.journal.push(`${stamp(now)} ${app.name} may not set the device clock: ${reason} (EPERM)`);
  return { ok: false, errno: 'EPERM', reason };
}

/**
 * A time-sync answer reaches the device at lab time `now`, saying it is `time`, from the security service's
 * time source or from whoever is on the network path. The device takes an on-path answer only when its time
 * sync is unauthenticated (the design's timeSync); an authenticated one, or one the design does not describe,
 * keeps its clock (the static rule, model/update/clock.ts timeSourceFinding, leaves the latter undecided; the
 * refusal then says `notPlayed`, and an attack that needed the answer taken is undecided, never defended).
 * Second reading of that rule; test/update/clock-setters.test.ts holds the two together.
 */
export function syncTime(device: UpdateDevice, time: number, now: number, from: 'service' | 'on-path' | 'app-server'): SetTimeResult {
  if (from === 'app-server') {
    // The server an app chose (chooseTimeServer) is the one the device authenticates against: its answer is taken.
    if (device.timeServerChosenBy === undefined) {
      device.journal.push(`${stamp(now)} time sync answer from an app's server (${stamp(time)}) refused: no app chose the time server`);
      return { ok: false, errno: 'EPERM', reason: 'no app chose the time server' };
    }
    device.clockOffsetSeconds = time - now;
    device.journal.push(`${stamp(now)} time sync from ${device.timeServerChosenBy}'s server sets the device clock to ${stamp(time)}`);
    return { ok: true };
  }
  if (from === 'on-path' && device.design.timeSync !== 'unauthenticated') {
    const reason = device.design.timeSync === 'authenticated' ? 'the answer does not authenticate as the time service' : 'the design does not say how the time sync is authenticated: not played';
    device.journal.push(`${stamp(now)} time sync answer from the network path (${stamp(time)}) refused: ${reason}`);
    return { ok: false, errno: 'EPERM', reason, ...(device.design.timeSync === undefined ? { notPlayed: true as const } : {}) };
  }
  device.clockOffsetSeconds = time - now;
  device.journal.push(`${stamp(now)} time sync${from === 'on-path' ? ' (unauthenticated, answered on the network path)' : ''} sets the device clock to ${stamp(time)}`);
  return { ok: true };
}
