/**
 * The isolation spec of a product: who may touch what once the device has started it. Every edge the Z3
 * reachability encoding uses comes from here, and the emulator (emulator/), an independent second reading
 * of the same design and manifests, is held against these decisions by the differential harness
 * (test/differential/) and by the compartmentalization property suite.
 *
 * Barriers (azure-sphere-facts §1.3, §1.4, §2.1, §9 checks 14-21), each as the platform design states it
 * (PlatformDesign.appIsolation, Azure Sphere's behaviour when the design is silent):
 *  - peripherals: the I/O firewall gives each claimed block to one core; a high-level app also
 *    passes the OS check that it declared the peripheral. Real-time apps have no OS above them: the
 *    firewall is their only barrier, so they may touch anything in the blocks their core owns. An app
 *    the design lets write the firewall configuration can move blocks (firewall-config-writers.ts).
 *  - inter-core channels: open when both apps list each other in AllowedApplicationConnections
 *    (appConnections).
 *  - network: outbound only to AllowedConnections hosts (and to every host a listed DNS-SD service name
 *    discovers), listening only on declared server ports
 *    (networkFirewall); real-time apps have no network (realTimeNetwork).
 *  - storage: each high-level app's mutable storage is its own (storage), SizeKB × 1024 bytes; real-time
 *    apps have none (they cannot use flash, §2.1): they reach another app's only on a design that shares it.
 *    The OS serves it only as far as the access rules let it touch the storage asset, and an app whose own
 *    component the access rules give a right on that asset reaches every app's storage (storage-rights.ts).
 * Errno values follow the Applibs documentation where it names one (EACCES for an undeclared GPIO);
 * the others are our reading and are kept in one place here.
 */
import { blockOfPeripheral, isChipPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { appIsolationOf, type AppIsolation } from '../platform/platform-design.js';
import { unstatedAppIsolation, type UnstatedIsolationField } from '../platform/app-isolation-stated.js';
import type { InstalledSoftware } from '../product/product.js';
import { isAppSlot } from '../product/instantiate.js';
import { onTheBus } from '../platform/data-paths.js';
import { allocate, type AllocationResult } from './allocation.js';
import { compartmentsOf, type Compartment } from './apps.js';
import { claimsOf, type PeripheralClaim } from './claims.js';
import { firewallConfigWriters, firewallProgrammer, type FirewallConfigWriter, type FirewallProgrammer } from './firewall-config-writers.js';
import { directStorageRight, storageService, type StorageOp, type StorageService } from './storage-rights.js';
import { reachRules } from '../platform/bus-masters.js';

export type Errno = 'EACCES' | 'ENODEV' | 'ENOENT' | 'ECONNREFUSED';

export type Decision =
  | { allowed: true; rule: string }
  | { allowed: false; rule: string; errno: Errno; barrier: 'io-firewall' | 'os-capability' | 'app-firewall' | 'channel' | 'storage' | 'firewall-config' | 'memory' | 'no-such-resource' };

export interface OneSidedLink {
  from: Compartment;
  to: string;
  toName?: string;
  file: string;
  pointer: string;
}

export type Resource =
  | { kind: 'peripheral'; capability: PeripheralCapability; value: string | number }
  | { kind: 'app'; id: string }
  /** host ANY_HOST: every host (an app no network firewall holds). */
  | { kind: 'host'; host: string }
  /** port ANY_PORT: every port of the protocol. */
  | { kind: 'port'; protocol: 'tcp' | 'udp'; port: number }
  | { kind: 'storage'; owner: string };

/**
 * The host node of an app that may connect anywhere (a design with no per-app firewall). A value no
 * AllowedConnections entry is: it was "*", and a manifest listing "*" was then taken for a design without a
 * firewall (certificate-authentication blamed the platform and claimed every port open) while connectAccess
 * read the same entry as a host literally named "*".
 */
export const ANY_HOST = '\u0000any host';
/** The port node of an app that may listen on any port (0 is no port an app can declare). */
export const ANY_PORT = 0;

/** What an app's network reaches: nothing, its declared hosts and ports, or everything. */
type NetworkReach = { reach: 'none' | 'declared' | 'any'; rule: string };

export interface AccessEdge {
  from: string;
  to: Resource;
  /** Why the edge exists, for witnesses ("declares Gpio 8; block GPIO-2 is on A7"). */
  because: string;
  /**
   * The app (compartment id) whose write to the I/O firewall configuration the edge needs: the peripheral is reached
   * only once that app moves its block to this app's core. Reachability keeps the edge (sound for "cannot reach");
   * the attack graph does not take it as this app's own (it costs whatever taking the mover costs).
   */
  movedBy?: string;
}

export function resourceKey(r: Resource): string {
  switch (r.kind) {
    case 'peripheral':
      return `peripheral:${r.capability}:${r.value}`;
    case 'app':
      return `app:${r.id}`;
    case 'host':
      return `host:${r.host.toLowerCase()}`;
    case 'port':
      return `port:${r.protocol}:${r.port}`;
    case 'storage':
      return `storage:${r.owner}`;
  }
}

const allow = (rule: string): Decision => ({ allowed: true, rule });
const deny = (errno: Errno, barrier: Extract<Decision, { allowed: false }>['barrier'], rule: string): Decision => ({ allowed: false, errno, barrier, rule });

export class IsolationSpec {
  readonly compartments: Compartment[];
  readonly claims: PeripheralClaim[];
  readonly allocation: AllocationResult;
  /** The design's app isolation (Azure Sphere's behaviour where the design is silent). */
  readonly isolation: AppIsolation;
  /**
   * Fields of `isolation` the design leaves out on a platform whose OS is not Azure Sphere's
   * (model/platform/app-isolation-stated.ts): their value above is a placeholder, and a verdict that reads one is unknown.
   */
  readonly unstated: readonly UnstatedIsolationField[];
  /** Apps the design lets write the I/O firewall configuration, by compartment id. */
  readonly firewallWriters: ReadonlyMap<string, FirewallConfigWriter>;
  /** Who programs the I/O firewall at boot; undefined when no component of the running system may (it stays open). */
  readonly firewallProgrammer: FirewallProgrammer | undefined;
  /** What the OS storage service may do to the apps' storage (the access rules on the design's storage assets). */
  readonly storageService: StorageService;
  readonly oneSidedLinks: OneSidedLink[] = [];

  constructor(readonly product: InstalledSoftware) {
    this.compartments = compartmentsOf(product);
    this.claims = claimsOf(product, this.compartments);
    this.allocation = allocate(product.chip, this.compartments, this.claims);
    this.isolation = appIsolationOf(product.platform);
    this.unstated = unstatedAppIsolation(product.platform);
    this.firewallWriters = firewallConfigWriters(product.platform, this.compartments);
    this.firewallProgrammer = firewallProgrammer(product.platform);
    this.storageService = storageService(product.platform);
    const byId = new Map(this.compartments.map((c) => [c.id, c]));
    for (const c of this.compartments) {
      for (const partner of c.manifest?.partners ?? []) {
        const other = byId.get(partner.componentId);
        if (other && listsAsPartner(other, c.id)) continue;
        this.oneSidedLinks.push({ from: c, to: partner.componentId, ...(other ? { toName: other.name } : {}), file: c.file, pointer: partner.pointer });
      }
    }
  }

  compartment(id: string): Compartment | undefined {
    return this.compartments.find((c) => c.id === id);
  }

  coreOf(id: string): string | undefined {
    return this.allocation.ok ? this.allocation.allocation.coreOf.get(id) : undefined;
  }

  blockOwner(blockId: string): string | undefined {
    return this.allocation.ok ? this.allocation.allocation.blockOwner.get(blockId) : undefined;
  }

  /**
   * `firewall`: blocks an allowed firewall-config write has since moved (block id → core), over the
   * allocation the device booted with.
   */
  peripheralAccess(appId: string, capability: PeripheralCapability, value: string | number, firewall?: ReadonlyMap<string, string>): Decision {
    const app = this.compartment(appId);
    const chip = this.product.chip;
    if (!app) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    if (!isChipPeripheral(chip, capability, value)) return deny('ENODEV', 'no-such-resource', `${chip.id} has no ${capability} ${value}`);
    // A high-level app's call goes through the OS, which checks the manifest before the hardware is touched.
    if (app.kind !== 'real-time') {
      const declared = this.claims.some((c) => c.compartment.id === appId && c.capability === capability && c.value === value);
      if (!declared) return deny('EACCES', 'os-capability', `${app.name} does not declare ${capability} ${value} in its manifest`);
    }
    const block = blockOfPeripheral(chip, capability, value);
    const core = this.coreOf(appId);
    // A firewall nothing may program stays at its reset state: a block no firewall-config write has moved is open to every core.
    if (block && core && !this.firewallProgrammer && firewall?.get(block.id) === undefined) {
      return allow(`no component of the running system may write the I/O firewall configuration: nothing programs it, and block ${block.id} stays open to every core`);
    }
    const owner = block ? (firewall?.get(block.id) ?? this.blockOwner(block.id)) : undefined;
    if (!block || !core || owner !== core) {
      return deny('EACCES', 'io-firewall', `block ${block?.id ?? '?'} is ${owner ? `on ${owner}` : 'not assigned to any core'}, not on ${app.name}'s core ${core ?? '?'}`);
    }
    if (app.kind === 'real-time') return allow(`block ${block.id} is on ${core}, ${app.name}'s core`);
    return allow(`${app.name} declares ${capability} ${value}; block ${block.id} is on ${core}`);
  }

  /** Writing the I/O firewall configuration: give `blockId` to `core`. */
  firewallConfigAccess(appId: string, blockId: string, core: string): Decision {
    const app = this.compartment(appId);
    const chip = this.product.chip;
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    if (!chip.blocks.some((b) => b.id === blockId)) return deny('ENODEV', 'no-such-resource', `${chip.id} has no I/O block ${blockId}`);
    if (!chip.cores.some((c) => c.id === core)) return deny('ENODEV', 'no-such-resource', `${chip.id} has no core ${core}`);
    const writer = this.firewallWriters.get(appId);
    if (!writer) return deny('EACCES', 'firewall-config', `the platform design gives ${app.name}${app.slot ? ` (${app.slot})` : ''} no write right on the I/O firewall configuration`);
    return allow(`the platform design lets ${writer.slot} write ${writer.asset}: ${app.name} gives block ${blockId} to ${core}`);
  }

  /**
   * A read or write of a memory region of the platform design (an SRAM window, a mailbox buffer) by the app's own
   * component: the design's access rules decide, as for any component (data-paths.ts names the windows two app slots
   * share, which app-confinement.ts refuses).
   */
  memoryAccess(appId: string, region: string, op: 'read' | 'write'): Decision {
    const app = this.compartment(appId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    const design = this.product.platform;
    const rule = app.slot === undefined || !design ? undefined : reachRules(design).find((r) => r.component === app.slot && r.asset === region && r.rights.includes(op) && design.assets.some((a) => a.id === region && onTheBus(a)));
    if (!rule) return deny('EACCES', 'memory', `the platform design gives ${app.name}${app.slot ? ` (${app.slot})` : ''} no ${op} right on the memory region ${region}`);
    return allow(`the platform design lets ${app.slot} ${op} ${region}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : ''}`);
  }

  /**
   * What the design's memory regions hold before any app runs: a secret region a component of the system (no app
   * slot) may write holds that component's secret, `secret of <component>` (the first such writer in the access
   * list), which an app whose slot may read the region reads (app-confinement.ts refuses that slot). The emulator
   * keeps its own account (emulator/design-rights.ts systemSecretsOf); the differential harness's memory probes
   * hold the two together.
   */
  memoryAtBoot(): Map<string, string> {
    const held = new Map<string, string>();
    const design = this.product.platform;
    if (!design) return held;
    for (const asset of design.assets.filter((a) => onTheBus(a) && a.secret)) {
      const keeper = reachRules(design).find((r) => r.asset === asset.id && r.rights.includes('write') && design.components.some((c) => c.id === r.component && !isAppSlot(c)));
      if (keeper) held.set(asset.id, `secret of ${keeper.component}`);
    }
    return held;
  }

  channelAccess(fromId: string, toId: string): Decision {
    const from = this.compartment(fromId);
    if (!from?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${fromId}`);
    const to = this.compartment(toId);
    if (!to?.manifest) return deny('ECONNREFUSED', 'channel', `no app ${toId} is installed`);
    const fromLists = listsAsPartner(from, toId);
    const toLists = listsAsPartner(to, fromId);
    switch (this.isolation.appConnections) {
      case 'both-list-each-other':
        if (fromLists && toLists) return allow('both apps list each other in AllowedApplicationConnections');
        return deny('ECONNREFUSED', 'channel', 'the two apps do not both list each other in AllowedApplicationConnections');
      case 'either-lists-the-other':
        if (fromLists || toLists) return allow(`${fromLists ? from.name : to.name} lists the other in AllowedApplicationConnections (the design asks only one side)`);
        return deny('ECONNREFUSED', 'channel', 'neither app lists the other in AllowedApplicationConnections');
      case 'any-app':
        return allow('the design opens a channel between any two apps');
    }
  }

  connectAccess(appId: string, host: string): Decision {
    const app = this.compartment(appId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    const network = this.networkReach(app);
    if (network.reach === 'any') return allow(network.rule);
    if (network.reach === 'none') return deny('EACCES', 'app-firewall', network.rule);
    const match = app.manifest.allowedConnections.find((pattern) => hostMatches(pattern, host));
    if (match) return allow(`AllowedConnections lists ${match}`);
    const service = app.manifest.allowedConnections.find(isServiceDiscoveryName);
    if (service) return allow(`AllowedConnections lists the DNS-SD service ${service}: the firewall lets the app reach every host discovered for it`);
    return deny('EACCES', 'app-firewall', `${host} is not in ${app.name}'s AllowedConnections`);
  }

  listenAccess(appId: string, protocol: 'tcp' | 'udp', port: number): Decision {
    const app = this.compartment(appId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    const network = this.networkReach(app);
    if (network.reach === 'any') return allow(network.rule);
    if (network.reach === 'none') return deny('EACCES', 'app-firewall', network.rule);
    const ports = protocol === 'tcp' ? app.manifest.tcpServerPorts : app.manifest.udpServerPorts;
    if (ports.includes(port)) return allow(`Allowed${protocol === 'tcp' ? 'Tcp' : 'Udp'}ServerPorts lists ${port}`);
    return deny('EACCES', 'app-firewall', `${protocol.toUpperCase()} port ${port} is not declared by ${app.name}`);
  }

  /**
   * Whether `appId` may `op` (read; write, which a delete needs too) the storage of `ownerId`: through the OS's
   * storage service, as appIsolation.storage allows and only as far as the access rules let the service touch the
   * storage asset; or directly, where the access rules give the app's own component the right (storage-rights.ts).
   */
  storageAccess(appId: string, ownerId: string, op: StorageOp = 'read'): Decision {
    const app = this.compartment(appId);
    const owner = this.compartment(ownerId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    const direct = directStorageRight(this.product.platform, app.slot, op);
    if (!direct) {
      if (appId !== ownerId && this.isolation.storage === 'per-app') return deny('EACCES', 'storage', `${app.name} may not open ${owner?.name ?? ownerId}'s storage`);
      if (this.storageService !== 'azure-sphere-default' && !this.storageService[op]) {
        return deny('EACCES', 'storage', `no component of the running system outside the apps may ${op} the apps' storage: the OS cannot ${op} it for ${app.name}`);
      }
    }
    const quota = this.storageQuotaBytes(ownerId);
    if (quota === undefined && owner?.kind === 'real-time') return deny('ENOENT', 'storage', 'real-time apps have no mutable storage');
    if (quota === undefined) return deny('ENOENT', 'storage', `${owner?.name ?? ownerId} declares no MutableStorage`);
    if (appId !== ownerId && direct) {
      const who = direct.busMaster ? `the bus master ${direct.busMaster} that ${app.name}'s component ${direct.component} programs` : `${app.name}'s component ${direct.component}`;
      return allow(`the design's access rules let ${who} ${op} ${direct.asset}, where every app's storage lies: it opens ${owner!.name}'s ${quota / 1024} KB storage past the OS's per-app check`);
    }
    if (appId !== ownerId) return allow(`the design shares storage between apps: ${app.name} opens ${owner!.name}'s ${quota / 1024} KB storage`);
    return allow(`${app.name} opens its own ${quota / 1024} KB storage`);
  }

  /**
   * The owner's MutableStorage quota: SizeKB × 1024 bytes; undefined when it declares none, and for a
   * real-time app: mutable storage is a service of the OS on the A7, and the M4 cores cannot use flash
   * (azure-sphere-facts §2.1), whatever its manifest says.
   */
  storageQuotaBytes(ownerId: string): number | undefined {
    const owner = this.compartment(ownerId);
    const kb = owner?.kind === 'high-level' ? owner.manifest?.mutableStorageKB : undefined;
    return kb === undefined ? undefined : kb * 1024;
  }

  /** Every access the product grants, as edges (the reachability graph), from the decisions above. */
  accessEdges(): AccessEdge[] {
    const edges: AccessEdge[] = [];
    const chip = this.product.chip;
    const writer = [...this.firewallWriters.values()][0];
    for (const app of this.compartments) {
      if (!app.manifest) continue;
      const core = this.coreOf(app.id);
      // An app the design lets write the firewall configuration may move any block to any core: every
      // app may then find any block on its own core (sound for "cannot reach"; it may over-approximate).
      const moved = writer && core ? new Map(chip.blocks.map((b) => [b.id, core])) : undefined;
      for (const [capability, values] of Object.entries(chip.peripherals) as [PeripheralCapability, readonly (string | number)[]][]) {
        for (const value of values) {
          const d = this.peripheralAccess(app.id, capability, value);
          if (d.allowed) edges.push({ from: app.id, to: { kind: 'peripheral', capability, value }, because: d.rule });
          else if (writer && moved && this.peripheralAccess(app.id, capability, value, moved).allowed) {
            const block = blockOfPeripheral(chip, capability, value)!;
            edges.push({ from: app.id, to: { kind: 'peripheral', capability, value }, because: `${writer.compartment.name} may write the I/O firewall configuration (${writer.slot} → ${writer.asset}) and move block ${block.id} to ${core}`, movedBy: writer.compartment.id });
          }
        }
      }
      for (const other of this.compartments) {
        if (other.id === app.id || !other.manifest) continue;
        const d = this.channelAccess(app.id, other.id);
        if (d.allowed) edges.push({ from: app.id, to: { kind: 'app', id: other.id }, because: d.rule });
      }
      const network = this.networkReach(app);
      if (network.reach === 'any') {
        edges.push({ from: app.id, to: { kind: 'host', host: ANY_HOST }, because: network.rule });
        for (const protocol of ['tcp', 'udp'] as const) edges.push({ from: app.id, to: { kind: 'port', protocol, port: ANY_PORT }, because: network.rule });
      } else if (network.reach === 'declared') {
        for (const host of app.manifest.allowedConnections) edges.push({ from: app.id, to: { kind: 'host', host }, because: `AllowedConnections lists ${host}` });
        for (const port of app.manifest.tcpServerPorts) edges.push({ from: app.id, to: { kind: 'port', protocol: 'tcp', port }, because: `AllowedTcpServerPorts lists ${port}` });
        for (const port of app.manifest.udpServerPorts) edges.push({ from: app.id, to: { kind: 'port', protocol: 'udp', port }, because: `AllowedUdpServerPorts lists ${port}` });
      }
      for (const owner of this.compartments) {
        if (!owner.manifest) continue;
        const read = this.storageAccess(app.id, owner.id, 'read');
        const d = read.allowed ? read : this.storageAccess(app.id, owner.id, 'write');
        if (d.allowed) edges.push({ from: app.id, to: { kind: 'storage', owner: owner.id }, because: owner.id === app.id ? 'its own MutableStorage' : d.rule });
      }
    }
    return edges;
  }

  /**
   * The network rule for one app, from the design: the per-app firewall, and real-time apps' network. A real-time app
   * whose slot the design marks network-facing parses network input on its own core (an Ethernet controller on its
   * SPI, say): it reaches the network with no OS firewall, whatever realTimeNetwork says of the OS's network.
   */
  private networkReach(app: Compartment): NetworkReach {
    if (app.kind === 'real-time') {
      const slot = app.slot === undefined ? undefined : this.product.platform?.components.find((c) => c.id === app.slot);
      if (slot?.networkFacing === true) return { reach: 'any', rule: `the design marks ${slot.id} network-facing: the real-time app there parses network input with no OS firewall before it` };
      return this.isolation.realTimeNetwork === 'none'
        ? { reach: 'none', rule: 'real-time apps have no network access' }
        : { reach: 'any', rule: 'the design lets the real-time cores reach the network directly, with no OS firewall' };
    }
    if (this.isolation.networkFirewall === 'none') return { reach: 'any', rule: 'the design has no per-app network firewall' };
    return { reach: 'declared', rule: 'the per-app network firewall' };
  }
}

/** Whether an app lists another (by compartment id) in AllowedApplicationConnections. */
export function listsAsPartner(app: Compartment, otherId: string): boolean {
  return app.manifest?.partners.some((p) => p.componentId === otherId) ?? false;
}

/** Whether reaching host node `node` (an AllowedConnections entry, or ANY_HOST) reaches `host`. */
export function hostReaches(node: string, host: string): boolean {
  return node === ANY_HOST || entryAdmits(node, host);
}

/** Whether an AllowedConnections entry lets its app connect to `host`: the host it names, or any host a DNS-SD name discovers. */
export function entryAdmits(entry: string, host: string): boolean {
  return hostMatches(entry, host) || isServiceDiscoveryName(entry);
}

/**
 * A DNS service discovery name in AllowedConnections ("_sample-service._tcp.local": a service label followed
 * by its protocol label, RFC 6763 §7) names no host: "After service discovery is performed, the Azure Sphere
 * firewall allows the application to connect to the discovered host names" (MS Learn, Azure Sphere DNS
 * service discovery sample; the corpus's Samples/DNSServiceDiscovery lists "_sample-service._tcp.local").
 * Whoever answers the query (for .local, any host on the local network) chooses those names, so such an
 * entry admits every host. Read as a host name, it admitted only itself, and "cannot reach" was no proof.
 */
export function isServiceDiscoveryName(entry: string): boolean {
  const labels = entry.toLowerCase().replace(/\.$/, '').split('.');
  return labels.some((label, i) => label.length > 1 && label.startsWith('_') && (labels[i + 1] === '_tcp' || labels[i + 1] === '_udp'));
}

/**
 * AllowedConnections entries match host names without regard to case; "*.example.com" matches subdomains. A
 * name written as an absolute DNS name ("hub.example.com.", the root's empty label after the last dot) is the
 * same host to DNS and TLS (RFC 1034 §3.1; RFC 6066 §3 sends it without the dot), so the dot is dropped. A
 * bare "*" admits every host: read as the lint reads it (SF6004 WildcardConnection, "switches the app firewall
 * off"), since a claim that the app cannot reach a host must not rest on the device refusing the entry.
 */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}
