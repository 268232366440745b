/**
 * Signing and verification: the fixture verifies with its certificate and with nothing else; changing any
 * byte breaks it; another key never verifies; noble and node:crypto agree on every verdict, high-S
 * signatures included.
 */
import { generateKeyPairSync } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import {
  SIGNING_TYPE,
  buildImagePackage,
  certificateThumbprint,
  encodeSignatureInfo,
  parseImagePackage,
  readCertificate,
  readSigningKey,
  replaceSection,
  resignImagePackage,
  signImagePackage,
  signatureInfoOf,
  signingKeyFromSecret,
  toHex,
  verifyImagePackage,
  verifyP256,
  verifyWithNode,
  verifyWithNoble,
  SECTION_TAG,
} from '../../formats/image-package/index.js';
import { SAMPLE, sampleBody } from '../fixtures/images/make-fixtures.js';
import { OTHER_CERT, OTHER_KEY, SAMPLE_PACKAGE, TEST_CERT, TEST_KEY, fixtureText } from './helpers.js';

const checksOf = (bytes: Uint8Array, cert = TEST_CERT) => Object.fromEntries(verifyImagePackage(bytes, cert).checks.map((c) => [c.name, c.ok]));
const small = (body: Uint8Array, key = TEST_KEY, cert = TEST_CERT) =>
  buildImagePackage({ ...SAMPLE, body, certificate: cert, temporary: 'remove-at-boot' }, key);

describe('verifyImagePackage', () => {
  it('accepts the fixture with its certificate, every check passing', () => {
    const result = verifyImagePackage(SAMPLE_PACKAGE, fixtureText('test-signing-cert.pem'));
    expect(result.valid).toBe(true);
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['structure', true],
      ['thumbprint', true],
      ['signing-type', true],
      ['signature', true],
    ]);
  });

  it('rejects the fixture with another certificate: thumbprint and signature both fail', () => {
    expect(checksOf(SAMPLE_PACKAGE, OTHER_CERT)).toEqual({ structure: true, thumbprint: false, 'signing-type': true, signature: false });
  });

  it('a wrong thumbprint alone fails the thumbprint check', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error('fixture');
    const sections = replaceSection(parsed.image.sections, SECTION_TAG.Signature, encodeSignatureInfo({ thumbprint: OTHER_CERT.thumbprint, signingType: 1 }));
    const bytes = signImagePackage({ body: parsed.image.body, sections }, TEST_KEY); // validly signed, but naming the other certificate
    expect(checksOf(bytes)).toEqual({ structure: true, thumbprint: false, 'signing-type': true, signature: true });
  });

  it('a signing type other than ECDsa256 fails the signing-type check', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error('fixture');
    const sections = replaceSection(parsed.image.sections, SECTION_TAG.Signature, encodeSignatureInfo({ thumbprint: TEST_CERT.thumbprint, signingType: SIGNING_TYPE.ECDsa384 }));
    const result = verifyImagePackage(signImagePackage({ body: parsed.image.body, sections }, TEST_KEY), TEST_CERT);
    expect(result.valid).toBe(false);
    expect(result.checks.find((c) => c.name === 'signing-type')).toMatchObject({ ok: false, detail: expect.stringMatching(/ECDsa384/) });
  });

  it('still checks the signature when the metadata cannot be read', () => {
    const result = verifyImagePackage(new Uint8Array(10), TEST_CERT);
    expect(result.valid).toBe(false);
    expect(result.error?.name).toBe('InvalidMetadata');
    expect(result.checks.map((c) => c.ok)).toEqual([false, false, false, false]);
  });

  it('changing any single byte of body, metadata or signature breaks verification', () => {
    const bytes = small(sampleBody(96));
    expect(verifyImagePackage(bytes, TEST_CERT).valid).toBe(true);
    for (let at = 0; at < bytes.length; at++) {
      const damaged = bytes.slice();
      damaged[at]! ^= 1 << (at % 8);
      expect(verifyImagePackage(damaged, TEST_CERT).valid, `byte ${at}`).toBe(false);
    }
  });

  test.prop([fc.integer({ min: 0, max: 8403 }), fc.integer({ min: 1, max: 255 })], { numRuns: 60 })('changing a byte of the fixture breaks its signature', (at, mask) => {
    const damaged = SAMPLE_PACKAGE.slice();
    damaged[at]! ^= mask;
    expect(checksOf(damaged)['signature']).toBe(false);
  });

  test.prop([fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ maxLength: 200 })], { numRuns: 40 })(
    'a package signed by any other key never verifies with the test certificate',
    (seed, body) => {
      const stranger = signingKeyFromSecret(p256.utils.randomSecretKey(seed));
      const parsed = parseImagePackage(small(body));
      if (!parsed.ok) throw new Error('built package must parse');
      const forged = signImagePackage(parsed.image, stranger); // same metadata, same thumbprint, stranger's signature
      const result = verifyImagePackage(forged, TEST_CERT);
      expect(result.valid).toBe(false);
      expect(result.checks.find((c) => c.name === 'signature')!.ok).toBe(false);
    },
  );
});

describe('signature cross-check (noble vs node:crypto)', () => {
  const unsigned = SAMPLE_PACKAGE.subarray(0, SAMPLE_PACKAGE.length - 64);
  const signature = SAMPLE_PACKAGE.subarray(SAMPLE_PACKAGE.length - 64);

  it('accepts high-S signatures as OpenSSL and the real signers do (noble is run with lowS: false)', () => {
    const n = p256.Point.CURVE().n;
    const s = BigInt('0x' + toHex(signature.subarray(32)));
    const highS = new Uint8Array(64);
    highS.set(signature.subarray(0, 32), 0);
    highS.set(Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex'), 32);
    expect(verifyWithNode(unsigned, highS, TEST_CERT.publicKey)).toBe(true);
    expect(verifyWithNoble(unsigned, highS, TEST_CERT.publicKey)).toBe(true);
    expect(verifyP256(unsigned, highS, TEST_CERT.publicKey)).toBe(true);
  });

  it('both reject out-of-range r and s (0, n, 2^256 - 1)', () => {
    const n = p256.Point.CURVE().n;
    const word = (v: bigint) => Buffer.from(v.toString(16).padStart(64, '0'), 'hex');
    for (const [r, s] of [[0n, 1n], [1n, 0n], [n, 1n], [1n, n], [2n ** 256n - 1n, 2n ** 256n - 1n]] as const) {
      const sig = new Uint8Array(64);
      sig.set(word(r), 0);
      sig.set(word(s), 32);
      expect(verifyP256(unsigned, sig, TEST_CERT.publicKey)).toBe(false);
    }
  });

  test.prop([fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.uint8Array({ maxLength: 100 })], { numRuns: 100 })('agree on random signatures (verifyP256 throws if they ever disagree)', (sig, data) => {
    expect(verifyP256(data, sig, TEST_CERT.publicKey)).toBe(false);
  });
});

describe('signing and building', () => {
  it('re-signing changes only the thumbprint and the signature', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error('fixture');
    const resigned = resignImagePackage(parsed.image, OTHER_KEY, OTHER_CERT);
    expect(verifyImagePackage(resigned, OTHER_CERT).valid).toBe(true);
    expect(verifyImagePackage(resigned, TEST_CERT).valid).toBe(false);
    const again = parseImagePackage(resigned);
    if (!again.ok) throw new Error('resigned');
    expect(toHex(signatureInfoOf(again.image)!.thumbprint)).toBe(toHex(OTHER_CERT.thumbprint));
    expect(resigned.length).toBe(SAMPLE_PACKAGE.length);
    const diff = [...resigned].flatMap((b, i) => (b === SAMPLE_PACKAGE[i] ? [] : [i]));
    const sgData = parsed.image.sections[1]!.offset! + 4;
    expect(diff.every((i) => (i >= sgData && i < sgData + 20) || i >= SAMPLE_PACKAGE.length - 64)).toBe(true);
  });

  it('signatures are deterministic (RFC 6979): the same input signs to the same bytes', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error('fixture');
    expect(toHex(signImagePackage(parsed.image, TEST_KEY))).toBe(toHex(SAMPLE_PACKAGE));
  });

  it('refuses a key that does not belong to the certificate', () => {
    expect(() => buildImagePackage({ ...SAMPLE, body: new Uint8Array(4), certificate: TEST_CERT }, OTHER_KEY)).toThrow(/does not belong to the certificate/);
  });

  it('checks the name, GUIDs and numbers it is given', () => {
    const base = { ...SAMPLE, body: new Uint8Array(4), certificate: TEST_CERT };
    expect(() => small(new Uint8Array(1))).not.toThrow();
    expect(() => buildImagePackage({ ...base, name: 'x'.repeat(31) }, TEST_KEY)).not.toThrow();
    expect(() => buildImagePackage({ ...base, name: 'x'.repeat(32) }, TEST_KEY)).toThrow(expect.objectContaining({ field: 'name' }));
    expect(() => buildImagePackage({ ...base, name: 'é'.repeat(16) }, TEST_KEY)).toThrow(/32 UTF-8 bytes/);
    expect(() => buildImagePackage({ ...base, name: 'a\0b' }, TEST_KEY)).toThrow(/NUL/);
    expect(() => buildImagePackage({ ...base, componentId: 'nope' }, TEST_KEY)).toThrow(expect.objectContaining({ field: 'componentId' }));
    expect(() => buildImagePackage({ ...base, imageType: 70000 }, TEST_KEY)).toThrow(expect.objectContaining({ field: 'imageType' }));
    expect(() => buildImagePackage({ ...base, buildDate: -1 }, TEST_KEY)).toThrow(expect.objectContaining({ field: 'buildDate' }));
  });

  it('gives each build a new image ID unless one is given', () => {
    const { imageId: _drop, ...noId } = SAMPLE;
    const ids = [1, 2].map(() => {
      const parsed = parseImagePackage(buildImagePackage({ ...noId, body: new Uint8Array(4), certificate: TEST_CERT }, TEST_KEY));
      return parsed.ok ? parsed.image.sections[0]!.decoded : undefined;
    });
    expect(ids[0]).not.toEqual(ids[1]);
  });
});

describe('keys and certificates', () => {
  it('computes the thumbprint real images carry for the Azure Sphere SDK test certificate', () => {
    // facts §3.2: SG thumbprint a8d5cc69…5df0 in ANVIL's and WIZIO's images; the certificate is in ANVIL signer.py.
    const sdk = readCertificate(fixtureText('azure-sphere-sdk-test-cert.pem'));
    expect(toHex(sdk.thumbprint)).toBe('a8d5cc6958f48710140d7a26160fc1cfc31f5df0');
    expect(toHex(certificateThumbprint(sdk.der))).toBe(toHex(sdk.thumbprint));
    expect(sdk.subject).toMatch(/CN=Azure Sphere SDK Test/);
  });

  it('reads DER as well as PEM', () => {
    expect(toHex(readCertificate(TEST_CERT.der).thumbprint)).toBe(toHex(TEST_CERT.thumbprint));
  });

  it('reads SEC1 "EC PRIVATE KEY" as well as PKCS#8', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const sec1 = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(toHex(readSigningKey(sec1).secretKey)).toBe(toHex(readSigningKey(pkcs8).secretKey));
  });

  it('names the problem with a wrong key or certificate', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const encrypted = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString();
    expect(() => readSigningKey(p384)).toThrow(/curve secp384r1; Azure Sphere images are signed with P-256/);
    expect(() => readSigningKey(rsa)).toThrow(/RSA key/);
    expect(() => readSigningKey(ed)).toThrow(/ED25519 key/);
    expect(() => readSigningKey(encrypted)).toThrow(/encrypted/);
    expect(() => readSigningKey('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')).toThrow(/not a PEM private key/);
    expect(() => readSigningKey(fixtureText('test-signing-cert.pem'))).toThrow(/certificate, not a private key/);
    expect(() => readCertificate(fixtureText('test-signing-key.pem'))).toThrow(/private key, not a certificate/);
    expect(() => readCertificate('hello')).toThrow(/not an X.509 certificate/);
  });
});
