/**
 * Remembered ECDSA P-256 verdicts. Whether a signature verifies is a pure function of (public key,
 * signature, message), and a verification run asks about the same few triples again and again (one
 * boot: 40 verifications of 14 distinct triples; hardware-root-of-trust: over a thousand of about
 * 45). So each distinct triple is decided once per process, by both implementations, and the agreed
 * verdict is kept under a SHA-256 of all three (each length-prefixed, so no two triples share an
 * encoding). Only an agreed verdict is kept: a disagreement throws (SignatureCrossCheckError) and is
 * asked afresh next time, never remembered as a pass or a fail. While a property is being decided,
 * node:crypto's verdict is kept before noble has answered (noble-confirmations.ts); if noble then
 * disputes it, it is dropped here and the property's barrier reports the disagreement.
 */
import { createHash } from 'node:crypto';
import { forgetNobleDisputes } from './noble-confirmations.js';

/** Enough for every triple of a verification run; a fuzzing campaign's endless new ones cannot grow it past this. */
const MAX_REMEMBERED = 100_000;
const verdicts = new Map<string, boolean>();

const lengthOf = (bytes: Uint8Array): Uint8Array => {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, bytes.length);
  return out;
};

/** The triple's identity: SHA-256 over key, signature and message, each preceded by its length. */
export function verdictId(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): string {
  return createHash('sha256').update(lengthOf(publicKey)).update(publicKey).update(lengthOf(signature)).update(signature).update(lengthOf(data)).update(data).digest('base64');
}

/** The remembered verdict of a triple, or `decide()`'s (kept only if it returns; a throw is passed on, not kept). */
export function rememberedVerdict(id: string, decide: () => boolean): boolean {
  const known = verdicts.get(id);
  if (known !== undefined) return known;
  const verdict = decide();
  if (verdicts.size >= MAX_REMEMBERED) verdicts.clear();
  verdicts.set(id, verdict);
  return verdict;
}

/** Drops one triple's verdict: noble disputed it after node:crypto's verdict was remembered (noble-confirmations.ts). */
export function forgetVerdict(id: string): void {
  verdicts.delete(id);
}

const signatures = new Map<string, Uint8Array>();

/**
 * The signature `sign()` made before under the same id (SHA-256 over key and message, as verdictId
 * frames them), else a new one; a copy either way, so a caller that changes its bytes (a tampering
 * attack) changes only its own. Deterministic signing (RFC 6979) makes the two the same bytes.
 */
export function rememberedSignature(id: string, sign: () => Uint8Array): Uint8Array {
  let signature = signatures.get(id);
  if (!signature) {
    signature = sign();
    if (signatures.size >= MAX_REMEMBERED) signatures.clear();
    signatures.set(id, Uint8Array.from(signature));
  }
  return Uint8Array.from(signature);
}

/** Triples decided so far in this process (for benchmarks and tests). */
export function rememberedVerdictCount(): number {
  return verdicts.size;
}

/** Forget every verdict (and every disagreement noble found): for a benchmark that must pay for each verification, and for tests. */
export function forgetVerdicts(): void {
  verdicts.clear();
  signatures.clear();
  forgetNobleDisputes();
}
