/**
 * What an "authenticated" time sync rests on when the update design does not say how it is authenticated: a time
 * server is a server, and a device that authenticates it by its certificate authenticates whoever holds a certificate
 * the device accepts. The protocol design says what the device accepts of any server certificate (device.
 * serverTrustAnchors, device.serverNames); where that is any issuer's, or any host's under its root store, an attacker
 * on the path answers the time sync with a certificate of its own and sets the clock back before each update check,
 * so a frozen (replayed) metadata document never expires (renewable-security.max-freeze-detection). The same reading
 * the error-report channel makes of the same fields (model/update/report-channel.ts); the update service's own answers
 * are signed metadata and rest on no server certificate.
 * (Before s38, "timeSync": "authenticated" held freeze detection beside a protocol whose device accepts any CA:
 * products/renewal-time-sync-any-ca, sound renewal-time-sync-root-store.)
 */
import type { ProtocolDesign } from '../attestation/protocol-design.js';
import { SERVER_NAMES_POINTER, serverNameGap, serverNameUnstated } from '../attestation/server-name-check.js';

/** Why the device's server-certificate checks cannot carry a time sync authenticated by its server's certificate (pointer into the protocol design and reason), or undefined. */
export function timeSyncServerTrustGap(protocol: Pick<ProtocolDesign, 'device'>): { pointer: string; reason: string } | undefined {
  if (protocol.device.serverTrustAnchors !== 'root-store') return { pointer: '/device/serverTrustAnchors', reason: `the device accepts a server certificate from ${protocol.device.serverTrustAnchors}` };
  const names = serverNameGap(protocol);
  if (names) return { pointer: names.pointer, reason: 'the device takes any server certificate that chains to its root store, whatever host it names' };
  // Left out is no better than unchecked here: the error-report channel reads the same gap as undecided
  // (model/update/report-channel.ts), and a check nobody stated is never the ground a holds stands on.
  if (serverNameUnstated(protocol)) return { pointer: SERVER_NAMES_POINTER, reason: 'the protocol design does not say whether the device takes a server certificate only for the host it connects to' };
  return undefined;
}
