/** Signing image packages: the signature is ECDSA P-256 over SHA-256 of body + metadata (every byte before it). */
import type { SigningCertificate } from './certificate.js';
import { signP256 } from './ecdsa-p256.js';
import { ImageInputError } from './input-error.js';
import { SECTION_TAG } from './layout.js';
import { appendSignature, packUnsignedImage } from './pack.js';
import { replaceSection } from './section-lookup.js';
import { encodeSignatureInfo } from './sections.js';
import { SIGNING_TYPE } from './enums.js';
import type { SigningKey } from './signing-key.js';
import { bytesEqual } from './thumbprint.js';
import type { ImagePackage } from './types.js';

/** The 64-byte r||s signature of `unsigned` (body + metadata, no signature). */
export const signImageBytes = (unsigned: Uint8Array, key: SigningKey): Uint8Array => signP256(unsigned, key);

/**
 * The complete signed package: from a package (its sections are packed as they are; any old signature is
 * dropped) or from the bytes of body + metadata without a signature.
 */
export function signImagePackage(input: Pick<ImagePackage, 'body' | 'sections'> | Uint8Array, key: SigningKey): Uint8Array {
  const unsigned = input instanceof Uint8Array ? input : packUnsignedImage(input);
  return appendSignature(unsigned, signP256(unsigned, key));
}

/**
 * Re-signs a package with another key: the Signature section gets the certificate's thumbprint and
 * signing type ECDsa256, every other section and the body stay byte for byte, and a new signature is made.
 */
export function resignImagePackage(image: Pick<ImagePackage, 'body' | 'sections'>, key: SigningKey, certificate: SigningCertificate): Uint8Array {
  assertKeyMatchesCertificate(key, certificate);
  const sg = encodeSignatureInfo({ thumbprint: certificate.thumbprint, signingType: SIGNING_TYPE.ECDsa256 });
  return signImagePackage({ body: image.body, sections: replaceSection(image.sections, SECTION_TAG.Signature, sg) }, key);
}

/** A package signed with a key that is not the certificate's would name one signer and be signed by another. */
export function assertKeyMatchesCertificate(key: SigningKey, certificate: SigningCertificate): void {
  if (!bytesEqual(key.publicKey, certificate.publicKey)) {
    throw new ImageInputError('key', `the private key does not belong to the certificate (${certificate.subject}); the package would never verify`);
  }
}
