/**
 * The ECDSA P-256 verifiers the boot checks call. Booting runs node:crypto (OpenSSL, ~30x faster than
 * noble); a property verdict is computed with CrossCheckedVerifier, which also asks noble about every
 * distinct (key, signature, message) and throws on disagreement. Boots repeat the same images many
 * times, so remembering noble's answer per distinct triple keeps the cross-check cheap without
 * skipping any verdict: the same bytes always get the same answer.
 */
import { createHash, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { SignatureCrossCheckError, toHex, verifyWithNoble } from '../../formats/image-package/index.js';

export interface SignatureVerifier {
  readonly name: string;
  /** Is `signature` (r||s) a valid signature of SHA-256(`data`) under `publicKey` (0x04||x||y)? */
  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
  /** Calls so far: the boot counts its verifications with this. */
  readonly verifications: number;
}

/** DER SubjectPublicKeyInfo header for an uncompressed P-256 point (id-ecPublicKey, prime256v1). */
const SPKI_P256_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a8648ce3d030107034200', 'hex');

export class NodeP256Verifier implements SignatureVerifier {
  readonly name = 'node:crypto';
  verifications = 0;
  /** A boot uses three or four keys over and over; importing a key costs as much as a verification. */
  #keys = new Map<string, KeyObject>();
  /** The same key arrives as the same array many times in a boot: skip even the hex conversion then. */
  #byArray = new WeakMap<Uint8Array, KeyObject>();

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    this.verifications++;
    const key = this.#key(publicKey);
    if (!key || signature.length !== 64) return false;
    try {
      return nodeVerify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false;
    }
  }

  #key(publicKey: Uint8Array): KeyObject | undefined {
    const known = this.#byArray.get(publicKey);
    if (known) return known;
    const id = toHex(publicKey);
    let key = this.#keys.get(id);
    if (!key) {
      try {
        key = createPublicKey({ key: Buffer.concat([SPKI_P256_PREFIX, publicKey]), format: 'der', type: 'spki' });
      } catch {
        return undefined; // not a point on the curve: nothing verifies under it
      }
      this.#keys.set(id, key);
    }
    this.#byArray.set(publicKey, key);
    return key;
  }
}

export class CrossCheckedVerifier implements SignatureVerifier {
  readonly name = 'node:crypto, each distinct verdict confirmed by noble';
  readonly #node = new NodeP256Verifier();
  readonly #nobleVerdicts = new Map<string, boolean>();

  get verifications(): number {
    return this.#node.verifications;
  }

  /** Distinct triples noble has checked. */
  get nobleChecks(): number {
    return this.#nobleVerdicts.size;
  }

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    const byNode = this.#node.verify(data, signature, publicKey);
    const id = `${toHex(publicKey)}:${toHex(signature)}:${createHash('sha256').update(data).digest('hex')}`;
    let byNoble = this.#nobleVerdicts.get(id);
    if (byNoble === undefined) {
      byNoble = verifyWithNoble(data, signature, publicKey);
      this.#nobleVerdicts.set(id, byNoble);
    }
    if (byNoble !== byNode) {
      throw new SignatureCrossCheckError(`noble says ${byNoble ? 'valid' : 'invalid'} but node:crypto says ${byNode ? 'valid' : 'invalid'} for signature ${toHex(signature)} under key ${toHex(publicKey)} over ${data.length} bytes`);
    }
    return byNode;
  }
}
