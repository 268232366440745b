/**
 * Does a package verify against a certificate? Four checks, each reported: the metadata parses, the
 * Signature section names this certificate (SHA-1 thumbprint), the signing type is ECDsa256, and the
 * signature verifies with the certificate's public key (by noble and node:crypto, which must agree).
 */
import { asSigningCertificate, type SigningCertificate } from './certificate.js';
import { verifyP256 } from './ecdsa-p256.js';
import { SIGNING_TYPE, signingTypeName } from './enums.js';
import { SIGNATURE_LENGTH } from './layout.js';
import type { ImageMetadataError } from './metadata-errors.js';
import { parseImagePackage } from './parse.js';
import { signatureInfoOf } from './section-lookup.js';
import { bytesEqual, toHex } from './thumbprint.js';

export type VerifyCheckName = 'structure' | 'thumbprint' | 'signing-type' | 'signature';

export interface VerifyCheck {
  name: VerifyCheckName;
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  /** All four checks passed. */
  valid: boolean;
  checks: VerifyCheck[];
  /** Why the metadata could not be read, when it could not. */
  error?: ImageMetadataError;
}

export function verifyImagePackage(bytes: Uint8Array, certificate: string | Uint8Array | SigningCertificate): VerifyResult {
  const cert = asSigningCertificate(certificate);
  const parsed = parseImagePackage(bytes);
  const checks: VerifyCheck[] = [];
  if (parsed.ok) {
    const { sections, layout } = parsed.image;
    checks.push({ name: 'structure', ok: true, detail: `${sections.length} metadata sections, ${layout.metadataOffset}-byte body` });
    // The parser requires the Signature section, so it is there.
    const sg = signatureInfoOf(parsed.image)!;
    const same = bytesEqual(sg.thumbprint, cert.thumbprint);
    checks.push({
      name: 'thumbprint',
      ok: same,
      detail: same
        ? `the Signature section names this certificate (${toHex(cert.thumbprint)})`
        : `the Signature section names certificate ${toHex(sg.thumbprint)}, but ${cert.subject} has thumbprint ${toHex(cert.thumbprint)}`,
    });
    const ecdsa256 = sg.signingType === SIGNING_TYPE.ECDsa256;
    checks.push({
      name: 'signing-type',
      ok: ecdsa256,
      detail: ecdsa256 ? 'ECDsa256' : `signing type ${sg.signingType} (${signingTypeName(sg.signingType)}); only ECDsa256 (1) is supported`,
    });
  } else {
    const e = parsed.error;
    checks.push({ name: 'structure', ok: false, detail: `${e.name} (${e.code}) at byte ${e.offset}: ${e.message}` });
    checks.push({ name: 'thumbprint', ok: false, detail: 'not checked: the metadata cannot be read' });
    checks.push({ name: 'signing-type', ok: false, detail: 'not checked: the metadata cannot be read' });
  }
  checks.push(signatureCheck(bytes, cert));
  return { valid: checks.every((c) => c.ok), checks, ...(parsed.ok ? {} : { error: parsed.error }) };
}

/** The signature covers every byte before it, so it can be checked even when the metadata cannot be read. */
function signatureCheck(bytes: Uint8Array, cert: SigningCertificate): VerifyCheck {
  if (bytes.length < SIGNATURE_LENGTH) return { name: 'signature', ok: false, detail: `the file has ${bytes.length} bytes, fewer than a ${SIGNATURE_LENGTH}-byte signature` };
  const signed = bytes.subarray(0, bytes.length - SIGNATURE_LENGTH);
  const ok = verifyP256(signed, bytes.subarray(bytes.length - SIGNATURE_LENGTH), cert.publicKey);
  return {
    name: 'signature',
    ok,
    detail: ok
      ? `valid ECDSA P-256 signature over the ${signed.length} bytes before it (noble and node:crypto agree)`
      : `the signature does not verify with the public key of ${cert.subject}`,
  };
}

