/**
 * The emulated Azure Sphere SDK test certificate, the one SDK test signer of every emulator (the boot
 * chain's Security Monitor, the attacker's development-signed apps, the update emulator's sideloads).
 * On real devices images signed with the "Azure Sphere SDK Test" certificate (the real one, public key
 * only: formats/image-package/sdk-test-certificate.ts) run only on a device that carries the
 * appDevelopment capability (facts §3.2: device error 7340047 "Image not trusted by device; check if
 * application development capability is enabled"), and the certificate's private key ships inside the
 * SDK: anyone can sign with it. The emulator has its own such key under the same common name (the real
 * private key is not ours to copy), drawn from a fixed stream so it is the same in every run and every
 * design, as the real one is the same on every developer's machine: a product image the real one
 * signed (signer 'sdk-test') is emulated by an image this one signs. The Security Monitor carries this
 * certificate in its image and consults the device's capabilities before accepting it (boot-checks.ts).
 */
import { p256 } from '@noble/curves/nist.js';
import { readCertificate, SDK_TEST_COMMON_NAME, signingKeyFromSecret } from '../../formats/image-package/index.js';
import { HmacDrbg } from './drbg.js';
import { issueKeyCertificate } from './issue-certificate.js';
import { parseKeyCertificate, type KeyCertificate } from './key-certificate.js';
import type { Signer } from './stage-image.js';

/** The certificate's common name: the real one's. */
export const SDK_TEST_SIGNER_NAME = SDK_TEST_COMMON_NAME;

export interface SdkTestSigner extends Signer {
  /** The certificate as the device reads it. */
  keyCertificate: KeyCertificate;
}

let signer: Promise<SdkTestSigner> | undefined;

/** The one SDK test signer (public: every SDK has its private key). */
export function sdkTestSigner(): Promise<SdkTestSigner> {
  signer ??= create();
  return signer;
}

async function create(): Promise<SdkTestSigner> {
  const key = signingKeyFromSecret(p256.utils.randomSecretKey(new HmacDrbg(0, 'emulated Azure Sphere SDK test key (published with the SDK)').generate(48)));
  const der = await issueKeyCertificate({ subjectId: SDK_TEST_SIGNER_NAME, subjectKey: key, issuerId: SDK_TEST_SIGNER_NAME, issuerKey: key, organization: 'Microsoft (emulated)', certifiesKeys: false });
  const parsed = parseKeyCertificate(der);
  if (!parsed.ok) throw new Error(`the emulated SDK test certificate does not parse: ${parsed.reason}`);
  return { key, certificate: readCertificate(der), keyCertificate: parsed.certificate };
}
