/**
 * Whether the device knows that the answer to its error-report upload came from the security service.
 * The device forgets events once the service acknowledges them (azure-sphere-facts §4: events leave the log
 * once the service has them); an acknowledgement the device cannot tell from an on-path attacker's lets the
 * attacker erase every failure not yet reported, the trace of its own probing among them. Azure Sphere
 * uploads error reports over TLS to the security service, whose certificate the device validates against
 * its trusted root store (azure-sphere-facts §4, DOC-CERT). Read from the protocol design: the device
 * trusts only its root store (device.serverTrustAnchors), checks the host name (device.serverNames) and every connection to the security service has
 * the service present a certificate. A design with no connection to the security service does not say how
 * reports travel: unstated, never authenticated by default.
 *
 * The update emulator's network path (emulator/update/network.ts) enforces the answer with its own reading:
 * on an authenticated channel an on-path party can drop an upload but never answer it itself.
 */
import type { ProtocolDesign } from '../attestation/protocol-design.js';
import { SERVER_NAMES_POINTER, serverNameGap, serverNameUnstated } from '../attestation/server-name-check.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { notAzureSphereOs } from '../platform/app-isolation-stated.js';

export type ReportChannel = { authenticated: true; why: string } | { authenticated: false; why: string; unstated?: true };

export function reportChannel(protocol: ProtocolDesign): ReportChannel {
  const toService = protocol.connections.filter((c) => c.server.role === 'security-service');
  if (toService.length === 0) return { authenticated: false, unstated: true, why: 'the protocol design names no connection to the security service, so how error reports reach it is not stated' };
  const weak = toService.find((c) => c.server.credential !== 'certificate');
  if (weak) return { authenticated: false, why: `/connections: the security service authenticates with ${weak.server.credential} on ${weak.id}, so an on-path attacker can answer the device's error-report upload as the service` };
  if (protocol.device.serverTrustAnchors !== 'root-store') return { authenticated: false, why: `/device/serverTrustAnchors: the device accepts a server certificate from ${protocol.device.serverTrustAnchors}, so an on-path attacker can answer the device's error-report upload as the security service` };
  // A chain to the root store names whose key it is only when the device compares the name (model/attestation/server-name-check.ts).
  const nameGap = serverNameGap(protocol);
  if (nameGap) return { authenticated: false, why: `${nameGap.pointer}: the device takes any server certificate that chains to its root store, whatever host it names, so an on-path attacker with a certificate for a domain of its own can answer the device's error-report upload as the security service` };
  const nameUnstated = serverNameUnstated(protocol);
  if (nameUnstated) return { authenticated: false, unstated: true, why: `${SERVER_NAMES_POINTER}: ${nameUnstated}; whether an on-path attacker can answer the device's error-report upload as the security service rests on it` };
  return { authenticated: true, why: 'the device uploads error reports to the security service over a connection whose certificate must chain to its trusted root store' };
}

/**
 * The report channel of a product that names no protocol design: the built-in one is Azure Sphere's (its OS uploads
 * error reports over TLS, checking the service against the root store its OS carries), so it describes this device
 * only where the OS is Microsoft's (notAzureSphereOs, the provenance rule behind every Azure Sphere default).
 * Elsewhere how reports travel is not stated: unknown, never authenticated by default.
 */
export function builtinReportChannel(protocol: ProtocolDesign, platform: Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot'>): ReportChannel {
  const why = notAzureSphereOs(platform);
  if (!why) return reportChannel(protocol);
  return { authenticated: false, unstated: true, why: `the product names no protocol design, and the built-in one (Azure Sphere's: error reports over TLS to the security service, checked against its OS's root store) describes Azure Sphere's OS, but ${why.replace(/, so Azure Sphere's app isolation is not its to claim$/, '')}; name the product's own with "protocol"` };
}
