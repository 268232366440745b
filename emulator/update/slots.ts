/**
 * Which update kind each boot slot belongs to, and the targets (name, kind, security version, length,
 * SHA-256) that describe a set of slots in update metadata. A stage image belongs to its component's
 * kind; a boot manifest to the kind of the stages it lists; the key store to the kind that updates the
 * platform's trusted key store (trustedKeyStoreAsset; the prerequisite kind by default).
 *
 * Second reading, on purpose, of which kind updates a component or asset: it mirrors the spec's kindOf
 * (model/update/policy.ts) without importing it. Before, the document's targets (targetsOf), the
 * agent's check of each target's kind (slotKind) and the harness's spec side all took a target's kind
 * from that one function, so a fault in it was agreed by both sides; now
 * test/differential/update-harness.ts classifies each target with the spec's kindOf and holds the
 * agent's per-kind decisions against the spec's.
 */
import { createHash } from 'node:crypto';
import { SECTION_TAG, findSection } from '../../formats/image-package/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { UpdateTarget } from '../../formats/update-metadata/metadata.js';
import type { UpdateDesign, UpdateKind } from '../../model/update/update-design.js';
import { BytesMemo, KEY_STORE_SLOT, readPackage } from '../boot/index.js';

/** The update kind whose listed contents include this component or asset (the design's updateKinds). */
function kindUpdating(update: UpdateDesign, content: string): UpdateKind | undefined {
  for (const entry of update.updateKinds) if (entry.contents.includes(content)) return entry.kind;
  return undefined;
}

/**
 * The platform asset the key-store slot stands for: the store of certificates the loaders read (a key store that is
 * not secret), the one in flash when there is one, else the one kept elsewhere but eFuses (in Pluton, say): the lab
 * keeps its bytes in the bank's key-store slot wherever the design keeps it, so an update kind that lists it renews it.
 */
export function trustedKeyStoreAsset(platform: Pick<PlatformDesign, 'assets'>): PlatformDesign['assets'][number] | undefined {
  const trusted = platform.assets.filter((a) => a.kind === 'key-store' && !a.secret && a.location !== 'efuse');
  return trusted.find((a) => a.location === 'flash') ?? trusted[0];
}

export function slotKind(update: UpdateDesign, platform: PlatformDesign, slot: string): UpdateKind | undefined {
  if (slot === KEY_STORE_SLOT) {
    const store = trustedKeyStoreAsset(platform);
    return store ? kindUpdating(update, store.id) : undefined;
  }
  const [type, id] = [slot.slice(0, slot.indexOf('/')), slot.slice(slot.indexOf('/') + 1)];
  if (type === 'image') return kindUpdating(update, id);
  if (type === 'manifest') {
    const stage = platform.boot.find((s) => s.checks.some((c) => c.kind === 'manifest-hash' && c.key === id));
    return stage ? kindUpdating(update, stage.image) : undefined;
  }
  return undefined;
}

/** The component whose rollback counter guards a slot (stage images only). */
export function slotComponent(slot: string): string | undefined {
  return slot.startsWith('image/') ? slot.slice('image/'.length) : undefined;
}

/** RV section of an image package; 0 for anything else (the key store). */
export function securityVersionOfBytes(bytes: Uint8Array): number {
  const parsed = readPackage(bytes).parsed;
  if (!parsed.ok) return 0;
  const rv = findSection(parsed.image, SECTION_TAG.Revocation);
  return rv?.decoded?.kind === 'Revocation' ? rv.decoded.value.securityVersion : 0;
}

/** Digests by the exact bytes hashed: a sweep hashes the same images and records thousands of times. */
const digests = new BytesMemo<Uint8Array>(2048);

/** SHA-256 of `bytes` (a copy of the one remembered for these exact bytes: the caller may keep or change it). */
export const sha256 = (bytes: Uint8Array): Uint8Array => new Uint8Array(digests.get(bytes, (own) => createHash('sha256').update(own).digest()));
/** Hex of `bytes`, read in place (Buffer.from(bytes) would copy them first). */
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** Hex digests by the exact bytes hashed: the bank digests a sweep compares with the metadata's, hundreds of times per image. */
const hexDigests = new BytesMemo<string>(2048);

/** SHA-256 of `bytes` as hex, remembered for these exact bytes. */
export const sha256Hex = (bytes: Uint8Array): string => hexDigests.get(bytes, (own) => createHash('sha256').update(own).digest('hex'));

/** Targets for the slots of `kinds`, sorted by name. */
export function targetsOf(update: UpdateDesign, platform: PlatformDesign, slots: ReadonlyMap<string, Uint8Array>, kinds: readonly UpdateKind[]): UpdateTarget[] {
  const targets: UpdateTarget[] = [];
  for (const [name, bytes] of slots) {
    const kind = slotKind(update, platform, name);
    if (!kind || !kinds.includes(kind)) continue;
    targets.push({ kind, name, securityVersion: securityVersionOfBytes(bytes), length: bytes.length, sha256: sha256(bytes) });
  }
  return targets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
