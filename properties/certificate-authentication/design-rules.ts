/**
 * The rules a protocol design must meet before any search: every connection certificate-based and
 * mutual, no password or shared secret, a quote key and a client-authentication key that only Pluton
 * may use (model/platform/key-custody.ts), a quote key that is each device's own, and measurements that
 * show what runs (read from the platform design). Also the one sentence every piece of evidence uses for what the quote check verifies, so no evidence claims more freshness
 * than the design gives.
 */
import { DEVICE_CREDENTIAL, describesDeviceToCloud, nonceCheckOf, SHARED_SECRET_KINDS, type ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { measurementProblems } from '../../model/platform/measurement-integrity.js';
import { hardwareKeyProblems } from '../../model/platform/key-custody.js';
import { clientKeyOf, clientKeyProvisioningOf } from '../../model/attestation/client-key.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { identityKeyProvisioningReading } from '../../model/platform/azure-sphere-provenance.js';

export interface StaticFinding {
  pointer: string;
  message: string;
  /** A flaw of the attestation protocol itself (the attestation-protocol requirement), not of secrets against certificates. */
  attestation?: true;
}

/** The rules a design must meet before any search: certificate-based, mutual, no shared secrets, a hardware-held quote key. */
export function checkDesignStatically(design: ProtocolDesign, platform: PlatformDesign): StaticFinding[] {
  const out: StaticFinding[] = [];
  design.connections.forEach((c, i) => {
    for (const side of ['client', 'server'] as const) {
      const credential = c[side].credential;
      const pointer = `/connections/${i}/${side}/credential`;
      if (SHARED_SECRET_KINDS.includes(credential)) out.push({ pointer, message: `${c.name}: the ${c[side].role} authenticates with a ${credential}, not a certificate` });
      else if (credential === 'none') out.push({ pointer, message: `${c.name}: the ${c[side].role} does not authenticate at all: authentication is not mutual` });
      else if (side === 'server' && credential !== 'certificate') out.push({ pointer, message: `${c.name}: the server proves itself with ${credential}, not a certificate chained to the device's root store` });
      else if (side === 'client' && c.protocol === 'device-authentication' && credential !== DEVICE_CREDENTIAL[c.protocol]) out.push({ pointer, message: `${c.name}: the device proves itself with ${credential}, not its device certificate` });
      else if (side === 'client' && c.protocol === 'attestation' && credential !== DEVICE_CREDENTIAL[c.protocol]) {
        out.push({ pointer, attestation: true, message: `${c.name}: the device attests with a ${credential}, not the quote signed by its hardware-held key (${design.attestation.signingKey}): a certificate is what attestation issues, so a device renewing with the one it holds is never measured again` });
      }
    }
  });
  // The certificate authenticates the device only if the cloud acts on the device it names: one that takes the ID the
  // client claims, checking the chain alone, lets any device with a valid certificate (a downgraded one, or one the
  // attacker owns in the tenant) act as every other. The search's cloud reads the certificate's ID, so this is decided here.
  if (design.cloudService.deviceIdFrom === 'client-claim' && describesDeviceToCloud(design)) {
    out.push({ pointer: '/cloudService/deviceIdFrom', message: 'the cloud service acts on the device ID the client claims and checks the certificate for its chain alone (deviceIdFrom "client-claim"): any device holding a valid certificate of the tenant, a downgraded one among them, connects as any other device, so the certificate does not prove which device it is' });
  }
  const keyId = design.attestation.signingKey;
  for (const message of hardwareKeyProblems(platform, keyId, 'the quote key')) out.push({ pointer: '/attestation/signingKey', message });
  // The search takes the client key (ck:<device>) to be known to nobody outside the chip, like the quote
  // key: a design that names the platform asset holding it is held to the same rule. One that names none
  // is Azure Sphere's, generated inside Pluton, only on a platform that default describes (model/attestation/
  // client-key.ts); elsewhere the key is unstated, and the property says unknown (clientKeyUnstated).
  const clientKey = clientKeyOf(design, platform);
  // One key for both jobs: every TLS handshake has Pluton sign, with the key whose signature vouches for the
  // measurements, what the device's TLS stack hands it (the search's Pluton signs any body with a client key),
  // so the software of a device gone bad obtains quote-key signatures over quote bodies it writes, good
  // measurements included, and is certified as good. Azure Sphere keeps them apart (PLUTON_GENERATE_CLIENT_AUTH_KEY
  // beside the attestation key, azure-sphere-facts §4). It held: the search names the two keys apart whatever the design says.
  if (clientKey.kind === 'named' && clientKey.asset === keyId) {
    out.push({ pointer: '/deviceCertificate/clientKey', attestation: true, message: `the client-authentication key is the quote key (${keyId}): every TLS handshake has the device's software ask Pluton to sign what it hands over with the key that vouches for the measurements, so a compromised device signs a quote of good measurements and is certified as good; the device needs a client key of its own (Azure Sphere's PLUTON_GENERATE_CLIENT_AUTH_KEY)` });
  }
  if (clientKey.kind === 'named') {
    for (const problem of hardwareKeyProblems(platform, clientKey.asset, 'the client-authentication key')) {
      out.push({ pointer: '/deviceCertificate/clientKey', message: `${problem}; whoever takes it presents the device's certificate as the device (certificate-authentication rests on a client key nobody outside the chip knows)` });
    }
  }
  // The search gives every device a client key of its own: one the factory puts into every device lets any device
  // present another's certificate (model/attestation/client-key.ts clientKeyProvisioningOf).
  const clientProvisioning = clientKeyProvisioningOf(design, platform);
  if (clientProvisioning && clientProvisioning.kind === 'stated' && clientProvisioning.value === 'same-for-every-device') {
    out.push({ pointer: '/deviceCertificate/clientKey', message: `the platform design "${platform.name}" puts one client-authentication key "${(clientKey as { asset: string }).asset}" into every device (${clientProvisioning.pointer}: same-for-every-device): a device certificate binds a device id to a public key whose private half every device holds, so any device presents another's certificate as that device` });
  }
  // The search takes a device's measurement register to show what it runs (bad software's matches no
  // release): a platform whose register can be made to read "genuine" after a tampered image ran breaks
  // that premise, and the security service certifies bad software.
  const unmeasured = design.attestation.quoteFields.includes('measurements') ? measurementProblems(platform) : [];
  if (unmeasured.length) {
    out.push({ pointer: '/attestation/quoteFields', message: `the quote's measurements do not show what the device runs: ${unmeasured[0]!.problem} (platform design "${platform.name}"${unmeasured.length > 1 ? `, and ${unmeasured.length - 1} more` : ''}): a device running a tampered image attests as genuine and is issued a certificate` });
  }
  // The search gives every device its own quote key that nobody outside its chip knows; a key the factory
  // puts into every device is neither, so the quote cannot tell devices apart.
  const provisioning = identityKeyProvisioningReading(platform);
  if (provisioning.kind !== 'unstated' && provisioning.value === 'same-for-every-device') {
    out.push({ pointer: '/attestation/signingKey', message: `the platform design "${platform.name}" puts one identity key into every device (identityKeyProvisioning: same-for-every-device): a quote signed by "${keyId}" does not tell the devices apart and the key exists outside the chip, so a certificate issued on it proves no device's identity` });
  }
  return out;
}

/** What the security service checks a quote against, as the design states it. */
export function describeQuoteCheck(design: ProtocolDesign): string {
  const a = design.attestation;
  const signed = `the quote is signed by ${a.signingKey} over ${a.signedFields.join(', ')}`;
  if (a.nonce === 'none') return `${signed}; no nonce: nothing makes a quote fresh`;
  const nonceSigned = a.signedFields.includes('nonce') ? '' : ' (the signature does not cover the nonce)';
  if (nonceCheckOf(design) === 'quote-nonce') return `${signed}${nonceSigned}; the service verifies it over the nonce the quote carries, not the one it sent: an old quote still verifies`;
  return `${signed}${nonceSigned}; the service sends a fresh 32-byte nonce per session and verifies the quote over the nonce it sent`;
}

/** Why whether each device has its own client key cannot be decided: the named key's provisioning is left out where no default describes it. */
export function clientKeyProvisioningUnstated(design: ProtocolDesign, platform: PlatformDesign): string | undefined {
  const reading = clientKeyProvisioningOf(design, platform);
  return reading?.kind === 'unstated' ? `${reading.reason}: the search gives every device its own client key, which nothing in the design says; state it (per-device or same-for-every-device)` : undefined;
}

/** Why the client-authentication key cannot be decided: the design names none and the platform is not one Azure Sphere's default describes. */
export function clientKeyUnstated(design: ProtocolDesign, platform: PlatformDesign): string | undefined {
  const reading = clientKeyOf(design, platform);
  return reading.kind === 'unstated' ? reading.reason : undefined;
}

/** Why whether each device has its own quote key cannot be decided: the design leaves identityKeyProvisioning out on a platform whose Pluton firmware is not Microsoft's. */
export function identityProvisioningUnstated(platform: PlatformDesign): string | undefined {
  const reading = identityKeyProvisioningReading(platform);
  return reading.kind === 'unstated' ? `${reading.reason}: the search gives every device its own quote key, which nothing in the design says` : undefined;
}

/** Where the evidence says the client-authentication key is kept, and on whose word. */
export function describeClientKey(design: ProtocolDesign, platform: PlatformDesign): string {
  const reading = clientKeyOf(design, platform);
  if (reading.kind === 'unstated') return `client-authentication key: not decided: ${reading.reason}`;
  return reading.kind === 'azure-sphere'
    ? 'client-authentication key: the design names no platform asset for it; taken as Azure Sphere\'s, generated and held inside Pluton (PLUTON_GENERATE_CLIENT_AUTH_KEY), as the quote key is (the platform has a Pluton and no private key besides the quote key)'
    : `client-authentication key: the platform asset "${reading.asset}", held to the quote key's rule (a secret private key inside Pluton, used by Pluton alone)`;
}
