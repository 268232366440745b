/**
 * Update metadata: what the security service tells a device to run, signed by its online key(s).
 * TUF splits this into timestamp (freshness), snapshot (consistency) and targets (what to install)
 * roles; Azure Sphere's service answers one device's check with one document, so it is one here:
 * a sequence number (never goes back), issue and expiry times (freshness), the product and device
 * group it is for, and the full target list (name = flash slot, security version, exact length,
 * SHA-256). The layout is ours (Microsoft's is not public), little-endian:
 *
 *   "SVUM" | u8 format=1 | u32 sequence | u32 issuedAt | u32 expiresAt (0xFFFFFFFF: never)
 *   | str product | str deviceGroup | u8 osFeed | u16 n | n × (u8 kind | str name | u32 securityVersion | u32 length | 32-byte SHA-256)
 *   | u8 m | m × (8-byte key id | 64-byte ECDSA P-256 r||s)          ← signed part ends before m
 *   str = u8 length | UTF-8 bytes
 *
 * parseUpdateMetadata() is a pure function of its bytes and never throws: it is a fuzz target and it
 * sees whatever the network delivers. It imports nothing but TextDecoder.
 */

export const METADATA_MAGIC = 'SVUM';
export const METADATA_FORMAT = 1;
export const NEVER_EXPIRES = 0xffffffff;
export const MAX_METADATA_BYTES = 65536;
export const MAX_TARGETS = 64;
export const MAX_SIGNATURES = 8;
export const KEY_ID_BYTES = 8;
export const SIGNATURE_BYTES = 64;
const MAX_NAME = 96;
const MAX_PRODUCT = 64;
const MAX_GROUP = 50;

export type TargetKind = 'prerequisite' | 'os' | 'app';
const KIND_CODES: readonly TargetKind[] = ['prerequisite', 'os', 'app'];

export interface UpdateTarget {
  kind: TargetKind;
  /** The flash slot it goes to: image/<component>, manifest/<key> or key-store. */
  name: string;
  securityVersion: number;
  length: number;
  sha256: Uint8Array;
}

export interface UpdateMetadataBody {
  sequence: number;
  issuedAt: number;
  /** Unix seconds; NEVER_EXPIRES for metadata that never goes stale. */
  expiresAt: number;
  product: string;
  deviceGroup: string;
  /** 0 Retail, 1 RetailEval. */
  osFeed: 0 | 1;
  targets: UpdateTarget[];
}

export interface MetadataSignature {
  keyId: Uint8Array;
  signature: Uint8Array;
}

export interface UpdateMetadata extends UpdateMetadataBody {
  signatures: MetadataSignature[];
}

export type MetadataErrorCode = 'TooLarge' | 'Truncated' | 'BadMagic' | 'BadFormat' | 'BadString' | 'BadKind' | 'TooManyTargets' | 'DuplicateTarget' | 'BadTarget' | 'BadFeed' | 'TooManySignatures' | 'TrailingBytes' | 'BadTimes';

export interface MetadataError {
  code: MetadataErrorCode;
  /** Byte offset where reading stopped. */
  offset: number;
  message: string;
}

export type ParseMetadataResult = { ok: true; metadata: UpdateMetadata; /** The bytes the signatures cover. */ signed: Uint8Array } | { ok: false; error: MetadataError };

class Stop {
  constructor(readonly error: MetadataError) {}
}

// ignoreBOM: a leading U+FEFF is part of the name. Without it the decoder drops it, so "\uFEFFkey-store" was read as
// "key-store": a name the signed bytes do not say (found by the update-metadata fuzz target's character edits).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const NAME_PATTERN = /^[A-Za-z0-9_.\-/]+$/;

/** Reads metadata; never throws, whatever the bytes. */
export function parseUpdateMetadata(bytes: Uint8Array): ParseMetadataResult {
  if (!(bytes instanceof Uint8Array)) return { ok: false, error: { code: 'Truncated', offset: 0, message: 'not bytes' } };
  if (bytes.length > MAX_METADATA_BYTES) return { ok: false, error: { code: 'TooLarge', offset: MAX_METADATA_BYTES, message: `${bytes.length} bytes; metadata is at most ${MAX_METADATA_BYTES}` } };
  try {
    return read(bytes);
  } catch (err) {
    if (err instanceof Stop) return { ok: false, error: err.error };
    // Unreachable by construction (every read is bounds-checked); kept so the contract holds regardless.
    return { ok: false, error: { code: 'Truncated', offset: 0, message: `unreadable: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

function read(bytes: Uint8Array): ParseMetadataResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const stop = (code: MetadataErrorCode, message: string, at = pos): never => {
    throw new Stop({ code, offset: at, message });
  };
  const need = (n: number, what: string) => {
    if (pos + n > bytes.length) stop('Truncated', `${what} needs ${n} bytes at offset ${pos}; only ${bytes.length - pos} left`);
  };
  const u8 = (what: string) => (need(1, what), view.getUint8(pos++));
  const u16 = (what: string) => (need(2, what), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = (what: string) => (need(4, what), (pos += 4), view.getUint32(pos - 4, true));
  const raw = (n: number, what: string) => (need(n, what), (pos += n), bytes.slice(pos - n, pos));
  const str = (what: string, max: number) => {
    const start = pos;
    const length = u8(`${what} length`);
    if (length === 0 || length > max) stop('BadString', `${what} has ${length} bytes; 1 to ${max} allowed`, start);
    const data = raw(length, what);
    let text: string;
    try {
      text = utf8.decode(data);
    } catch {
      return stop('BadString', `${what} is not UTF-8`, start);
    }
    return text;
  };

  need(4, 'magic');
  if (bytes[0] !== 0x53 || bytes[1] !== 0x56 || bytes[2] !== 0x55 || bytes[3] !== 0x4d) stop('BadMagic', 'does not start with "SVUM"', 0);
  pos = 4;
  const format = u8('format');
  if (format !== METADATA_FORMAT) stop('BadFormat', `format ${format}; this reader knows ${METADATA_FORMAT}`, pos - 1);
  const sequence = u32('sequence');
  const issuedAt = u32('issuedAt');
  const expiresAt = u32('expiresAt');
  if (expiresAt < issuedAt) stop('BadTimes', `expires (${expiresAt}) before it is issued (${issuedAt})`, pos - 4);
  const product = str('product', MAX_PRODUCT);
  const deviceGroup = str('device group', MAX_GROUP);
  const feed = u8('osFeed');
  if (feed > 1) stop('BadFeed', `OS feed ${feed}; 0 (Retail) or 1 (RetailEval)`, pos - 1);
  const count = u16('target count');
  if (count > MAX_TARGETS) stop('TooManyTargets', `${count} targets; at most ${MAX_TARGETS}`, pos - 2);
  const targets: UpdateTarget[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const at = pos;
    const code = u8(`target ${i} kind`);
    const kind = KIND_CODES[code];
    if (!kind) stop('BadKind', `target ${i} has kind ${code}; 0 prerequisite, 1 os, 2 app`, at);
    const name = str(`target ${i} name`, MAX_NAME);
    if (!NAME_PATTERN.test(name) || name.includes('..')) stop('BadTarget', `target ${i} name ${JSON.stringify(name)} is not a slot name`, at);
    if (names.has(name)) stop('DuplicateTarget', `target ${name} is listed twice`, at);
    names.add(name);
    const securityVersion = u32(`target ${i} security version`);
    const length = u32(`target ${i} length`);
    if (length === 0) stop('BadTarget', `target ${name} has length 0`, pos - 4);
    targets.push({ kind: kind!, name, securityVersion, length, sha256: raw(32, `target ${i} SHA-256`) });
  }
  const signedEnd = pos;
  const signatureCount = u8('signature count');
  if (signatureCount > MAX_SIGNATURES) stop('TooManySignatures', `${signatureCount} signatures; at most ${MAX_SIGNATURES}`, pos - 1);
  const signatures: MetadataSignature[] = [];
  for (let i = 0; i < signatureCount; i++) signatures.push({ keyId: raw(KEY_ID_BYTES, `signature ${i} key id`), signature: raw(SIGNATURE_BYTES, `signature ${i}`) });
  if (pos !== bytes.length) stop('TrailingBytes', `${bytes.length - pos} bytes after the last signature`);
  return {
    ok: true,
    metadata: { sequence, issuedAt, expiresAt, product, deviceGroup, osFeed: feed as 0 | 1, targets, signatures },
    signed: bytes.slice(0, signedEnd),
  };
}

/** The signed part of `body`. Throws RangeError on values the format cannot hold (the service's bug, not the network's). */
export function encodeMetadataBody(body: UpdateMetadataBody): Uint8Array {
  const out: number[] = [];
  const u8 = (v: number) => out.push(v & 0xff);
  const u16 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff);
  const u32 = (v: number) => {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`${v} is not a u32`);
    out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  };
  const str = (s: string, max: number) => {
    const b = new TextEncoder().encode(s);
    if (b.length === 0 || b.length > max) throw new RangeError(`"${s}" has ${b.length} bytes; 1 to ${max} allowed`);
    u8(b.length);
    out.push(...b);
  };
  out.push(0x53, 0x56, 0x55, 0x4d);
  u8(METADATA_FORMAT);
  u32(body.sequence);
  u32(body.issuedAt);
  u32(body.expiresAt);
  str(body.product, MAX_PRODUCT);
  str(body.deviceGroup, MAX_GROUP);
  u8(body.osFeed);
  if (body.targets.length > MAX_TARGETS) throw new RangeError(`${body.targets.length} targets; at most ${MAX_TARGETS}`);
  u16(body.targets.length);
  for (const t of body.targets) {
    u8(KIND_CODES.indexOf(t.kind));
    str(t.name, MAX_NAME);
    u32(t.securityVersion);
    u32(t.length);
    if (t.sha256.length !== 32) throw new RangeError(`target ${t.name}: SHA-256 has ${t.sha256.length} bytes`);
    out.push(...t.sha256);
  }
  return Uint8Array.from(out);
}

/** Signed body followed by its signatures. */
export function attachSignatures(signed: Uint8Array, signatures: readonly MetadataSignature[]): Uint8Array {
  if (signatures.length > MAX_SIGNATURES) throw new RangeError(`${signatures.length} signatures; at most ${MAX_SIGNATURES}`);
  const out = new Uint8Array(signed.length + 1 + signatures.length * (KEY_ID_BYTES + SIGNATURE_BYTES));
  out.set(signed, 0);
  out[signed.length] = signatures.length;
  signatures.forEach((s, i) => {
    const at = signed.length + 1 + i * (KEY_ID_BYTES + SIGNATURE_BYTES);
    out.set(s.keyId.subarray(0, KEY_ID_BYTES), at);
    out.set(s.signature.subarray(0, SIGNATURE_BYTES), at + KEY_ID_BYTES);
  });
  return out;
}
