/**
 * ECDSA P-256 over SHA-256 with 64-byte r||s signatures, the scheme of the image signature (facts §3.1:
 * ANVIL signer.py, DSS 'fips-186-3' + SHA256). Signing is @noble/curves (RFC 6979 deterministic k, so
 * fixtures are reproducible). Every verdict is computed twice, by noble and by node:crypto (OpenSSL), and
 * a disagreement throws: a verifier whose two implementations differ has no trustworthy answer. An agreed
 * verdict is remembered per distinct (key, signature, message) for the rest of the process (p256-verdicts.ts).
 */
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { SignatureCrossCheckError } from './input-error.js';
import { rememberedSignature, rememberedVerdict, verdictId } from './p256-verdicts.js';
import type { SigningKey } from './signing-key.js';
import { toHex } from './thumbprint.js';

/** True when `signature` (r||s) is a valid signature of SHA-256(`data`) under `publicKey` (0x04||x||y). */
export function verifyP256(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  return rememberedVerdict(verdictId(data, signature, publicKey), () => verifyWithBoth(data, signature, publicKey));
}

/** Noble and node:crypto, each asked; they must agree. */
function verifyWithBoth(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  const byNoble = verifyWithNoble(data, signature, publicKey);
  const byNode = verifyWithNode(data, signature, publicKey);
  if (byNoble !== byNode) {
    throw new SignatureCrossCheckError(
      `noble says ${byNoble ? 'valid' : 'invalid'} but node:crypto says ${byNode ? 'valid' : 'invalid'} for signature ${toHex(signature)} under key ${toHex(publicKey)} over ${data.length} bytes`,
    );
  }
  return byNoble;
}

/**
 * Signs SHA-256(`data`) with noble. node:crypto, the independent implementation, must accept the fresh
 * signature before it is returned (node alone: a noble re-verify would cost 2.4 ms and check noble against itself).
 */
export function signP256(data: Uint8Array, key: SigningKey): Uint8Array {
  // RFC 6979: the signature is a pure function of the key and the message, so one made before is reused
  // (labs opened with one seed sign the same images again). Each caller gets its own copy to change.
  return rememberedSignature(verdictId(data, key.secretKey, key.publicKey), () => {
    const signature = p256.sign(data, key.secretKey, { prehash: true, format: 'compact' });
    if (!verifyWithNode(data, signature, key.publicKey)) throw new SignatureCrossCheckError('node:crypto rejects a signature noble just made with this key');
    return signature;
  });
}

/**
 * lowS: false because OpenSSL, .NET and pycryptodome (the real signers) accept and produce high-S
 * signatures; noble's default would reject half of the real ones and disagree with node:crypto.
 */
export function verifyWithNoble(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return p256.verify(signature, data, publicKey, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    return false; // malformed signature or key: not a valid signature
  }
}

let lastKey: { hex: string; key: KeyObject } | undefined;

export function verifyWithNode(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return nodeVerify('sha256', data, { key: nodeKey(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** node:crypto KeyObject for a point; the last one is kept, since one certificate usually checks many packages. */
function nodeKey(publicKey: Uint8Array): KeyObject {
  const hex = toHex(publicKey);
  if (lastKey?.hex !== hex) {
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const jwk = { kty: 'EC', crv: 'P-256', x: b64(publicKey.subarray(1, 33)), y: b64(publicKey.subarray(33, 65)) };
    lastKey = { hex, key: createPublicKey({ key: jwk, format: 'jwk' }) };
  }
  return lastKey.key;
}
