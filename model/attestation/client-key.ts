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
import type { IdentityKeyProvisioning, PlatformDesign } from '../platform/platform-design.js';
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

export type ClientKeyProvisioningReading =
  /** The platform design states it on the asset (/assets/i/provisioning). */
  | { kind: 'stated'; value: IdentityKeyProvisioning; pointer: string }
  /** Left out on a key kept inside a Pluton whose firmware is Microsoft's: Pluton generates each device's own. */
  | { kind: 'azure-sphere'; value: IdentityKeyProvisioning }
  /** Left out anywhere else: nothing says the devices' client keys differ. */
  | { kind: 'unstated'; reason: string; pointer: string };

/**
 * How each device gets the client-authentication key the protocol design names, and on whose word. The search
 * gives every device a client key of its own (ck:<device>), as Azure Sphere's Pluton does (it generates the key
 * inside the chip, PLUTON_GENERATE_CLIENT_AUTH_KEY); a key the factory puts into every device lets one device present
 * another's certificate, since the certificate binds a device id to a public key every device holds the private half
 * of. It held whatever the design said, since nothing could say it (identityKeyProvisioning is the quote key's). The
 * default stands only for a key inside a Pluton whose firmware is Microsoft's (notAzureSpherePluton), as for the
 * identity key; elsewhere it is unstated. Undefined when no asset is named, or the named one is the quote key
 * (identityKeyProvisioning decides that one, and the same key for both jobs is a finding of its own).
 */
export function clientKeyProvisioningOf(protocol: Pick<ProtocolDesign, 'deviceCertificate' | 'attestation'>, platform: Pick<PlatformDesign, 'name' | 'components' | 'assets' | 'keys' | 'boot'>): ClientKeyProvisioningReading | undefined {
  const reading = clientKeyOf(protocol, platform);
  if (reading.kind !== 'named' || reading.asset === protocol.attestation.signingKey) return undefined;
  const index = platform.assets.findIndex((a) => a.id === reading.asset);
  const asset = platform.assets[index];
  if (!asset) return undefined;
  const pointer = `/assets/${index}/provisioning`;
  if (asset.provisioning !== undefined) return { kind: 'stated', value: asset.provisioning, pointer };
  if (asset.location === 'pluton' && platform.components.some((c) => c.core === 'Pluton')) {
    const notMicrosofts = notAzureSpherePluton(platform);
    if (!notMicrosofts) return { kind: 'azure-sphere', value: 'per-device' };
    return { kind: 'unstated', pointer, reason: `the platform design "${platform.name}" does not state ${pointer} of the client-authentication key "${asset.id}", and ${notMicrosofts}, so nothing says each chip generates its own` };
  }
  return { kind: 'unstated', pointer, reason: `the platform design "${platform.name}" does not state ${pointer} of the client-authentication key "${asset.id}", kept in ${asset.location}: a key put there at the factory may be the same in every device` };
}
