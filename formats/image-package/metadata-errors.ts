/**
 * Why a package's metadata cannot be read, named and numbered like the device's own parser errors:
 * category 42 ImageMetadataError, code = 42 << 20 | id (facts §1.5 and §3.2, AST-ERR image_metadata_error.yml),
 * so a finding here can be matched with the code a device reports for the same package.
 *
 * What each name covers here (the device's exact triggers are not published; this is our reading):
 *  - InvalidMetadata: too short, bad magic, a metadata_length that does not fit, no sections, bytes left
 *    after the last section, a known section too short for its layout, a second copy of a decoded section.
 *  - SectionOverflowsMetadata: a section header or its data runs past the metadata_length word.
 *  - EmptySection: a section of size 0.
 *  - SectionTooLarge: a known section longer than its layout (e.g. an ID section of 40 bytes).
 *  - SectionNotFound: a required section (Identity or Signature) is missing.
 */
export const IMAGE_METADATA_CATEGORY = 42;

export const IMAGE_METADATA_ERROR_IDS = {
  InvalidMetadata: 1,
  SectionOverflowsMetadata: 2,
  EmptySection: 3,
  SectionTooLarge: 4,
  SectionNotFound: 5,
} as const;

export type ImageMetadataErrorName = keyof typeof IMAGE_METADATA_ERROR_IDS;

export interface ImageMetadataError {
  name: ImageMetadataErrorName;
  /** Device error code: 42 << 20 | id (e.g. 44040193 for InvalidMetadata). */
  code: number;
  /** Byte offset in the package where the problem is. */
  offset: number;
  message: string;
}

export const imageMetadataErrorCode = (name: ImageMetadataErrorName): number =>
  (IMAGE_METADATA_CATEGORY << 20) | IMAGE_METADATA_ERROR_IDS[name];

export function metadataError(name: ImageMetadataErrorName, offset: number, message: string): ImageMetadataError {
  return { name, code: imageMetadataErrorCode(name), offset, message };
}
