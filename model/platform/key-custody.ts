/**
 * Whether a device key the protocol relies on is held by the hardware, read from the platform design
 * alone: it is a secret private key of the design, kept inside Pluton, that no component may read or
 * write and that only Pluton may use. The attestation search takes both of the device's keys to be such
 * keys (nobody outside the chip knows them): the quote key (protocol design attestation.signingKey) and
 * the client-authentication key the device presents in TLS to the cloud (deviceCertificate.clientKey).
 * A key that software can read or sign with directly is not: whoever runs that software (a malicious or
 * compromised app, an exploited kernel) takes the key off the device, and the certificate issued for it
 * then authenticates the attacker as the device. certificate-authentication's design rules read this
 * one rule for both keys.
 */
import type { PlatformDesign } from './platform-design.js';
import { reachRightsOf } from './bus-masters.js';
import { isPlutonFirmware } from './pluton-firmware.js';

/**
 * The problems with keeping `keyId` as a hardware-held device key, each a sentence naming the key by
 * `label` (e.g. 'the quote key'); none when it is one.
 */
export function hardwareKeyProblems(platform: PlatformDesign, keyId: string, label: string): string[] {
  const asset = platform.assets.find((a) => a.id === keyId);
  if (!asset) return [`${label} "${keyId}" is not an asset of the platform design "${platform.name}"`];
  const out: string[] = [];
  if (asset.kind !== 'private-key' || !asset.secret) out.push(`${label} "${keyId}" is not a secret private key in the platform design`);
  // Outside Pluton the key lies where the normal world (and whoever reads the flash chip) reaches it,
  // whatever the access rules say about the components.
  if (asset.location !== 'pluton') out.push(`${label} "${keyId}" is kept in ${asset.location}, not inside Pluton`);
  for (const c of platform.components) {
    const rights = reachRightsOf(platform, c.id, keyId);
    const readOrWrite = rights.filter((r) => r === 'read' || r === 'write');
    if (readOrWrite.length) out.push(`${c.name}${c.untrusted ? ' (untrusted)' : ''} may ${readOrWrite.join(' and ')} ${label} "${keyId}": it is not inseparable from the hardware`);
    // On the Pluton core is not enough: an untrusted plug-in or an app slot placed there is not Pluton's firmware.
    else if (rights.includes('use') && !isPlutonFirmware(c)) out.push(`${c.name} (on ${c.core}${c.untrusted ? ', untrusted' : ''}${c.core === 'Pluton' && !c.untrusted ? ', an app slot' : ''}) may use ${label} "${keyId}" directly: only Pluton's own firmware may`);
  }
  return out;
}
