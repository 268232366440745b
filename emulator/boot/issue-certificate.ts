/**
 * Issuing key certificates (the factory's and the attacker's side): X.509 v3 built by @peculiar/x509
 * over node's WebCrypto, except that the issuer's signature is made by noble (RFC 6979), so the same
 * keys always give the same certificate bytes and a run replays from its seed.
 */
import { createHash, createPublicKey, webcrypto } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { deterministicWebCrypto, type SigningKey } from '../../formats/image-package/index.js';
import { x509Library } from '../../formats/x509/x509-library.mjs';

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

export const distinguishedName = (id: string, organization: string): string => `CN=${id}, O=${organization}`;

export async function issueKeyCertificate(request: CertificateRequest): Promise<Uint8Array> {
  const x509 = x509Library();
  // The subject's SubjectPublicKeyInfo from node:crypto, synchronously: the library takes the DER as it
  // would take a WebCrypto export of the key, without a trip to the thread pool for each import and export.
  const spki = createPublicKey({ key: publicJwk(request.subjectKey), format: 'jwk' }).export({ format: 'der', type: 'spki' });
  const crypto = deterministicWebCrypto(request.issuerKey) as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
  const usages = request.certifiesKeys ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialFor(request.subjectKey),
      subject: distinguishedName(request.subjectId, request.organization),
      issuer: distinguishedName(request.issuerId, request.organization),
      notBefore: NOT_BEFORE,
      notAfter: NOT_AFTER,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: spki,
      // The library reads only the key's algorithm: deterministicWebCrypto signs with noble.
      signingKey: await importedSigningKey(request.issuerKey),
      extensions: [
        new x509.BasicConstraintsExtension(request.certifiesKeys, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        // RFC 5280 §4.2.1.2 method 1, as the library's SubjectKeyIdentifierExtension.create and
        // AuthorityKeyIdentifierExtension.create compute it from a CryptoKey: SHA-1 of the public key's point.
        new x509.SubjectKeyIdentifierExtension(keyIdentifier(request.subjectKey), false),
        new x509.AuthorityKeyIdentifierExtension(keyIdentifier(request.issuerKey), false),
      ],
    },
    crypto,
  );
  return new Uint8Array(cert.rawData);
}

/** The key identifier of RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits (the uncompressed point), in hex. */
const keyIdentifier = (key: SigningKey): string => createHash('sha1').update(key.publicKey).digest('hex');

/**
 * The issuer's private key as WebCrypto wants it, imported once per key: a vendor certifies several keys
 * with its anchor, and an import costs a trip to the thread pool.
 */
const importedSigningKeys = new Map<string, Promise<webcrypto.CryptoKey>>();
const MAX_IMPORTED_KEYS = 64;

function importedSigningKey(key: SigningKey): Promise<webcrypto.CryptoKey> {
  const id = `${b64(key.secretKey)}:${b64(key.publicKey)}`;
  let imported = importedSigningKeys.get(id);
  if (!imported) {
    if (importedSigningKeys.size >= MAX_IMPORTED_KEYS) importedSigningKeys.delete(importedSigningKeys.keys().next().value!);
    imported = webcrypto.subtle.importKey('jwk', { ...publicJwk(key), d: b64(key.secretKey) }, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    importedSigningKeys.set(id, imported);
    imported.catch(() => importedSigningKeys.delete(id));
  }
  return imported;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const publicJwk = (key: SigningKey) => ({ kty: 'EC', crv: 'P-256', x: b64(key.publicKey.subarray(1, 33)), y: b64(key.publicKey.subarray(33, 65)) });


/** 16 bytes of SHA-256(public key), top bit clear so the DER integer stays positive. */
function serialFor(key: SigningKey): string {
  const bytes = sha256(key.publicKey).slice(0, 16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
