/**
 * The I/O firewall: a hardware table that gives each I/O block to one core. It is programmed once,
 * at boot, from the allocation (block id → core); blocks the allocation leaves unassigned are
 * closed to every core. Every peripheral access of every core goes through it, including the
 * real-time cores, which have no OS above them.
 *
 * With the `firewallPerPin` fault the installer programs one entry per claimed pin instead (see
 * faults.ts): entries it never programs stay at the reset state, open to every core.
 */
import { blockOfPeripheral, type ChipProfile, type IoBlock, type PeripheralCapability } from '../model/chips/chip-profile.js';
import type { Allocation } from '../model/isolation/allocation.js';
import type { PeripheralClaim } from '../model/isolation/claims.js';

export interface FirewallVerdict {
  granted: boolean;
  block?: IoBlock;
  /** The core the entry names, or 'closed' / 'open' for an entry that names none. */
  owner: string;
  detail: string;
}

export interface IoFirewall {
  readonly mode: 'per-block' | 'per-pin';
  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict;
  /** The programmed entries (block id, or "GPIO n" / "<block> function" in per-pin mode) → core. */
  entries(): ReadonlyMap<string, string>;
}

/** Programs the firewall for a started product. `claims` is only read by the faulty per-pin installer. */
export function programFirewall(chip: ChipProfile, allocation: Allocation, claims: readonly PeripheralClaim[], options: { perPin?: boolean } = {}): IoFirewall {
  return options.perPin ? new PerPinFirewall(chip, allocation, claims) : new BlockFirewall(chip, allocation);
}

class BlockFirewall implements IoFirewall {
  readonly mode = 'per-block' as const;
  private readonly table = new Map<string, string>();

  constructor(
    private readonly chip: ChipProfile,
    allocation: Allocation,
  ) {
    for (const block of chip.blocks) {
      const core = allocation.blockOwner.get(block.id);
      if (core !== undefined) this.table.set(block.id, core);
    }
  }

  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict {
    const block = blockOfPeripheral(this.chip, capability, value);
    if (!block) return { granted: false, owner: 'closed', detail: `${capability} ${value} is behind no firewall window` };
    const owner = this.table.get(block.id);
    if (owner === undefined) return { granted: false, block, owner: 'closed', detail: `block ${block.id} is closed to every core` };
    if (owner !== core) return { granted: false, block, owner, detail: `block ${block.id} belongs to ${owner}, not ${core}` };
    return { granted: true, block, owner, detail: `block ${block.id} belongs to ${core}` };
  }

  entries(): ReadonlyMap<string, string> {
    return this.table;
  }
}

/** The faulty installer: one entry per claimed pin; unprogrammed entries fail open. */
class PerPinFirewall implements IoFirewall {
  readonly mode = 'per-pin' as const;
  private readonly table = new Map<string, string>();

  constructor(
    private readonly chip: ChipProfile,
    allocation: Allocation,
    claims: readonly PeripheralClaim[],
  ) {
    for (const claim of claims) {
      const core = allocation.coreOf.get(claim.compartment.id);
      if (core === undefined) continue;
      if (claim.usage === 'pin') this.table.set(pinKey(Number(claim.value)), core);
      else {
        this.table.set(functionKey(claim.block.id), core);
        for (const gpio of claim.block.gpios) this.table.set(pinKey(gpio), core);
      }
    }
  }

  access(core: string, capability: PeripheralCapability, value: string | number): FirewallVerdict {
    const block = blockOfPeripheral(this.chip, capability, value);
    if (!block) return { granted: false, owner: 'closed', detail: `${capability} ${value} is behind no firewall window` };
    const key = capability === 'Gpio' ? pinKey(Number(value)) : functionKey(block.id);
    const owner = this.table.get(key);
    if (owner === undefined) return { granted: true, block, owner: 'open', detail: `${key} was never programmed (reset state: open)` };
    if (owner !== core) return { granted: false, block, owner, detail: `${key} belongs to ${owner}, not ${core}` };
    return { granted: true, block, owner, detail: `${key} belongs to ${core}` };
  }

  entries(): ReadonlyMap<string, string> {
    return this.table;
  }
}

const pinKey = (gpio: number) => `GPIO ${gpio}`;
const functionKey = (block: string) => `${block} function`;
