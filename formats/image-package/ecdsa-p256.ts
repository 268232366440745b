/**
 * ECDSA P-256 over SHA-256 with 64-byte r||s signatures, the scheme of the image signature (facts §3.1:
 * ANVIL signer.py, DSS 'fips-186-3' + SHA256). Signing is RFC 6979 (deterministic k, so fixtures are
 * reproducible): noble's signature, with k·G from node:crypto (rfc6979-sign.ts). Every verdict is
 * computed twice, by noble and by node:crypto (OpenSSL), and a disagreement throws: a verifier whose two implementations differ has no trustworthy answer. While a
 * property is being decided, noble's half runs on a worker thread and a disagreement is reported at the
 * property's barrier instead (noble-confirmations.ts). An agreed verdict is remembered per distinct
 * (key, signature, message) for the rest of the process (p256-verdicts.ts).
 */
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { SignatureCrossCheckError } from './input-error.js';
import { confirmLater, deferringNobleConfirmations } from './noble-confirmations.js';
import { disagreementMessage, verifyWithNoble } from './noble-verify.js';
import { forgetVerdict, rememberedSignature, rememberedVerdict, verdictId } from './p256-verdicts.js';
import { signDigestRfc6979 } from './rfc6979-sign.js';
import type { SigningKey } from './signing-key.js';
import { toHex } from './thumbprint.js';

export { verifyWithNoble };

/** True when `signature` (r||s) is a valid signature of SHA-256(`data`) under `publicKey` (0x04||x||y). */
export function verifyP256(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  const id = verdictId(data, signature, publicKey);
  return rememberedVerdict(id, () => crossCheckedVerdict(id, data, signature, publicKey, verifyWithNode(data, signature, publicKey)));
}

/**
 * node:crypto's verdict `byNode` on a distinct triple (remembered under `id`), once noble agrees: noble
 * is asked now and a disagreement throws, or, while a property is being decided, noble is asked on the
 * worker and a disagreement is reported at the property's barrier (and the remembered verdict dropped).
 */
export function crossCheckedVerdict(id: string, data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, byNode: boolean): boolean {
  if (deferringNobleConfirmations()) {
    confirmLater(data, signature, publicKey, byNode, () => forgetVerdict(id));
    return byNode;
  }
  const byNoble = verifyWithNoble(data, signature, publicKey);
  if (byNoble !== byNode) throw new SignatureCrossCheckError(disagreementMessage(byNoble, byNode, data, signature, publicKey));
  return byNode;
}

/**
 * Signs SHA-256(`data`) as noble's RFC 6979 `sign` would (rfc6979-sign.ts; the digest and the nonce
 * DRBG's HMAC from node:crypto, hashes noble's prehash would compute in JavaScript). node:crypto must
 * accept the fresh signature before it is returned, hashing `data` itself (node alone: a noble re-verify
 * would cost 2.4 ms); every verdict on it is confirmed by noble with noble's own SHA-256 (noble-verify.ts).
 */
export function signP256(data: Uint8Array, key: SigningKey): Uint8Array {
  // RFC 6979: the signature is a pure function of the key and the message, so one made before is reused
  // (labs opened with one seed sign the same images again). Each caller gets its own copy to change.
  return rememberedSignature(verdictId(data, key.secretKey, key.publicKey), () => {
    const digest = new Uint8Array(createHash('sha256').update(data).digest());
    const signature = signDigestRfc6979(digest, key.secretKey);
    if (!verifyWithNode(data, signature, key.publicKey)) throw new SignatureCrossCheckError('node:crypto rejects a signature just made with this key');
    return signature;
  });
}

export function verifyWithNode(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return nodeVerify('sha256', data, { key: nodeKey(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/** DER SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1). */
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');
/** A run signs and checks under a few dozen keys; a fuzzing campaign's endless new ones cannot grow this past the bound. */
const MAX_KEYS = 256;
const nodeKeys = new Map<string, KeyObject>();

/**
 * node:crypto KeyObject for a point, imported once per distinct point (by its exact bytes) for the
 * whole process (signing, verifyP256 and the boot emulator's verifiers): a run alternates between a few
 * dozen keys, and an import costs as much as a verification. A point that is not on the curve throws
 * here (a verdict of invalid) and is not kept.
 */
export function nodeKey(publicKey: Uint8Array): KeyObject {
  const id = toHex(publicKey);
  let key = nodeKeys.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, publicKey]), format: 'der', type: 'spki' });
    if (nodeKeys.size >= MAX_KEYS) nodeKeys.clear();
    nodeKeys.set(id, key);
  }
  return key;
}
