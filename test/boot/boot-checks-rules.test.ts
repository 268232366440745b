/**
 * The rules of the two boot checks (emulator/boot/boot-checks.ts), one per test, each called directly
 * with a genuine input that passes and the broken one the rule exists to refuse, with the exact detail
 * of each outcome (a loader's trace shows the detail: a blank or wrong one is a defect too).
 * The inputs come from the emulator's own factory parts: keys and key certificates issued along the
 * built-in design's chain (rom-anchor → firmware-signing → app-signing), stage images and boot
 * manifests built and signed as the vendor builds them, a key store parsed from flash bytes, and the
 * SDK test signer. The keys are this test's own (the vendor keeps its private keys), so a test can sign
 * what the vendor never would: a manifest whose body does not decode, a package of another signing type.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { counterCheck, manifestHashCheck, readManifest, signatureCheck, type LoadedImage, type LoadedManifest } from '../../emulator/boot/boot-checks.js';
import { BusLog } from '../../emulator/boot/bus.js';
import type { ChainContext } from '../../emulator/boot/chain.js';
import { HmacDrbg } from '../../emulator/boot/drbg.js';
import { Flash, manifestSlot } from '../../emulator/boot/flash.js';
import { issueKeyCertificate } from '../../emulator/boot/issue-certificate.js';
import { KeyStore } from '../../emulator/boot/key-store.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { sdkTestSigner, SDK_TEST_SIGNER_NAME, type SdkTestSigner } from '../../emulator/boot/sdk-test-signer.js';
import { buildStageImage, componentGuid, syntheticBody, type Signer } from '../../emulator/boot/stage-image.js';
import { buildManifest } from '../../emulator/boot/vendor.js';
import {
  encodeSignatureInfo,
  parseImagePackage,
  readCertificate,
  replaceSection,
  SECTION_TAG,
  signImagePackage,
  signingKeyFromSecret,
  SIGNING_TYPE,
  toHex,
  type SigningKey,
} from '../../formats/image-package/index.js';
import type { BootCheck, PlatformDesign } from '../../model/platform/platform-design.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design: PlatformDesign = loadPlatform(builtinPlatformFile()).design!;
const SEED = 5;
const FIRMWARE = 'firmware-signing';
const APP = 'app-signing';
const LOADER = 'security-monitor';

let signers: Map<string, Signer>;
let store: KeyStore;
let anchorHash: Uint8Array;
let sdk: SdkTestSigner;

beforeAll(async () => {
  const rng = new HmacDrbg(SEED, 'boot-checks-rules test keys');
  const keys = new Map<string, SigningKey>(design.keys.map((k) => [k.id, signingKeyFromSecret(p256.utils.randomSecretKey(rng.generate(48)))]));
  signers = new Map();
  const ders: Uint8Array[] = [];
  for (const k of design.keys) {
    const issuer = k.certifiedBy ?? k.id;
    const der = await issueKeyCertificate({ subjectId: k.id, subjectKey: keys.get(k.id)!, issuerId: issuer, issuerKey: keys.get(issuer)!, organization: 'boot-checks rules', certifiesKeys: design.keys.some((o) => o.certifiedBy === k.id) });
    ders.push(der);
    signers.set(k.id, { key: keys.get(k.id)!, certificate: readCertificate(der) });
  }
  store = KeyStore.parse(KeyStore.encode(ders));
  anchorHash = new Uint8Array(createHash('sha256').update(keys.get('rom-anchor')!.publicKey).digest());
  sdk = await sdkTestSigner();
});

const context = (extra: Partial<ChainContext> = {}): ChainContext => ({
  design,
  store,
  verifier: new NodeP256Verifier(),
  readAnchor: (asset) => (asset === 'rom-key-hash' ? anchorHash : undefined),
  ...extra,
});
const check = (kind: BootCheck['kind'], key: string): BootCheck => ({ id: `test.${kind}`, kind, key }) as BootCheck;
const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash('sha256').update(bytes).digest());
const loaded = (bytes: Uint8Array): LoadedImage => ({ bytes, parsed: parseImagePackage(bytes), sha256: sha256(bytes) });
const stageImage = (component: string, signer: Signer, imageType?: string) =>
  buildStageImage({ component, ...(imageType ? { imageType } : {}), release: 2, body: syntheticBody(component, 2, SEED, 256), seed: SEED }, signer);
const manifestOf = (bytes: Uint8Array): ((key: string) => LoadedManifest) => () => ({ bytes, parsed: parseImagePackage(bytes) });
const manifestListing = (key: string, entries: { component: string; image: Uint8Array }[]) =>
  buildManifest(key, entries.map((e) => ({ componentId: componentGuid(e.component), sha256: sha256(e.image) })), 2, signers.get(key)!, SEED);
/** The same package with its last signature byte changed: every section still reads, the signature no longer verifies. */
const withBrokenSignature = (bytes: Uint8Array) => {
  const copy = new Uint8Array(bytes);
  copy[copy.length - 1]! ^= 0x01;
  return copy;
};

describe('signature check', () => {
  it('passes an image signed by the check key whose chain reaches the anchor', () => {
    const outcome = signatureCheck(check('signature', FIRMWARE), loaded(stageImage('nw-kernel', signers.get(FIRMWARE)!)), context());
    expect(outcome).toMatchObject({ pass: true, detail: `signed by ${FIRMWARE}`, chain: { status: 'anchored' } });
  });

  it('refuses an image signed by another key of the key store, though that key is trusted and chains to the anchor', () => {
    const byAppKey = loaded(stageImage('nw-kernel', signers.get(APP)!));
    expect(signatureCheck(check('signature', APP), byAppKey, context()).pass).toBe(true);
    expect(signatureCheck(check('signature', FIRMWARE), byAppKey, context())).toEqual({
      pass: false,
      detail: `the image is signed by "${APP}"; this check accepts only ${FIRMWARE}`,
    });
  });

  it('refuses an image that does not parse', () => {
    const genuine = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const truncated = loaded(genuine.subarray(0, 40));
    expect(truncated.parsed.ok).toBe(false);
    const error = truncated.parsed.ok ? undefined : truncated.parsed.error;
    expect(signatureCheck(check('signature', FIRMWARE), truncated, context())).toEqual({ pass: false, detail: `the image cannot be read: ${error?.name} at byte ${error?.offset}` });
    expect(error?.name).toBeTruthy();
  });

  it('refuses a validly signed image whose Signature section names a signing type other than ECDsa256', () => {
    const signer = signers.get(FIRMWARE)!;
    const genuine = parseImagePackage(stageImage('nw-kernel', signer));
    if (!genuine.ok) throw new Error('the genuine image does not parse');
    const sg = encodeSignatureInfo({ thumbprint: signer.certificate.thumbprint, signingType: SIGNING_TYPE.ECDsa384 });
    const ecdsa384 = loaded(signImagePackage({ body: genuine.image.body, sections: replaceSection(genuine.image.sections, SECTION_TAG.Signature, sg) }, signer.key));
    expect(signatureCheck(check('signature', FIRMWARE), ecdsa384, context())).toEqual({ pass: false, detail: `the image has signing type ${SIGNING_TYPE.ECDsa384}, not ECDsa256` });
  });

  it('refuses an image whose signer is not in the key store, naming the signer by thumbprint', () => {
    const bySdk = loaded(stageImage('hl-app', sdk, 'Applications'));
    expect(signatureCheck(check('signature', APP), bySdk, context())).toEqual({
      pass: false,
      detail: `the image names signer ${toHex(sdk.certificate.thumbprint).slice(0, 12)}…, which is not in the key store`,
    });
  });

  it("refuses an image of the check key when the key's chain does not reach the anchor's eFuse value", () => {
    const image = loaded(stageImage('nw-kernel', signers.get(FIRMWARE)!));
    const outcome = signatureCheck(check('signature', FIRMWARE), image, context({ readAnchor: () => new Uint8Array(32) }));
    expect(outcome).toMatchObject({ pass: false, detail: `${FIRMWARE}'s certificate does not chain to the anchor`, chain: { status: 'broken' } });
  });

  it('refuses an image of the check key whose signature does not verify', () => {
    const tampered = loaded(withBrokenSignature(stageImage('nw-kernel', signers.get(FIRMWARE)!)));
    expect(tampered.parsed.ok).toBe(true);
    expect(signatureCheck(check('signature', FIRMWARE), tampered, context())).toMatchObject({ pass: false, detail: `the image's signature does not verify under ${FIRMWARE}`, chain: { status: 'anchored' } });
  });

  describe('with the SDK test certificate accepted (appDevelopment)', () => {
    const developmentLink = `${SDK_TEST_SIGNER_NAME} accepted in place of ${APP}: the device carries the appDevelopment capability`;

    it('passes an SDK-test-signed app in place of the check key', () => {
      const bySdk = loaded(stageImage('hl-app', sdk, 'Applications'));
      expect(signatureCheck(check('signature', APP), bySdk, context({ development: sdk.keyCertificate }))).toEqual({
        pass: true,
        detail: `signed by ${SDK_TEST_SIGNER_NAME} (appDevelopment)`,
        chain: { status: 'development', links: [developmentLink] },
      });
    });

    it('refuses an SDK-test-signed app whose signature does not verify', () => {
      const tampered = loaded(withBrokenSignature(stageImage('hl-app', sdk, 'Applications')));
      expect(signatureCheck(check('signature', APP), tampered, context({ development: sdk.keyCertificate }))).toEqual({
        pass: false,
        detail: `the image's signature does not verify under ${SDK_TEST_SIGNER_NAME}`,
        chain: { status: 'development', links: [developmentLink] },
      });
    });
  });
});

describe('manifest-hash check', () => {
  const manifestCheck = () => check('manifest-hash', FIRMWARE);

  it('passes an image whose SHA-256 the check key’s manifest lists for its slot', () => {
    const image = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const manifest = manifestListing(FIRMWARE, [{ component: 'nw-kernel', image }]);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), manifestOf(manifest), context())).toMatchObject({
      pass: true,
      detail: `the ${FIRMWARE} manifest lists this image's SHA-256`,
      chain: { status: 'anchored' },
    });
  });

  it('refuses when there is no boot manifest of the check key in flash', () => {
    const flash = new Flash(new BusLog());
    const image = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const manifest = manifestListing(FIRMWARE, [{ component: 'nw-kernel', image }]);
    flash.write(manifestSlot(FIRMWARE), manifest, 'factory');
    const fromFlash = (key: string) => readManifest(flash, key, LOADER);
    expect(fromFlash(FIRMWARE)?.bytes).toBe(manifest);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), fromFlash, context()).pass).toBe(true);
    expect(readManifest(new Flash(new BusLog()), FIRMWARE, LOADER)).toBeUndefined();
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), (key) => readManifest(new Flash(new BusLog()), key, LOADER), context())).toEqual({
      pass: false,
      detail: `no boot manifest of ${FIRMWARE} in flash`,
    });
  });

  it('refuses a manifest signed by another trusted key, as the signature check does', () => {
    const image = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const byAppKey = manifestListing(APP, [{ component: 'nw-kernel', image }]);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), manifestOf(byAppKey), context())).toEqual({
      pass: false,
      detail: `the manifest is signed by "${APP}"; this check accepts only ${FIRMWARE}`,
    });
  });

  it('refuses a manifest of the check key whose body does not decode', () => {
    const image = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const notAManifest = buildStageImage({ component: `manifest-${FIRMWARE}`, imageType: 'BootManifest', release: 2, body: new TextEncoder().encode('not a manifest body'), seed: SEED }, signers.get(FIRMWARE)!);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), manifestOf(notAManifest), context())).toMatchObject({
      pass: false,
      detail: 'the manifest body does not start with "SVFM"',
      chain: { status: 'anchored' },
    });
  });

  it('refuses when the manifest lists no image for the slot', () => {
    const image = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const other = stageImage('nw-loader', signers.get(FIRMWARE)!);
    const manifest = manifestListing(FIRMWARE, [{ component: 'nw-loader', image: other }]);
    expect(manifestHashCheck(manifestCheck(), 'nw-loader', loaded(other), manifestOf(manifest), context()).pass).toBe(true);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(image), manifestOf(manifest), context())).toMatchObject({
      pass: false,
      detail: `the ${FIRMWARE} manifest lists no image for nw-kernel`,
      chain: { status: 'anchored' },
    });
  });

  it("refuses a validly signed image whose SHA-256 is not the one the manifest lists for its slot", () => {
    const listed = stageImage('nw-kernel', signers.get(FIRMWARE)!);
    const swapped = buildStageImage({ component: 'nw-kernel', release: 1, body: syntheticBody('nw-kernel', 1, SEED, 256), seed: SEED }, signers.get(FIRMWARE)!);
    const manifest = manifestListing(FIRMWARE, [{ component: 'nw-kernel', image: listed }]);
    expect(manifestHashCheck(manifestCheck(), 'nw-kernel', loaded(swapped), manifestOf(manifest), context())).toMatchObject({
      pass: false,
      detail: `image SHA-256 ${toHex(sha256(swapped)).slice(0, 12)}… is not the manifest's ${toHex(sha256(listed)).slice(0, 12)}…`,
      chain: { status: 'anchored' },
    });
  });
});

describe('the anti-rollback comparison (counterCheck)', () => {
  it('refuses an image without a security version, with the reason', () => {
    expect(counterCheck('rollback.nw-kernel', undefined, 0)).toEqual({ pass: false, detail: 'the image has no security version (RV section)' });
  });
  it('refuses a security version below the counter, naming both', () => {
    expect(counterCheck('rollback.nw-kernel', 2, 3)).toEqual({ pass: false, detail: 'security version 2 is below rollback.nw-kernel = 3' });
  });
  it('accepts a security version equal to the counter or above it, naming both', () => {
    expect(counterCheck('rollback.nw-kernel', 3, 3)).toEqual({ pass: true, detail: 'security version 3 ≥ rollback.nw-kernel = 3' });
    expect(counterCheck('rollback.app', 9, 0)).toEqual({ pass: true, detail: 'security version 9 ≥ rollback.app = 0' });
  });
});
