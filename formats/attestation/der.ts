/**
 * The one DER reader: just enough DER to take an X.509 certificate apart without trusting a parser
 * with the bytes that are signed. Both certificate readers use it: the attestation parties'
 * (certificates.ts) and the boot emulator's key certificates and key store (emulator/boot/
 * key-certificate.ts, key-store.ts), so a certificate one reading refuses, the other refuses too.
 *
 * Strict DER (X.690 §10): definite, minimal lengths; single-byte tags; INTEGERs minimal and, for
 * ECDSA's r and s, positive. Every length is checked against the bytes that remain (a key store sits
 * in flash, where an attacker writes it). The readers throw DerError with the reason and offset;
 * splitCertificate and ecdsaDerToCompact, for callers that only need yes or no, return undefined.
 * Nothing here throws anything else.
 */

export class DerError extends Error {
  override name = 'DerError';
}

export interface DerNode {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export const DER_TAG = { integer: 0x02, bitString: 0x03, oid: 0x06, sequence: 0x30, set: 0x31, context0: 0xa0, context3: 0xa3 } as const;

/** The TLV at `offset`, not reaching past `limit`. */
export function readDer(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError(`DER header at ${offset} runs past the end`);
  const tag = bytes[offset]!;
  // High tag numbers do not occur in certificates.
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tag at ${offset}`);
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    // 0: indefinite length (BER, not DER); more than 3 bytes: longer than any certificate.
    if (count === 0 || count > 3 || contentStart + count > limit) throw new DerError(`bad DER length at ${offset}`);
    if (bytes[contentStart] === 0) throw new DerError(`DER length at ${offset} is not minimal (leading zero byte)`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[contentStart + i]!;
    if (length < 0x80) throw new DerError(`DER length at ${offset} is not minimal (${length} fits the short form)`);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`DER value at ${offset} (${length} bytes) runs past the end`);
  return { tag, start: offset, contentStart, end };
}

/** The nodes directly inside a constructed node; they must fill it exactly. */
export function derChildren(bytes: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readDer(bytes, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) throw new DerError(`${what} has tag 0x${node.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return node;
}

export const derContent = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.contentStart, node.end);
export const derWhole = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.start, node.end);

/** Runs a reader, turning DerError into undefined (any other error is a bug and propagates). */
function orUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (err) {
    if (err instanceof DerError) return undefined;
    throw err;
  }
}

export interface CertificateParts {
  tbs: Uint8Array;
  signatureAlgorithm: Uint8Array;
  signatureValue: Uint8Array;
}

/** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING }, and nothing after it. Throws DerError. */
export function readCertificateParts(der: Uint8Array): CertificateParts & { tbsNode: DerNode; algorithmNode: DerNode } {
  const outer = expectTag(readDer(der, 0), DER_TAG.sequence, 'Certificate');
  if (outer.end !== der.length) throw new DerError(`${der.length - outer.end} bytes after the certificate`);
  const parts = derChildren(der, outer);
  if (parts.length !== 3) throw new DerError(`a certificate has 3 parts, this one ${parts.length}`);
  const tbs = expectTag(parts[0], DER_TAG.sequence, 'tbsCertificate');
  const alg = expectTag(parts[1], DER_TAG.sequence, 'signatureAlgorithm');
  const bits = expectTag(parts[2], DER_TAG.bitString, 'signatureValue');
  if (bits.end - bits.contentStart < 1 || der[bits.contentStart] !== 0) throw new DerError('the signature BIT STRING has unused bits');
  return { tbs: derWhole(der, tbs), signatureAlgorithm: derContent(der, alg), signatureValue: der.subarray(bits.contentStart + 1, bits.end), tbsNode: tbs, algorithmNode: alg };
}

/** readCertificateParts without the nodes; undefined on malformed input. */
export function splitCertificate(der: Uint8Array): CertificateParts | undefined {
  return orUndefined(() => {
    const { tbs, signatureAlgorithm, signatureValue } = readCertificateParts(der);
    return { tbs, signatureAlgorithm, signatureValue };
  });
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } to 64-byte r||s for P-256. Throws DerError. */
export function readEcdsaSignature(sig: Uint8Array): Uint8Array {
  const seq = expectTag(readDer(sig, 0), DER_TAG.sequence, 'ECDSA signature');
  if (seq.end !== sig.length) throw new DerError(`${sig.length - seq.end} bytes after the ECDSA signature`);
  const ints = derChildren(sig, seq);
  if (ints.length !== 2) throw new DerError(`an ECDSA signature has 2 integers, this one ${ints.length}`);
  const out = new Uint8Array(64);
  for (let i = 0; i < 2; i++) {
    const name = i === 0 ? 'r' : 's';
    let v = derContent(sig, expectTag(ints[i], DER_TAG.integer, `signature ${name}`));
    if (v.length === 0 || (v[0]! & 0x80) !== 0) throw new DerError(`signature ${name} is empty or negative`);
    if (v.length > 1 && v[0] === 0 && (v[1]! & 0x80) === 0) throw new DerError(`signature ${name} is not minimal`);
    if (v[0] === 0) v = v.subarray(1);
    if (v.length > 32) throw new DerError(`signature ${name} is longer than 32 bytes`);
    out.set(v, i * 32 + 32 - v.length);
  }
  return out;
}

/** readEcdsaSignature; undefined on malformed input. */
export const ecdsaDerToCompact = (sig: Uint8Array): Uint8Array | undefined => orUndefined(() => readEcdsaSignature(sig));

/** AlgorithmIdentifier content of ecdsa-with-SHA256 (1.2.840.10045.4.3.2), no parameters. */
export const ECDSA_WITH_SHA256 = Uint8Array.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]);

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
