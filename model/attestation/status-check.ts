/**
 * Whether a relying party's per-connection status check (deviceCertificate.revocation "status-check") holds a device
 * to its current attestation: only when a check that gets no answer refuses the connection (deviceCertificate
 * statusUnreachable "reject", fail-closed). A relying party that accepts when the security service does not answer
 * ("accept", soft-fail, as browsers treat OCSP) is as if it checked nothing: the attacker of the Dolev–Yao model is
 * on every path, the one from the relying party to the security service among them, and drops the query; the
 * certificate is then good for its whole lifetime, a downgraded device's among them.
 *
 * The rule, read by three readings of the protocol: the attacker search (proofs/attacker-search/model.ts
 * hubOnClientFinish), the emulated cloud service (emulator/attestation/cloud-service.ts, whose status query an
 * attacker may drop: statusReachable) and the freshness review against the profile (properties/certificate-
 * authentication/freshness.ts: no shorter acceptance is credited). The Horn clauses leave time out altogether.
 * test/differential/status-check-differential.test.ts holds them against one another and against this.
 * With status-check and the field left out nothing says which it is: the readings take fail-closed (they must take
 * one) and certificate-authentication is unknown naming the field (statusFailureUnstated).
 */
import type { ProtocolDesign } from './protocol-design.js';

export const STATUS_UNREACHABLE_POINTER = '/deviceCertificate/statusUnreachable';

/** Whether relying parties hold a device to its attestation of the current period (a status check that fails closed). */
export function statusCheckEnforced(design: Pick<ProtocolDesign, 'deviceCertificate'>): boolean {
  return design.deviceCertificate.revocation === 'status-check' && design.deviceCertificate.statusUnreachable !== 'accept';
}

/** The finding of a status check an on-path attacker switches off by dropping its query, or undefined. */
export function statusCheckGap(design: Pick<ProtocolDesign, 'deviceCertificate'>): { pointer: string; message: string } | undefined {
  if (design.deviceCertificate.revocation !== 'status-check' || design.deviceCertificate.statusUnreachable !== 'accept') return undefined;
  return { pointer: STATUS_UNREACHABLE_POINTER, message: 'a relying party that gets no answer to its status check accepts the certificate (statusUnreachable "accept"): an attacker on the path drops the query, so a certificate is good for its whole lifetime, a downgraded device\'s among them' };
}

/** Why the status check cannot be credited: the design claims one and does not say what a check with no answer does. */
export function statusFailureUnstated(design: Pick<ProtocolDesign, 'deviceCertificate'>): string | undefined {
  if (design.deviceCertificate.revocation !== 'status-check' || design.deviceCertificate.statusUnreachable !== undefined) return undefined;
  return `the design's relying parties check status per connection, but what one does when the security service does not answer is not stated: the search and the freshness review took it to refuse the connection, which nothing says; state ${STATUS_UNREACHABLE_POINTER} ("reject" or "accept")`;
}
