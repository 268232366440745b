/**
 * A metadata key set document: the online metadata keys a device is to trust from now on, signed by the offline root
 * key (TUF's root.json, reduced to what this update model has: one role, its keys). The layout is ours, little-endian:
 *
 *   "SVKS" | u8 format=1 | u32 version | u8 n (1..8) | n × 65-byte public key (0x04||x||y, a point of P-256) | 64-byte ECDSA P-256 r||s
 *
 * The signature covers every byte before it. parseMetadataKeySet() is a pure function of its bytes and never throws.
 */
import { nodeKey, signP256, type SigningKey } from '../image-package/index.js';

const MAGIC = 'SVKS';
const FORMAT = 1;
const PUBLIC_KEY_BYTES = 65;
const SIGNATURE_BYTES = 64;
const MAX_KEYS = 8;

export interface MetadataKeySet {
  /** Raised by each rotation: a set no newer than the one trusted is refused (a replayed, older set). */
  version: number;
  publicKeys: Uint8Array[];
  signature: Uint8Array;
  /** The bytes the signature covers. */
  signed: Uint8Array;
}

export function signMetadataKeySet(version: number, publicKeys: readonly Uint8Array[], root: SigningKey): Uint8Array {
  const signed = new Uint8Array(4 + 1 + 4 + 1 + publicKeys.length * PUBLIC_KEY_BYTES);
  signed.set(new TextEncoder().encode(MAGIC), 0);
  signed[4] = FORMAT;
  new DataView(signed.buffer).setUint32(5, version, true);
  signed[9] = publicKeys.length;
  publicKeys.forEach((k, i) => signed.set(k, 10 + i * PUBLIC_KEY_BYTES));
  const out = new Uint8Array(signed.length + SIGNATURE_BYTES);
  out.set(signed, 0);
  out.set(signP256(signed, root), signed.length);
  return out;
}

/** node:crypto's import of the point (remembered per key by nodeKey) throws for one off the curve. */
function onP256(key: Uint8Array): boolean {
  try {
    nodeKey(key);
    return true;
  } catch {
    return false;
  }
}

export function parseMetadataKeySet(bytes: Uint8Array): { ok: true; set: MetadataKeySet } | { ok: false; reason: string } {
  if (bytes.length < 10 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return { ok: false, reason: 'not a metadata key set' };
  if (bytes[4] !== FORMAT) return { ok: false, reason: `key set format ${bytes[4]} is not ${FORMAT}` };
  const n = bytes[9]!;
  if (n < 1 || n > MAX_KEYS) return { ok: false, reason: `a key set of ${n} keys` };
  const end = 10 + n * PUBLIC_KEY_BYTES;
  if (bytes.length !== end + SIGNATURE_BYTES) return { ok: false, reason: `a key set of ${n} keys is ${end + SIGNATURE_BYTES} bytes, not ${bytes.length}` };
  // A key that is not an uncompressed point (0x02/0x03 compressed, 0x00 infinity, 0x06/0x07 hybrid) or not on P-256
  // verifies nothing: a device that trusted it would refuse every later metadata document.
  for (let i = 0; i < n; i++) {
    const key = bytes.subarray(10 + i * PUBLIC_KEY_BYTES, 10 + (i + 1) * PUBLIC_KEY_BYTES);
    if (key[0] !== 0x04) return { ok: false, reason: `key ${i + 1} of the set is not an uncompressed point (0x04||x||y)` };
    if (!onP256(key)) return { ok: false, reason: `key ${i + 1} of the set is not a point of P-256` };
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, true);
  const publicKeys = Array.from({ length: n }, (_, i) => bytes.slice(10 + i * PUBLIC_KEY_BYTES, 10 + (i + 1) * PUBLIC_KEY_BYTES));
  return { ok: true, set: { version, publicKeys, signature: bytes.slice(end), signed: bytes.slice(0, end) } };
}
