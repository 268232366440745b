/**
 * One SDK test certificate: the real public one (formats/image-package/sdk-test-certificate.ts) is what a
 * product's images and `describe` recognise; the emulators sign with one stand-in of the same common
 * name (emulator/boot/sdk-test-signer.ts), since the real private key is not ours to copy.
 */
import { describe, expect, it } from 'vitest';
import { sdkTestSigner } from '../../emulator/boot/index.js';
import { isSdkTestCertificate, SDK_TEST_COMMON_NAME, SDK_TEST_THUMBPRINT, sdkTestCertificate, toHex } from '../../formats/image-package/index.js';

describe('the SDK test certificate', () => {
  it('the real one is named and recognised from one place', () => {
    const real = sdkTestCertificate();
    expect(toHex(real.thumbprint)).toBe(SDK_TEST_THUMBPRINT);
    expect(real.subject).toContain(`CN=${SDK_TEST_COMMON_NAME}`);
    expect(isSdkTestCertificate(real)).toBe(true);
  });

  it("the emulators' stand-in carries the real one's name, and is not taken for the real one", async () => {
    const emulated = await sdkTestSigner();
    expect(emulated.keyCertificate.subjectCommonName).toBe(SDK_TEST_COMMON_NAME);
    expect(isSdkTestCertificate(emulated.certificate)).toBe(false);
  });
});
