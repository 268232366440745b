/**
 * If noble and node:crypto ever disagree, there is no trustworthy verdict: the library throws
 * SignatureCrossCheckError and `image verify` exits 3 with an internal-error message. noble is made to lie
 * here on purpose to prove that the disagreement is caught.
 */
import { describe, expect, it, vi } from 'vitest';

const noble = vi.hoisted(() => ({ lie: false }));
vi.mock('@noble/curves/nist.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('@noble/curves/nist.js')>();
  const verify: typeof original.p256.verify = (...args) => (noble.lie ? !original.p256.verify(...args) : original.p256.verify(...args));
  return { ...original, p256: { ...original.p256, verify } };
});

const { SignatureCrossCheckError, verifyImagePackage } = await import('../../formats/image-package/index.js');
const { SAMPLE_PACKAGE, TEST_CERT, fixturePath, runImageCli } = await import('./helpers.js');

describe('when noble and node:crypto disagree', () => {
  it('verifyImagePackage throws instead of giving a verdict', () => {
    expect(verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT).valid).toBe(true);
    noble.lie = true;
    try {
      expect(() => verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT)).toThrow(SignatureCrossCheckError);
      expect(() => verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT)).toThrow(/noble says invalid but node:crypto says valid/);
    } finally {
      noble.lie = false;
    }
  });

  it('image verify exits 3 with an internal-error message and no stack trace', async () => {
    noble.lie = true;
    try {
      const r = await runImageCli(['image', 'verify', fixturePath('sample-app.imagepackage'), '--cert', fixturePath('test-signing-cert.pem')]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/internal error: the two ECDSA implementations disagree/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      noble.lie = false;
    }
  });
});
