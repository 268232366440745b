/**
 * Boot manifests: which image may occupy which slot, by SHA-256 of the whole image package. One
 * manifest per key that the design's 'manifest-hash' checks name (a manifest has one signature, and the
 * design lets 1BL's manifest be signed by the ROM anchor while the apps' is signed by the app key).
 * Each is an image package of type BootManifest (16) signed by its key; the body layout is ours
 * (Microsoft's is not public):
 *   "SVFM" | u32 count | count × (16-byte component GUID in bytes_le order | 32-byte SHA-256)
 */
import { guidToBytesLe, bytesLeToGuid } from '../../formats/image-package/index.js';

export const BOOT_MANIFEST_IMAGE_TYPE = 'BootManifest';
const MAGIC = 'SVFM'; // 53 56 46 4d
const ENTRY_BYTES = 48;

export interface ManifestEntry {
  componentId: string;
  sha256: Uint8Array;
}

/** An entry as the device reads it: the slot's GUID stays bytes (boot code compares bytes, not text). */
export interface RawManifestEntry {
  componentIdBytesLe: Uint8Array;
  sha256: Uint8Array;
}

export function encodeManifestBody(entries: readonly ManifestEntry[]): Uint8Array {
  const out = new Uint8Array(8 + ENTRY_BYTES * entries.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, entries.length, true);
  entries.forEach((e, i) => {
    out.set(guidToBytesLe(e.componentId)!, 8 + ENTRY_BYTES * i);
    out.set(e.sha256, 24 + ENTRY_BYTES * i);
  });
  return out;
}

export type DecodedManifest = { ok: true; entries: RawManifestEntry[] } | { ok: false; reason: string };

export function decodeManifestBody(body: Uint8Array): DecodedManifest {
  if (body.length < 8 || body[0] !== 0x53 || body[1] !== 0x56 || body[2] !== 0x46 || body[3] !== 0x4d) return { ok: false, reason: 'the manifest body does not start with "SVFM"' };
  const count = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(4, true);
  if (body.length !== 8 + ENTRY_BYTES * count) return { ok: false, reason: `the manifest says ${count} entries but has ${body.length - 8} bytes of them` };
  const entries = Array.from({ length: count }, (_, i) => ({
    componentIdBytesLe: body.subarray(8 + ENTRY_BYTES * i, 24 + ENTRY_BYTES * i),
    sha256: body.subarray(24 + ENTRY_BYTES * i, 56 + ENTRY_BYTES * i),
  }));
  return { ok: true, entries };
}

/** For people and tests: the entries with their GUIDs as text. */
export const describeManifestEntries = (entries: readonly RawManifestEntry[]): ManifestEntry[] =>
  entries.map((e) => ({ componentId: bytesLeToGuid(e.componentIdBytesLe), sha256: e.sha256 }));
