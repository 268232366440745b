/**
 * The emulated device. Booting a product programs the I/O firewall from the spec's allocation
 * (a per-block table of its own, not a call to the spec's access decisions), installs each app on
 * its core with an OS capability table built from its manifest, and starts every app. From then on
 * apps make syscalls (directly, or by running a loaded program) and the device answers with its own
 * mechanisms; the access decisions of the spec are what the property suite checks it against.
 */
import type { PeripheralCapability } from '../model/chips/chip-profile.js';
import type { AllocationProblem, Allocation } from '../model/isolation/allocation.js';
import { conflictRule } from '../model/isolation/conflicts.js';
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';
import { AppInstance, type AppState, type Observation } from './app.js';
import type { EmulatorFaults } from './faults.js';
import { FailureLog, type FailureEvent, type FailureKind } from './failure-log.js';
import { programFirewall, type IoFirewall } from './firewall.js';
import { execute, type KernelContext } from './kernel.js';
import { Mailbox } from './mailbox.js';
import { capabilitiesFromManifest, peripheralKey } from './os-capabilities.js';
import { StorageService } from './storage.js';
import { normalizeComponentId, type EmulatorErrno, type Syscall, type SyscallResult } from './syscalls.js';

export interface BootOptions {
  faults?: EmulatorFaults;
  /** Programs to load, by component id; apps without one start with an empty program. */
  programs?: Record<string, readonly Syscall[]>;
}

export type BootResult =
  | { ok: true; device: Device }
  | { ok: false; reason: string; problems: AllocationProblem[]; /** Azure Sphere device error of the first conflict. */ deviceError?: number };

/** What the property suite needs from a device; a test double can implement it. */
export interface EmulatedDevice {
  /** 1 after boot; grows only when the whole device reboots. */
  readonly bootCount: number;
  appIds(): string[];
  appState(appId: string): AppState | undefined;
  syscall(appId: string, call: Syscall): SyscallResult;
  restartApp(appId: string): SyscallResult;
  observations(appId: string): readonly Observation[];
  failures(filter?: { kind?: FailureKind; app?: string }): readonly FailureEvent[];
}

export function bootDevice(spec: IsolationSpec, options: BootOptions = {}): BootResult {
  if (!spec.allocation.ok) {
    const problems = spec.allocation.problems;
    const first = problems.find((p) => p.kind !== 'no-core');
    const reasons = problems.map((p) => (p.kind === 'no-core' ? `no real-time core left for ${p.compartments.map((c) => c.name).join(' and ')}` : `${conflictRule(p.kind).deviceErrorName} (${p.claims[0].compartment.name} / ${p.claims[1].compartment.name})`));
    return {
      ok: false,
      reason: `the device refuses to start ${spec.product.name}: ${reasons.join('; ')}`,
      problems,
      ...(first ? { deviceError: conflictRule(first.kind).deviceError } : {}),
    };
  }
  const device = new Device(spec, spec.allocation.allocation, options.faults ?? {});
  for (const [id, program] of Object.entries(options.programs ?? {})) device.load(id, program);
  return { ok: true, device };
}

export class Device implements EmulatedDevice {
  readonly firewall: IoFirewall;
  readonly failureLog = new FailureLog();
  private readonly apps = new Map<string, AppInstance>();
  private readonly storage: StorageService;
  private readonly mailbox: Mailbox;
  private readonly levels = new Map<string, number>();
  private readonly kernel: KernelContext;
  private boots = 1;

  constructor(
    readonly spec: IsolationSpec,
    allocation: Allocation,
    readonly faults: EmulatorFaults = {},
  ) {
    const chip = spec.product.chip;
    this.firewall = programFirewall(chip, allocation, spec.claims, { perPin: faults.firewallPerPin === true });
    const quotas = new Map<string, number>();
    for (const c of spec.compartments) {
      if (!c.manifest || c.kind === 'board-config') continue;
      const core = allocation.coreOf.get(c.id);
      if (core === undefined) throw new Error(`allocation gives ${c.name} no core`);
      const caps = capabilitiesFromManifest(c.manifest);
      this.apps.set(c.id, new AppInstance(c.id, c.name, c.kind, core, caps));
      if (caps.storageQuotaBytes !== undefined) quotas.set(c.id, caps.storageQuotaBytes);
    }
    this.storage = new StorageService(quotas, { sharedReads: faults.sharedStorage === true });
    this.mailbox = new Mailbox({ oneSidedOpens: faults.channelOnOneSidedLink === true });
    this.kernel = {
      chip,
      firewall: this.firewall,
      storage: this.storage,
      mailbox: this.mailbox,
      faults,
      levels: this.levels,
      app: (id) => this.apps.get(id),
      fail: (app, kind, errno, detail) => this.log(kind, app.id, detail, errno),
      crash: (app, reason) => {
        app.state = 'crashed';
        this.log('app-crash', app.id, `${app.name} crashed (${reason}) on ${app.core}`);
        if (this.faults.crashRebootsDevice) this.reboot(`${app.name} crashed`);
      },
      exit: (app, code) => {
        app.state = 'exited';
        if (code !== 0) this.log('app-exit', app.id, `${app.name} exited with code ${code}`);
      },
    };
    for (const app of this.apps.values()) app.start();
  }

  get bootCount(): number {
    return this.boots;
  }

  appIds(): string[] {
    return [...this.apps.keys()];
  }

  app(appId: string): AppInstance | undefined {
    return this.apps.get(normalizeComponentId(appId));
  }

  appState(appId: string): AppState | undefined {
    return this.app(appId)?.state;
  }

  syscall(appId: string, call: Syscall): SyscallResult {
    const app = this.app(appId);
    if (!app) return { ok: false, errno: 'ENOENT' };
    if (!app.running) return app.observe(call, { ok: false, errno: 'ESRCH' });
    return app.observe(call, execute(this.kernel, app, call));
  }

  /** Stops the app if it runs and starts it again from the top of its program; the device keeps running. */
  restartApp(appId: string): SyscallResult {
    const app = this.app(appId);
    if (!app) return { ok: false, errno: 'ENOENT' };
    this.mailbox.clearInbox(app.id);
    app.restarts++;
    app.start();
    return { ok: true };
  }

  /** Reboots the whole device: every app starts again, inboxes and peripheral levels are reset; storage persists. */
  reboot(reason = 'requested'): void {
    this.boots++;
    this.log('device-reboot', '', `device rebooted: ${reason}`);
    this.mailbox.clearAll();
    this.levels.clear();
    for (const app of this.apps.values()) app.start();
  }

  observations(appId: string): readonly Observation[] {
    return this.app(appId)?.observations() ?? [];
  }

  failures(filter?: { kind?: FailureKind; app?: string }): readonly FailureEvent[] {
    return this.failureLog.events(filter);
  }

  /** Current level of a peripheral, as the hardware holds it. */
  level(capability: PeripheralCapability, value: string | number): number {
    return this.levels.get(peripheralKey(capability, value)) ?? 0;
  }

  storageUsed(ownerId: string): number {
    return this.storage.used(normalizeComponentId(ownerId));
  }

  load(appId: string, program: readonly Syscall[]): void {
    const app = this.app(appId);
    if (!app) throw new Error(`no app ${appId} is installed`);
    app.program = program;
    app.pc = 0;
  }

  /** Runs the next syscall of the app's program; undefined when it is stopped or has finished its program. */
  step(appId: string): SyscallResult | undefined {
    const app = this.app(appId);
    if (!app || !app.running || app.pc >= app.program.length) return undefined;
    const call = app.program[app.pc++]!;
    return this.syscall(app.id, call);
  }

  /** Runs every loaded program round-robin (one syscall per app per turn) until none can step; returns the steps run. */
  run(maxSteps = 100_000): number {
    let steps = 0;
    for (;;) {
      let progressed = false;
      for (const id of this.apps.keys()) {
        if (steps >= maxSteps) return steps;
        if (this.step(id) !== undefined) {
          steps++;
          progressed = true;
        }
      }
      if (!progressed) return steps;
    }
  }

  private log(kind: FailureKind, app: string, detail: string, errno?: EmulatorErrno): void {
    this.failureLog.append({ kind, app, detail, boot: this.boots, ...(errno ? { errno } : {}) });
  }
}
