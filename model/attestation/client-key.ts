/**
 * Which platform asset is the device's client-authentication key (the key it presents in TLS to the cloud),
 * read from the protocol design and the platform design together. A protocol design that names it
 * (deviceCertificate.clientKey) says so; one that names none leaves Sevenfold to take Azure Sphere's key,
 * which Pluton generates and keeps (PLUTON_GENERATE_CLIENT_AUTH_KEY). That default describes Azure Sphere's
 * hardware, not any platform: it stands only where
 *  - the platform has a Pluton to generate the key (a component on the Pluton core) whose firmware is Microsoft's
 *    (signed under keys the design states Microsoft holds: model/platform/azure-sphere-provenance.ts; a core named
 *    "Pluton" running the device maker's own firmware generates what that firmware says, which nothing states), and
 *  - the quote key is the platform's only secret private key: a design that declares another (a TLS key in
 *    flash, a second key in a secure element) may be describing the very key the device presents to the
 *    cloud, and nothing says which one it is.
 * Otherwise the client key is unstated: certificate-authentication cannot be decided on the default (a key
 * in flash would pass by leaving the field out), so it is unknown until the protocol design names the asset.
 */
import { notAzureSpherePluton } from '../platform/azure-sphere-provenance.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import type { ProtocolDesign } from './protocol-design.js';

export type ClientKeyReading =
  /** The protocol design names the platform asset. */
  | { kind: 'named'; asset: string }
  /** Azure Sphere's, generated and held inside Pluton: the platform gives no reason to doubt it. */
  | { kind: 'azure-sphere' }
  /** Nothing says which key it is, and the platform is not one the default describes. */
  | { kind: 'unstated'; reason: string };

export function clientKeyOf(protocol: Pick<ProtocolDesign, 'deviceCertificate' | 'attestation'>, platform: Pick<PlatformDesign, 'name' | 'components' | 'assets' | 'keys' | 'boot'>): ClientKeyReading {
  const named = protocol.deviceCertificate.clientKey;
  if (named !== undefined) return { kind: 'named', asset: named };
  const field = 'the protocol design names none (deviceCertificate.clientKey), and Azure Sphere\'s, generated inside Pluton, is not what this platform describes';
  if (!platform.components.some((c) => c.core === 'Pluton')) {
    return { kind: 'unstated', reason: `the platform design "${platform.name}" has no component on the Pluton core, so no Pluton generates the device's client-authentication key; ${field}: name the platform asset that holds it` };
  }
  const notMicrosofts = notAzureSpherePluton(platform);
  if (notMicrosofts) return { kind: 'unstated', reason: `the platform design "${platform.name}": ${notMicrosofts}, so nothing says its Pluton generates the device's client-authentication key; ${field}: name the platform asset that holds it` };
  const others = platform.assets.filter((a) => a.kind === 'private-key' && a.id !== protocol.attestation.signingKey);
  if (others.length) {
    const list = others.map((a) => `"${a.id}" (${a.location})`).join(', ');
    return { kind: 'unstated', reason: `the platform design "${platform.name}" has private key${others.length > 1 ? 's' : ''} besides the quote key (${list}), any of which may be the device's client-authentication key; ${field}: name the platform asset that holds it` };
  }
  return { kind: 'azure-sphere' };
}
