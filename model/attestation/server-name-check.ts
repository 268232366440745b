/**
 * Whether the device takes a server certificate only for the host it connects to (protocol design
 * device.serverNames). A chain to the trusted root store says a CA in that store vouched for the key; it says
 * nothing about whose key it is until the certificate's name is compared with the host (RFC 6125). The CAs a
 * device trusts for its cloud issue server certificates to anyone who shows control of a domain (the web PKI:
 * Azure IoT Hub's chain is a public CA's), so a device that checks the chain alone takes the attacker's
 * certificate for the attacker's own domain as the cloud's, and the attacker sits in the middle of every
 * connection: it reads the session and acts to the cloud as the device.
 *
 * The rule, read by the three independent readings of the protocol (each enforces it its own way, and
 * test/differential/server-name-differential.test.ts holds them against one another and against this):
 *  - the attacker search (proofs/attacker-search/model.ts deviceTakesServerCert): the attacker holds a
 *    root-issued server certificate for a host of its own; the device compares the subject with the cloud's
 *    only when the names are checked;
 *  - the Horn translation (proofs/horn/translate.ts): the same certificate among the attacker's facts; the
 *    device's clause takes any subject when they are not;
 *  - the emulated device (emulator/attestation/attesting-device.ts): validateChain with or without the
 *    expected name.
 * Where the design leaves the field out nothing says which device this is: the search runs the checking device
 * (it must run one), and certificate-authentication says unknown naming the field (serverNameUnstated), never a
 * holds resting on the search's choice.
 */
import type { ProtocolDesign } from './protocol-design.js';

export const SERVER_NAMES_POINTER = '/device/serverNames';

/** Whether the device compares a server certificate's name with the host it connects to. Unstated reads as checked: the caller reports it (serverNameUnstated). */
export function serverNameChecked(design: Pick<ProtocolDesign, 'device'>): boolean {
  return design.device.serverNames !== 'unchecked';
}

/** The finding of a design whose device checks the chain alone, or undefined. */
export function serverNameGap(design: Pick<ProtocolDesign, 'device'>): { pointer: string; message: string } | undefined {
  if (design.device.serverNames !== 'unchecked') return undefined;
  return {
    pointer: SERVER_NAMES_POINTER,
    message: 'the device takes any server certificate that chains to its trusted anchors, whatever host it names (serverNames "unchecked"): a CA of the root store issues anyone a certificate for a domain of their own, so an attacker on the path presents its own as the cloud service\'s, reads the session and acts to the cloud as the device',
  };
}

/** Why the name check cannot be decided: the design does not say (the search then runs a device that checks). */
export function serverNameUnstated(design: Pick<ProtocolDesign, 'device'>): string | undefined {
  if (design.device.serverNames !== undefined) return undefined;
  return `whether the device takes a server certificate only for the host it connects to is not stated: the search ran a device that checks, which nothing says; state ${SERVER_NAMES_POINTER} ("checked" or "unchecked")`;
}

/** One line for the evidence: what the device checks of a server certificate, as the design states it. */
export function describeServerNames(design: Pick<ProtocolDesign, 'device'>): string {
  const chain = design.device.serverTrustAnchors === 'root-store' ? 'must chain to the trusted root store' : 'may come from any issuer (serverTrustAnchors any-ca)';
  const gap = serverNameGap(design);
  if (gap) return `${chain}; ${gap.message}`;
  return design.device.serverNames === 'checked' ? `${chain} and name the host the device connects to` : `${chain}; whether it must name the host is not stated (${SERVER_NAMES_POINTER})`;
}
