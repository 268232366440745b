/**
 * Key certificates as the device reads them: X.509 v3, ECDSA P-256 with SHA-256, one per signing key
 * of the design. The subject's common name is the design's key id (its role: "firmware-signing"); the
 * issuer is the key that certified it. The image's Signature section names its signer by the SHA-1
 * thumbprint of this DER, as on a real Azure Sphere device. Parsing is this file's small DER reader (a
 * boot cannot afford more); the factory's tests compare the result with node:crypto's X509Certificate.
 */
import { createHash } from 'node:crypto';
import { DER_TAG, DerError, type DerNode, derChildren, derContent, derWhole, expectTag, readDer } from './der.js';

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
  const root = expectTag(readDer(der, 0), DER_TAG.sequence, 'Certificate');
  if (root.end !== der.length) throw new DerError(`${der.length - root.end} bytes after the certificate`);
  const [tbsNode, algNode, sigNode] = derChildren(der, root);
  const tbs = expectTag(tbsNode, DER_TAG.sequence, 'tbsCertificate');
  requireOid(der, expectTag(algNode, DER_TAG.sequence, 'signatureAlgorithm'), OID_ECDSA_WITH_SHA256, 'the signature algorithm (ecdsa-with-SHA256)');
  const fields = derChildren(der, tbs);
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
    tbs: derWhole(der, tbs),
    signature: ecdsaSignature(der, expectTag(sigNode, DER_TAG.bitString, 'signatureValue')),
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

/** BIT STRING (0 unused bits) holding SEQUENCE { INTEGER r, INTEGER s } → 64-byte r||s. */
function ecdsaSignature(der: Uint8Array, bitString: DerNode): Uint8Array {
  if (der[bitString.contentStart] !== 0) throw new DerError('the signature BIT STRING has unused bits');
  const inner = readDer(der, bitString.contentStart + 1, bitString.end);
  const [r, s] = derChildren(der, expectTag(inner, DER_TAG.sequence, 'ECDSA signature'));
  const out = new Uint8Array(64);
  [r, s].forEach((node, i) => {
    let value = derContent(der, expectTag(node, DER_TAG.integer, i === 0 ? 'r' : 's'));
    while (value.length > 0 && value[0] === 0) value = value.subarray(1);
    if (value.length > 32) throw new DerError(`signature ${i === 0 ? 'r' : 's'} is longer than 32 bytes`);
    out.set(value, 32 * (i + 1) - value.length);
  });
  return out;
}
