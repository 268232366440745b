/**
 * The hardware's reading of the platform design's access rules: the bus in front of the I/O firewall
 * configuration register lets a component write it only when the design gives that component the
 * write right on an asset of kind "firewall-config", and the flash controller in front of the apps'
 * storage region lets a component read or write it only with that right on an asset of kind "storage".
 * An app runs as the design component (app slot) it fills; an app that fills none has no right.
 *
 * Second reading, on purpose: it mirrors the spec's firewallConfigWriters (model/isolation/firewall-config-writers.ts) without
 * calling it; test/differential/isolation-harness.ts holds the two together (every app's firewall-config
 * write is decided the same way by both).
 */
import type { PlatformAsset, PlatformDesign } from '../model/platform/platform-design.js';
import { APP_IMAGE_TYPE } from '../model/product/instantiate.js';
import { DmaEngines } from './boot/dma-engines.js';

/** What the bus lets a component do to each memory region of the design, by asset id. */
export type MemoryRights = ReadonlyMap<string, ReadonlySet<'read' | 'write'>>;

/**
 * What the bus in front of the SRAM and the I/O registers lets a component do to each memory region the design names,
 * and each register it keeps in the I/O registers (a FIFO between cores): read
 * and write exactly as the design's access rules give that component (a window two cores map, a mailbox buffer).
 * An app runs as its app slot; an app that fills none, or a product with no design, has no right. Second reading, on
 * purpose, of the windows model/platform/data-paths.ts finds between app slots (dataPaths, read by app-confinement.ts):
 * the compartmentalization attacks write one app's bytes into every region and read them back as another app, and
 * test/properties/shared-memory-windows.test.ts holds the two together.
 */
export function memoryRightsOf(design: PlatformDesign | undefined, component: string | undefined): MemoryRights {
  const rights = new Map<string, Set<'read' | 'write'>>();
  if (!design || component === undefined) return rights;
  for (const asset of design.assets) {
    if (!busTarget(asset)) continue;
    for (const rule of design.access) {
      if (rule.component !== component || rule.asset !== asset.id) continue;
      for (const right of rule.rights) if (right === 'read' || right === 'write') rights.set(asset.id, (rights.get(asset.id) ?? new Set()).add(right));
    }
  }
  return rights;
}

/**
 * What the running system keeps in the design's memory regions before any app runs: a secret memory region that a
 * component of the system (one that is no app slot: no "Applications" image) may write holds that component's
 * secret, the text `secret of <component>` (the first such writer in the access list). An app whose component the
 * bus lets read the region reads it. Second reading, on purpose, of the secrets model/platform/app-confinement.ts
 * says an app slot may read (secretsReadByApps); test/properties/shared-memory-windows.test.ts holds the two
 * together, and the isolation spec's own account of the same state (IsolationSpec.memoryAtBoot) meets this one in
 * the differential harness's memory probes.
 */
export function systemSecretsOf(design: PlatformDesign | undefined): Map<string, string> {
  const held = new Map<string, string>();
  if (!design) return held;
  const system = new Set(design.components.filter((c) => c.imageType !== APP_IMAGE_TYPE).map((c) => c.id));
  for (const asset of design.assets) {
    if (!busTarget(asset) || !asset.secret) continue;
    const keeper = design.access.find((r) => r.asset === asset.id && system.has(r.component) && r.rights.includes('write'));
    if (keeper) held.set(asset.id, `secret of ${keeper.component}`);
  }
  return held;
}

/**
 * Whether the component has a network of its own: the design marks it network-facing (it parses network input), so a
 * real-time app running as it reaches the network through its own interface, not through the OS (which gives the M4
 * cores none). Second reading, on purpose, of the spec's networkReach (model/isolation/isolation-spec.ts);
 * test/differential/isolation-harness.ts holds the two together on every connect and listen.
 */
export function ownNetworkOf(design: PlatformDesign | undefined, component: string | undefined): boolean {
  return component !== undefined && design?.components.some((c) => c.id === component && c.networkFacing === true) === true;
}

/** What the bus answers loads and stores to: SRAM (a memory region) and a register in the I/O registers (a hardware FIFO). */
function busTarget(asset: PlatformAsset): boolean {
  return asset.kind === 'memory-region' || (asset.kind === 'register' && asset.location === 'io-registers');
}

/** The firewall-config asset the component may write, or undefined when it may write none. */
export function firewallConfigWriteRight(design: PlatformDesign | undefined, component: string | undefined): string | undefined {
  if (!design || component === undefined) return undefined;
  for (const asset of design.assets) {
    if (asset.kind !== 'firewall-config') continue;
    const granted = design.access.some((rule) => rule.component === component && rule.asset === asset.id && rule.rights.includes('write'));
    // Or a DMA engine it drives, which the firewall lets write the register (boot/dma-engines.ts reads busMasters itself).
    if (granted || new DmaEngines(design).transfer(component, asset.id, 'write').done) return asset.id;
  }
  return undefined;
}

/**
 * The component that programs the I/O firewall at boot (the bus lets it write the configuration register): one of
 * the running system (immutable, or a boot stage) with the write right on a firewall-config asset; undefined when
 * there is none, and the firewall stays at its reset state, open to every core. A product with no platform design
 * gets Azure Sphere's (the Security Monitor programs it). Second reading, on purpose, of the spec's
 * firewallProgrammer (model/isolation/firewall-config-writers.ts); test/differential/isolation-harness.ts holds them together.
 */
export function firewallProgrammerOf(design: PlatformDesign | undefined): string | undefined {
  if (!design) return 'security-monitor';
  const mutable = new Map(design.components.map((c) => [c.id, c.mutable]));
  const booted = new Set(design.boot.map((s) => s.image));
  for (const asset of design.assets) {
    if (asset.kind !== 'firewall-config') continue;
    const rule = design.access.find((r) => r.asset === asset.id && r.rights.includes('write') && (mutable.get(r.component) === false || booted.has(r.component)));
    if (rule) return rule.component;
  }
  return undefined;
}

/** What the flash controller lets a component do to the region of flash that holds the apps' storage. */
export interface StorageGate {
  /** The storage asset a read (a write, which a delete needs too) may touch, or undefined when it may not. */
  read: string | undefined;
  write: string | undefined;
}

/**
 * What the OS's storage service may do to the apps' storage: the flash controller lets it read (write) the storage
 * region only when the design gives a component of the running system (immutable, or a boot stage) that is not an
 * app (an "Applications" image) that right on a storage asset. A design with no storage asset, or no design, is
 * Azure Sphere's: the service may do both (the gate names no asset then, but 'azure-sphere-default'). Second reading, on purpose, of the spec's storageService
 * (model/isolation/storage-rights.ts); test/differential/isolation-harness.ts holds them together.
 */
export function storageServiceOf(design: PlatformDesign | undefined): StorageGate {
  const regions = design?.assets.filter((a) => a.kind === 'storage').map((a) => a.id) ?? [];
  if (!design || regions.length === 0) return { read: 'azure-sphere-default', write: 'azure-sphere-default' };
  const booted = new Set(design.boot.map((s) => s.image));
  const services = new Set(design.components.filter((c) => (c.mutable === false || booted.has(c.id)) && c.imageType !== APP_IMAGE_TYPE).map((c) => c.id));
  const region = (right: 'read' | 'write') => design.access.find((r) => services.has(r.component) && regions.includes(r.asset) && r.rights.includes(right))?.asset;
  return { read: region('read'), write: region('write') };
}

/**
 * What the flash controller lets an app's own component (the app slot it runs as) do to the storage region, with no
 * OS in between: the design's access rules on its storage assets. Second reading, on purpose, of the spec's
 * directStorageRight (model/isolation/storage-rights.ts); test/differential/isolation-harness.ts holds them together.
 */
export function directStorageRightsOf(design: PlatformDesign | undefined, component: string | undefined): StorageGate {
  if (!design || component === undefined) return { read: undefined, write: undefined };
  const regions = new Set(design.assets.filter((a) => a.kind === 'storage').map((a) => a.id));
  const engines = new DmaEngines(design);
  // Or a DMA engine it drives, which the firewall lets touch the region (boot/dma-engines.ts reads busMasters itself).
  const region = (right: 'read' | 'write') =>
    design.access.find((r) => r.component === component && regions.has(r.asset) && r.rights.includes(right))?.asset ?? [...regions].find((asset) => engines.transfer(component, asset, right).done);
  return { read: region('read'), write: region('write') };
}
