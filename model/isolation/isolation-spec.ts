/**
 * The isolation spec of a product: who may touch what once the device has started it. Every access
 * decision the emulator makes, and every edge the Z3 reachability encoding uses, comes from here.
 *
 * Barriers (azure-sphere-facts §1.4, §2.1, §9 checks 14-21):
 *  - peripherals: the I/O firewall gives each claimed block to one core; a high-level app also
 *    passes the OS check that it declared the peripheral. Real-time apps have no OS above them: the
 *    firewall is their only barrier, so they may touch anything in the blocks their core owns.
 *  - inter-core channels: open only when both apps list each other in AllowedApplicationConnections.
 *  - network: outbound only to AllowedConnections hosts, listening only on declared server ports.
 *  - storage: each high-level app's mutable storage is its own; real-time apps have none.
 *  Network and storage are OS services: a real-time app is granted neither, whatever its manifest says.
 * Errno values follow the Applibs documentation where it names one (EACCES for an undeclared GPIO);
 * the others are our reading and are kept in one place here.
 */
import { blockOfPeripheral, isChipPeripheral, type PeripheralCapability } from '../chips/chip-profile.js';
import type { InstalledSoftware } from '../product/product.js';
import { allocate, type AllocationResult } from './allocation.js';
import { compartmentsOf, type Compartment } from './apps.js';
import { claimsOf, type PeripheralClaim } from './claims.js';

export type Errno = 'EACCES' | 'ENODEV' | 'ENOENT' | 'ECONNREFUSED';

export type Decision =
  | { allowed: true; rule: string }
  | { allowed: false; rule: string; errno: Errno; barrier: 'io-firewall' | 'os-capability' | 'app-firewall' | 'channel' | 'storage' | 'no-such-resource' };

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
  | { kind: 'host'; host: string }
  | { kind: 'port'; protocol: 'tcp' | 'udp'; port: number }
  | { kind: 'storage'; owner: string };

export interface AccessEdge {
  from: string;
  to: Resource;
  /** Why the edge exists, for witnesses ("declares Gpio 8; block GPIO-2 is on A7"). */
  because: string;
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
  readonly oneSidedLinks: OneSidedLink[] = [];
  private readonly channels = new Set<string>();

  constructor(readonly product: InstalledSoftware) {
    this.compartments = compartmentsOf(product);
    this.claims = claimsOf(product, this.compartments);
    this.allocation = allocate(product.chip, this.compartments, this.claims);
    const byId = new Map(this.compartments.map((c) => [c.id, c]));
    for (const c of this.compartments) {
      for (const partner of c.manifest?.partners ?? []) {
        const other = byId.get(partner.componentId);
        const mutual = other?.manifest?.partners.some((p) => p.componentId === c.id) ?? false;
        if (mutual) this.channels.add(channelKey(c.id, partner.componentId));
        else this.oneSidedLinks.push({ from: c, to: partner.componentId, ...(other ? { toName: other.name } : {}), file: c.file, pointer: partner.pointer });
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

  peripheralAccess(appId: string, capability: PeripheralCapability, value: string | number): Decision {
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
    const owner = block ? this.blockOwner(block.id) : undefined;
    if (!block || !core || owner !== core) {
      return deny('EACCES', 'io-firewall', `block ${block?.id ?? '?'} is ${owner ? `on ${owner}` : 'not assigned to any core'}, not on ${app.name}'s core ${core ?? '?'}`);
    }
    if (app.kind === 'real-time') return allow(`block ${block.id} is on ${core}, ${app.name}'s core`);
    return allow(`${app.name} declares ${capability} ${value}; block ${block.id} is on ${core}`);
  }

  channelAccess(fromId: string, toId: string): Decision {
    const from = this.compartment(fromId);
    if (!from || from.kind === 'board-config') return deny('ENOENT', 'no-such-resource', `no app ${fromId}`);
    if (!this.compartment(toId)) return deny('ECONNREFUSED', 'channel', `no app ${toId} is installed`);
    if (this.channels.has(channelKey(fromId, toId))) return allow('both apps list each other in AllowedApplicationConnections');
    return deny('ECONNREFUSED', 'channel', 'the two apps do not both list each other in AllowedApplicationConnections');
  }

  connectAccess(appId: string, host: string): Decision {
    const app = this.compartment(appId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    if (app.kind === 'real-time') return deny('EACCES', 'app-firewall', 'real-time apps have no network access');
    const match = app.manifest.allowedConnections.find((pattern) => hostMatches(pattern, host));
    if (match) return allow(`AllowedConnections lists ${match}`);
    return deny('EACCES', 'app-firewall', `${host} is not in ${app.name}'s AllowedConnections`);
  }

  listenAccess(appId: string, protocol: 'tcp' | 'udp', port: number): Decision {
    const app = this.compartment(appId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    const ports = protocol === 'tcp' ? app.manifest.tcpServerPorts : app.manifest.udpServerPorts;
    if (app.kind === 'high-level' && ports.includes(port)) return allow(`Allowed${protocol === 'tcp' ? 'Tcp' : 'Udp'}ServerPorts lists ${port}`);
    return deny('EACCES', 'app-firewall', `${protocol.toUpperCase()} port ${port} is not declared by ${app.name}`);
  }

  storageAccess(appId: string, ownerId: string): Decision {
    const app = this.compartment(appId);
    const owner = this.compartment(ownerId);
    if (!app?.manifest) return deny('ENOENT', 'no-such-resource', `no app ${appId}`);
    if (appId !== ownerId) return deny('EACCES', 'storage', `${app.name} may not open ${owner?.name ?? ownerId}'s storage`);
    // Mutable storage is a service of the OS on the A7; real-time apps cannot use flash (azure-sphere-facts §2.1).
    if (app.kind === 'real-time') return deny('ENOENT', 'storage', 'real-time apps have no mutable storage');
    if (app.manifest.mutableStorageKB === undefined) return deny('ENOENT', 'storage', `${app.name} declares no MutableStorage`);
    return allow(`${app.name} opens its own ${app.manifest.mutableStorageKB} KB storage`);
  }

  /** Every access the product grants, as edges (the reachability graph). */
  accessEdges(): AccessEdge[] {
    const edges: AccessEdge[] = [];
    const chip = this.product.chip;
    for (const app of this.compartments) {
      if (!app.manifest) continue;
      for (const [capability, values] of Object.entries(chip.peripherals) as [PeripheralCapability, readonly (string | number)[]][]) {
        if (capability === 'ExternalInterrupt') continue;
        for (const value of values) {
          const d = this.peripheralAccess(app.id, capability, value);
          if (d.allowed) edges.push({ from: app.id, to: { kind: 'peripheral', capability, value }, because: d.rule });
        }
      }
      for (const other of this.compartments) {
        if (other.id === app.id || !other.manifest) continue;
        const d = this.channelAccess(app.id, other.id);
        if (d.allowed) edges.push({ from: app.id, to: { kind: 'app', id: other.id }, because: d.rule });
      }
      if (app.kind === 'high-level') {
        for (const host of app.manifest.allowedConnections) edges.push({ from: app.id, to: { kind: 'host', host }, because: `AllowedConnections lists ${host}` });
        for (const port of app.manifest.tcpServerPorts) edges.push({ from: app.id, to: { kind: 'port', protocol: 'tcp', port }, because: `AllowedTcpServerPorts lists ${port}` });
        for (const port of app.manifest.udpServerPorts) edges.push({ from: app.id, to: { kind: 'port', protocol: 'udp', port }, because: `AllowedUdpServerPorts lists ${port}` });
      }
      if (app.kind === 'high-level' && app.manifest.mutableStorageKB !== undefined) edges.push({ from: app.id, to: { kind: 'storage', owner: app.id }, because: 'its own MutableStorage' });
    }
    return edges;
  }
}

export function channelKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** AllowedConnections entries match host names without regard to case; "*.example.com" matches subdomains. */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}
