/**
 * The emulated device: an independent second implementation of the product's isolation. Booting a
 * product reads its manifests, the chip's block table and the platform design, not the isolation spec:
 * the application manager (app-manager.ts) gives every app a core and reserves its blocks, the I/O
 * firewall is programmed from those reservations, each app gets an OS capability table built from its
 * manifest, and every app starts. From then on apps make syscalls (directly, or by running a loaded
 * program) and the device answers with its own mechanisms. The spec's decisions are what the
 * differential harness (test/differential/) and the compartmentalization suite check it against.
 */
import type { PeripheralCapability } from '../formats/chips/chip-profile.js';
import type { AppIsolation } from '../model/platform/platform-design.js';
import type { InstalledSoftware } from '../model/product/product.js';
import { AppInstance, type AppState, type Observation } from './app.js';
import { installProduct, type InstalledCompartment, type Installation, type InstallRefusal } from './app-manager.js';
import { directStorageRightsOf, firewallConfigWriteRight, firewallProgrammerOf, memoryRightsOf, ownNetworkOf, storageServiceOf, systemSecretsOf, type MemoryRights, type StorageGate } from './design-rights.js';
import type { EmulatorFaults } from './faults.js';
import { FailureLog, type FailureEvent, type FailureKind } from './failure-log.js';
import { programFirewall, type IoFirewall } from './firewall.js';
import { deviceIsolation } from './device-isolation.js';
import { IoWindows } from './io-windows.js';
import { execute, type KernelContext } from './kernel.js';
import { Mailbox } from './mailbox.js';
import { capabilitiesFromManifest, peripheralKey, type OsCapabilities } from './os-capabilities.js';
import { StorageService } from './storage.js';
import { normalizeComponentId, type EmulatorErrno, type Syscall, type SyscallResult } from './syscalls.js';

export interface BootOptions {
  faults?: EmulatorFaults;
  /** Programs to load, by component id; apps without one start with an empty program. */
  programs?: Record<string, readonly Syscall[]>;
  /**
   * The chip's block index, built once by a caller that boots the same product many times (a property
   * suite boots thousands of devices; building the index was a quarter of a boot). It must be the
   * index of this product's chip; the device only reads it.
   */
  windows?: IoWindows;
  /**
   * The product prepared once (prepareBoot) by a caller that boots it many times: the application
   * manager's installation and each app's tables are a pure function of the product and the chip's
   * block index, and were most of a boot. It must have been prepared from this very product object.
   */
  prepared?: PreparedBoot;
}

/**
 * What booting a product computes from the product alone, before any device state exists: the
 * application manager's installation (compartments, block reservations, refusals), each app's OS
 * capability table and firewall-config right, and the platform's isolation rules. Every device booted
 * from it only reads it: the firewall copies the reservations into its own table, and the capability
 * tables and isolation rules are never written. The product must not be changed after preparing it.
 */
export interface PreparedBoot {
  readonly product: InstalledSoftware;
  readonly windows: IoWindows;
  readonly installation: Installation;
  readonly apps: readonly PreparedApp[];
  readonly isolation: AppIsolation;
  /** The component that programs the I/O firewall at boot; undefined when none may (it stays open). */
  readonly firewallProgrammer: string | undefined;
  /** What the flash controller lets the OS's storage service do to the apps' storage. */
  readonly storageService: StorageGate;
}

interface PreparedApp {
  readonly compartment: InstalledCompartment;
  readonly caps: OsCapabilities;
  readonly firewallConfigRight: string | undefined;
  /** What the flash controller lets the app's own component do to the apps' storage. */
  readonly storageRights: StorageGate;
  /** What the bus lets the app's own component do to the design's memory regions. */
  readonly memoryRights: MemoryRights;
  /** The design marks the app's component network-facing (a network of its own). */
  readonly ownNetwork: boolean;
}

/** Prepares `product` for booting (PreparedBoot); `windows` must be the index of the product's chip. */
export function prepareBoot(product: InstalledSoftware, windows: IoWindows = IoWindows.of(product.chip)): PreparedBoot {
  if (windows.chip !== product.chip) throw new Error(`the I/O block index given to boot ${product.name} was built for chip ${windows.chip.id}, not for the product's chip ${product.chip.id}`);
  const installation = installProduct(product, windows);
  const apps = installation.compartments
    .filter((c) => c.manifest && c.kind !== 'board-config')
    .map((c) => ({
      compartment: c,
      caps: capabilitiesFromManifest(c.manifest!),
      firewallConfigRight: firewallConfigWriteRight(product.platform, c.component),
      storageRights: directStorageRightsOf(product.platform, c.component),
      memoryRights: memoryRightsOf(product.platform, c.component),
      ownNetwork: ownNetworkOf(product.platform, c.component),
    }));
  return { product, windows, installation, apps, isolation: deviceIsolation(product.platform), firewallProgrammer: firewallProgrammerOf(product.platform), storageService: storageServiceOf(product.platform) };
}

export type BootResult =
  | { ok: true; device: Device }
  | { ok: false; reason: string; refusals: InstallRefusal[]; /** Azure Sphere device error of the first refused request that has one. */ deviceError?: number };

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

/** Boots the product: the device refuses to start it when the application manager refuses any request. */
export function bootDevice(product: InstalledSoftware, options: BootOptions = {}): BootResult {
  const prepared = options.prepared ?? prepareBoot(product, options.windows);
  if (prepared.product !== product) throw new Error(`the prepared boot given to boot ${product.name} was prepared from another product (${prepared.product.name})`);
  if (options.windows && options.windows !== prepared.windows) throw new Error(`the I/O block index given to boot ${product.name} is not the one its prepared boot was made with`);
  const { installation } = prepared;
  if (installation.refusals.length > 0) {
    const first = installation.refusals.find((r) => r.deviceError !== undefined);
    return {
      ok: false,
      reason: `the device refuses to start ${product.name}: ${installation.refusals.map((r) => `${r.errorName} (${r.detail})`).join('; ')}`,
      refusals: installation.refusals,
      ...(first?.deviceError !== undefined ? { deviceError: first.deviceError } : {}),
    };
  }
  const device = new Device(prepared, options.faults ?? {});
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
  /** What each memory region of the design holds (by asset id): the system's secrets from boot, the rest empty until written. */
  private readonly memory: Map<string, string>;
  private readonly kernel: KernelContext;
  private boots = 1;

  readonly product: InstalledSoftware;

  constructor(
    prepared: PreparedBoot,
    readonly faults: EmulatorFaults = {},
  ) {
    const { product, windows, installation, isolation } = prepared;
    this.product = product;
    // The running system has put its secrets where the design lets it write them before any app starts.
    this.memory = systemSecretsOf(product.platform);
    // The firewall is programmed at boot through the bus, by a component the design lets write its configuration.
    this.firewall = programFirewall(windows, installation.blocks, { perPin: faults.firewallPerPin === true, unprogrammed: prepared.firewallProgrammer === undefined });
    const quotas = new Map<string, number>();
    const direct = new Map<string, StorageGate>();
    for (const { compartment: c, caps, firewallConfigRight, storageRights, memoryRights, ownNetwork } of prepared.apps) {
      this.apps.set(c.id, new AppInstance(c.id, c.name, c.kind as AppInstance['kind'], c.core, caps, firewallConfigRight, memoryRights, ownNetwork));
      if (caps.storageQuotaBytes !== undefined) quotas.set(c.id, caps.storageQuotaBytes);
      direct.set(c.id, storageRights);
    }
    // The flash controller under the storage service: the design's access rules on its storage assets.
    this.storage = new StorageService(quotas, { shared: isolation.storage === 'shared', sharedReads: faults.sharedStorage === true, service: prepared.storageService, direct });
    this.mailbox = new Mailbox(isolation.appConnections, { oneSidedOpens: faults.channelOnOneSidedLink === true });
    this.kernel = {
      chipId: product.chip.id,
      windows,
      isolation,
      firewall: this.firewall,
      storage: this.storage,
      mailbox: this.mailbox,
      faults,
      levels: this.levels,
      memory: this.memory,
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
    this.failureLog.append(errno ? { kind, app, detail, boot: this.boots, errno } : { kind, app, detail, boot: this.boots });
  }
}
