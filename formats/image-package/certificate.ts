/**
 * Reads the X.509 certificate that signs images: its DER (for the thumbprint) and its P-256 public key
 * (for the signature). Parsing is node:crypto's X509Certificate (OpenSSL); anything that is not a P-256
 * certificate is refused with an ImageInputError saying what it is instead.
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { ImageInputError } from './input-error.js';
import { certificateThumbprint } from './thumbprint.js';

export interface SigningCertificate {
  der: Uint8Array;
  /** SHA-1 of the DER: what the Signature section stores. */
  thumbprint: Uint8Array;
  /** Uncompressed P-256 point: 0x04 || x || y. */
  publicKey: Uint8Array;
  subject: string;
  validFrom: string;
  validTo: string;
}

/** A certificate already read, or one to read from PEM/DER. */
export const asSigningCertificate = (input: SigningCertificate | string | Uint8Array, field = 'certificate'): SigningCertificate =>
  typeof input === 'object' && !(input instanceof Uint8Array) ? input : readCertificate(input, field);

const P256_NAMES = new Set(['prime256v1', 'P-256', 'secp256r1']);

/** A PEM text, or PEM or DER bytes. */
export function readCertificate(input: string | Uint8Array, field = 'certificate'): SigningCertificate {
  const buffer = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const text = buffer.subarray(0, 4096).toString('latin1');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) && !text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ImageInputError(field, 'this is a private key, not a certificate (expected "-----BEGIN CERTIFICATE-----")');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(buffer);
  } catch (err) {
    throw new ImageInputError(field, `not an X.509 certificate in PEM or DER form (${reason(err)})`);
  }
  const publicKey = p256PublicKey(cert.publicKey, field, 'the certificate');
  const der = new Uint8Array(cert.raw);
  return { der, thumbprint: certificateThumbprint(der), publicKey, subject: cert.subject.replace(/\n/g, ', '), validFrom: cert.validFrom, validTo: cert.validTo };
}

/** The uncompressed point of an EC P-256 key; an ImageInputError naming the key's actual type or curve otherwise. */
export function p256PublicKey(key: KeyObject, field: string, what: string): Uint8Array {
  if (key.asymmetricKeyType !== 'ec') {
    throw new ImageInputError(field, `${what} holds a ${key.asymmetricKeyType?.toUpperCase() ?? 'non-EC'} key; Azure Sphere images are signed with ECDSA P-256`);
  }
  const curve = key.asymmetricKeyDetails?.namedCurve ?? 'unknown';
  if (!P256_NAMES.has(curve)) {
    throw new ImageInputError(field, `${what} holds a key on curve ${curve}; Azure Sphere images are signed with P-256 (prime256v1)`);
  }
  const jwk = key.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const y = Buffer.from(jwk.y ?? '', 'base64url');
  const point = new Uint8Array(65);
  point[0] = 4;
  point.set(x, 1 + 32 - x.length);
  point.set(y, 33 + 32 - y.length);
  return point;
}

export const reason = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/^error:[0-9A-F]+:/i, '');
