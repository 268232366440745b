/**
 * Makes a self-signed P-256 certificate for a signing key, so that pack/sign/verify can be tried without
 * Microsoft's keys (devices trust such a certificate only if it is in their keystore; this is for tests).
 * Built with @peculiar/x509 over node's WebCrypto, except that the certificate's own signature is made by
 * noble (RFC 6979): the same key, subject, dates and serial always give the same certificate bytes.
 */
import { webcrypto } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { deterministicWebCrypto } from './deterministic-crypto.js';
import { x509Library } from '../x509/x509-library.mjs';
import { generateSigningKey, type SigningKey } from './signing-key.js';

export interface TestCertificateOptions {
  /** Distinguished name, e.g. "CN=Sevenfold test signing key". */
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Hex; default: derived from the public key, so it is reproducible. */
  serialNumber?: string;
}

export async function createSelfSignedCertificate(key: SigningKey, options: TestCertificateOptions): Promise<string> {
  const x509 = x509Library();
  const subtle = webcrypto.subtle;
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const publicJwk = { kty: 'EC', crv: 'P-256', x: b64(key.publicKey.subarray(1, 33)), y: b64(key.publicKey.subarray(33, 65)) };
  const keys = {
    publicKey: await subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
    privateKey: await subtle.importKey('jwk', { ...publicJwk, d: b64(key.secretKey) }, algorithm, true, ['sign']),
  };
  const deterministic = deterministicWebCrypto(key);
  const crypto = deterministic as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: options.serialNumber ?? serialFromKey(key),
      name: options.subject,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return cert.toString('pem') + '\n';
}

/** 16 bytes of SHA-256(public key), top bit clear so the DER integer stays positive without padding. */
function serialFromKey(key: SigningKey): string {
  const bytes = sha256(key.publicKey).slice(0, 16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

/** A fresh random key with its self-signed certificate, valid from now for `days` days. */
export async function createTestSigningIdentity(subject: string, days = 365): Promise<{ key: SigningKey; certificatePem: string }> {
  const key = generateSigningKey();
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  return { key, certificatePem: await createSelfSignedCertificate(key, { subject, notBefore, notAfter }) };
}
