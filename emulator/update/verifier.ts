/**
 * A signature verifier that asks the one it wraps once per distinct (key, signature, message) and
 * remembers the answer: the same bytes always get the same verdict, and a power-cut
 * sweep boots the same images hundreds of times. Wrapping CrossCheckedVerifier keeps every verdict
 * confirmed by two implementations.
 */
import { BytesMemo, type SignatureVerifier } from '../boot/index.js';

/** Each entry keeps a copy of its message: enough for every triple of a run, bounded for a fuzzer's endless new ones (the wrapped verifier remembers too). */
const MAX_REMEMBERED = 8192;

export class MemoizedVerifier implements SignatureVerifier {
  readonly name: string;
  verifications = 0;
  /** By the exact bytes of the triple (bytes-memo.ts), not a hash of them: hashing every message again cost a sweep more than its boots' checks. */
  readonly #verdicts = new BytesMemo<boolean>(MAX_REMEMBERED);
  #distinct = 0;

  constructor(private readonly inner: SignatureVerifier) {
    this.name = `${inner.name}, remembered per distinct message`;
  }

  /** Distinct verifications the wrapped verifier made. */
  get distinct(): number {
    return this.#distinct;
  }

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    this.verifications++;
    return this.#verdicts.getOf([data, signature, publicKey], () => {
      this.#distinct++;
      return this.inner.verify(data, signature, publicKey);
    });
  }
}
