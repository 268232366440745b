/**
 * Reads an image package from its bytes. Never throws: any input gives either the package or one
 * category-42 error with the byte offset of the problem (the first one met, reading as the device does:
 * length word, magic, then the sections in order).
 */
import {
  METADATA_HEADER_LENGTH,
  METADATA_LENGTH_WORD,
  METADATA_MAGIC,
  MIN_METADATA_LENGTH,
  SECTION_HEADER_LENGTH,
  SECTION_TAG,
  SIGNATURE_LENGTH,
  sectionName,
  tagLabel,
} from './layout.js';
import { metadataError, type ImageMetadataError } from './metadata-errors.js';
import { decodeSection } from './sections.js';
import type { MetadataSection, ParsedImagePackage } from './types.js';

export type ParseImagePackageResult = { ok: true; image: ParsedImagePackage } | { ok: false; error: ImageMetadataError };

/**
 * Sections every package must carry: Identity (Microsoft's library: "All images must have an identity
 * metadata section") and Signature (without its thumbprint no certificate can be chosen to check the
 * signature). Debug is not required: it is named a debug section, nothing in the sources says the device
 * needs it, and images other than applications may lack it.
 */
export const REQUIRED_SECTIONS = [SECTION_TAG.Identity, SECTION_TAG.Signature] as const;

const fail = (...args: Parameters<typeof metadataError>): ParseImagePackageResult => ({ ok: false, error: metadataError(...args) });

export function parseImagePackage(bytes: Uint8Array): ParseImagePackageResult {
  const size = bytes.length;
  const smallest = MIN_METADATA_LENGTH + SIGNATURE_LENGTH;
  if (size < smallest) {
    return fail('InvalidMetadata', 0, `the file has ${size} bytes; the smallest package (metadata header, length word, 64-byte signature) has ${smallest}`);
  }
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signatureOffset = size - SIGNATURE_LENGTH;
  const lengthOffset = signatureOffset - METADATA_LENGTH_WORD;
  const metadataLength = data.getUint32(lengthOffset, true);
  if (metadataLength < MIN_METADATA_LENGTH) {
    return fail('InvalidMetadata', lengthOffset, `metadata_length is ${metadataLength}; it counts the 8-byte header and itself, so it is at least ${MIN_METADATA_LENGTH}`);
  }
  if (metadataLength > signatureOffset) {
    return fail('InvalidMetadata', lengthOffset, `metadata_length is ${metadataLength}, more than the ${signatureOffset} bytes before the signature`);
  }
  const metadataOffset = signatureOffset - metadataLength;
  const magic = data.getUint32(metadataOffset, true);
  if (magic !== METADATA_MAGIC) {
    return fail('InvalidMetadata', metadataOffset, `metadata magic is 0x${hex32(magic)}, expected 0x${hex32(METADATA_MAGIC)} ("4X4M")`);
  }
  const count = data.getUint32(metadataOffset + 4, true);
  if (count === 0) return fail('InvalidMetadata', metadataOffset + 4, 'section_count is 0; a package has at least the Identity and Signature sections');

  const sections: MetadataSection[] = [];
  const firstOffset = new Map<number, number>();
  let pos = metadataOffset + METADATA_HEADER_LENGTH;
  // Each section takes at least 4 bytes, so this loop ends within metadata_length / 4 rounds whatever count says.
  for (let i = 1; i <= count; i++) {
    const which = `section ${i} of ${count}`;
    if (pos + SECTION_HEADER_LENGTH > lengthOffset) {
      return fail('SectionOverflowsMetadata', pos, `${which}: its 4-byte header runs past the end of the metadata at byte ${lengthOffset}`);
    }
    const tag = data.getUint16(pos, true);
    const length = data.getUint16(pos + 2, true);
    const label = `${which} (${tagLabel(tag)})`;
    if (length === 0) return fail('EmptySection', pos, `${label} has size 0`);
    const dataStart = pos + SECTION_HEADER_LENGTH;
    if (dataStart + length > lengthOffset) {
      return fail('SectionOverflowsMetadata', pos, `${label}: its ${length} bytes run past the end of the metadata at byte ${lengthOffset}`);
    }
    const sectionData = bytes.slice(dataStart, dataStart + length);
    const result = decodeSection(tag, sectionData);
    if (!result.ok) return fail(result.name, pos, `${label}: ${result.message}`);
    if (result.decoded && firstOffset.has(tag)) {
      // Two copies of a section the device acts on make it ambiguous which one counts: reject, as Microsoft's library does.
      return fail('InvalidMetadata', pos, `${label} repeats the ${sectionName(tag)} section first seen at byte ${firstOffset.get(tag)}`);
    }
    if (!firstOffset.has(tag)) firstOffset.set(tag, pos);
    const name = sectionName(tag);
    sections.push({ tag, ...(name ? { name } : {}), data: sectionData, ...(result.decoded ? { decoded: result.decoded } : {}), offset: pos });
    pos = dataStart + length;
  }
  if (pos !== lengthOffset) {
    // Bytes that are signed but belong to no section: refuse them rather than let two readers disagree on their meaning.
    return fail('InvalidMetadata', pos, `${lengthOffset - pos} bytes after the last of ${count} sections, before the metadata_length word at byte ${lengthOffset}`);
  }
  for (const tag of REQUIRED_SECTIONS) {
    if (!firstOffset.has(tag)) return fail('SectionNotFound', metadataOffset, `no ${sectionName(tag)} (${tagLabel(tag)}) section`);
  }
  return {
    ok: true,
    image: {
      body: bytes.slice(0, metadataOffset),
      sections,
      signature: bytes.slice(signatureOffset),
      layout: { size, metadataOffset, metadataLength, signatureOffset },
    },
  };
}

const hex32 = (n: number): string => n.toString(16).padStart(8, '0');
