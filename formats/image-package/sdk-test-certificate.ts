/**
 * The public "Azure Sphere SDK Test" certificate (CN=Azure Sphere SDK Test, O=Microsoft Corporation,
 * 2018-05-22 → 2038-05-17), as embedded in ANVIL's tools/package_tools/signer.py
 * (github.com/anvilsecure/azure-sphere-re). Its SHA-1 thumbprint a8d5cc69…5df0 is the Signature-section
 * thumbprint of real development images (azure-sphere-facts §3.2). Its private key ships with the SDK, so
 * an image it signs proves nothing about who built it: devices run such images only with the
 * appDevelopment capability (device error 7340047). Sevenfold always recognises it as a test signer:
 * a product's images (model/product/images.ts) and `describe` name it from here. The emulators cannot
 * sign with it (the private key is not ours to copy): they sign with a stand-in of the same common name
 * (emulator/boot/sdk-test-signer.ts).
 * test/fixtures/images/azure-sphere-sdk-test-cert.pem holds the same certificate (a test checks they agree).
 */
import { readCertificate, type SigningCertificate } from './certificate.js';
import { toHex } from './thumbprint.js';

export const SDK_TEST_CERTIFICATE_PEM = `-----BEGIN CERTIFICATE-----
MIICMDCCAdWgAwIBAgIJAKH4XtbTyQ8QMAoGCCqGSM49BAMCMHQxCzAJBgNVBAYT
AlVTMRMwEQYDVQQIDApXYXNoaW5ndG9uMRAwDgYDVQQHDAdSZWRtb25kMR4wHAYD
VQQKDBVNaWNyb3NvZnQgQ29ycG9yYXRpb24xHjAcBgNVBAMMFUF6dXJlIFNwaGVy
ZSBTREsgVGVzdDAeFw0xODA1MjIwMTE2MjVaFw0zODA1MTcwMTE2MjVaMHQxCzAJ
BgNVBAYTAlVTMRMwEQYDVQQIDApXYXNoaW5ndG9uMRAwDgYDVQQHDAdSZWRtb25k
MR4wHAYDVQQKDBVNaWNyb3NvZnQgQ29ycG9yYXRpb24xHjAcBgNVBAMMFUF6dXJl
IFNwaGVyZSBTREsgVGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABO3yM8AN
MRQdjz9WM0NAzNjBaftn4uxWS/il71hrHD97wYjKIIcB5tfHdWoTJjj+mMmgIAdA
PeXEIuan6CakvSSjUDBOMB0GA1UdDgQWBBRjsI/w+PfZeFjjM5tQcFL6HcyeizAf
BgNVHSMEGDAWgBRjsI/w+PfZeFjjM5tQcFL6HcyeizAMBgNVHRMEBTADAQH/MAoG
CCqGSM49BAMCA0kAMEYCIQD2dyGZaKdjz5/90K7OH+d8A5zc7tLvviXa3KEucrGv
ugIhAIoNe5ddI4GhgN4FWOMlnq+VgWzeP25sowIc4g4dFFtC
-----END CERTIFICATE-----
`;

let cached: SigningCertificate | undefined;

export function sdkTestCertificate(): SigningCertificate {
  cached ??= readCertificate(SDK_TEST_CERTIFICATE_PEM, 'the built-in SDK test certificate');
  return cached;
}

export const SDK_TEST_THUMBPRINT = 'a8d5cc6958f48710140d7a26160fc1cfc31f5df0';
/** Its subject's common name (the test checks the certificate says so). */
export const SDK_TEST_COMMON_NAME = 'Azure Sphere SDK Test';

export const isSdkTestCertificate = (cert: SigningCertificate): boolean => toHex(cert.thumbprint) === SDK_TEST_THUMBPRINT;
