/**
 * The attestation and device-authentication protocol as data (the "protocol design"): what the quote
 * carries and what the identity key signs, where freshness comes from, how long a device certificate
 * lives and how it is revoked, which trust anchors each side accepts, and which credential each
 * connection uses. The symbolic attacker search (proofs/attacker-search), the concrete emulator
 * (emulator/attestation) and the certificate-authentication property all read this one description,
 * so a flawed variant is a small JSON file. Schema: model/schema/protocol.schema.json.
 */

import { QUOTE_FIELDS, type QuoteField } from '../../formats/attestation/messages.js';
import type { PlatformDesign } from '../platform/platform-design.js';

/** The quote's fields are the wire format's (formats/attestation/messages.ts). */
export { QUOTE_FIELDS, type QuoteField };

/** Where the quote's freshness comes from: a fresh nonce from the security service per session, or nothing. */
export type NoncePolicy = 'service-nonce' | 'none';

/**
 * Which nonce the security service verifies the quote's signature over:
 * - `sent-nonce`: the one it sent in this session (the quote must carry that nonce): a quote answers
 *   exactly one challenge;
 * - `quote-nonce`: whichever nonce the quote itself carries (a flaw: an old quote, with its old nonce,
 *   still verifies, so the nonce gives no freshness).
 */
export type NonceCheck = 'sent-nonce' | 'quote-nonce';

/**
 * The issuers a cloud service accepts for device certificates:
 * - `tenant-ca`: only the tenant's own CA (what Azure IoT services are configured with);
 * - `any-tenant`: any CA certified by the Azure Sphere root, i.e. any tenant's devices (a misconfiguration);
 * - `any-ca`: any issuer at all, even a self-signed one (no chain check).
 */
export type DeviceTrustAnchors = 'tenant-ca' | 'any-tenant' | 'any-ca';

/**
 * Which device a cloud service takes a connection to be from:
 * - `certificate`: the device ID of the certificate it validated (what the search's cloud does, and Azure IoT Hub's
 *   X.509 authentication, whose device ID must be the certificate's common name);
 * - `client-claim`: an ID the client names itself (an MQTT client id, a payload field), the certificate checked for
 *   its chain alone: a flaw the design rules find (the search and the emulator model the certificate's ID only).
 */
export type DeviceIdSource = 'certificate' | 'client-claim';

/**
 * Which boot measurements the security service accepts:
 * - `current-release`: the current release's only: an older signed release (a downgraded device) is refused;
 * - `every-signed-release`: any release ever known-good, an allow-list never pruned (a flaw: a device downgraded to an
 *   older, vulnerable release is certified). The search's service, the Horn translation and the emulated service
 *   each read it (proofs/attacker-search/model.ts, proofs/horn/translate.ts, emulator/attestation/world.ts).
 */
export type KnownGoodPolicy = 'current-release' | 'every-signed-release';

/** The issuers a device accepts for servers: its trusted root store only, or anything. */
export type ServerTrustAnchors = 'root-store' | 'any-ca';

/**
 * Whether the device takes a server certificate only for the host it connects to (`checked`), or any that chains to
 * its anchors (`unchecked`). The rule and its unstated reading: model/attestation/server-name-check.ts.
 */
export type ServerNameCheck = 'checked' | 'unchecked';

/**
 * - `none`: a certificate is good until it expires;
 * - `status-check`: the relying party asks the security service, per connection, whether the device passed
 *   attestation in the current attestation period (an OCSP-like online check).
 */
export type RevocationPolicy = 'none' | 'status-check';

/** How one side of a connection proves who it is. */
export type CredentialKind = 'certificate' | 'device-identity-key' | 'password' | 'shared-secret' | 'none';

export interface ConnectionDesign {
  id: string;
  name: string;
  /** The protocol this connection runs: daily attestation to the security service, or a device-to-cloud connection. */
  protocol: 'attestation' | 'device-authentication';
  client: { role: 'device'; credential: CredentialKind };
  server: { role: 'security-service' | 'cloud-service'; credential: CredentialKind };
}

export interface ProtocolDesign {
  schemaVersion: 1;
  name: string;
  description?: string;
  attestation: {
    /** The platform asset that signs quotes: must be a private key that only the Pluton runtime may use. */
    signingKey: string;
    nonce: NoncePolicy;
    /** Which nonce the service verifies the quote over (default: the one it sent). */
    nonceCheck?: NonceCheck;
    /** Fields the quote message carries. */
    quoteFields: QuoteField[];
    /** Fields the identity-key signature covers (a subset of quoteFields). */
    signedFields: QuoteField[];
    /** How often a device attests, in hours (Azure Sphere: at boot and every 24 h). */
    periodHours: number;
    /** Which measurements the service takes as good (absent: the current release's only). */
    knownGood?: KnownGoodPolicy;
  };
  deviceCertificate: {
    /** Validity from issuance, in hours (Azure Sphere DAA certificates: 24). */
    lifetimeHours: number;
    revocation: RevocationPolicy;
    /** With status-check: a relying party's answer to a status query that gets no reply (absent: not stated; status-check.ts). */
    statusUnreachable?: 'reject' | 'accept';
    /**
     * The platform asset that is the device's client-authentication private key (the key it presents in
     * TLS to the cloud, the one the certificate is issued for). Absent: Azure Sphere's, which Pluton
     * generates and holds (azure-sphere-facts §4: PLUTON_GENERATE_CLIENT_AUTH_KEY), as it holds the quote key.
     */
    clientKey?: string;
  };
  cloudService: {
    deviceTrustAnchors: DeviceTrustAnchors;
    /** Which device the cloud takes a connection to be from (absent: the certificate's; design-rules.ts reads it). */
    deviceIdFrom?: DeviceIdSource;
  };
  device: {
    serverTrustAnchors: ServerTrustAnchors;
    /** Whether a server certificate must name the host the device connects to (absent: not stated; server-name-check.ts). */
    serverNames?: ServerNameCheck;
  };
  connections: ConnectionDesign[];
}

/**
 * Which nonce the security service verifies a quote over. The loader refuses a design with a service nonce
 * that does not say; with no nonce policy there is no nonce to check, and the answer is never used.
 */
export function nonceCheckOf(design: ProtocolDesign): NonceCheck {
  if (design.attestation.nonceCheck) return design.attestation.nonceCheck;
  if (design.attestation.nonce === 'service-nonce') throw new Error('the protocol design does not state /attestation/nonceCheck: which nonce the security service verifies the quote over');
  return 'sent-nonce';
}

export const hasField = (fields: readonly QuoteField[], field: QuoteField): boolean => fields.includes(field);

/**
 * Why attestation under this design does not show that the device holds its identity key now, with the
 * design field that says so, or undefined when it does: the device attests with the quote its identity key
 * signs (not a certificate it already holds), the service sends a fresh nonce, the signature covers it, and
 * the service verifies it over the nonce it sent, and what signs the quote (attestation.signingKey) is a
 * secret private key of the platform design. Without all of them a quote recorded once (off the
 * network, or from a device before its key was taken), or no quote at all, passes, so "the device proves it
 * holds the key" rests on nothing current (hardware-root-of-trust's identity-key-in-hardware reads this;
 * certificate-authentication's design rules and attacker search find the same flaws their own way).
 */
export function quoteProofGap(design: ProtocolDesign, platform: Pick<PlatformDesign, 'assets' | 'name'>): { pointer: string; message: string } | undefined {
  const i = design.connections.findIndex((c) => c.protocol === 'attestation');
  const credential = i < 0 ? undefined : design.connections[i]!.client.credential;
  if (credential !== undefined && credential !== DEVICE_CREDENTIAL.attestation) return { pointer: `/connections/${i}/client/credential`, message: `the device attests with a ${credential}, not a quote signed by its identity key: no quote is taken` };
  const a = design.attestation;
  // The quote shows possession only when what signs it is a secret private key: a register, a key store or a
  // public value signs for whoever reads it, and the service's check then verifies anyone's quote.
  const key = platform.assets.find((x) => x.id === a.signingKey);
  if (!key || key.kind !== 'private-key' || !key.secret) {
    const what = !key ? `not an asset of the platform design "${platform.name}"` : `a ${key.kind}${key.secret ? '' : ' that is not secret'}`;
    return { pointer: '/attestation/signingKey', message: `the quote is signed with "${a.signingKey}", ${what}, not a secret private key: whoever reads it signs a quote the service accepts` };
  }
  if (a.nonce === 'none') return { pointer: '/attestation/nonce', message: 'the quote carries no nonce of the service\'s (nonce "none"): a quote recorded once verifies again' };
  if (!a.signedFields.includes('nonce')) return { pointer: '/attestation/signedFields', message: 'the identity key\'s signature does not cover the nonce: a recorded quote with the new nonce put in verifies again' };
  if (nonceCheckOf(design) === 'quote-nonce') return { pointer: '/attestation/nonceCheck', message: 'the service verifies the quote over the nonce the quote carries, not the one it sent (nonceCheck "quote-nonce"): a recorded quote verifies again' };
  return undefined;
}

/**
 * Why attestation under this design does not see what the device runs, with the design field that says so, or
 * undefined when it does: the device attests with a quote (not a certificate it holds), the quote carries the
 * measurements and the identity key's signature covers them. Without that a device whose register shows a tampered
 * image reports the genuine digest (or none) and the service takes it: measuring every stage before it runs
 * (hardware-root-of-trust's measured-before-run, "so attestation sees any image that got past the checks") shows
 * nothing to anyone. properties/hardware-root-of-trust/design-quote.ts playTamperedReport is the emulated reading,
 * held against this by test/differential/quote-proof-differential.test.ts; certificate-authentication's search finds
 * the same flaw as untrusted-software.
 */
export function measurementReportGap(design: Pick<ProtocolDesign, 'attestation' | 'connections'>): { pointer: string; message: string } | undefined {
  const i = design.connections.findIndex((c) => c.protocol === 'attestation');
  const credential = i < 0 ? undefined : design.connections[i]!.client.credential;
  if (credential !== undefined && credential !== DEVICE_CREDENTIAL.attestation) return { pointer: `/connections/${i}/client/credential`, message: `the device attests with a ${credential}, not a quote: no measurements reach the security service` };
  const a = design.attestation;
  if (!a.quoteFields.includes('measurements')) return { pointer: '/attestation/quoteFields', message: 'the quote does not carry the measurements: the security service never sees the register' };
  if (!a.signedFields.includes('measurements')) return { pointer: '/attestation/signedFields', message: "the identity key's signature does not cover the measurements: a device whose register shows a tampered image reports the genuine digest and the service takes it" };
  return undefined;
}

/** Periods a certificate stays valid, with the clock moving one attestation period at a time (⌈lifetime / period⌉). */
export function lifetimePeriods(design: ProtocolDesign): number {
  return Math.max(1, Math.ceil(design.deviceCertificate.lifetimeHours / design.attestation.periodHours));
}

/**
 * The longest, in hours, between a device certificate's issuance in attestation period `issued` and a
 * relying party accepting it in period `accepted`: issued at the start of its period, accepted at the end
 * of the other, and never past the certificate's lifetime (relying parties check expiry). The search counts
 * time in periods; the requirement profile bounds acceptance in hours, so this is how a period count
 * becomes hours (periods of one hour and of a day with the same 24 h certificates leave a device accepted
 * equally long after its last attestation).
 */
export function worstAcceptanceHours(design: ProtocolDesign, issued: number, accepted: number): number {
  return Math.min(design.deviceCertificate.lifetimeHours, (accepted - issued + 1) * design.attestation.periodHours);
}

/** Credential kinds that are secrets a person or a server could leak, not keys proven by a signature. */
export const SHARED_SECRET_KINDS: readonly CredentialKind[] = ['password', 'shared-secret'];

/**
 * Whether the design describes the connection on which device certificates are used: a
 * device-authentication connection where both sides prove themselves by certificate. Without one, what
 * the relying parties check (their trust anchors, the revocation status, tenant isolation) is not part
 * of the design, so a product whose apps authenticate to hosts by device certificate cannot be shown to
 * be safe from it: the bounded search and the unbounded proof then only cover the attestation.
 * (proofs/attacker-search/model.ts `cloudModelledIn` and proofs/horn/translate.ts `cloudModelled` are
 * the searches' own readings of the same rule.)
 */
export function describesDeviceToCloud(design: ProtocolDesign): boolean {
  return design.connections.some((c) => c.protocol === 'device-authentication' && c.client.credential === 'certificate' && c.server.credential === 'certificate');
}

/**
 * What the device must prove itself with, per protocol. On the attestation connection: the quote signed
 * by its hardware-held key (attestation.signingKey), the one proof that carries its measurements; a
 * device certificate there is what attestation issues, so a device that renews with the certificate it
 * holds is never measured again and a downgraded device keeps renewing. On a device-authentication
 * connection: its device certificate.
 */
export const DEVICE_CREDENTIAL: Readonly<Record<ConnectionDesign['protocol'], CredentialKind>> = { attestation: 'device-identity-key', 'device-authentication': 'certificate' };
