/**
 * Who may read and write the apps' mutable storage, from the platform design's access rules. An asset of kind
 * "storage" holds the apps' storage (the built-in design's app-mutable-storage: every app's, in one flash region);
 * the design's assets name no owner, so a right on it is a right on every app's storage kept there.
 *
 * Two paths lead an app to a storage, and each decides with the rule that governs that path:
 *  - through the OS's storage service (Azure Sphere's MutableStorage, "persistent per-app flash storage",
 *    azure-sphere-facts §1.3: the app asks the OS, which touches the flash for it). The service is a component of
 *    the running system (immutable, or a boot stage) that is not an app slot. It can only do what the access rules
 *    let it do to the storage asset, and it lets an app open only what appIsolation.storage allows. So on this path
 *    the stricter of the two wins: a design whose OS may read but not write the storage gives apps read-only
 *    storage, even their own (availability, not isolation, is lost: such a design never reads "holds" wrongly).
 *  - directly, as the design component (app slot) the app runs as: a slot the access rules give a right on a
 *    storage asset touches every app's storage there, and the OS's per-app check is not on that path. So the
 *    broader one wins: appIsolation "per-app" does not confine an app whose own component may read the flash
 *    region that holds the others' storage (as an app that may write the I/O firewall configuration is not
 *    confined by the firewall, firewall-config-writers.ts). A grant to a real-time slot counts as well, though
 *    the MT3620's M4 cores cannot use flash (§2.1): the design states the hardware, and a grant it states is
 *    reach for "cannot reach" proofs.
 * A design with no storage asset says nothing about who touches the storage: the OS service serves it as
 * appIsolation says (Azure Sphere's behaviour), as does a product with no platform design.
 *
 * The emulator reads the same rules on its own (emulator/design-rights.ts storageServiceOf and
 * directStorageRightsOf); test/differential/isolation-harness.ts holds the two together.
 */
import { reachRules } from '../platform/bus-masters.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { isAppSlot } from '../product/instantiate.js';

export type StorageOp = 'read' | 'write';

/** A component and the storage asset it holds the right on. */
export interface StorageHolder {
  component: string;
  asset: string;
  /** The bus master (busMasters[].id) the component programs that holds the right, when its own rules do not. */
  busMaster?: string;
}

/** The OS storage service's rights: per operation, the component that holds it, or undefined when none does. */
export type StorageService = 'azure-sphere-default' | Record<StorageOp, StorageHolder | undefined>;

function storageAssets(design: PlatformDesign): Set<string> {
  return new Set(design.assets.filter((a) => a.kind === 'storage').map((a) => a.id));
}

/** What the OS storage service may do to the apps' storage; Azure Sphere's (everything) when the design has no storage asset. */
export function storageService(design: PlatformDesign | undefined): StorageService {
  if (!design) return 'azure-sphere-default';
  const assets = storageAssets(design);
  if (assets.size === 0) return 'azure-sphere-default';
  const running = new Set([...design.components.filter((c) => !c.mutable).map((c) => c.id), ...design.boot.map((s) => s.image)]);
  const service = new Set(design.components.filter((c) => running.has(c.id) && !isAppSlot(c)).map((c) => c.id));
  const holder = (op: StorageOp): StorageHolder | undefined => {
    const rule = reachRules(design).find((r) => service.has(r.component) && assets.has(r.asset) && r.rights.includes(op));
    return rule ? { component: rule.component, asset: rule.asset } : undefined;
  };
  return { read: holder('read'), write: holder('write') };
}

/**
 * The storage asset the app slot `slot` may touch directly with `op`, or undefined (no slot, or no such right). Its
 * own rules or a bus master it programs (model/platform/bus-masters.ts reachRules): a DMA engine the I/O firewall lets
 * read the storage region reads every app's storage for the app. Before (s38-proofs case c01) only the slot's own rules
 * counted, so a real-time app whose engine read the flash region held storage isolation, and the reach proofs
 * (proofs/access-graph.ts, from accessEdges) proved it could not reach another app's storage.
 */
export function directStorageRight(design: PlatformDesign | undefined, slot: string | undefined, op: StorageOp): StorageHolder | undefined {
  if (!design || slot === undefined) return undefined;
  const assets = storageAssets(design);
  const rule = reachRules(design).find((r) => r.component === slot && assets.has(r.asset) && r.rights.includes(op));
  return rule ? { component: slot, asset: rule.asset, ...(rule.busMaster ? { busMaster: rule.busMaster } : {}) } : undefined;
}
