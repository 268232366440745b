/**
 * The keys a protocol design names must be assets of the platform design it runs on. The built-in protocol
 * design names Azure Sphere's quote key ("device-identity-key"); a product on a device maker's platform, with
 * its own asset ids, that names no protocol design of its own gets that id for a key its platform does not
 * have. That is a wrong input (the protocol describes another device), not a flaw of the device: read as a
 * design rule it made certificate-authentication "violated" for a key the design never named. So loading the
 * product refuses it (ProtocolKeyNotInPlatform, at the protocol design's field, or at the product file's
 * /protocol when the product relies on the built-in design). A platform that names no private key at all is
 * left to the properties: they say what a design without a device key lacks.
 */
import type { PlatformDesign } from '../platform/platform-design.js';
import type { ProtocolDesign } from './protocol-design.js';

export interface ProtocolKeyMismatch {
  /** The protocol design's field: /attestation/signingKey or /deviceCertificate/clientKey. */
  pointer: string;
  keyId: string;
  message: string;
}

export function protocolKeysNotInPlatform(protocol: Pick<ProtocolDesign, 'attestation' | 'deviceCertificate'>, platform: Pick<PlatformDesign, 'name' | 'assets'>): ProtocolKeyMismatch[] {
  const privateKeys = platform.assets.filter((a) => a.kind === 'private-key').map((a) => a.id);
  if (!privateKeys.length) return [];
  const named: [string, string | undefined, string][] = [
    ['/attestation/signingKey', protocol.attestation.signingKey, 'the quote key'],
    ['/deviceCertificate/clientKey', protocol.deviceCertificate.clientKey, 'the client-authentication key'],
  ];
  return named.flatMap(([pointer, keyId, label]) =>
    keyId === undefined || platform.assets.some((a) => a.id === keyId)
      ? []
      : [{ pointer, keyId, message: `${label} "${keyId}" (${pointer.slice(1).replace('/', '.')}) is not an asset of the platform design "${platform.name}", whose private keys are ${privateKeys.map((k) => `"${k}"`).join(', ')}` }],
  );
}

/**
 * The quote key's provisioning is the design's /identityKeyProvisioning, which the identity rules read
 * (model/platform/azure-sphere-provenance.ts identityKeyProvisioningReading); a `provisioning` stated on that asset
 * too would be read by no rule (clientKeyProvisioningOf leaves the quote key to identityKeyProvisioning), so a
 * "same-for-every-device" there held. The pointer is the platform design's.
 */
export function quoteKeyProvisioningOnAsset(protocol: Pick<ProtocolDesign, 'attestation'>, platform: Pick<PlatformDesign, 'assets'>): { pointer: string; message: string } | undefined {
  const index = platform.assets.findIndex((a) => a.id === protocol.attestation.signingKey);
  const asset = platform.assets[index];
  if (!asset || asset.provisioning === undefined) return undefined;
  return { pointer: `/assets/${index}/provisioning`, message: `${asset.id} is the protocol design's quote key (attestation.signingKey): how each device gets it is the platform design's /identityKeyProvisioning; state it there, not on the asset` };
}
