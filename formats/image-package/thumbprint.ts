/**
 * The Signature section names the signing certificate by its thumbprint: SHA-1 over the certificate's
 * DER bytes, the Windows "thumbprint". Checked against the real Azure Sphere SDK test certificate, whose
 * thumbprint a8d5cc69…5df0 appears in the SG section of real images (facts §3.2).
 */
import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';

/** node:crypto's SHA-1: every image check asks for one, and a JavaScript SHA-1 costs milliseconds until it is warm. */
export const certificateThumbprint = (der: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(der).digest());

const HEX_DIGITS = '0123456789abcdef';
/** The two ASCII codes of each byte's hex spelling, at 2b and 2b + 1. */
const HEX_CODES = Uint8Array.from({ length: 512 }, (_, i) => HEX_DIGITS.charCodeAt(i & 1 ? (i >> 1) & 15 : i >> 5));
/** Where a short spelling is written before it becomes a string (one per thread: toHex never yields). */
const SCRATCH = new Uint8Array(2 * 96);
const SCRATCH_VIEWS: Uint8Array[] = [];
/** Spells ASCII bytes as a string; undefined where the runtime has no Latin-1 decoder (built without ICU). */
const LATIN1: TextDecoder | undefined = (() => {
  try {
    return new TextDecoder('latin1');
  } catch {
    return undefined;
  }
})();

/**
 * Lower-case hex. Short ones (the digests and keys a boot trace spells, some twenty a boot) are written as
 * ASCII codes into a scratch array and decoded in one call: appending pair strings made 32 intermediate
 * strings per digest (1.5 KB of garbage), a Buffer view per call cost more than the spelling. Long ones by Buffer.
 */
export function toHex(bytes: Uint8Array): string {
  const n = bytes.length;
  if (n > 96) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  if (!LATIN1) return Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('hex');
  for (let i = 0; i < n; i++) {
    const b = bytes[i]! << 1;
    SCRATCH[2 * i] = HEX_CODES[b]!;
    SCRATCH[2 * i + 1] = HEX_CODES[b + 1]!;
  }
  return LATIN1.decode(SCRATCH_VIEWS[n] ?? (SCRATCH_VIEWS[n] = SCRATCH.subarray(0, 2 * n)));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
