/**
 * The Signature section names the signing certificate by its thumbprint: SHA-1 over the certificate's
 * DER bytes, the Windows "thumbprint". Checked against the real Azure Sphere SDK test certificate, whose
 * thumbprint a8d5cc69…5df0 appears in the SG section of real images (facts §3.2).
 */
import { createHash } from 'node:crypto';

/** node:crypto's SHA-1: every image check asks for one, and a JavaScript SHA-1 costs milliseconds until it is warm. */
export const certificateThumbprint = (der: Uint8Array): Uint8Array => new Uint8Array(createHash('sha1').update(der).digest());

const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Lower-case hex. Digests and keys (the many short ones a boot trace spells) by table, without making a Buffer; long ones by Buffer. */
export function toHex(bytes: Uint8Array): string {
  if (bytes.length > 96) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX_PAIRS[bytes[i]!];
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
