/**
 * The OS's side of app failures: the product's apps run on the compartmentalization emulator
 * (emulator/app-device.ts: I/O firewall, OS capabilities, storage, mailbox), and every failure event it
 * raises (a crash, a firewall or capability denial, a refused storage access…) is written into the
 * device's persistent failure log, attributed to the app. The apps restart at every power-on; their
 * own event list is RAM and is not what gets reported.
 */
import { bootDevice as startApps, type Device } from '../app-device.js';
import type { Syscall, SyscallResult } from '../syscalls.js';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { LoggedEvent, ReportedFailureKind } from './failure-log.js';
import type { UpdateDevice } from './update-device.js';

export interface ForwardedSyscall {
  result: SyscallResult;
  /** Events the persistent log accepted, and the number it counted instead of storing (over capacity). */
  logged: LoggedEvent[];
  dropped: number;
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
    const events = this.#apps.failures();
    for (const e of events.slice(this.#seen)) {
      const event = this.device.report(now, e.kind as ReportedFailureKind, e.detail, e.app || 'os');
      if (event) logged.push(event);
      else dropped++;
    }
    this.#seen = events.length;
    return { result, logged, dropped };
  }
}
