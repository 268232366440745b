/**
 * The OS's side of app failures: the product's apps run on the compartmentalization emulator
 * (emulator/app-device.ts: I/O firewall, OS capabilities, storage, mailbox), and every failure event it
 * raises (a crash, a firewall or capability denial, a refused storage access…) is offered to the
 * device's persistent failure log, attributed to the app and to its class (high-level or real-time: the
 * design says whose failures the log records). The apps restart at every power-on; their own event list
 * is RAM and is not what gets reported. An app may also ask the OS to erase the failure log; the log
 * grants it only when the design's erasableBy lists apps, and a refusal is itself a failure event.
 */
import { bootDevice as startApps, type Device } from '../app-device.js';
import type { Syscall, SyscallResult } from '../syscalls.js';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { EventOrigin, LoggedEvent } from './failure-log.js';
import type { UpdateDevice } from './update-device.js';

export interface ForwardedSyscall {
  result: SyscallResult;
  /** Events the persistent log accepted, the number it counted instead of storing (over capacity), and the number it does not record by design. */
  logged: LoggedEvent[];
  dropped: number;
  unrecorded: number;
}

export class AppRuntime {
  #apps: Device | undefined;
  #seen = 0;

  constructor(
    readonly spec: IsolationSpec,
    private readonly device: UpdateDevice,
  ) {}

  /** Start (or restart, after a power-on) every app of the product. */
  start(): void {
    const booted = startApps(this.spec.product);
    if (!booted.ok) throw new Error(`the product's apps cannot start: ${booted.reason}`);
    this.#apps = booted.device;
    this.#seen = 0;
  }

  get apps(): Device | undefined {
    return this.#apps;
  }

  /** Runs a syscall for `app` and logs the failures it caused. A crashed app is restarted first. */
  syscall(app: string, call: Syscall, now: number): ForwardedSyscall {
    if (!this.#apps || !this.device.isRunning) throw new Error('the apps are not running');
    if (this.#apps.appState(app) !== 'running') this.#apps.restartApp(app);
    const result = this.#apps.syscall(app, call);
    const logged: LoggedEvent[] = [];
    let dropped = 0;
    let unrecorded = 0;
    const events = this.#apps.failures();
    for (const e of events.slice(this.#seen)) {
      // No cast: the app device's failure kinds must be kinds of the design's vocabulary (FAILURE_LOG_KINDS), or this does not compile.
      const offered = this.device.offer(now, e.kind, e.detail, e.app || 'os', this.#originOf(e.app));
      if (offered?.outcome === 'stored') logged.push(offered.event);
      else if (offered?.outcome === 'not-recorded') unrecorded++;
      else dropped++;
    }
    this.#seen = events.length;
    return { result, logged, dropped, unrecorded };
  }

  /**
   * `app` asks the OS to restart the device (PowerManagement_ForceSystemReboot), which it may only when its manifest
   * holds PowerControls ForceReboot; a refusal is logged as the app's capability denial. The restart is logged as a
   * device-reboot charged to the app that asked, against its own quota, not the OS's. Which quota Azure Sphere charges
   * is not in the facts file; the design's quotas are per source ("one app cannot push out the others",
   * failureReporting.eventsPerAppCapacity), the OS knows which app's container made the call, and the OS's quota is
   * for the OS's own failures: charged to the OS, an app holding ForceReboot fills the OS's quota offline by
   * restarting, and the OS's next security failure (a boot that fails verification) is counted, not stored.
   * After the restart every app starts again.
   */
  forceReboot(app: string, now: number): { rebooted: boolean; dropped: number } {
    if (!this.#apps || !this.device.isRunning) throw new Error('the apps are not running');
    const manifest = this.spec.compartment(app)?.manifest;
    if (!manifest?.powerControls.includes('ForceReboot')) {
      const refusal = this.device.offer(now, 'capability-denial', `${app} asked to restart the device: its manifest does not hold PowerControls ForceReboot`, app, this.#originOf(app));
      return { rebooted: false, dropped: refusal?.outcome === 'dropped' ? 1 : 0 };
    }
    let dropped = 0;
    const watch = this.device.onEvent;
    this.device.onEvent = (result, ...rest) => {
      if (result.outcome === 'dropped') dropped++;
      watch?.(result, ...rest);
    };
    try {
      this.device.crashReboot(now, `${app} asked for it (PowerControls ForceReboot)`, app, this.#originOf(app));
    } finally {
      this.device.onEvent = watch;
    }
    if (this.device.isRunning) this.start();
    return { rebooted: true, dropped };
  }

  /** `app` asks the OS to erase the failure log: granted only if the design lets apps erase it; a refusal is logged as the app's capability denial. */
  eraseFailureLog(app: string, now: number): { erased: boolean; logged: LoggedEvent[] } {
    if (!this.#apps || !this.device.isRunning || !this.device.log) throw new Error('the apps are not running');
    if (this.device.log.erase('apps', `app ${app}`)) return { erased: true, logged: [] };
    const refusal = this.device.report(now, 'capability-denial', `${app} asked to erase the failure log: apps may not`, app, this.#originOf(app));
    return { erased: false, logged: refusal ? [refusal] : [] };
  }

  #originOf(app: string): EventOrigin {
    if (!app) return 'os';
    return this.spec.compartment(app)?.kind === 'real-time' ? 'real-time' : 'high-level';
  }
}
