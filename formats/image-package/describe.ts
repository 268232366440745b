/**
 * What `sevenfold image show` reports: every section decoded into named fields (section names as in
 * `azsphere image-package show`), raw bytes as hex always, as a JSON-ready object. format-description.ts
 * turns it into text.
 */
import { abiTypeName, imageTypeName, signingTypeName, temporaryFlagNames, TEMPORARY_FLAG } from './enums.js';
import { tagLabel, type SectionName } from './layout.js';
import { toHex } from './thumbprint.js';
import { SDK_TEST_COMMON_NAME, SDK_TEST_THUMBPRINT } from './sdk-test-certificate.js';
import type { DecodedSection, ImagePackage, ImagePackageLayout, MetadataSection } from './types.js';

type FieldValue = string | number | boolean | null | string[] | { type: number; typeName: string; version: number }[];

export interface SectionDescription {
  /** 'ID', 'SG', … or hex such as '0x0001' when the tag is not two printable characters. */
  tag: string;
  tagValue: number;
  /** Display name ('Identity', 'ABI Depends', …) or 'Unknown'. */
  name: string;
  offset: number | null;
  size: number;
  decoded: boolean;
  fields: Record<string, FieldValue>;
  /** The section's bytes, always. */
  hex: string;
}

export interface ImageDescription {
  size: number;
  layout: ImagePackageLayout | null;
  sections: SectionDescription[];
  signature: string;
}

const DISPLAY_NAME: Record<SectionName, string> = {
  Identity: 'Identity',
  Signature: 'Signature',
  Debug: 'Debug',
  TemporaryImage: 'Temporary Image',
  ABIDepends: 'ABI Depends',
  ABIProvides: 'ABI Provides',
  LegacyABIDepends: 'Legacy ABI Depends',
  LegacyABIProvides: 'Legacy ABI Provides',
  Legacy: 'Legacy',
  Compression: 'Compression',
  RequiredFlashOffset: 'Required Flash Offset',
  Revocation: 'Revocation',
};

/**
 * Signing certificates worth naming. The SDK test certificate's private key ships with the SDK (ANVIL
 * signer.py), so an image it signs proves nothing: devices take it only with the appDevelopment capability.
 */
const KNOWN_CERTIFICATES: Record<string, string> = {
  [SDK_TEST_THUMBPRINT]: `${SDK_TEST_COMMON_NAME} (public development key; devices accept it only with appDevelopment)`,
};

export function describeImagePackage(image: ImagePackage & { layout?: ImagePackageLayout }): ImageDescription {
  const metadataBytes = image.sections.reduce((n, s) => n + 4 + s.data.length, 12);
  return {
    size: image.layout?.size ?? image.body.length + metadataBytes + image.signature.length,
    layout: image.layout ?? null,
    sections: image.sections.map(describeSection),
    signature: toHex(image.signature),
  };
}

function describeSection(section: MetadataSection): SectionDescription {
  return {
    tag: tagLabel(section.tag),
    tagValue: section.tag,
    name: section.name ? DISPLAY_NAME[section.name] : 'Unknown',
    offset: section.offset ?? null,
    size: section.data.length,
    decoded: section.decoded !== undefined,
    fields: section.decoded ? decodedFields(section.decoded) : {},
    hex: toHex(section.data),
  };
}

function decodedFields(d: DecodedSection): Record<string, FieldValue> {
  switch (d.kind) {
    case 'Identity':
      return { imageType: d.value.imageType, imageTypeName: imageTypeName(d.value.imageType), componentId: d.value.componentId, imageId: d.value.imageId, reserved: d.value.reserved };
    case 'Signature': {
      const thumbprint = toHex(d.value.thumbprint);
      const knownAs = KNOWN_CERTIFICATES[thumbprint];
      return { thumbprint, signingType: d.value.signingType, signingTypeName: signingTypeName(d.value.signingType), ...(knownAs ? { knownAs } : {}) };
    }
    case 'Debug':
      return { name: d.value.name, buildTime: d.value.buildTime.toString(), buildDate: isoDate(d.value.buildTime) };
    case 'TemporaryImage':
      return {
        flags: d.value.flags,
        flagNames: temporaryFlagNames(d.value.flags),
        removeAtBoot: (d.value.flags & TEMPORARY_FLAG.RemoveAtBoot) !== 0,
        underDevelopment: (d.value.flags & TEMPORARY_FLAG.UnderDevelopment) !== 0,
      };
    case 'ABIDepends':
    case 'ABIProvides':
      return { identities: d.value.identities.map((i) => ({ type: i.type, typeName: abiTypeName(i.type), version: i.version })) };
    case 'Revocation':
      return { securityVersion: d.value.securityVersion };
  }
}

/** ISO 8601 UTC for Unix seconds, or null past what a Date can hold (year 275760). */
function isoDate(seconds: bigint): string | null {
  return seconds <= 8_640_000_000_000n ? new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z') : null;
}
