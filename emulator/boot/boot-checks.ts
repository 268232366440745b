/**
 * The two kinds of boot check a design can ask for, as the loader runs them on the image it has
 * copied into memory:
 *  - signature: the certificate the image's Signature section names (by thumbprint) must be in the key
 *    store, must be the check's key, must chain to the anchor, and the image's signature must verify;
 *    except that on a device carrying appDevelopment, an app's loader also accepts the SDK test
 *    certificate it carries (ChainContext.development), as Azure Sphere's Security Monitor does;
 *  - manifest-hash: the boot manifest signed by the check's key must pass the same test, and must list
 *    this slot with exactly this image's SHA-256 (which is what stops a validly signed image from
 *    being swapped into another component's slot or replayed from an old release);
 *  - rollback (counterCheck): the image's security version must not be below the counter.
 * Second reading of the spec's boot acceptance rule (model/platform/boot-acceptance.ts: BOOT_CHECK_RULES,
 * signature, manifestHash, rollback), on real bytes; test/differential/boot-harness.ts holds the two
 * together at every boot step of random designs, attacks and skipped runs.
 */
import { createHash } from 'node:crypto';
import { parseImagePackage, SIGNATURE_LENGTH, SIGNING_TYPE, signatureInfoOf, toHex, type ParseImagePackageResult } from '../../formats/image-package/index.js';
import type { BootCheck } from '../../model/platform/platform-design.js';
import { decodeManifestBody, type DecodedManifest } from './boot-manifest.js';
import { BytesMemo, sameBytes } from './bytes-memo.js';
import { verifyKeyChain, type ChainContext } from './chain.js';
import { manifestSlot, type Flash } from './flash.js';
import { componentGuidBytesLe } from './stage-image.js';
import type { ChainTrace } from './trace.js';

export interface LoadedImage {
  bytes: Uint8Array;
  parsed: ParseImagePackageResult;
  sha256: Uint8Array;
}

/** What reading a package yields: a pure function of its bytes, so each distinct package is parsed and hashed once per process (bytes-memo.ts). Shared: read only. */
export interface ReadPackage {
  parsed: ParseImagePackageResult;
  sha256: Uint8Array;
  /** The SHA-256 in hex, as a boot trace spells it. */
  sha256Hex: string;
}

/** Enough for every image and manifest of a run's designs and attacks; a fuzzer's endless new ones cannot grow it past this. */
const packages = new BytesMemo<ReadPackage>(2048);

/** Decoded manifest bodies, by their bytes (each check of each boot decodes the same few). */
const manifestBodies = new BytesMemo<DecodedManifest>(1024);

/** `bytes` parsed as an image package (any bytes: a key store does not parse) and their SHA-256, remembered by the exact bytes. Read only. */
export const readPackage = (bytes: Uint8Array): ReadPackage => packages.get(bytes, readAfresh);

function readAfresh(own: Uint8Array): ReadPackage {
  const sha256 = createHash('sha256').update(own).digest();
  return { parsed: parseImagePackage(own), sha256, sha256Hex: toHex(sha256) };
}

/** An image as its loader copied it into memory: parsed, and its SHA-256 (what manifests list and measurements extend), also in hex. */
export function loadImage(bytes: Uint8Array): LoadedImage & { sha256Hex: string } {
  const { parsed, sha256, sha256Hex } = readPackage(bytes);
  return { bytes, parsed, sha256, sha256Hex };
}

export interface CheckOutcome {
  pass: boolean;
  detail: string;
  chain?: ChainTrace;
}

export function signatureCheck(check: BootCheck, image: LoadedImage, context: ChainContext): CheckOutcome {
  return verifySignedPackage(image.bytes, image.parsed, check.key, context, 'the image');
}

/** A boot manifest as a loader read it from flash (once per boot; every check still verifies it). */
export interface LoadedManifest {
  bytes: Uint8Array;
  parsed: ParseImagePackageResult;
}

export function readManifest(flash: Flash, key: string, loader: string): LoadedManifest | undefined {
  const bytes = flash.read(manifestSlot(key), loader);
  return bytes ? { bytes, parsed: readPackage(bytes).parsed } : undefined;
}

export function manifestHashCheck(check: BootCheck, component: string, image: LoadedImage, manifestOf: (key: string) => LoadedManifest | undefined, context: ChainContext): CheckOutcome {
  const loaded = manifestOf(check.key);
  if (!loaded) return { pass: false, detail: `no boot manifest of ${check.key} in flash` };
  const { bytes, parsed } = loaded;
  const signed = verifySignedPackage(bytes, parsed, check.key, context, 'the manifest');
  if (!signed.pass || !parsed.ok) return signed;
  const manifest = manifestBodies.get(parsed.image.body, decodeManifestBody);
  const chain = signed.chain;
  if (!manifest.ok) return outcome(false, manifest.reason, chain);
  const slot = componentGuidBytesLe(component);
  let entry: (typeof manifest.entries)[number] | undefined;
  for (const e of manifest.entries) if (sameBytes(e.componentIdBytesLe, slot)) {
    entry = e;
    break;
  }
  if (!entry) return outcome(false, `the ${check.key} manifest lists no image for ${component}`, chain);
  if (!sameBytes(entry.sha256, image.sha256)) {
    return outcome(false, `image SHA-256 ${toHex(image.sha256).slice(0, 12)}… is not the manifest's ${toHex(entry.sha256).slice(0, 12)}…`, chain);
  }
  return outcome(true, `the ${check.key} manifest lists this image's SHA-256`, chain);
}

/** An outcome with the chain only when there is one (a literal each way: cheaper than spreading, see boot.ts checkTrace). */
const outcome = (pass: boolean, detail: string, chain: ChainTrace | undefined): CheckOutcome => (chain ? { pass, detail, chain } : { pass, detail });

/** The anti-rollback comparison: the image's security version (its RV section) must not be below the counter. */
export function counterCheck(counterId: string, version: number | undefined, counter: number): CheckOutcome {
  if (version === undefined) return { pass: false, detail: 'the image has no security version (RV section)' };
  if (version < counter) return { pass: false, detail: `security version ${version} is below ${counterId} = ${counter}` };
  return { pass: true, detail: `security version ${version} ≥ ${counterId} = ${counter}` };
}

/** The loader's check routines; a test plants a faulty one through BootOptions.routines (never by editing these). */
export interface BootCheckRoutines {
  signature: typeof signatureCheck;
  manifestHash: typeof manifestHashCheck;
  counter: typeof counterCheck;
}

export const BOOT_CHECK_ROUTINES: Readonly<BootCheckRoutines> = { signature: signatureCheck, manifestHash: manifestHashCheck, counter: counterCheck };

/** Signer certificate by thumbprint → it is the expected key → it chains to the anchor → the signature verifies. */
function verifySignedPackage(bytes: Uint8Array, parsed: ParseImagePackageResult, expectedKey: string, context: ChainContext, what: string): CheckOutcome {
  if (!parsed.ok) return { pass: false, detail: `${what} cannot be read: ${parsed.error.name} at byte ${parsed.error.offset}` };
  const info = signatureInfoOf(parsed.image)!;
  if (info.signingType !== SIGNING_TYPE.ECDsa256) return { pass: false, detail: `${what} has signing type ${info.signingType}, not ECDsa256` };
  const development = context.development;
  if (development && sameBytes(info.thumbprint, development.thumbprint)) {
    const chain = { status: 'development' as const, links: [`${development.subjectCommonName} accepted in place of ${expectedKey}: the device carries the appDevelopment capability`] };
    if (!context.verifier.verify(bytes.subarray(0, bytes.length - SIGNATURE_LENGTH), bytes.subarray(bytes.length - SIGNATURE_LENGTH), development.publicKey)) {
      return { pass: false, detail: `${what}'s signature does not verify under ${development.subjectCommonName}`, chain };
    }
    return { pass: true, detail: `signed by ${development.subjectCommonName} (appDevelopment)`, chain };
  }
  const certificate = context.store.byThumbprint(info.thumbprint);
  if (!certificate) return { pass: false, detail: `${what} names signer ${toHex(info.thumbprint).slice(0, 12)}…, which is not in the key store${context.store.refused ? ` (the loader refused the key store: ${context.store.refused})` : ''}` };
  if (certificate.subjectCommonName !== expectedKey) return { pass: false, detail: `${what} is signed by "${certificate.subjectCommonName}"; this check accepts only ${expectedKey}` };
  const chain = verifyKeyChain(certificate, expectedKey, context);
  if (chain.status === 'broken') return { pass: false, detail: `${expectedKey}'s certificate does not chain to the anchor`, chain };
  const signedBytes = bytes.subarray(0, bytes.length - SIGNATURE_LENGTH);
  if (!context.verifier.verify(signedBytes, bytes.subarray(bytes.length - SIGNATURE_LENGTH), certificate.publicKey)) {
    return { pass: false, detail: `${what}'s signature does not verify under ${expectedKey}`, chain };
  }
  return { pass: true, detail: `signed by ${expectedKey}`, chain };
}
