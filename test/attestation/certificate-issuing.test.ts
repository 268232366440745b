/**
 * Issuing attestation certificates (formats/attestation/certificates.ts): the fast path (SPKI from
 * node:crypto, the issuer's key imported once, the key identifier hashed directly) gives the same bytes
 * as @peculiar/x509 used the plain way, and the memo of issued certificates answers only for exactly
 * the same inputs. A certificate re-issued from a template (another serial number and dates) is
 * byte for byte the one the library makes.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentSerial, EKU, issueCertificate, issueMemoKey, KEY_USAGE, parseCertificate, type IssueOptions } from '../../formats/attestation/certificates.js';
import { ecdsaSignatureDer, reissue, serialOctets, templateOf } from '../../formats/attestation/certificate-template.js';
import { readEcdsaSignature } from '../../formats/attestation/der.js';
import { deterministicWebCrypto } from '../../formats/image-package/deterministic-crypto.js';
import { signP256 } from '../../formats/image-package/ecdsa-p256.js';
import { signingKeyFromSecret, type SigningKey } from '../../formats/image-package/signing-key.js';

const key = (n: number): SigningKey => signingKeyFromSecret(p256.utils.randomSecretKey(new Uint8Array(48).fill(n)));
const issuer = key(1);
const subject = key(2);
const HOUR = 3_600_000;
const at = Date.UTC(2026, 0, 5);

const base: IssueOptions = {
  issuerKey: issuer,
  issuerName: 'CN=Sevenfold tenant CA, O=tenant',
  subjectName: 'CN=device',
  subjectPublicKey: subject.publicKey,
  notBefore: new Date(at - HOUR),
  notAfter: new Date(at + 24 * HOUR),
  usage: 'client',
  serialNumber: '1a2b3c4d5e6f708192a3b4c5d6e7f801',
};

/** @peculiar/x509 the plain way (WebCrypto keys, the key identifier computed by the library): the reference. */
async function issueByLibrary(o: IssueOptions): Promise<Uint8Array> {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const jwk = (point: Uint8Array) => ({ kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const publicKey = await webcrypto.subtle.importKey('jwk', jwk(o.subjectPublicKey), algorithm, true, ['verify']);
  const signingKey = await webcrypto.subtle.importKey('jwk', { ...jwk(o.issuerKey.publicKey), d: b64(o.issuerKey.secretKey) }, algorithm, false, ['sign']);
  const crypto = deterministicWebCrypto(o.issuerKey) as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
  const ca = o.ca === undefined ? o.usage === 'ca' : o.ca;
  const keyUsage = o.keyUsage === undefined ? (o.usage === 'ca' ? KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign : KEY_USAGE.digitalSignature) : o.keyUsage;
  const eku = o.extendedKeyUsage === undefined ? (o.usage === 'client' ? [EKU.clientAuth] : o.usage === 'server' ? [EKU.serverAuth] : null) : o.extendedKeyUsage;
  const extensions: x509.Extension[] = [];
  if (ca !== null) extensions.push(new x509.BasicConstraintsExtension(ca, undefined, true));
  if (keyUsage !== null) extensions.push(new x509.KeyUsagesExtension(keyUsage, true));
  if (eku) extensions.push(new x509.ExtendedKeyUsageExtension(eku, false));
  if (o.dnsName) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: o.dnsName }], false));
  extensions.push(await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto));
  const cert = await x509.X509CertificateGenerator.create(
    { serialNumber: o.serialNumber!, subject: o.subjectName, issuer: o.issuerName, notBefore: o.notBefore, notAfter: o.notAfter, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, publicKey, signingKey, extensions },
    crypto,
  );
  return new Uint8Array(cert.rawData);
}

/** One variant of `base` per field, each differing from it in that field alone. */
const oneFieldChanged: Record<keyof IssueOptions, Partial<IssueOptions>> = {
  issuerKey: { issuerKey: key(3) },
  issuerName: { issuerName: 'CN=Sevenfold tenant CA, O=other' },
  subjectName: { subjectName: 'CN=device2' },
  subjectPublicKey: { subjectPublicKey: key(4).publicKey },
  notBefore: { notBefore: new Date(at - 2 * HOUR) },
  notAfter: { notAfter: new Date(at + 25 * HOUR) },
  usage: { usage: 'server' },
  serialNumber: { serialNumber: '1a2b3c4d5e6f708192a3b4c5d6e7f802' },
  dnsName: { dnsName: 'hub.sevenfold.test' },
  keyUsage: { keyUsage: KEY_USAGE.keyCertSign },
  extendedKeyUsage: { extendedKeyUsage: [EKU.clientAuth, EKU.serverAuth] },
  ca: { ca: true },
};

describe('issuing attestation certificates', () => {
  it('gives the same DER as @peculiar/x509 used the plain way, for every kind of certificate', async () => {
    const variants: IssueOptions[] = [
      base,
      { ...base, usage: 'ca', subjectName: base.issuerName, subjectPublicKey: issuer.publicKey },
      { ...base, usage: 'server', dnsName: 'hub.sevenfold.test', subjectName: 'CN=hub.sevenfold.test' },
      { ...base, keyUsage: null, extendedKeyUsage: null, ca: null },
      { ...base, keyUsage: KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign, ca: true, serialNumber: '7f' },
      { ...base, notBefore: new Date(Date.UTC(2049, 11, 31, 23, 59, 59)), notAfter: new Date(Date.UTC(2051, 0, 1)) },
    ];
    for (const o of variants) expect(Buffer.from(await issueCertificate(o)).toString('hex')).toBe(Buffer.from(await issueByLibrary(o)).toString('hex'));
  });

  it('the same inputs give the same certificate, and a change to any one input gives another', async () => {
    const first = await issueCertificate(base);
    expect(await issueCertificate({ ...base, subjectPublicKey: subject.publicKey.slice(), notBefore: new Date(base.notBefore) })).toEqual(first);
    const seen = new Set([Buffer.from(first).toString('hex')]);
    for (const [field, change] of Object.entries(oneFieldChanged)) {
      const der = await issueCertificate({ ...base, ...change });
      const hex = Buffer.from(der).toString('hex');
      expect(seen.has(hex), `changing ${field} alone must change the certificate`).toBe(false);
      seen.add(hex);
      // The remembered certificate is the one the library makes for these inputs.
      expect(hex, field).toBe(Buffer.from(await issueByLibrary({ ...base, ...change })).toString('hex'));
    }
  });

  it('the memo key covers every field of IssueOptions, and tells the default from a left-out extension', () => {
    const keys = new Set([issueMemoKey(base)]);
    for (const change of Object.values(oneFieldChanged)) keys.add(issueMemoKey({ ...base, ...change }));
    for (const omitted of [{ keyUsage: null }, { extendedKeyUsage: null }, { ca: null }]) keys.add(issueMemoKey({ ...base, ...omitted }));
    expect(keys.size).toBe(1 + Object.keys(oneFieldChanged).length + 3);
    expect(issueMemoKey({ ...base, serialNumber: undefined })).toBeUndefined();
  });

  it('a remembered certificate is handed out as a copy: changing it changes nothing remembered', async () => {
    const o = { ...base, serialNumber: '0123456789abcdef0123456789abcdef' };
    const first = await issueCertificate(o);
    const copy = first.slice();
    first.fill(0);
    expect(await issueCertificate(o)).toEqual(copy);
  });

  it('without a serial number each certificate gets a random one', async () => {
    const o = { ...base, serialNumber: undefined };
    const [a, b] = [await issueCertificate(o), await issueCertificate(o)];
    const serial = (der: Uint8Array) => {
      const p = parseCertificate(der);
      if (!p.ok) throw new Error(p.reason);
      return p.value.serialNumber;
    };
    expect(serial(a)).not.toBe(serial(b));
  });

  it('contentSerial is a pure function of the other inputs, and differs when any of them does', () => {
    const { serialNumber: _, ...rest } = base;
    const serial = contentSerial(rest);
    expect(serial).toMatch(/^[0-9a-f]{32}$/);
    expect(parseInt(serial.slice(0, 2), 16) & 0x80).toBe(0);
    expect(contentSerial({ ...rest })).toBe(serial);
    const serials = new Set([serial]);
    for (const [field, change] of Object.entries(oneFieldChanged)) if (field !== 'serialNumber') serials.add(contentSerial({ ...rest, ...change }));
    expect(serials.size).toBe(Object.keys(oneFieldChanged).length);
  });

  it('a certificate re-issued from its kind\'s template is the one the library makes, for any serial and dates', async () => {
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    // Years either side of 2049/2050, where the library switches to GeneralizedTime (then no template applies).
    const date = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2052, 0, 1) }).map((t) => new Date(t));
    const serial = fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 1, maxLength: 20 })).map((b) => Buffer.from(b).toString('hex'));
    const kinds: Partial<IssueOptions>[] = [{}, { usage: 'server', dnsName: 'hub.sevenfold.test' }, { usage: 'ca', issuerKey: subject, subjectName: 'CN=self' }];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...kinds), serial, date, date, async (kind, serialNumber, notBefore, notAfter) => {
        const o = { ...base, ...kind, serialNumber, notBefore, notAfter };
        expect(hex(await issueCertificate(o))).toBe(hex(await issueByLibrary(o)));
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it('a template is refused where the fields cannot be replaced in place', async () => {
    const template = templateOf(await issueCertificate(base))!;
    expect(template).toBeDefined();
    const sign = (tbs: Uint8Array) => signP256(tbs, issuer);
    const serial = serialOctets(base.serialNumber!)!;
    expect(reissue(template, serial, base.notBefore, new Date(Date.UTC(2050, 0, 1)), sign)).toBeUndefined();
    expect(reissue(template, serial, new Date(Date.UTC(1999, 11, 31)), base.notAfter, sign)).toBeUndefined();
    expect(reissue(template, serialOctets('01')!, base.notBefore, base.notAfter, sign)).toBeUndefined();
    expect(reissue(template, serial, base.notBefore, base.notAfter, sign)).toEqual(await issueByLibrary(base));
    expect(templateOf(await issueCertificate({ ...base, notAfter: new Date(Date.UTC(2051, 0, 1)) }))).toBeUndefined();
    expect([serialOctets('00'), serialOctets('abc'), serialOctets('zz'), serialOctets('0080')]).toEqual([undefined, undefined, undefined, Uint8Array.from([0, 0x80])]);
  });

  it('ECDSA signatures encode as minimal positive INTEGERs and read back as they were', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), fc.nat({ max: 31 }), fc.nat({ max: 31 }), (rs, zerosR, zerosS) => {
        const compact = rs.slice();
        compact.fill(0, 0, zerosR);
        compact.fill(0, 32, 32 + zerosS);
        // r and s are never zero in a signature.
        compact[31] ||= 1;
        compact[63] ||= 1;
        expect(readEcdsaSignature(ecdsaSignatureDer(compact))).toEqual(compact);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});
