/**
 * Parsing attestation certificates (formats/attestation/certificates.ts) remembers the subject key's
 * point by its SubjectPublicKeyInfo and the extension fields by the extensions block: each certificate
 * must still read as the library reads it, whatever was parsed before it.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { EKU, issueCertificate, KEY_USAGE, parseCertificate, type IssueOptions } from '../../formats/attestation/certificates.js';
import { signingKeyFromSecret, type SigningKey } from '../../formats/image-package/signing-key.js';

const key = (n: number): SigningKey => signingKeyFromSecret(p256.utils.randomSecretKey(new Uint8Array(48).fill(n)));
const issuer = key(11);
const at = Date.UTC(2026, 0, 5);
const base: IssueOptions = {
  issuerKey: issuer,
  issuerName: 'CN=issuer',
  subjectName: 'CN=device',
  subjectPublicKey: key(12).publicKey,
  notBefore: new Date(at),
  notAfter: new Date(at + 86_400_000),
  usage: 'client',
  serialNumber: '0badc0de0badc0de0badc0de0badc0de',
};

/** What the library itself says about the fields the memo covers. */
function byLibrary(der: Uint8Array) {
  const cert = new x509.X509Certificate(der);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const raw = new Uint8Array(cert.publicKey.rawData);
  return {
    ca: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
    keyUsage: ku?.usages,
    extendedKeyUsage: eku?.usages.map(String),
    dnsNames: san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [],
    // The SPKI of a P-256 key ends with the 65-byte point.
    publicKey: raw.subarray(raw.length - 65),
  };
}

describe('parsing attestation certificates', () => {
  it('every certificate reads as the library reads it, though its neighbours share keys and extensions', async () => {
    const variants: Partial<IssueOptions>[] = [
      {},
      { subjectPublicKey: key(13).publicKey },
      { keyUsage: KEY_USAGE.keyCertSign },
      { keyUsage: null },
      { extendedKeyUsage: [EKU.serverAuth] },
      { extendedKeyUsage: null },
      { ca: true },
      { ca: null },
      { usage: 'server', dnsName: 'hub.sevenfold.test' },
      { usage: 'server', dnsName: 'as3.sevenfold.test' },
      { usage: 'ca' },
      { notBefore: new Date(at - 86_400_000) },
    ];
    // Twice round: the second pass reads every certificate with the memos full.
    for (let pass = 0; pass < 2; pass++)
      for (const [i, v] of variants.entries()) {
        const der = await issueCertificate({ ...base, ...v, serialNumber: `${base.serialNumber!.slice(0, -2)}${(16 * pass + i).toString(16).padStart(2, '0')}` });
        const parsed = parseCertificate(der);
        if (!parsed.ok) throw new Error(parsed.reason);
        const { ca, keyUsage, extendedKeyUsage, dnsNames, publicKey } = parsed.value;
        const expected = byLibrary(der);
        expect({ ca, keyUsage, extendedKeyUsage, dnsNames }, JSON.stringify(v)).toEqual({ ca: expected.ca, keyUsage: expected.keyUsage, extendedKeyUsage: expected.extendedKeyUsage, dnsNames: expected.dnsNames });
        expect(publicKey, JSON.stringify(v)).toEqual(expected.publicKey);
      }
  });
});
