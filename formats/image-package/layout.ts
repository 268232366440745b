/**
 * Byte layout of an Azure Sphere image package (`.imagepackage`), all little-endian:
 *
 *   [body][metadata: u32 magic | u32 section_count | (u16 tag, u16 size, size bytes)*][u32 metadata_length][signature]
 *
 * metadata_length counts from the magic up to and including itself; the signature is ECDSA P-256 r||s over
 * SHA-256 of every byte before it. Sources: shared/reference/azure-sphere-facts.md §3.1–3.2 (ANVIL
 * image_metadata.py and signer.py, WIZIO az_const.py, the parse of ANVIL's real test_app.imagepackage).
 */

/** "4X4M" read as a little-endian u32. */
export const METADATA_MAGIC = 0x4d345834;
/** ECDSA P-256 signature, r||s, 32 bytes each (IEEE P1363 form, not DER). */
export const SIGNATURE_LENGTH = 64;
/** u32 magic + u32 section_count. */
export const METADATA_HEADER_LENGTH = 8;
/** u16 tag + u16 size. */
export const SECTION_HEADER_LENGTH = 4;
/** The u32 metadata_length word that closes the metadata. */
export const METADATA_LENGTH_WORD = 4;
/** Smallest metadata_length: header + the length word, no sections. */
export const MIN_METADATA_LENGTH = METADATA_HEADER_LENGTH + METADATA_LENGTH_WORD;
/** A section's size is a u16. */
export const MAX_SECTION_DATA_LENGTH = 0xffff;

/** Builds the u16 tag from its two ASCII characters: 'ID' → 0x4449 ('I' is the low byte). */
export const tagFromChars = (chars: string): number => chars.charCodeAt(0) | (chars.charCodeAt(1) << 8);

/** The two ASCII characters of a tag when both are printable, else undefined. */
export function tagChars(tag: number): string | undefined {
  const lo = tag & 0xff;
  const hi = tag >> 8;
  const printable = (c: number) => c >= 0x20 && c < 0x7f;
  return printable(lo) && printable(hi) ? String.fromCharCode(lo, hi) : undefined;
}

/** How a tag is shown: its two characters, else hex (e.g. 0x0000). */
export const tagLabel = (tag: number): string => tagChars(tag) ?? `0x${tag.toString(16).padStart(4, '0')}`;

/** Section tags (facts §3.2; names as in Microsoft's image_metadata.dll / the 010 template in ANVIL's README). */
export const SECTION_TAG = {
  Identity: tagFromChars('ID'),
  Signature: tagFromChars('SG'),
  Debug: tagFromChars('DB'),
  TemporaryImage: tagFromChars('TP'),
  ABIDepends: tagFromChars('ND'),
  ABIProvides: tagFromChars('NP'),
  LegacyABIDepends: tagFromChars('AD'),
  LegacyABIProvides: tagFromChars('AP'),
  Legacy: tagFromChars('LG'),
  Compression: tagFromChars('CM'),
  RequiredFlashOffset: tagFromChars('RO'),
  Revocation: tagFromChars('RV'),
} as const;

export type SectionName = keyof typeof SECTION_TAG;

const NAME_BY_TAG = new Map<number, SectionName>(Object.entries(SECTION_TAG).map(([name, tag]) => [tag, name as SectionName]));

/** The section's name for a known tag, else undefined (an unknown tag is kept as a raw section). */
export const sectionName = (tag: number): SectionName | undefined => NAME_BY_TAG.get(tag);

/** Fixed data lengths of the sections whose layout is known exactly (facts §3.2). */
export const FIXED_SECTION_LENGTH: Partial<Record<SectionName, number>> = {
  Identity: 36, // u16 image type, u16 reserved, 16-byte component GUID, 16-byte image GUID
  Signature: 24, // 20-byte SHA-1 certificate thumbprint, u32 signing type
  Debug: 40, // u64 build time (Unix seconds), 32-byte NUL-padded name
  TemporaryImage: 4, // u32 flags
  Revocation: 4, // u32 security version number
};

/** Length of the NUL-padded name field of the Debug section. */
export const DEBUG_NAME_LENGTH = 32;
/** Longest name the builder accepts: the SDK keeps 31 bytes so that the field stays NUL-terminated. */
export const MAX_IMAGE_NAME_BYTES = DEBUG_NAME_LENGTH - 1;
/** SHA-1 thumbprint length in the Signature section. */
export const THUMBPRINT_LENGTH = 20;
