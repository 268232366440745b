/**
 * One installed app: its core, its OS capability table, its lifecycle and what it has observed.
 */
import type { AppKind } from '../formats/manifest/app-manifest.js';
import type { MemoryRights } from './design-rights.js';
import type { OsCapabilities } from './os-capabilities.js';
import type { Syscall, SyscallResult } from './syscalls.js';

export type AppState = 'running' | 'crashed' | 'exited';

/** One syscall as the app saw it: what it asked and what came back (data received included). */
export interface Observation {
  /** Index in the app's own trace (never a device-wide number, which other apps would influence). */
  step: number;
  call: Syscall;
  result: SyscallResult;
}

export class AppInstance {
  state: AppState = 'running';
  restarts = 0;
  program: readonly Syscall[] = [];
  pc = 0;
  private nextFd = 3;
  private readonly trace: Observation[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly kind: AppKind,
    readonly core: string,
    readonly caps: OsCapabilities,
    /** The firewall-config asset the design lets this app's component write (design-rights.ts), if any. */
    readonly firewallConfigRight?: string,
    /** What the bus lets this app's component do to each memory region of the design (design-rights.ts memoryRightsOf). */
    readonly memoryRights: MemoryRights = new Map(),
    /** The design marks this app's component network-facing: a network of its own, past no OS firewall (design-rights.ts ownNetworkOf). */
    readonly ownNetwork = false,
  ) {}

  get running(): boolean {
    return this.state === 'running';
  }

  allocateFd(): number {
    return this.nextFd++;
  }

  observe(call: Syscall, result: SyscallResult): SyscallResult {
    this.trace.push({ step: this.trace.length, call, result });
    return result;
  }

  observations(): readonly Observation[] {
    return this.trace;
  }

  /** Starts (or starts again) from the top of its program, with no open descriptors. */
  start(): void {
    this.state = 'running';
    this.pc = 0;
    this.nextFd = 3;
  }
}
