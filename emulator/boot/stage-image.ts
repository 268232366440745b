/**
 * The image packages the factory builds for boot stages: real Azure Sphere packages (formats/image-package)
 * with a synthetic body. The security version for anti-rollback is the 'RV' (Revocation) section, a u32,
 * which the format reserves for exactly this ("security version number"); it sits in the signed metadata,
 * so changing it breaks the signature. Bodies are deterministic bytes: a readable header, then a
 * SHA-256 counter stream of (seed, component, release), so every build of a run is reproducible.
 */
import { createHash } from 'node:crypto';
import {
  SECTION_TAG,
  assertKeyMatchesCertificate,
  buildImageSections,
  encodeU32,
  findSection,
  guidToBytesLe,
  makeSection,
  parseImageType,
  signImagePackage,
  type ImagePackage,
  type SigningCertificate,
  type SigningKey,
} from '../../formats/image-package/index.js';

/** Fixed build time (2024-01-01): a build date that moved with the clock would change every hash. */
export const BUILD_TIME = 1_704_067_200;
export const DEFAULT_BODY_BYTES = 2048;
/** Image type "Other" (28) for a component whose design gives no image type. */
const OTHER_IMAGE_TYPE = 28;

export interface Signer {
  key: SigningKey;
  certificate: SigningCertificate;
}

export interface StageImageSpec {
  component: string;
  /** Image type name from the design (e.g. "NormalWorldKernel"). */
  imageType?: string;
  release: number;
  body: Uint8Array;
  /** Seed of the run: part of the image GUID. */
  seed: number;
}

const guids = new Map<string, { text: string; bytesLe: Uint8Array }>();

/** A stable GUID per component id, so the same component has the same id in every design and run. */
export function componentGuid(component: string): string {
  return componentGuidEntry(component).text;
}

/** The same GUID in the bytes_le order the Identity section and boot manifests store. */
export function componentGuidBytesLe(component: string): Uint8Array {
  return componentGuidEntry(component).bytesLe;
}

function componentGuidEntry(component: string): { text: string; bytesLe: Uint8Array } {
  let entry = guids.get(component);
  if (!entry) {
    const text = guidFrom(`sevenfold component ${component}`);
    entry = { text, bytesLe: guidToBytesLe(text)! };
    guids.set(component, entry);
  }
  return entry;
}

export function imageGuid(component: string, release: number, seed: number): string {
  return guidFrom(`sevenfold image ${component} release ${release} seed ${seed}`);
}

export function syntheticBody(component: string, release: number, seed: number, length = DEFAULT_BODY_BYTES): Uint8Array {
  const body = new Uint8Array(length);
  const header = new TextEncoder().encode(`SEVENFOLD ${component} release ${release}\n`);
  body.set(header.subarray(0, length));
  for (let pos = header.length, block = 0; pos < length; pos += 32, block++) {
    const chunk = createHash('sha256').update(`${seed}:${component}:${release}:${block}`).digest();
    body.set(chunk.subarray(0, Math.min(32, length - pos)), pos);
  }
  return body;
}

/** A signed package carrying the release as its security version (RV section). */
export function buildStageImage(spec: StageImageSpec, signer: Signer): Uint8Array {
  assertKeyMatchesCertificate(signer.key, signer.certificate);
  const sections = buildImageSections({
    body: spec.body,
    imageType: (spec.imageType ? parseImageType(spec.imageType) : undefined) ?? OTHER_IMAGE_TYPE,
    componentId: componentGuid(spec.component),
    imageId: imageGuid(spec.component, spec.release, spec.seed),
    name: truncateUtf8(spec.component, 31),
    buildDate: BUILD_TIME + spec.release * 86_400,
    certificate: signer.certificate,
  });
  sections.push(makeSection(SECTION_TAG.Revocation, encodeU32(spec.release)));
  return signImagePackage({ body: spec.body, sections }, signer.key);
}

/** The security version of a parsed package; undefined without an RV section. */
export function securityVersionOf(image: Pick<ImagePackage, 'sections'>): number | undefined {
  const rv = findSection(image, SECTION_TAG.Revocation);
  return rv?.decoded?.kind === 'Revocation' ? rv.decoded.value.securityVersion : undefined;
}

function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: application-defined (RFC 9562)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function truncateUtf8(text: string, bytes: number): string {
  let out = text;
  while (new TextEncoder().encode(out).length > bytes) out = out.slice(0, -1);
  return out;
}
