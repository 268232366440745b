/**
 * The ECDSA P-256 verifiers the boot checks call. Booting runs node:crypto (OpenSSL, ~30x faster than
 * noble); a property verdict is computed with CrossCheckedVerifier, which asks both about every
 * distinct (key, signature, message) and throws on disagreement (or, while a property is being
 * decided, has noble confirm on a worker and the disagreement reported at the property's barrier). Boots repeat the same images many
 * times, so the agreed verdict is remembered per distinct triple for the whole process
 * (formats/image-package/p256-verdicts.ts, shared with verifyP256): the same bytes always get the
 * same answer, and a disagreement is never remembered. NodeP256Verifier keeps its own verdicts by the
 * exact bytes of the triple (bytes-memo.ts) rather than by a SHA-256 of them: hashing each message
 * again to find its verdict cost a boot a third as much as its verifications.
 */
import { verify as nodeVerify, type KeyObject } from 'node:crypto';
import { crossCheckedVerdict, nodeKey, rememberedVerdict, verdictId } from '../../formats/image-package/index.js';
import { BytesMemo } from './bytes-memo.js';

export interface SignatureVerifier {
  readonly name: string;
  /** Is `signature` (r||s) a valid signature of SHA-256(`data`) under `publicKey` (0x04||x||y)? */
  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
  /** Calls so far: the boot counts its verifications with this. */
  readonly verifications: number;
}

/** Bounds one verifier's memory when it is fed endless distinct triples (fuzzing); each keeps a copy of its message. */
const MAX_REMEMBERED = 4096;

export class NodeP256Verifier implements SignatureVerifier {
  readonly name = 'node:crypto';
  verifications = 0;
  /** The same key arrives as the same array many times in a boot: skip even the hex conversion then. */
  #byArray = new WeakMap<Uint8Array, KeyObject>();
  /**
   * This verifier's verdicts by distinct (key, signature, message): a verdict is a pure function of the
   * three, and a sweep of boots asks about the same few triples thousands of times.
   */
  readonly #verdicts = new BytesMemo<boolean>(MAX_REMEMBERED);

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    this.verifications++;
    // Decided on the caller's arrays (equal to the copies remembered): a key arriving as the same array skips its import lookup.
    return this.#verdicts.getOf3(data, signature, publicKey, this.#decideNow);
  }

  /** decide(), looked up on the instance each time (a test counts the decisions by replacing it). */
  readonly #decideNow = (data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean => this.decide(data, signature, publicKey);

  /**
   * Forget the remembered verdicts (keys stay imported, and the private copies of the triples stay, still
   * compared byte for byte): the next boot pays for each distinct triple's verification again.
   */
  forgetVerdicts(): void {
    this.#verdicts.forgetValues();
  }

  /** node:crypto's verdict, computed now (nothing remembered). */
  decide(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
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
    let key: KeyObject;
    try {
      // Imported once per process by the point's bytes (signing and verifyP256 import the same few keys).
      key = nodeKey(publicKey);
    } catch {
      return undefined; // not a point on the curve: nothing verifies under it
    }
    this.#byArray.set(publicKey, key);
    return key;
  }
}

export class CrossCheckedVerifier implements SignatureVerifier {
  readonly name = 'node:crypto, each distinct verdict confirmed by noble';
  readonly #node = new NodeP256Verifier();
  /** The distinct triples this verifier was asked about (each decided by both, now or earlier in the process). */
  readonly #asked = new Set<string>();
  /**
   * This verifier's agreed verdicts by the exact bytes of the triple: the process-wide verdicts are
   * found by a SHA-256 of the whole message, and a fault sweep asks about the same few triples over
   * ten thousand times (hashing each message again cost more than the sweep's boots did otherwise).
   * Only a triple already in #asked is here, so the distinct count stays exact.
   */
  readonly #verdicts = new BytesMemo<boolean>(MAX_REMEMBERED);
  verifications = 0;

  /** Distinct triples noble has checked (by the property's barrier at the latest, when confirmations are deferred). */
  get nobleChecks(): number {
    return this.#asked.size;
  }

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    this.verifications++;
    return this.#verdicts.getOf3(data, signature, publicKey, this.#decideNow);
  }

  readonly #decideNow = (data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean => this.#decide(data, signature, publicKey);

  #decide(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    const id = verdictId(data, signature, publicKey);
    this.#asked.add(id);
    // noble confirms node:crypto's verdict now, or on its worker while a property is being decided (ecdsa-p256.ts).
    return rememberedVerdict(id, () => crossCheckedVerdict(id, data, signature, publicKey, this.#node.decide(data, signature, publicKey)));
  }
}
