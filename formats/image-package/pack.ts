/**
 * Writes an image package back to bytes. Packing writes each section's `data` as stored, so
 * packImagePackage(parse(x).image) is x byte for byte for every valid package.
 */
import { MAX_SECTION_DATA_LENGTH, METADATA_HEADER_LENGTH, METADATA_LENGTH_WORD, METADATA_MAGIC, SECTION_HEADER_LENGTH, SIGNATURE_LENGTH } from './layout.js';
import type { ImagePackage, MetadataSection } from './types.js';

/** The metadata block: magic, count, sections, and the closing metadata_length word. */
export function packMetadata(sections: readonly MetadataSection[]): Uint8Array {
  let length = METADATA_HEADER_LENGTH + METADATA_LENGTH_WORD;
  for (const s of sections) {
    if (!Number.isInteger(s.tag) || s.tag < 0 || s.tag > 0xffff) throw new RangeError(`section tag ${s.tag} is not a u16`);
    if (s.data.length > MAX_SECTION_DATA_LENGTH) throw new RangeError(`section 0x${s.tag.toString(16)} has ${s.data.length} bytes; a section holds at most ${MAX_SECTION_DATA_LENGTH}`);
    length += SECTION_HEADER_LENGTH + s.data.length;
  }
  const out = new Uint8Array(length);
  const v = new DataView(out.buffer);
  v.setUint32(0, METADATA_MAGIC, true);
  v.setUint32(4, sections.length, true);
  let pos = METADATA_HEADER_LENGTH;
  for (const s of sections) {
    v.setUint16(pos, s.tag, true);
    v.setUint16(pos + 2, s.data.length, true);
    out.set(s.data, pos + SECTION_HEADER_LENGTH);
    pos += SECTION_HEADER_LENGTH + s.data.length;
  }
  v.setUint32(pos, length, true);
  return out;
}

/** Body and metadata: every byte the signature covers. */
export function packUnsignedImage(image: Pick<ImagePackage, 'body' | 'sections'>): Uint8Array {
  const metadata = packMetadata(image.sections);
  const out = new Uint8Array(image.body.length + metadata.length);
  out.set(image.body, 0);
  out.set(metadata, image.body.length);
  return out;
}

export function packImagePackage(image: ImagePackage): Uint8Array {
  if (image.signature.length !== SIGNATURE_LENGTH) throw new RangeError(`the signature is ${SIGNATURE_LENGTH} bytes, got ${image.signature.length}`);
  return appendSignature(packUnsignedImage(image), image.signature);
}

export function appendSignature(unsigned: Uint8Array, signature: Uint8Array): Uint8Array {
  const out = new Uint8Array(unsigned.length + signature.length);
  out.set(unsigned, 0);
  out.set(signature, unsigned.length);
  return out;
}
