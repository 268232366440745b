/**
 * A trusted key store kept as a signed image (the design's `signedImage`: Azure Sphere's TrustedKeystore, image type
 * 19): an image package whose body is the key certificates, DER after DER, whose RV section is the store's version,
 * signed by the design's key-store signer. A loader believes it only if the signer's certificate, found in the store
 * itself by the Signature section's thumbprint, chains to its anchor in eFuses and the signature verifies; where the
 * design compares the version at boot, one below the counter is refused and a higher one raises the counter (by the
 * loader, when the access controller lets it write the counter). A refused store is an empty one: every check the
 * loader makes then names a signer "not in the key store", and says why.
 * Second reading, on purpose, of the rule in model/update/key-store-rollback.ts (what a signed, versioned store keeps
 * out); it reads the design's fields itself. test/differential/key-store-rollback-differential.test.ts holds the
 * emulated attacks (properties/renewable-security/key-revocation.ts) against that rule.
 */
import type { KeyStoreImage, PlatformAsset, PlatformDesign } from '../../model/platform/platform-design.js';
import { readPackage, signatureCheck } from './boot-checks.js';
import type { ChainContext } from './chain.js';
import { KeyStore } from './key-store.js';
import { securityVersionOf } from './stage-image.js';

/**
 * The name a skip list (BootOptions.skip) gives the loader's comparison of the store's version with its counter, where
 * the design compares it at boot: a recovery boot path that consults no anti-rollback counter leaves it out with the
 * stages' (emulator/update/recovery-mode.ts). No stage image is named so: stage comparisons are rollback.<image>.
 */
export const KEY_STORE_COUNTER_CHECK = 'key-store.rollback';

/** Image type TrustedKeystore (facts §3.3). */
export const KEY_STORE_IMAGE_TYPE = 'TrustedKeystore';

/** The design's trusted key store that is kept as a signed image, with its protection; the flash one first, as the lab keeps it. */
export function signedKeyStoreOf(design: Pick<PlatformDesign, 'assets'>): { asset: PlatformAsset; image: KeyStoreImage } | undefined {
  const trusted = design.assets.filter((a) => a.kind === 'key-store' && !a.secret && a.location !== 'efuse');
  const asset = trusted.find((a) => a.location === 'flash') ?? trusted[0];
  return asset?.signedImage ? { asset, image: asset.signedImage } : undefined;
}

/** The certificates a store's bytes carry, believed or not (a signed store's body; an unsigned store as it is). */
export function storeContents(bytes: Uint8Array): KeyStore {
  const parsed = readPackage(bytes).parsed;
  return KeyStore.read(parsed.ok ? parsed.image.body : bytes);
}

/** The store's version: its RV section (0 for bytes that are no image package, or carry none). */
export function storeVersion(bytes: Uint8Array): number {
  const parsed = readPackage(bytes).parsed;
  return (parsed.ok ? securityVersionOf(parsed.image) : undefined) ?? 0;
}

export interface StoreCounter {
  id: string;
  read: () => { ok: true; value: number } | { ok: false; reason: string };
  /** Raises it to `to`; false with a reason when the loader may not or cannot. */
  raise: (to: number) => string | undefined;
}

export type SignedStoreRead = { ok: true; store: KeyStore; version: number; note?: string } | { ok: false; reason: string };

/**
 * The store `bytes` as a loader believes it: the signature up to the anchor, then (when `counter` is given: the
 * design compares at boot) the version against the counter, raised to a newer one.
 */
export function readSignedKeyStore(bytes: Uint8Array, image: KeyStoreImage, context: Omit<ChainContext, 'store' | 'development'>, counter?: StoreCounter): SignedStoreRead {
  const loaded = readPackage(bytes);
  if (!loaded.parsed.ok) return { ok: false, reason: `the key store is not a signed key-store image (${loaded.parsed.error.name} at byte ${loaded.parsed.error.offset})` };
  const candidate = KeyStore.read(loaded.parsed.image.body);
  const signed = signatureCheck({ id: 'key-store.signature', kind: 'signature', key: image.signedBy }, { bytes, parsed: loaded.parsed, sha256: loaded.sha256 }, { design: context.design, verifier: context.verifier, readAnchor: context.readAnchor, store: candidate });
  if (!signed.pass) return { ok: false, reason: `the key store's signature: ${signed.detail.replace('the image', 'the key store')}` };
  const version = securityVersionOf(loaded.parsed.image) ?? 0;
  if (!counter) return { ok: true, store: candidate, version };
  const read = counter.read();
  if (!read.ok) return { ok: false, reason: `cannot read the key store's counter ${counter.id}: ${read.reason}` };
  if (version < read.value) return { ok: false, reason: `the key store's version ${version} is below ${counter.id} = ${read.value}` };
  if (version === read.value) return { ok: true, store: candidate, version };
  const notRaised = counter.raise(version);
  return { ok: true, store: candidate, version, ...(notRaised ? { note: `${counter.id} not raised: ${notRaised}` } : {}) };
}
