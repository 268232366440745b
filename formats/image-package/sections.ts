/**
 * Decoding and encoding of the metadata sections whose layout is known (facts §3.2; ABI sections as
 * { u32 count, count × { u32 version, u32 type } } per Microsoft's image-metadata library and the 010
 * template in ANVIL's README). Unknown tags, and known tags of unknown layout, stay raw bytes.
 */
import { bytesLeToGuid, guidToBytesLe } from './guid.js';
import { DEBUG_NAME_LENGTH, FIXED_SECTION_LENGTH, THUMBPRINT_LENGTH, sectionName, type SectionName } from './layout.js';
import type { ImageMetadataErrorName } from './metadata-errors.js';
import type { AbiIdentity, DebugInfo, DecodedSection, IdentityInfo, SignatureInfo } from './types.js';

export type SectionDecodeResult =
  | { ok: true; decoded: DecodedSection | undefined }
  | { ok: false; name: ImageMetadataErrorName; message: string };

const view = (data: Uint8Array) => new DataView(data.buffer, data.byteOffset, data.byteLength);
// ignoreBOM: a name that starts with U+FEFF keeps it (the default would drop it silently, so a name shown or
// compared would differ from the bytes the image carries).
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes one section's data by its tag; `decoded` is undefined for a tag without a known layout. */
export function decodeSection(tag: number, data: Uint8Array): SectionDecodeResult {
  const name = sectionName(tag);
  if (name === undefined) return { ok: true, decoded: undefined };
  const fixed = FIXED_SECTION_LENGTH[name];
  if (fixed !== undefined) {
    const wrong = checkLength(name, data.length, fixed, `${fixed} bytes`);
    if (wrong) return wrong;
  }
  const v = view(data);
  switch (name) {
    case 'Identity':
      return decoded({ kind: 'Identity', value: decodeIdentity(data) });
    case 'Signature':
      return decoded({ kind: 'Signature', value: { thumbprint: data.slice(0, THUMBPRINT_LENGTH), signingType: v.getUint32(THUMBPRINT_LENGTH, true) } });
    case 'Debug':
      return decoded({ kind: 'Debug', value: decodeDebug(data) });
    case 'TemporaryImage':
      return decoded({ kind: 'TemporaryImage', value: { flags: v.getUint32(0, true) } });
    case 'Revocation':
      return decoded({ kind: 'Revocation', value: { securityVersion: v.getUint32(0, true) } });
    case 'ABIDepends':
    case 'ABIProvides': {
      if (data.length < 4) return { ok: false, name: 'InvalidMetadata', message: `${name} section has ${data.length} bytes; it needs at least the 4-byte count` };
      const count = v.getUint32(0, true);
      const wrong = checkLength(name, data.length, 4 + 8 * count, `${4 + 8 * count} bytes for its ${count} identit${count === 1 ? 'y' : 'ies'}`);
      if (wrong) return wrong;
      const identities = Array.from({ length: count }, (_, i) => ({ version: v.getUint32(4 + 8 * i, true), type: v.getUint32(8 + 8 * i, true) }));
      return decoded({ kind: name, value: { identities } });
    }
    default:
      return { ok: true, decoded: undefined };
  }
}

const decoded = (section: DecodedSection): SectionDecodeResult => ({ ok: true, decoded: section });

function checkLength(name: SectionName, actual: number, expected: number, what: string): SectionDecodeResult | undefined {
  if (actual < expected) return { ok: false, name: 'InvalidMetadata', message: `${name} section has ${actual} bytes; its layout needs ${what}` };
  if (actual > expected) return { ok: false, name: 'SectionTooLarge', message: `${name} section has ${actual} bytes; its layout has ${what}` };
  return undefined;
}

function decodeIdentity(data: Uint8Array): IdentityInfo {
  const v = view(data);
  return {
    imageType: v.getUint16(0, true),
    reserved: v.getUint16(2, true),
    componentId: bytesLeToGuid(data.subarray(4, 20)),
    imageId: bytesLeToGuid(data.subarray(20, 36)),
  };
}

function decodeDebug(data: Uint8Array): DebugInfo {
  const field = data.subarray(8, 8 + DEBUG_NAME_LENGTH);
  const end = field.indexOf(0);
  return { buildTime: view(data).getBigUint64(0, true), name: utf8.decode(end < 0 ? field : field.subarray(0, end)) };
}

// --- encoders: used by the builder and by re-signing; each returns exactly the layout's bytes ---

export function encodeIdentity(info: IdentityInfo): Uint8Array {
  const out = new Uint8Array(36);
  const v = view(out);
  v.setUint16(0, info.imageType, true);
  v.setUint16(2, info.reserved, true);
  out.set(requireGuid(info.componentId, 'componentId'), 4);
  out.set(requireGuid(info.imageId, 'imageId'), 20);
  return out;
}

export function encodeSignatureInfo(info: SignatureInfo): Uint8Array {
  if (info.thumbprint.length !== THUMBPRINT_LENGTH) throw new RangeError(`a thumbprint is ${THUMBPRINT_LENGTH} bytes, got ${info.thumbprint.length}`);
  const out = new Uint8Array(24);
  out.set(info.thumbprint, 0);
  view(out).setUint32(THUMBPRINT_LENGTH, info.signingType, true);
  return out;
}

/** `nameBytes` must fit the 32-byte field; the rest is NUL padding. */
export function encodeDebug(buildTime: bigint, nameBytes: Uint8Array): Uint8Array {
  if (nameBytes.length > DEBUG_NAME_LENGTH) throw new RangeError(`the name field is ${DEBUG_NAME_LENGTH} bytes, got ${nameBytes.length}`);
  const out = new Uint8Array(40);
  view(out).setBigUint64(0, BigInt.asUintN(64, buildTime), true);
  out.set(nameBytes, 8);
  return out;
}

export const encodeU32 = (value: number): Uint8Array => {
  const out = new Uint8Array(4);
  view(out).setUint32(0, value >>> 0, true);
  return out;
};

export function encodeAbi(identities: readonly AbiIdentity[]): Uint8Array {
  const out = new Uint8Array(4 + 8 * identities.length);
  const v = view(out);
  v.setUint32(0, identities.length, true);
  identities.forEach((id, i) => {
    v.setUint32(4 + 8 * i, id.version >>> 0, true);
    v.setUint32(8 + 8 * i, id.type >>> 0, true);
  });
  return out;
}

function requireGuid(guid: string, field: string): Uint8Array {
  const bytes = guidToBytesLe(guid);
  if (!bytes) throw new RangeError(`${field} is not a GUID: ${JSON.stringify(guid)}`);
  return bytes;
}
