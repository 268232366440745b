/** Finding and replacing sections of a package by tag; the first section with a tag is the one that counts. */
import { sectionName } from './layout.js';
import { decodeSection } from './sections.js';
import type { DebugInfo, IdentityInfo, ImagePackage, MetadataSection, SignatureInfo, TemporaryImageInfo } from './types.js';

export const findSection = (image: Pick<ImagePackage, 'sections'>, tag: number): MetadataSection | undefined =>
  image.sections.find((s) => s.tag === tag);

export function identityOf(image: Pick<ImagePackage, 'sections'>): IdentityInfo | undefined {
  const d = image.sections.find((s) => s.decoded?.kind === 'Identity')?.decoded;
  return d?.kind === 'Identity' ? d.value : undefined;
}

export function signatureInfoOf(image: Pick<ImagePackage, 'sections'>): SignatureInfo | undefined {
  const d = image.sections.find((s) => s.decoded?.kind === 'Signature')?.decoded;
  return d?.kind === 'Signature' ? d.value : undefined;
}

export function debugInfoOf(image: Pick<ImagePackage, 'sections'>): DebugInfo | undefined {
  const d = image.sections.find((s) => s.decoded?.kind === 'Debug')?.decoded;
  return d?.kind === 'Debug' ? d.value : undefined;
}

export function temporaryImageOf(image: Pick<ImagePackage, 'sections'>): TemporaryImageInfo | undefined {
  const d = image.sections.find((s) => s.decoded?.kind === 'TemporaryImage')?.decoded;
  return d?.kind === 'TemporaryImage' ? d.value : undefined;
}

/** A section built from its data, decoded like a parsed one (throws if the data does not fit the tag's layout). */
export function makeSection(tag: number, data: Uint8Array): MetadataSection {
  const result = decodeSection(tag, data);
  if (!result.ok) throw new RangeError(result.message);
  const name = sectionName(tag);
  return { tag, ...(name ? { name } : {}), data, ...(result.decoded ? { decoded: result.decoded } : {}) };
}

/** The sections with the first `tag` section's data replaced (appended when there is none); the rest keep their order and bytes. */
export function replaceSection(sections: readonly MetadataSection[], tag: number, data: Uint8Array): MetadataSection[] {
  const replacement = makeSection(tag, data);
  const index = sections.findIndex((s) => s.tag === tag);
  if (index < 0) return [...sections, replacement];
  return sections.map((s, i) => (i === index ? replacement : s));
}
