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
