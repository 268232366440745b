/**
 * The I/O firewall: a hardware table that gives each I/O block to one core. It is programmed at
 * boot from the application manager's reservations (app-manager.ts: block → core); blocks nobody
 * reserved are closed to every core. Every peripheral access of every core goes through it, including
 * the real-time cores, which have no OS above them. Its configuration register can be rewritten later
 * (`configure`) by a component the platform design lets write it (design-rights.ts): the kernel
 * checks that right before it writes.
 *
 * With the `firewallPerPin` fault the installer programs one entry per reserved pin instead (see
 * faults.ts): entries it never programs stay at the reset state, open to every core.
 */
import type { PeripheralCapability } from '../formats/chips/chip-profile.js';
import type { BlockReservation } from './app-manager.js';
import type { IoWindows } from './io-windows.js';

export interface FirewallVerdict {
  granted: boolean;
  /** The block the peripheral sits behind, when any window covers it. */
  block?: string;
  /** The core the entry names, or 'closed' / 'open' for an entry that names none. */
  owner: string;
  detail: string;
}

export interface IoFirewall {
  readonly mode: 'per-block' | 'per-pin';
  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict;
  /** Writes the configuration register: from now on `block` belongs to `core`. */
  configure(block: string, core: string): void;
  /** The programmed entries (block id, or "GPIO n" / "<block> function" in per-pin mode) → core. */
  entries(): ReadonlyMap<string, string>;
}

/**
 * Programs the firewall for a started product from the block reservations. `unprogrammed`: no component may
 * write its configuration (design-rights.ts firewallProgrammerOf), so no entry is programmed at boot and
 * every block stays at the reset state, open to every core, until a later write moves it.
 */
export function programFirewall(windows: IoWindows, reservations: ReadonlyMap<string, BlockReservation>, options: { perPin?: boolean; unprogrammed?: boolean } = {}): IoFirewall {
  if (options.unprogrammed) return new BlockFirewall(windows, new Map(), 'open');
  return options.perPin ? new PerPinFirewall(windows, reservations) : new BlockFirewall(windows, reservations);
}

class BlockFirewall implements IoFirewall {
  readonly mode = 'per-block' as const;
  private readonly table = new Map<string, string>();

  constructor(
    private readonly windows: IoWindows,
    reservations: ReadonlyMap<string, BlockReservation>,
    /** What an entry nobody programmed does: closed once the installer programmed the table, open at the reset state. */
    private readonly unset: 'closed' | 'open' = 'closed',
  ) {
    for (const [block, reservation] of reservations) this.table.set(block, reservation.core);
  }

  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict {
    const window = this.windows.windowOf(capability, value);
    if (!window) return { granted: false, owner: 'closed', detail: `${capability} ${value} is behind no firewall window` };
    const owner = this.table.get(window.block);
    if (owner === undefined && this.unset === 'open') return { granted: true, block: window.block, owner: 'open', detail: `block ${window.block} was never programmed (reset state: open)` };
    if (owner === undefined) return { granted: false, block: window.block, owner: 'closed', detail: `block ${window.block} is closed to every core` };
    if (owner !== core) return { granted: false, block: window.block, owner, detail: `block ${window.block} belongs to ${owner}, not ${core}` };
    return { granted: true, block: window.block, owner, detail: `block ${window.block} belongs to ${core}` };
  }

  configure(block: string, core: string): void {
    this.table.set(block, core);
  }

  entries(): ReadonlyMap<string, string> {
    return this.table;
  }
}

/** The faulty installer: one entry per reserved pin; unprogrammed entries fail open. */
class PerPinFirewall implements IoFirewall {
  readonly mode = 'per-pin' as const;
  private readonly table = new Map<string, string>();

  constructor(
    private readonly windows: IoWindows,
    reservations: ReadonlyMap<string, BlockReservation>,
  ) {
    for (const [block, reservation] of reservations) {
      for (const gpio of reservation.pins.keys()) this.table.set(pinKey(gpio), reservation.core);
      if (reservation.fn) this.configure(block, reservation.core);
    }
  }

  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict {
    const window = this.windows.windowOf(capability, value);
    if (!window) return { granted: false, owner: 'closed', detail: `${capability} ${value} is behind no firewall window` };
    const key = window.use === 'pin' ? pinKey(Number(value)) : functionKey(window.block);
    const owner = this.table.get(key);
    if (owner === undefined) return { granted: true, block: window.block, owner: 'open', detail: `${key} was never programmed (reset state: open)` };
    if (owner !== core) return { granted: false, block: window.block, owner, detail: `${key} belongs to ${owner}, not ${core}` };
    return { granted: true, block: window.block, owner, detail: `${key} belongs to ${core}` };
  }

  configure(block: string, core: string): void {
    this.table.set(functionKey(block), core);
    for (const gpio of this.windows.pinsOf(block)) this.table.set(pinKey(gpio), core);
  }

  entries(): ReadonlyMap<string, string> {
    return this.table;
  }
}

const pinKey = (gpio: number) => `GPIO ${gpio}`;
const functionKey = (block: string) => `${block} function`;
