/**
 * The private key that signs images: read from PEM (PKCS#8 "PRIVATE KEY" or SEC1 "EC PRIVATE KEY") with
 * node:crypto, kept as the raw 32-byte scalar that @noble/curves signs with. A key's public point is
 * derived by node:crypto (OpenSSL), about ten times faster than noble's scalar multiplication; it is
 * the same point either way (test/image-package/signing-key.test.ts compares them), and no verdict
 * rests on which library derived it.
 */
import { createECDH, createPrivateKey, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { p256PublicKey, reason } from './certificate.js';
import { ImageInputError } from './input-error.js';

export interface SigningKey {
  /** 32-byte P-256 scalar. */
  secretKey: Uint8Array;
  /** Uncompressed point 0x04 || x || y. */
  publicKey: Uint8Array;
}

export function readSigningKey(input: string | Uint8Array, field = 'key'): SigningKey {
  const text = typeof input === 'string' ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----') && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    throw new ImageInputError(field, 'this is a certificate, not a private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN EC PRIVATE KEY-----")');
  }
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || /Proc-Type: 4,ENCRYPTED/.test(text)) {
    throw new ImageInputError(field, 'the key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch (err) {
    throw new ImageInputError(field, `not a PEM private key (${reason(err)})`);
  }
  const publicKey = p256PublicKey(key, field, 'the key');
  const d = Buffer.from(key.export({ format: 'jwk' }).d ?? '', 'base64url');
  const secretKey = new Uint8Array(32);
  secretKey.set(d, 32 - d.length);
  return { secretKey, publicKey };
}

/** A new random key (noble's CSPRNG-backed keygen). */
export function generateSigningKey(): SigningKey {
  return signingKeyFromSecret(p256.utils.randomSecretKey());
}

/** The key for a 32-byte scalar; with a 48-byte seed, p256.utils.randomSecretKey(seed) makes a reproducible one. */
export function signingKeyFromSecret(secretKey: Uint8Array): SigningKey {
  return { secretKey, publicKey: publicPointOf(secretKey) };
}

/**
 * The uncompressed point secretKey·G (0x04 || x || y), as noble's getPublicKey(secretKey, false) gives
 * it. A scalar outside [1, n−1] (or not 32 bytes) is refused by noble, with noble's error, exactly as before.
 */
export function publicPointOf(secretKey: Uint8Array): Uint8Array {
  if (!p256.utils.isValidSecretKey(secretKey)) return p256.getPublicKey(secretKey, false); // throws noble's error
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(secretKey);
  return new Uint8Array(ecdh.getPublicKey());
}

/** PKCS#8 PEM, the form `openssl genpkey` writes. */
export function signingKeyToPem(key: SigningKey): string {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const jwk = { kty: 'EC', crv: 'P-256', d: b64(key.secretKey), x: b64(key.publicKey.subarray(1, 33)), y: b64(key.publicKey.subarray(33, 65)) };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
}
