/**
 * An independent reading of the image-package format, written from the format description
 * (formats/image-package/README.md) and not from formats/image-package's code: which packages are well formed,
 * their sections, and whether a package verifies against a certificate, checked with node:crypto alone.
 * The image-package target compares formats/image-package with it (differential oracles).
 */
import { createHash, verify as nodeVerify, X509Certificate, type KeyObject } from 'node:crypto';

export const MAGIC = 0x4d345834;
export const SIGNATURE_BYTES = 64;
export const TAG = {
  ID: 0x4449,
  SG: 0x4753,
  DB: 0x4244,
  TP: 0x5054,
  ND: 0x444e,
  NP: 0x504e,
  AD: 0x4441,
  AP: 0x5041,
  LG: 0x474c,
  CM: 0x4d43,
  RO: 0x4f52,
  RV: 0x5652,
} as const;

const FIXED: ReadonlyMap<number, number> = new Map([
  [TAG.ID, 36],
  [TAG.SG, 24],
  [TAG.DB, 40],
  [TAG.TP, 4],
  [TAG.RV, 4],
]);
/** Sections whose contents the device acts on: at most one of each. */
const DECODED = new Set<number>([TAG.ID, TAG.SG, TAG.DB, TAG.TP, TAG.RV, TAG.ND, TAG.NP]);

export interface ReferenceSection {
  tag: number;
  data: Uint8Array;
}

export type ReferenceParse = { ok: true; metadataOffset: number; sections: ReferenceSection[] } | { ok: false; why: string };

export function referenceParse(bytes: Uint8Array): ReferenceParse {
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const u32 = (at: number) => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  const size = bytes.length;
  if (size < 12 + SIGNATURE_BYTES) return { ok: false, why: 'too short' };
  const end = size - SIGNATURE_BYTES - 4; // the metadata_length word
  const length = u32(end);
  if (length < 12 || length > size - SIGNATURE_BYTES) return { ok: false, why: 'metadata_length out of range' };
  const start = size - SIGNATURE_BYTES - length;
  if (u32(start) !== MAGIC) return { ok: false, why: 'magic' };
  const count = u32(start + 4);
  if (count === 0) return { ok: false, why: 'no sections' };
  const sections: ReferenceSection[] = [];
  const seen = new Set<number>();
  let at = start + 8;
  for (let n = 0; n < count; n++) {
    if (at + 4 > end) return { ok: false, why: 'section header past the metadata' };
    const tag = u16(at);
    const len = u16(at + 2);
    if (len === 0) return { ok: false, why: 'empty section' };
    if (at + 4 + len > end) return { ok: false, why: 'section data past the metadata' };
    const data = bytes.slice(at + 4, at + 4 + len);
    const fixed = FIXED.get(tag);
    if (fixed !== undefined && len !== fixed) return { ok: false, why: `section ${tag.toString(16)} has ${len} bytes, its layout ${fixed}` };
    if (tag === TAG.ND || tag === TAG.NP) {
      if (len < 4) return { ok: false, why: 'ABI section without its count' };
      if (len !== 4 + 8 * u32(at + 4)) return { ok: false, why: 'ABI section length does not match its count' };
    }
    if (DECODED.has(tag) && seen.has(tag)) return { ok: false, why: `second ${tag.toString(16)} section` };
    seen.add(tag);
    sections.push({ tag, data });
    at += 4 + len;
  }
  if (at !== end) return { ok: false, why: 'bytes after the last section' };
  if (!seen.has(TAG.ID) || !seen.has(TAG.SG)) return { ok: false, why: 'no Identity or Signature section' };
  return { ok: true, metadataOffset: start, sections };
}

export interface ReferenceCertificate {
  thumbprint: Uint8Array;
  key: KeyObject;
}

export function referenceCertificate(pem: string): ReferenceCertificate {
  const cert = new X509Certificate(pem);
  return { thumbprint: new Uint8Array(createHash('sha1').update(cert.raw).digest()), key: cert.publicKey };
}

/** Valid for this certificate: well formed, the SG section names it with signing type 1, and node:crypto accepts the signature. */
export function referenceVerify(bytes: Uint8Array, parsed: ReferenceParse, cert: ReferenceCertificate): boolean {
  if (!parsed.ok) return false;
  const sg = parsed.sections.find((s) => s.tag === TAG.SG)!.data;
  for (let i = 0; i < 20; i++) if (sg[i] !== cert.thumbprint[i]) return false;
  if ((sg[20]! | (sg[21]! << 8) | (sg[22]! << 16) | (sg[23]! << 24)) >>> 0 !== 1) return false;
  return referenceSignatureValid(bytes, cert.key);
}

export function referenceSignatureValid(bytes: Uint8Array, key: KeyObject): boolean {
  if (bytes.length < SIGNATURE_BYTES) return false;
  const signed = bytes.subarray(0, bytes.length - SIGNATURE_BYTES);
  try {
    return nodeVerify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, bytes.subarray(bytes.length - SIGNATURE_BYTES));
  } catch {
    return false;
  }
}
