/**
 * The in-memory form of an image package. A section's `data` is the source of truth (packing writes it
 * back byte for byte); `decoded` is a read-only view of it for the sections whose layout is known.
 */
import type { SectionName } from './layout.js';

export interface IdentityInfo {
  imageType: number;
  reserved: number;
  componentId: string;
  imageId: string;
}

export interface SignatureInfo {
  /** SHA-1 of the signing certificate's DER. */
  thumbprint: Uint8Array;
  signingType: number;
}

export interface DebugInfo {
  /** Build time in Unix seconds; a u64, so a bigint. */
  buildTime: bigint;
  /** The name up to the first NUL, decoded as UTF-8 (invalid bytes become U+FFFD). */
  name: string;
}

export interface TemporaryImageInfo {
  flags: number;
}

/** One entry of ABIDepends/ABIProvides: { u32 version, u32 type }. */
export interface AbiIdentity {
  version: number;
  type: number;
}

export interface AbiInfo {
  identities: AbiIdentity[];
}

export interface RevocationInfo {
  securityVersion: number;
}

export type DecodedSection =
  | { kind: 'Identity'; value: IdentityInfo }
  | { kind: 'Signature'; value: SignatureInfo }
  | { kind: 'Debug'; value: DebugInfo }
  | { kind: 'TemporaryImage'; value: TemporaryImageInfo }
  | { kind: 'ABIDepends'; value: AbiInfo }
  | { kind: 'ABIProvides'; value: AbiInfo }
  | { kind: 'Revocation'; value: RevocationInfo };

export interface MetadataSection {
  /** u16 tag, e.g. 0x4449 for 'ID'. */
  tag: number;
  /** The section's name when the tag is known (even if its layout is not decoded, e.g. Compression). */
  name?: SectionName;
  /** The section's bytes after its 4-byte header, exactly as stored. */
  data: Uint8Array;
  decoded?: DecodedSection;
  /** Byte offset of the section header in the package, when the section was parsed from bytes. */
  offset?: number;
}

export interface ImagePackage {
  body: Uint8Array;
  /** In file order. */
  sections: MetadataSection[];
  /** 64-byte ECDSA P-256 r||s. */
  signature: Uint8Array;
}

/** Where the parts of a parsed package lie. */
export interface ImagePackageLayout {
  size: number;
  metadataOffset: number;
  /** The metadata_length word's value: magic .. the length word itself. */
  metadataLength: number;
  signatureOffset: number;
}

export interface ParsedImagePackage extends ImagePackage {
  layout: ImagePackageLayout;
}
