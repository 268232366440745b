/**
 * noble's reading of an ECDSA P-256 verdict (the second implementation beside node:crypto), and the
 * words a disagreement between the two is reported in. One place for both, because noble is asked in
 * this thread (verifyWithNoble) and on the confirmation worker (noble-worker.ts), with these options.
 */
import { p256 } from '@noble/curves/nist.js';
import { toHex } from './thumbprint.js';

/**
 * lowS: false because OpenSSL, .NET and pycryptodome (the real signers) accept and produce high-S
 * signatures; noble's default would reject half of the real ones and disagree with node:crypto.
 */
export const NOBLE_VERIFY_OPTIONS = { prehash: true, lowS: false, format: 'compact' } as const;

export function verifyWithNoble(data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return p256.verify(signature, data, publicKey, NOBLE_VERIFY_OPTIONS);
  } catch {
    return false; // malformed signature or key: not a valid signature
  }
}

/** The message of a SignatureCrossCheckError: who said what, about which signature and key. */
export function disagreementMessage(byNoble: boolean, byNode: boolean, data: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): string {
  return `noble says ${byNoble ? 'valid' : 'invalid'} but node:crypto says ${byNode ? 'valid' : 'invalid'} for signature ${toHex(signature)} under key ${toHex(publicKey)} over ${data.length} bytes`;
}
