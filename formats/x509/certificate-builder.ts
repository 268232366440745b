/**
 * X.509 v3 certificates built with @peculiar/asn1-x509's classes and @peculiar/asn1-schema's DER
 * serializer, as @peculiar/x509's X509CertificateGenerator.create builds them: the same classes in the
 * same places, the names parsed from the same strings by the library's Name, the signature value wrapped
 * by the library's own AsnEcSignatureFormatter. What is left out is the rest of create()'s trip: it
 * signs through a WebCrypto provider (a CryptoKey imported on the thread pool for each issuer), turns
 * each extension object into DER and parses it back, and parses its own output into an X509Certificate
 * of which the issuers here kept only the bytes. A `verify` issues some 40 certificates (the vendors' key
 * certificates, the attestation PKI): that trip was about 40 % of their CPU on the main thread (issue 15).
 *
 * The signature is the caller's (signP256: RFC 6979, so the same inputs give the same bytes). Held to
 * the library byte for byte by test/boot/issue-certificate.test.ts (key certificates) and
 * test/attestation/certificate-issuing.test.ts (every kind of attestation certificate), which make the
 * reference with X509CertificateGenerator.create itself.
 */
import { createPublicKey } from 'node:crypto';
import { asn1Libraries, x509Library } from './x509-library.mjs';

/** An extension: its OID, whether it is critical, and its value as an @peculiar/asn1-x509 object. */
export interface CertificateExtension {
  id: string;
  critical: boolean;
  value: object;
}

export interface CertificateFields {
  /** The serialNumber INTEGER's content octets (certificate-template.ts serialOctets gives them as the library writes them). */
  serialNumber: Uint8Array;
  /** Distinguished names as the library's Name reads them, e.g. "CN=device, O=tenant". */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** The subject's uncompressed P-256 point (0x04 || x || y). */
  subjectPublicKey: Uint8Array;
  /** In the order they appear in the certificate. */
  extensions: readonly CertificateExtension[];
}

/** ecdsa-with-SHA256 (RFC 5758 §3.2): the algorithm the library names for { ECDSA, SHA-256 }, with no parameters. */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
/** What the library hands its signature formatter for a P-256 key signing with SHA-256. */
const SIGNATURE_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** The DER certificate with `fields`, its tbsCertificate signed by `sign` (r || s, 64 bytes). */
export function buildCertificate(fields: CertificateFields, sign: (tbs: Uint8Array) => Uint8Array): Uint8Array {
  const { asn1X509, asn1Schema } = asn1Libraries();
  const x509 = x509Library();
  const { AsnConvert, OctetString } = asn1Schema;
  const algorithm = new asn1X509.AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const tbsCertificate = new asn1X509.TBSCertificate({
    version: asn1X509.Version.v3,
    serialNumber: Uint8Array.from(fields.serialNumber).buffer,
    validity: new asn1X509.Validity({ notBefore: fields.notBefore, notAfter: fields.notAfter }),
    extensions: new asn1X509.Extensions(
      fields.extensions.map((e) => new asn1X509.Extension({ extnID: e.id, critical: e.critical, extnValue: new OctetString(AsnConvert.serialize(e.value)) })),
    ),
    subjectPublicKeyInfo: AsnConvert.parse(spkiOf(fields.subjectPublicKey), asn1X509.SubjectPublicKeyInfo),
    subject: nameOf(fields.subject),
    issuer: nameOf(fields.issuer),
    signature: algorithm,
  });
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertificate));
  const signatureValue = new x509.AsnEcSignatureFormatter().toAsnSignature(SIGNATURE_ALGORITHM, sign(tbs));
  if (!signatureValue) throw new Error('the library has no ASN.1 form for an ECDSA P-256 signature');
  return new Uint8Array(AsnConvert.serialize(new asn1X509.Certificate({ tbsCertificate, signatureAlgorithm: algorithm, signatureValue })));
}

/**
 * A distinguished name as create() puts it in a certificate: read by the library's Name, written and
 * parsed back. A pure function of the text, and a run issues many certificates under few issuer names,
 * so each is made once; the ASN.1 object is only read (serialized) after that.
 */
const names = new Map<string, object>();
const MAX_NAMES = 1024;

function nameOf(text: string): InstanceType<ReturnType<typeof asn1Libraries>['asn1X509']['Name']> {
  const { asn1X509, asn1Schema } = asn1Libraries();
  let name = names.get(text) as InstanceType<typeof asn1X509.Name> | undefined;
  if (!name) {
    name = asn1Schema.AsnConvert.parse(new (x509Library().Name)(text).toArrayBuffer(), asn1X509.Name);
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/** The SubjectPublicKeyInfo DER of a P-256 point, from node:crypto. */
const spkiOf = (point: Uint8Array): Uint8Array => {
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const jwk = { kty: 'EC', crv: 'P-256', x: b64(point.subarray(1, 33)), y: b64(point.subarray(33, 65)) };
  return new Uint8Array(createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }));
};

/** The extensions the issuers here write, each as the library's extension class of that name builds its value. */
export const extensions = {
  /** BasicConstraintsExtension(ca, undefined, critical). */
  basicConstraints: (ca: boolean, critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_basicConstraints, critical, value: new asn1X509.BasicConstraints({ cA: ca }) };
  },
  /** KeyUsagesExtension(flags, critical). */
  keyUsage: (flags: number, critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_keyUsage, critical, value: new asn1X509.KeyUsage(flags) };
  },
  /** ExtendedKeyUsageExtension(oids, critical). */
  extendedKeyUsage: (oids: readonly string[], critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_extKeyUsage, critical, value: new asn1X509.ExtendedKeyUsage([...oids]) };
  },
  /** SubjectAlternativeNameExtension([{ type: 'dns', value: name }], critical). */
  dnsName: (dnsName: string, critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_subjectAltName, critical, value: new asn1X509.SubjectAlternativeName([new asn1X509.GeneralName({ dNSName: dnsName })]) };
  },
  /** SubjectKeyIdentifierExtension(identifier, critical). */
  subjectKeyIdentifier: (identifier: Uint8Array, critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_subjectKeyIdentifier, critical, value: new asn1X509.SubjectKeyIdentifier(Uint8Array.from(identifier).buffer) };
  },
  /** AuthorityKeyIdentifierExtension(identifier, critical): the key identifier alone. */
  authorityKeyIdentifier: (identifier: Uint8Array, critical: boolean): CertificateExtension => {
    const { asn1X509 } = asn1Libraries();
    return { id: asn1X509.id_ce_authorityKeyIdentifier, critical, value: new asn1X509.AuthorityKeyIdentifier({ keyIdentifier: new asn1X509.KeyIdentifier(Uint8Array.from(identifier).buffer) }) };
  },
} satisfies Record<string, (...args: never[]) => CertificateExtension>;
