/**
 * Issuing key certificates (the factory's and the attacker's side): X.509 v3 built with the
 * @peculiar/x509 family's ASN.1 classes as the library's certificate generator builds them
 * (formats/x509/certificate-builder.ts), the issuer's signature made by noble (RFC 6979), so the same
 * keys always give the same certificate bytes and a run replays from its seed.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { signP256, type SigningKey } from '../../formats/image-package/index.js';
import { buildCertificate, extensions } from '../../formats/x509/certificate-builder.js';

export interface CertificateRequest {
  /** The design's key id: becomes the subject's common name. */
  subjectId: string;
  subjectKey: SigningKey;
  /** The certifying key's id and key; the subject's own for a self-signed (anchor) certificate. */
  issuerId: string;
  issuerKey: SigningKey;
  /** Organisation in both names: the factory's, or whatever the attacker writes. */
  organization: string;
  /** Whether the key may certify other keys. */
  certifiesKeys: boolean;
}

/** Fixed validity: a boot ROM has no trusted clock, so the device does not check dates; fixed dates keep the bytes reproducible. */
const NOT_BEFORE = new Date('2020-01-01T00:00:00Z');
const NOT_AFTER = new Date('2045-01-01T00:00:00Z');

/** KeyUsage bits (RFC 5280 §4.2.1.3, as the library's KeyUsageFlags number them). */
const DIGITAL_SIGNATURE = 1;
const KEY_CERT_SIGN = 32;

export const distinguishedName = (id: string, organization: string): string => `CN=${id}, O=${organization}`;

/** Async as it always was (callers await it); the work is synchronous. */
export async function issueKeyCertificate(request: CertificateRequest): Promise<Uint8Array> {
  const usages = request.certifiesKeys ? KEY_CERT_SIGN | DIGITAL_SIGNATURE : DIGITAL_SIGNATURE;
  return buildCertificate(
    {
      serialNumber: serialFor(request.subjectKey),
      subject: distinguishedName(request.subjectId, request.organization),
      issuer: distinguishedName(request.issuerId, request.organization),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      subjectPublicKey: request.subjectKey.publicKey,
      extensions: [
        extensions.basicConstraints(request.certifiesKeys, true),
        extensions.keyUsage(usages, true),
        // RFC 5280 §4.2.1.2 method 1, as the library's SubjectKeyIdentifierExtension.create and
        // AuthorityKeyIdentifierExtension.create compute it from a CryptoKey: SHA-1 of the public key's point.
        extensions.subjectKeyIdentifier(keyIdentifier(request.subjectKey), false),
        extensions.authorityKeyIdentifier(keyIdentifier(request.issuerKey), false),
      ],
    },
    (tbs) => signP256(tbs, request.issuerKey),
  );
}

/** The key identifier of RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (the uncompressed point). */
const keyIdentifier = (key: SigningKey): Uint8Array => new Uint8Array(createHash('sha1').update(key.publicKey).digest());

/** 16 bytes of SHA-256(public key), top bit clear and first byte non-zero, so the DER integer is these 16 bytes as they are. */
function serialFor(key: SigningKey): Uint8Array {
  const bytes = sha256(key.publicKey).slice(0, 16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes;
}
