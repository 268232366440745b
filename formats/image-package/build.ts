/**
 * Builds a signed package from its parts, with the sections in the order real application packages carry
 * them (ID, SG, DB, TP, ND: ANVIL's test app and WIZIO's packer), then NP.
 */
import { randomUUID } from 'node:crypto';
import { asSigningCertificate, type SigningCertificate } from './certificate.js';
import { SIGNING_TYPE, TEMPORARY_CHOICES, type TemporaryChoice } from './enums.js';
import { isGuid } from './guid.js';
import { ImageInputError } from './input-error.js';
import { MAX_IMAGE_NAME_BYTES, SECTION_TAG } from './layout.js';
import { makeSection } from './section-lookup.js';
import { encodeAbi, encodeDebug, encodeIdentity, encodeSignatureInfo, encodeU32 } from './sections.js';
import { assertKeyMatchesCertificate, signImagePackage } from './sign.js';
import type { SigningKey } from './signing-key.js';
import type { AbiIdentity, MetadataSection } from './types.js';

export interface BuildImageOptions {
  body: Uint8Array;
  /** A u16 (IMAGE_TYPES; 10 = Applications). */
  imageType: number;
  componentId: string;
  /** Default: a new random GUID, as the SDK makes for every build. */
  imageId?: string;
  /** At most 31 UTF-8 bytes, so the 32-byte field keeps a terminating NUL. */
  name: string;
  /** Unix seconds or a Date; default: now. */
  buildDate?: number | Date;
  /** Adds a TemporaryImage section; without it there is none. */
  temporary?: TemporaryChoice | number;
  abiDepends?: readonly AbiIdentity[];
  abiProvides?: readonly AbiIdentity[];
  certificate: SigningCertificate | string | Uint8Array;
}

/** The metadata sections for `options` (no signing). Throws ImageInputError naming the bad field. */
export function buildImageSections(options: BuildImageOptions): MetadataSection[] {
  const cert = asSigningCertificate(options.certificate);
  const imageId = options.imageId ?? randomUUID();
  requireUint('imageType', options.imageType, 0xffff);
  if (!isGuid(options.componentId)) throw new ImageInputError('componentId', `not a GUID: ${JSON.stringify(options.componentId)}`);
  if (!isGuid(imageId)) throw new ImageInputError('imageId', `not a GUID: ${JSON.stringify(imageId)}`);
  const sections = [
    makeSection(SECTION_TAG.Identity, encodeIdentity({ imageType: options.imageType, reserved: 0, componentId: options.componentId, imageId })),
    makeSection(SECTION_TAG.Signature, encodeSignatureInfo({ thumbprint: cert.thumbprint, signingType: SIGNING_TYPE.ECDsa256 })),
    makeSection(SECTION_TAG.Debug, encodeDebug(buildTime(options.buildDate), nameBytes(options.name))),
  ];
  if (options.temporary !== undefined) {
    const flags = typeof options.temporary === 'number' ? options.temporary : TEMPORARY_CHOICES[options.temporary];
    if (flags === undefined) throw new ImageInputError('temporary', `unknown value ${JSON.stringify(options.temporary)}; use ${Object.keys(TEMPORARY_CHOICES).join(', ')}`);
    requireUint('temporary', flags, 0xffffffff);
    sections.push(makeSection(SECTION_TAG.TemporaryImage, encodeU32(flags)));
  }
  for (const [field, tag, list] of [['abiDepends', SECTION_TAG.ABIDepends, options.abiDepends], ['abiProvides', SECTION_TAG.ABIProvides, options.abiProvides]] as const) {
    if (list === undefined) continue;
    for (const id of list) {
      requireUint(field, id.version, 0xffffffff);
      requireUint(field, id.type, 0xffffffff);
    }
    sections.push(makeSection(tag, encodeAbi(list)));
  }
  return sections;
}

/** A complete signed package. The key must belong to the certificate. */
export function buildImagePackage(options: BuildImageOptions, key: SigningKey): Uint8Array {
  const cert = asSigningCertificate(options.certificate);
  assertKeyMatchesCertificate(key, cert);
  return signImagePackage({ body: options.body, sections: buildImageSections({ ...options, certificate: cert }) }, key);
}

function nameBytes(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.includes(0)) throw new ImageInputError('name', 'the name contains a NUL character, which would end it early');
  if (bytes.length > MAX_IMAGE_NAME_BYTES) {
    throw new ImageInputError('name', `${JSON.stringify(name)} is ${bytes.length} UTF-8 bytes; the image keeps at most ${MAX_IMAGE_NAME_BYTES}`);
  }
  return bytes;
}

function buildTime(date: number | Date | undefined): bigint {
  const seconds = date === undefined ? Math.floor(Date.now() / 1000) : date instanceof Date ? Math.floor(date.getTime() / 1000) : date;
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw new ImageInputError('buildDate', `${String(date)} is not a time at or after 1970-01-01 in whole seconds`);
  return BigInt(seconds);
}

function requireUint(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ImageInputError(field, `${value} is not an integer from 0 to ${max}`);
}
