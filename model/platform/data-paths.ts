/**
 * Data one component may write and another may read: a mailbox buffer in SRAM that a real-time core fills and the
 * Security Monitor takes commands from, a shared SRAM window between two cores, a region of flash one service writes
 * and another parses, a hardware mailbox FIFO in the chip's I/O registers. The design states each as two access rules
 * on one asset that carries messages: a `memory-region`, a `storage`, a `failure-log` (records its writers append and
 * its reader parses to upload them: before s35 it was left out, and an app that may write the log the Security Monitor
 * reads reached it at no exploit), or a `register` kept in `io-registers` (the
 * MT3620's inter-core mailboxes are FIFOs there, facts §1.4's inter-core messages). Counters and key hashes are
 * compared, not parsed, and so is a register kept elsewhere (a measurement register in Pluton is extended and
 * quoted); a key store or a firewall configuration written at all already decides trust (tcb.ts). Whoever holds the writer writes what the
 * reader parses, so the reader takes the writer's input, as a flash reader takes the flash writer's
 * (attack-surface.ts) and a kernel an app's requests (app-interfaces.ts). Code a component executes is another rule
 * (attack-graph.ts: the writer holds the runner outright, no exploit needed).
 *
 * Read by attack-graph.ts (defense-in-depth.derived-exploitability: the reader is one exploit from the writer), by
 * crash-containment.ts (a crash of the reader on an app's input), and by app-confinement.ts
 * (compartmentalization.hardware-barriers: two app slots sharing an asset pass data outside the inter-core mailbox,
 * which is where AllowedApplicationConnections is checked; there any kind counts, `anyKind`, since a counter or a key
 * hash one app sets and another reads carries bits between them as well as a window does). The second readings are
 * test/differential/attack-reach.ts (its own reading of the access list) and the emulated device's bus
 * (emulator/design-rights.ts memoryRightsOf, the memory-read and memory-write syscalls), which the compartmentalization
 * attacks use to send one app's bytes to another.
 */
import { reachRules } from './bus-masters.js';
import type { AssetKind, PlatformAsset, PlatformDesign } from './platform-design.js';

/** The asset kinds that carry data one component writes for another to parse, wherever they are kept. */
export const MESSAGE_KINDS: ReadonlySet<AssetKind> = new Set<AssetKind>(['memory-region', 'storage', 'failure-log']);

/** Whether the asset carries data one component writes for another to parse: a message kind, or a register in I/O registers. */
export function carriesMessages(asset: Pick<PlatformAsset, 'kind' | 'location'>): boolean {
  return MESSAGE_KINDS.has(asset.kind) || (asset.kind === 'register' && asset.location === 'io-registers');
}

export interface DataPath {
  writer: string;
  reader: string;
  asset: string;
  /** Index in reachRules(design) of the writer's rule (reachPointer gives the evidence's pointer: /access/i or a bus master's reach). */
  writeRule: number;
  /** Index in reachRules(design) of the reader's rule. */
  readRule: number;
}

/**
 * Whether apps reach the asset over the bus with loads and stores (the memory-read and memory-write syscalls): a memory
 * region, or a register in the I/O registers (a FIFO). Storage is reached through the flash controller instead.
 */
export function onTheBus(asset: Pick<PlatformAsset, 'kind' | 'location'>): boolean {
  return asset.kind === 'memory-region' || (asset.kind === 'register' && asset.location === 'io-registers');
}

/**
 * Every (writer, reader) pair of distinct components over one message-carrying asset (`anyKind`: over any asset), in
 * the order of the effective access (the design's rules, then its bus masters' reach).
 */
export function dataPaths(design: Pick<PlatformDesign, 'assets' | 'access' | 'busMasters'>, { anyKind = false } = {}): DataPath[] {
  const carries = new Set(design.assets.filter((a) => anyKind || carriesMessages(a)).map((a) => a.id));
  const found: DataPath[] = [];
  // The effective access (bus-masters.ts): a mailbox an app's DMA engine fills is the app's input to its reader.
  const reach = reachRules(design);
  reach.forEach((w, writeRule) => {
    if (!carries.has(w.asset) || !w.rights.includes('write')) return;
    reach.forEach((r, readRule) => {
      if (r.asset !== w.asset || r.component === w.component || !r.rights.includes('read')) return;
      if (found.some((p) => p.writer === w.component && p.reader === r.component && p.asset === w.asset)) return;
      found.push({ writer: w.component, reader: r.component, asset: w.asset, writeRule, readRule });
    });
  });
  return found;
}
