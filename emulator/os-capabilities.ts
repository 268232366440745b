/**
 * The Azure Sphere OS's capability table for one app, built from its manifest when the app is
 * installed: what the OS lets a high-level app open, which hosts its app firewall lets through,
 * which ports it may listen on, which partners its inter-core channels may reach, and its storage
 * quota. Real-time apps get a table too (partners are enforced by the mailbox for them), but the OS
 * does not stand between them and the hardware: only the I/O firewall does.
 *
 * Second reading, on purpose: host matching (hostEntryMatches, discoversHosts) mirrors the spec's hostMatches
 * and isServiceDiscoveryName, and the quota (SizeKB × 1024 bytes) the spec's storageQuotaBytes
 * (model/isolation/isolation-spec.ts), written
 * here again so the device does not call the spec; test/differential/isolation-harness.ts holds each
 * against its spec rule (every host and every storage quota, on random products).
 */
import type { PeripheralCapability } from '../formats/chips/chip-profile.js';
import type { AppManifest } from '../formats/manifest/app-manifest.js';
import { normalizeComponentId } from './syscalls.js';

export interface OsCapabilities {
  readonly peripherals: ReadonlySet<string>;
  readonly allowedHosts: readonly string[];
  readonly tcpPorts: ReadonlySet<number>;
  readonly udpPorts: ReadonlySet<number>;
  readonly partners: ReadonlySet<string>;
  /** Mutable storage quota in bytes; undefined when the app declares no MutableStorage, and for a real-time app. */
  readonly storageQuotaBytes?: number;
}

export function peripheralKey(capability: PeripheralCapability, value: string | number): string {
  return `${capability}:${value}`;
}

export function capabilitiesFromManifest(manifest: AppManifest): OsCapabilities {
  const peripherals = new Set<string>();
  for (const p of manifest.peripherals) if (p.value !== undefined) peripherals.add(peripheralKey(p.capability, p.value));
  return {
    peripherals,
    allowedHosts: [...manifest.allowedConnections],
    tcpPorts: new Set(manifest.tcpServerPorts),
    udpPorts: new Set(manifest.udpServerPorts),
    partners: new Set(manifest.partners.map((p) => normalizeComponentId(p.componentId))),
    // The storage service lives on the A7 and the M4 cores cannot reach flash: a real-time app gets no storage file.
    ...(manifest.mutableStorageKB !== undefined && manifest.kind === 'high-level' ? { storageQuotaBytes: manifest.mutableStorageKB * 1024 } : {}),
  };
}

export function declaresPeripheral(caps: OsCapabilities, capability: PeripheralCapability, value: string | number): boolean {
  return caps.peripherals.has(peripheralKey(capability, value));
}

/** The AllowedConnections entry that lets `host` through, if any. */
export function allowedHostEntry(caps: OsCapabilities, host: string): string | undefined {
  return caps.allowedHosts.find((entry) => hostEntryMatches(entry, host)) ?? caps.allowedHosts.find(discoversHosts);
}

/**
 * A DNS-SD service name ("_printer._tcp.local": an underscore service label, then _tcp or _udp) lists no
 * host: once the app has discovered the service, the firewall lets it connect to the hosts the answers
 * name (MS Learn, Azure Sphere DNS service discovery sample), which any responder chooses.
 */
function discoversHosts(entry: string): boolean {
  return /(^|\.)_[^.]+\._(tcp|udp)(\.|$)/i.test(entry);
}

/**
 * Host names compare without regard to case; "*.example.com" matches any name with at least one
 * more label in front of example.com, not example.com itself; "*" alone lets every host through. A
 * trailing dot (an absolute DNS name) names the same host.
 */
export function hostEntryMatches(entry: string, host: string): boolean {
  const e = entry.endsWith('.') ? entry.slice(0, -1).toLowerCase() : entry.toLowerCase();
  const h = host.endsWith('.') ? host.slice(0, -1).toLowerCase() : host.toLowerCase();
  if (e === '*') return true;
  if (e.startsWith('*.')) {
    const suffix = e.slice(1);
    return h.length > suffix.length && h.endsWith(suffix);
  }
  return e === h;
}

export function listensOn(caps: OsCapabilities, protocol: 'tcp' | 'udp', port: number): boolean {
  return (protocol === 'tcp' ? caps.tcpPorts : caps.udpPorts).has(port);
}
