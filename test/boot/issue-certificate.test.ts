/**
 * Key certificates are issued without WebCrypto round trips (emulator/boot/issue-certificate.ts, built by
 * formats/x509/certificate-builder.ts with the library's ASN.1 classes): the
 * subject's SubjectPublicKeyInfo comes from node:crypto and both key identifiers are SHA-1 of the key's
 * point, computed here. The bytes must be exactly those the library makes when it is handed WebCrypto
 * keys and computes the identifiers itself (its create() helpers), for self-signed and certified keys,
 * CA and end keys; a change in any of those fields would change a vendor's key store and every image.
 */
import { createHash, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { distinguishedName, issueKeyCertificate, type CertificateRequest } from '../../emulator/boot/issue-certificate.js';
import { deterministicWebCrypto, signingKeyFromSecret, type SigningKey } from '../../formats/image-package/index.js';

const keyFrom = (seed: string): SigningKey => signingKeyFromSecret(new Uint8Array(createHash('sha256').update(seed).digest()));
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const jwk = (key: SigningKey) => ({ kty: 'EC', crv: 'P-256', x: b64(key.publicKey.subarray(1, 33)), y: b64(key.publicKey.subarray(33, 65)) });

/** The certificate as the library makes it from WebCrypto keys, its helpers computing both key identifiers. */
async function byLibraryHelpers(request: CertificateRequest): Promise<Uint8Array> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const subjectPublic = await webcrypto.subtle.importKey('jwk', jwk(request.subjectKey), algorithm, true, ['verify']);
  const issuerPublic = await webcrypto.subtle.importKey('jwk', jwk(request.issuerKey), algorithm, true, ['verify']);
  const issuerPrivate = await webcrypto.subtle.importKey('jwk', { ...jwk(request.issuerKey), d: b64(request.issuerKey.secretKey) }, algorithm, false, ['sign']);
  const crypto = deterministicWebCrypto(request.issuerKey) as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
  const usages = request.certifiesKeys ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature : x509.KeyUsageFlags.digitalSignature;
  const serial = createHash('sha256').update(request.subjectKey.publicKey).digest().subarray(0, 16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial.toString('hex'),
      subject: distinguishedName(request.subjectId, request.organization),
      issuer: distinguishedName(request.issuerId, request.organization),
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2045-01-01T00:00:00Z'),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey: subjectPublic,
      signingKey: issuerPrivate,
      extensions: [
        new x509.BasicConstraintsExtension(request.certifiesKeys, undefined, true),
        new x509.KeyUsagesExtension(usages, true),
        await x509.SubjectKeyIdentifierExtension.create(subjectPublic, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(issuerPublic, false, crypto),
      ],
    },
    crypto,
  );
  return new Uint8Array(cert.rawData);
}

const anchor = keyFrom('anchor');
const REQUESTS: CertificateRequest[] = [
  { subjectId: 'anchor', subjectKey: anchor, issuerId: 'anchor', issuerKey: anchor, organization: 'Vendor', certifiesKeys: true },
  { subjectId: 'firmware', subjectKey: keyFrom('firmware'), issuerId: 'anchor', issuerKey: anchor, organization: 'Vendor', certifiesKeys: false },
  { subjectId: 'intermediate', subjectKey: keyFrom('intermediate'), issuerId: 'anchor', issuerKey: anchor, organization: 'Vendor', certifiesKeys: true },
  { subjectId: 'impostor', subjectKey: keyFrom('impostor'), issuerId: 'anchor', issuerKey: keyFrom('impostor'), organization: 'Attacker', certifiesKeys: false },
];

describe('issuing key certificates', () => {
  it.each(REQUESTS.map((r) => [r.subjectId, r] as const))('%s: the same bytes as the library makes from WebCrypto keys', async (_, request) => {
    const ours = Buffer.from(await issueKeyCertificate(request)).toString('hex');
    expect(ours).toBe(Buffer.from(await byLibraryHelpers(request)).toString('hex'));
  });

  it('names the subject\'s and the issuer\'s own key identifiers: a certificate made with the two swapped differs', async () => {
    const certified = REQUESTS[1]!;
    const der = await issueKeyCertificate(certified);
    const parsed = new x509.X509Certificate(der);
    const sha1 = (key: SigningKey) => createHash('sha1').update(key.publicKey).digest('hex');
    expect(parsed.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId).toBe(sha1(certified.subjectKey));
    expect(parsed.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(sha1(certified.issuerKey));
    expect(sha1(certified.subjectKey)).not.toBe(sha1(certified.issuerKey));
  });
});
