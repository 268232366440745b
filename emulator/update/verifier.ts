/**
 * A signature verifier that asks the one it wraps once per distinct (key, signature, SHA-256 of the
 * message) and remembers the answer: the same bytes always get the same verdict, and a power-cut
 * sweep boots the same images hundreds of times. Wrapping CrossCheckedVerifier keeps every verdict
 * confirmed by two implementations.
 */
import { createHash } from 'node:crypto';
import type { SignatureVerifier } from '../boot/index.js';

export class MemoizedVerifier implements SignatureVerifier {
  readonly name: string;
  verifications = 0;
  readonly #verdicts = new Map<string, boolean>();

  constructor(private readonly inner: SignatureVerifier) {
    this.name = `${inner.name}, remembered per distinct message`;
  }

  /** Distinct verifications the wrapped verifier made. */
  get distinct(): number {
    return this.#verdicts.size;
  }

  verify(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    this.verifications++;
    const id = `${Buffer.from(publicKey).toString('hex')}:${Buffer.from(signature).toString('hex')}:${createHash('sha256').update(data).digest('hex')}`;
    let verdict = this.#verdicts.get(id);
    if (verdict === undefined) {
      verdict = this.inner.verify(data, signature, publicKey);
      this.#verdicts.set(id, verdict);
    }
    return verdict;
  }
}
