/**
 * Key certificates as the device reads them: X.509 v3, ECDSA P-256 with SHA-256, one per signing key
 * of the design. The subject's common name is the design's key id (its role: "firmware-signing"); the
 * issuer is the key that certified it. The image's Signature section names its signer by the SHA-1
 * thumbprint of this DER, as on a real Azure Sphere device. Parsing uses the one small DER reader the
 * attestation parties use too (formats/attestation/der.ts; a boot cannot afford a general ASN.1 library);
 * the factory's tests compare the result with node:crypto's X509Certificate.
 */
import { createHash } from 'node:crypto';
import { DER_TAG, DerError, type DerNode, derChildren, derContent, derWhole, expectTag, readCertificateParts, readEcdsaSignature } from '../../formats/attestation/der.js';

export interface KeyCertificate {
  der: Uint8Array;
  /** SHA-1 of `der`: what an image's Signature section stores. */
  thumbprint: Uint8Array;
  /** Raw DER of the subject and issuer names: an issuer is found by comparing these bytes. */
  subject: Uint8Array;
  issuer: Uint8Array;
  subjectCommonName: string;
  issuerCommonName: string;
  /** Uncompressed P-256 point, 0x04||x||y. */
  publicKey: Uint8Array;
  /** The bytes the issuer signed. */
  tbs: Uint8Array;
  /** The issuer's signature as r||s. */
  signature: Uint8Array;
}

const OID_ECDSA_WITH_SHA256 = '2a8648ce3d040302';
const OID_EC_PUBLIC_KEY = '2a8648ce3d0201';
const OID_PRIME256V1 = '2a8648ce3d030107';
const OID_COMMON_NAME = '550403';

export type ParsedKeyCertificate = { ok: true; certificate: KeyCertificate } | { ok: false; reason: string };

export function parseKeyCertificate(der: Uint8Array): ParsedKeyCertificate {
  try {
    return { ok: true, certificate: parse(der) };
  } catch (err) {
    if (err instanceof DerError) return { ok: false, reason: err.message };
    throw err;
  }
}

function parse(der: Uint8Array): KeyCertificate {
  const parts = readCertificateParts(der);
  requireOid(der, parts.algorithmNode, OID_ECDSA_WITH_SHA256, 'the signature algorithm (ecdsa-with-SHA256)');
  const fields = derChildren(der, parts.tbsNode);
  // version [0] is present in every v3 certificate; then serial, signature, issuer, validity, subject, spki.
  const at = fields[0]?.tag === DER_TAG.context0 ? 1 : 0;
  const issuer = expectTag(fields[at + 2], DER_TAG.sequence, 'issuer');
  const subject = expectTag(fields[at + 4], DER_TAG.sequence, 'subject');
  const spki = expectTag(fields[at + 5], DER_TAG.sequence, 'subjectPublicKeyInfo');
  return {
    der,
    // node's SHA-1 (OpenSSL) rather than noble's: a loader parses the key store on every boot.
    thumbprint: createHash('sha1').update(der).digest(),
    subject: derWhole(der, subject),
    issuer: derWhole(der, issuer),
    subjectCommonName: commonName(der, subject),
    issuerCommonName: commonName(der, issuer),
    publicKey: p256Point(der, spki),
    tbs: parts.tbs,
    signature: readEcdsaSignature(parts.signatureValue),
  };
}

function requireOid(der: Uint8Array, algorithm: DerNode, oidHex: string, what: string): void {
  const oid = expectTag(derChildren(der, algorithm)[0], DER_TAG.oid, what);
  if (Buffer.from(derContent(der, oid)).toString('hex') !== oidHex) throw new DerError(`${what} is not the one a key certificate uses`);
}

function commonName(der: Uint8Array, name: DerNode): string {
  for (const rdn of derChildren(der, name)) {
    for (const attribute of derChildren(der, expectTag(rdn, DER_TAG.set, 'name component'))) {
      const [type, value] = derChildren(der, expectTag(attribute, DER_TAG.sequence, 'name attribute'));
      if (type && Buffer.from(derContent(der, expectTag(type, DER_TAG.oid, 'attribute type'))).toString('hex') === OID_COMMON_NAME && value) {
        return Buffer.from(der.buffer, der.byteOffset + value.contentStart, value.end - value.contentStart).toString('utf8');
      }
    }
  }
  throw new DerError('the name has no common name (the key id)');
}

function p256Point(der: Uint8Array, spki: DerNode): Uint8Array {
  const [algorithm, key] = derChildren(der, spki);
  const [type, curve] = derChildren(der, expectTag(algorithm, DER_TAG.sequence, 'key algorithm'));
  if (Buffer.from(derContent(der, expectTag(type, DER_TAG.oid, 'key type'))).toString('hex') !== OID_EC_PUBLIC_KEY) throw new DerError('the key is not an EC key');
  if (Buffer.from(derContent(der, expectTag(curve, DER_TAG.oid, 'curve'))).toString('hex') !== OID_PRIME256V1) throw new DerError('the key is not on P-256');
  const bits = derContent(der, expectTag(key, DER_TAG.bitString, 'public key'));
  if (bits.length !== 66 || bits[0] !== 0 || bits[1] !== 4) throw new DerError('the public key is not an uncompressed P-256 point');
  return bits.subarray(1);
}
