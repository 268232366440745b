/**
 * Just enough DER to take an X.509 certificate apart without trusting a parser with the bytes that
 * are signed: the exact tbsCertificate bytes, the signature algorithm and the ECDSA signature as r||s.
 * Every function returns undefined on malformed input; none throws.
 */

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export function readTlv(bytes: Uint8Array, offset: number, limit = bytes.length): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) return undefined; // high tag numbers do not occur in certificates
  let length = bytes[offset + 1]!;
  let p = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3 || p + n > limit) return undefined; // indefinite or absurd lengths
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[p + i]!;
    if (n > 1 && bytes[p] === 0) return undefined; // not minimal
    if (length < 0x80) return undefined; // not minimal
    p += n;
  }
  if (p + length > limit) return undefined;
  return { tag, start: offset, contentStart: p, end: p + length };
}

/** The children of a constructed TLV; undefined if they do not exactly fill it. */
export function children(bytes: Uint8Array, parent: Tlv): Tlv[] | undefined {
  const out: Tlv[] = [];
  let p = parent.contentStart;
  while (p < parent.end) {
    const t = readTlv(bytes, p, parent.end);
    if (!t) return undefined;
    out.push(t);
    p = t.end;
  }
  return out;
}

export interface CertificateParts {
  tbs: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signatureValue: Uint8Array;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }, and nothing after it. */
export function splitCertificate(der: Uint8Array): CertificateParts | undefined {
  const outer = readTlv(der, 0);
  if (!outer || outer.tag !== 0x30 || outer.end !== der.length) return undefined;
  const parts = children(der, outer);
  if (!parts || parts.length !== 3) return undefined;
  const [tbs, alg, bits] = parts as [Tlv, Tlv, Tlv];
  if (tbs.tag !== 0x30 || alg.tag !== 0x30 || bits.tag !== 0x03) return undefined;
  if (bits.end - bits.contentStart < 1 || der[bits.contentStart] !== 0) return undefined; // no unused bits
  return { tbs: der.subarray(tbs.start, tbs.end), signatureAlgorithm: der.subarray(alg.contentStart, alg.end), signatureValue: der.subarray(bits.contentStart + 1, bits.end) };
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } to 64-byte r||s for P-256. */
export function ecdsaDerToCompact(sig: Uint8Array): Uint8Array | undefined {
  const seq = readTlv(sig, 0);
  if (!seq || seq.tag !== 0x30 || seq.end !== sig.length) return undefined;
  const ints = children(sig, seq);
  if (!ints || ints.length !== 2) return undefined;
  const out = new Uint8Array(64);
  for (let i = 0; i < 2; i++) {
    const t = ints[i]!;
    if (t.tag !== 0x02) return undefined;
    let v = sig.subarray(t.contentStart, t.end);
    if (v.length === 0 || (v[0]! & 0x80) !== 0) return undefined; // negative
    if (v.length > 1 && v[0] === 0 && (v[1]! & 0x80) === 0) return undefined; // not minimal
    if (v[0] === 0) v = v.subarray(1);
    if (v.length > 32) return undefined;
    out.set(v, i * 32 + 32 - v.length);
  }
  return out;
}

/** AlgorithmIdentifier content of ecdsa-with-SHA256 (1.2.840.10045.4.3.2), no parameters. */
export const ECDSA_WITH_SHA256 = Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
