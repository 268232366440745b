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

const { SignatureCrossCheckError, forgetVerdicts, verifyImagePackage } = await import('../../formats/image-package/index.js');
const { SAMPLE_PACKAGE, TEST_CERT, fixturePath, runImageCli } = await import('./helpers.js');

describe('when noble and node:crypto disagree', () => {
  it('verifyImagePackage throws instead of giving a verdict, and a disagreement is never remembered as a verdict', () => {
    forgetVerdicts();
    noble.lie = true;
    try {
      expect(() => verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT)).toThrow(SignatureCrossCheckError);
      // Asked again, the two are asked again: the throw was not kept as a pass or a fail.
      expect(() => verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT)).toThrow(/noble says invalid but node:crypto says valid/);
    } finally {
      noble.lie = false;
    }
    expect(verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT).valid).toBe(true);
  });

  it('an agreed verdict is remembered per (key, signature, message): asked again, it is not recomputed', () => {
    forgetVerdicts();
    expect(verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT).valid).toBe(true);
    noble.lie = true;
    try {
      // Same triple: the verdict both implementations agreed on stands (a pure function of the three).
      expect(verifyImagePackage(SAMPLE_PACKAGE, TEST_CERT).valid).toBe(true);
      // Another message under the same key and signature is another triple: decided afresh, so the lie is caught.
      const changed = Uint8Array.from(SAMPLE_PACKAGE);
      changed[0] = changed[0]! ^ 1;
      expect(() => verifyImagePackage(changed, TEST_CERT)).toThrow(SignatureCrossCheckError);
    } finally {
      noble.lie = false;
      forgetVerdicts();
    }
  });

  it('image verify exits 3 with an internal-error message and no stack trace', async () => {
    forgetVerdicts();
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
