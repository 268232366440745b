/**
 * Data one component may write and another may read: a mailbox buffer in SRAM that a real-time core fills and the
 * Security Monitor takes commands from, a shared SRAM window between two cores, a region of flash one service writes
 * and another parses. The design states each as two access rules on one asset (a `memory-region` or a `storage`: the
 * kinds that carry messages; counters, key hashes and registers are compared, not parsed, and a key store or a
 * firewall configuration written at all already decides trust, tcb.ts). Whoever holds the writer writes what the
 * reader parses, so the reader takes the writer's input, as a flash reader takes the flash writer's
 * (attack-surface.ts) and a kernel an app's requests (app-interfaces.ts). Code a component executes is another rule
 * (attack-graph.ts: the writer holds the runner outright, no exploit needed).
 *
 * Read by attack-graph.ts (defense-in-depth.derived-exploitability: the reader is one exploit from the writer) and by
 * app-confinement.ts (compartmentalization.hardware-barriers: two app slots sharing such a window pass data outside
 * the inter-core mailbox, which is where AllowedApplicationConnections is checked). The second readings are
 * test/differential/attack-reach.ts (its own reading of the access list) and the emulated device's bus
 * (emulator/design-rights.ts memoryRightsOf, the memory-read and memory-write syscalls), which the compartmentalization
 * attacks use to send one app's bytes to another.
 */
import type { AssetKind, PlatformDesign } from './platform-design.js';

/** The asset kinds that carry data one component writes for another to parse. */
export const MESSAGE_KINDS: ReadonlySet<AssetKind> = new Set<AssetKind>(['memory-region', 'storage']);

export interface DataPath {
  writer: string;
  reader: string;
  asset: string;
  /** Index in design.access of the writer's rule (for the evidence's pointer). */
  writeRule: number;
  /** Index in design.access of the reader's rule. */
  readRule: number;
}

/** Every (writer, reader) pair of distinct components over one message-carrying asset, in the access list's order. */
export function dataPaths(design: Pick<PlatformDesign, 'assets' | 'access'>): DataPath[] {
  const carries = new Set(design.assets.filter((a) => MESSAGE_KINDS.has(a.kind)).map((a) => a.id));
  const found: DataPath[] = [];
  design.access.forEach((w, writeRule) => {
    if (!carries.has(w.asset) || !w.rights.includes('write')) return;
    design.access.forEach((r, readRule) => {
      if (r.asset !== w.asset || r.component === w.component || !r.rights.includes('read')) return;
      if (found.some((p) => p.writer === w.component && p.reader === r.component && p.asset === w.asset)) return;
      found.push({ writer: w.component, reader: r.component, asset: w.asset, writeRule, readRule });
    });
  });
  return found;
}
