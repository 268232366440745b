/**
 * X.509 certificates of the attestation PKI: issuing them (the DER built with @peculiar/x509's ASN.1
 * classes as its generator builds it, formats/x509/certificate-builder.ts; the signature is signP256 from formats/image-package: noble RFC 6979, checked by node:crypto; a certificate that
 * differs from an earlier one of its kind only in serial number and dates is that one's bytes with
 * those fields replaced and signed again, certificate-template.ts) and deciding whether a
 * chain is acceptable under a trust policy. Parsing never throws: anything malformed is a rejection
 * with a reason. Signatures are checked over the exact tbsCertificate bytes with verifyP256 (noble and
 * node:crypto must agree).
 */
import { createHash, createPublicKey, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { x509Library } from '../x509/x509-library.mjs';
import { buildCertificate, extensions, type CertificateExtension } from '../x509/certificate-builder.js';
import { p256PublicKey } from '../image-package/certificate.js';
import { signP256, verifyP256 } from '../image-package/ecdsa-p256.js';
import { reissue, serialOctets, templateOf, type CertificateTemplate } from './certificate-template.js';
import type { SigningKey } from '../image-package/signing-key.js';
import { bytesEqual, DER_TAG, DerError, derChildren, ECDSA_WITH_SHA256, ecdsaDerToCompact, readDer, splitCertificate } from './der.js';

export type CertificateUsage = 'client' | 'server' | 'ca';

export const EKU = { clientAuth: '1.3.6.1.5.5.7.3.2', serverAuth: '1.3.6.1.5.5.7.3.1' } as const;
export const KEY_USAGE = { digitalSignature: 1, keyCertSign: 32, cRLSign: 64 } as const;

export interface IssueOptions {
  issuerKey: SigningKey;
  /** Distinguished name of the issuer, e.g. "CN=Sevenfold tenant CA, O=<tenant id>". */
  issuerName: string;
  subjectName: string;
  subjectPublicKey: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  usage: CertificateUsage;
  /** Hex; default: random. */
  serialNumber?: string;
  dnsName?: string;
  /** Overrides, for forged certificates in tests: key usage flags, extended key usages, the CA flag; null leaves the extension out. */
  keyUsage?: number | null;
  extendedKeyUsage?: string[] | null;
  ca?: boolean | null;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/**
 * Every field of IssueOptions, in the order the memo key lists them. The type below fails to compile
 * when IssueOptions gains a field this list lacks, so the memo can never ignore an input.
 */
const ISSUE_FIELDS = ['issuerKey', 'issuerName', 'subjectName', 'subjectPublicKey', 'notBefore', 'notAfter', 'usage', 'serialNumber', 'dnsName', 'keyUsage', 'extendedKeyUsage', 'ca'] as const;
type UnlistedIssueField = Exclude<keyof IssueOptions, (typeof ISSUE_FIELDS)[number]>;
const everyIssueFieldListed: [UnlistedIssueField] extends [never] ? true : never = true;

/** One field as the memo key spells it; undefined (the default) and null (leave the extension out) stay apart. */
function keyPart(o: Partial<IssueOptions>, field: (typeof ISSUE_FIELDS)[number]): unknown {
  const v = o[field];
  if (v === undefined) return '(default)';
  if (v instanceof Uint8Array) return hex(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '(invalid date)' : v.toISOString();
  if (field === 'issuerKey') return [hex(o.issuerKey!.secretKey), hex(o.issuerKey!.publicKey)];
  return v;
}

/**
 * Certificates issued with an explicit serial number, by their exact inputs. Issuing is then a pure
 * function of IssueOptions (the signature is RFC 6979, deterministic), so the same inputs give the same
 * DER: forged-chain suites that draw the same forgery twice issue it once. Without a serial number the
 * serial is random, and nothing is remembered.
 */
const issued = new Map<string, Uint8Array>();
const MAX_ISSUED = 1024;

/** The memo key of `o`, or undefined when its serial number is random. */
export function issueMemoKey(o: IssueOptions): string | undefined {
  if (!everyIssueFieldListed || o.serialNumber === undefined) return undefined;
  return JSON.stringify(ISSUE_FIELDS.map((f) => keyPart(o, f)));
}

/**
 * A serial number that is a pure function of the certificate's other inputs (16 bytes of SHA-256 over
 * them, positive and non-zero like the random ones): for callers that want the same certificate from
 * the same inputs. Distinct contents get distinct serials, as an issuer's serials must be.
 */
export function contentSerial(o: Omit<IssueOptions, 'serialNumber'>): string {
  const digest = createHash('sha256').update(JSON.stringify(ISSUE_FIELDS.filter((f) => f !== 'serialNumber').map((f) => keyPart(o, f)))).digest();
  digest[0] = (digest[0]! & 0x7f) | 0x01;
  return digest.subarray(0, 16).toString('hex');
}

/** Issues a certificate and returns its DER. */
export async function issueCertificate(o: IssueOptions): Promise<Uint8Array> {
  const memoKey = issueMemoKey(o);
  const known = memoKey === undefined ? undefined : issued.get(memoKey);
  if (known) return known.slice();
  const der = await issueUncached(o);
  if (memoKey !== undefined) {
    if (issued.size >= MAX_ISSUED) issued.delete(issued.keys().next().value!);
    issued.set(memoKey, der.slice());
  }
  return der;
}

/**
 * One certificate built for each kind (every input but the serial number and the dates):
 * another of the same kind is that one with those fields replaced and signed again (certificate-template.ts).
 */
const templates = new Map<string, CertificateTemplate>();
const MAX_TEMPLATES = 256;
const TEMPLATE_FIELDS = ISSUE_FIELDS.filter((f) => f !== 'serialNumber' && f !== 'notBefore' && f !== 'notAfter');

/** 16 random bytes in hex, positive and non-zero. */
const randomSerial = (): string => Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)).map((b, i) => (i === 0 ? (b & 0x7f) | 0x01 : b))).toString('hex');

async function issueUncached(o: IssueOptions): Promise<Uint8Array> {
  const serialNumber = o.serialNumber ?? randomSerial();
  const kind = JSON.stringify(TEMPLATE_FIELDS.map((f) => keyPart(o, f)));
  const template = templates.get(kind);
  const serial = serialOctets(serialNumber);
  const fromTemplate = template && serial ? reissue(template, serial, o.notBefore, o.notAfter, (tbs) => signP256(tbs, o.issuerKey)) : undefined;
  if (fromTemplate) return fromTemplate;
  const der = issueByBuilder({ ...o, serialNumber });
  if (!template) {
    const made = templateOf(der);
    if (made) {
      if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value!);
      templates.set(kind, made);
    }
  }
  return der;
}

/**
 * A certificate built from IssueOptions (formats/x509/certificate-builder.ts: the library's ASN.1 classes
 * as its certificate generator uses them), the extensions in the order and with the defaults below.
 */
function issueByBuilder(o: IssueOptions & { serialNumber: string }): Uint8Array {
  // An all-zero or empty serial the library would replace by a random one, as issueUncached draws them.
  const serialNumber = serialOctets(o.serialNumber) ?? serialOctets(randomSerial());
  if (!serialNumber) throw new Error(`the serial number is not hex: ${o.serialNumber}`);
  const ca = o.ca === undefined ? o.usage === 'ca' : o.ca;
  const keyUsage = o.keyUsage === undefined ? (o.usage === 'ca' ? KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign : KEY_USAGE.digitalSignature) : o.keyUsage;
  const eku = o.extendedKeyUsage === undefined ? (o.usage === 'client' ? [EKU.clientAuth] : o.usage === 'server' ? [EKU.serverAuth] : null) : o.extendedKeyUsage;
  const extensionList: CertificateExtension[] = [];
  if (ca !== null) extensionList.push(extensions.basicConstraints(ca, true));
  if (keyUsage !== null) extensionList.push(extensions.keyUsage(keyUsage, true));
  if (eku) extensionList.push(extensions.extendedKeyUsage(eku, false));
  if (o.dnsName) extensionList.push(extensions.dnsName(o.dnsName, false));
  // RFC 5280 §4.2.1.2 method 1, as SubjectKeyIdentifierExtension.create computes it: SHA-1 of the subjectPublicKey bits (the point).
  extensionList.push(extensions.subjectKeyIdentifier(createHash('sha1').update(o.subjectPublicKey).digest(), false));
  return buildCertificate(
    { serialNumber, subject: o.subjectName, issuer: o.issuerName, notBefore: o.notBefore, notAfter: o.notAfter, subjectPublicKey: o.subjectPublicKey, extensions: extensionList },
    (tbs) => signP256(tbs, o.issuerKey),
  );
}

export interface ParsedCertificate {
  der: Uint8Array;
  subject: string;
  issuer: string;
  /** The subject's CN, if it has exactly one. */
  commonName?: string;
  publicKey: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  serialNumber: string;
  ca: boolean;
  /** Key usage flags; undefined when the extension is absent. */
  keyUsage?: number;
  extendedKeyUsage?: string[];
  dnsNames: string[];
  tbs: Uint8Array;
  /** r||s */
  signature: Uint8Array;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const MAX_CERTIFICATE_BYTES = 4096;

const parsedCache = new Map<string, Parsed<ParsedCertificate>>();

/** Parses a DER certificate (results are cached by content: chains repeat their CA certificates). */
export function parseCertificate(der: Uint8Array): Parsed<ParsedCertificate> {
  if (!(der instanceof Uint8Array)) return { ok: false, reason: 'a certificate is bytes' };
  const cacheKey = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const hit = parsedCache.get(cacheKey);
  if (hit) return hit;
  const result = parseUncached(der.slice());
  if (parsedCache.size >= 512) parsedCache.delete(parsedCache.keys().next().value!);
  parsedCache.set(cacheKey, result);
  return result;
}

function parseUncached(der: Uint8Array): Parsed<ParsedCertificate> {
  if (!(der instanceof Uint8Array) || der.length === 0 || der.length > MAX_CERTIFICATE_BYTES) return { ok: false, reason: `a certificate is 1..${MAX_CERTIFICATE_BYTES} bytes of DER` };
  const parts = splitCertificate(der);
  if (!parts) return { ok: false, reason: 'not a DER certificate (SEQUENCE of tbsCertificate, algorithm, signature)' };
  if (!bytesEqual(parts.signatureAlgorithm, ECDSA_WITH_SHA256)) return { ok: false, reason: 'the signature algorithm is not ecdsa-with-SHA256' };
  const signature = ecdsaDerToCompact(parts.signatureValue);
  if (!signature) return { ok: false, reason: 'the signature is not a DER ECDSA P-256 signature' };
  try {
    const cert = new (x509Library().X509Certificate)(der);
    const publicKey = pointOf(cert);
    const { ca, keyUsage, extendedKeyUsage, dnsNames } = extensionFieldsOf(cert, parts.tbs);
    const cns = cert.subjectName.getField('CN');
    const notBefore = cert.notBefore;
    const notAfter = cert.notAfter;
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return { ok: false, reason: 'the validity dates do not parse' };
    return {
      ok: true,
      value: {
        der,
        subject: cert.subject,
        issuer: cert.issuer,
        ...(cns.length === 1 ? { commonName: cns[0]! } : {}),
        publicKey,
        notBefore,
        notAfter,
        serialNumber: cert.serialNumber,
        ca,
        ...(keyUsage !== undefined ? { keyUsage } : {}),
        ...(extendedKeyUsage ? { extendedKeyUsage } : {}),
        dnsNames,
        tbs: parts.tbs,
        signature,
      },
    };
  } catch (err) {
    return { ok: false, reason: `the certificate does not parse (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
}

/**
 * Parts of a parse that are pure functions of some of the certificate's bytes, remembered by those
 * bytes (forged chains repeat the same keys and extensions in hundreds of certificates): the subject
 * key's point by the SubjectPublicKeyInfo the library read, and the extension fields by the
 * tbsCertificate's extensions block [3]. A miss, or a failure, is computed by the library as before.
 */
const MAX_REMEMBERED_PARTS = 512;
const pointsBySpki = new Map<string, Uint8Array>();
const extensionFieldsByBlock = new Map<string, ExtensionFields>();

function remember<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size >= MAX_REMEMBERED_PARTS) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/** The subject key's uncompressed point; throws (caught by parseUncached) for a key that is not P-256. */
function pointOf(cert: X509.X509Certificate): Uint8Array {
  const spki = new Uint8Array(cert.publicKey.rawData);
  const id = hex(spki);
  const known = pointsBySpki.get(id);
  if (known) return known;
  return remember(pointsBySpki, id, p256PublicKey(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }), 'certificate', 'the certificate'));
}

interface ExtensionFields {
  ca: boolean;
  keyUsage?: number;
  extendedKeyUsage?: string[];
  dnsNames: string[];
}

function extensionFieldsOf(cert: X509.X509Certificate, tbs: Uint8Array): ExtensionFields {
  const id = extensionsBlockId(tbs);
  const known = id === undefined ? undefined : extensionFieldsByBlock.get(id);
  if (known) return known;
  const x509 = x509Library();
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const fields: ExtensionFields = {
    ca: basic?.ca ?? false,
    ...(ku ? { keyUsage: ku.usages } : {}),
    ...(eku ? { extendedKeyUsage: eku.usages.map(String) } : {}),
    dnsNames: san ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value) : [],
  };
  return id === undefined ? fields : remember(extensionFieldsByBlock, id, fields);
}

/**
 * The tbsCertificate's extensions block [3] as hex ('' when it has none); undefined (nothing
 * remembered) unless the TBS reads as DER with at most one [3], its last field.
 */
function extensionsBlockId(tbs: Uint8Array): string | undefined {
  try {
    const fields = derChildren(tbs, readDer(tbs, 0));
    const blocks = fields.filter((n) => n.tag === DER_TAG.context3);
    if (blocks.length === 0) return '';
    if (blocks.length > 1 || blocks[0] !== fields.at(-1)) return undefined;
    return hex(tbs.subarray(blocks[0]!.start, blocks[0]!.end));
  } catch (err) {
    if (err instanceof DerError) return undefined;
    throw err;
  }
}

/**
 * Which issuers a relying party accepts (model/attestation/protocol-design.ts):
 * - tenant-ca: the leaf is signed by the tenant CA, itself valid;
 * - any-tenant: the leaf is signed by a CA that the root signed (any tenant's);
 * - root-store: the leaf is signed by the root itself (how the device checks servers: tenant CAs under the
 *   same root sign device certificates, never servers);
 * - any-ca: the leaf is signed by whatever issuer the chain presents, by itself, or by an anchor.
 */
export type AnchorPolicy = 'tenant-ca' | 'any-tenant' | 'root-store' | 'any-ca';

export interface ChainPolicy {
  anchors: AnchorPolicy;
  usage: 'client' | 'server';
  now: Date;
  root: ParsedCertificate;
  tenantCa?: ParsedCertificate;
  /** The leaf's CN (device ID) or DNS name (server) must be this. */
  expectedName?: string;
}

export type ChainResult = { ok: true; leaf: ParsedCertificate; issuer: ParsedCertificate } | { ok: false; reason: string };

const MAX_CHAIN = 4;

/** Decides a chain (leaf first). Never throws. */
export function validateChain(chain: readonly Uint8Array[], policy: ChainPolicy): ChainResult {
  try {
    return decide(chain, policy);
  } catch (err) {
    return { ok: false, reason: `internal error while checking the chain: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function decide(chain: readonly Uint8Array[], policy: ChainPolicy): ChainResult {
  if (chain.length < 1 || chain.length > MAX_CHAIN) return { ok: false, reason: `a chain has 1..${MAX_CHAIN} certificates` };
  const parsed: ParsedCertificate[] = [];
  for (const [i, der] of chain.entries()) {
    const p = parseCertificate(der);
    if (!p.ok) return { ok: false, reason: `certificate ${i}: ${p.reason}` };
    parsed.push(p.value);
  }
  const leaf = parsed[0]!;
  const leafProblem = checkLeaf(leaf, policy);
  if (leafProblem) return { ok: false, reason: leafProblem };

  const signedBy = (child: ParsedCertificate, parent: ParsedCertificate) => child.issuer === parent.subject && verifyP256(child.tbs, child.signature, parent.publicKey);
  const caProblem = (ca: ParsedCertificate, what: string): string | undefined => {
    if (!ca.ca) return `${what} is not a CA certificate (basicConstraints cA is not set)`;
    if (ca.keyUsage === undefined || (ca.keyUsage & KEY_USAGE.keyCertSign) === 0) return `${what} may not sign certificates (no keyCertSign)`;
    if (policy.now < ca.notBefore || policy.now > ca.notAfter) return `${what} is not valid at ${policy.now.toISOString()}`;
    return undefined;
  };

  switch (policy.anchors) {
    case 'tenant-ca': {
      const ca = policy.tenantCa;
      if (!ca) return { ok: false, reason: 'no tenant CA is configured' };
      const problem = caProblem(ca, 'the tenant CA');
      if (problem) return { ok: false, reason: problem };
      if (!signedBy(leaf, ca)) return { ok: false, reason: `the certificate is not issued by the tenant CA (${ca.subject}); its issuer is ${leaf.issuer}` };
      return { ok: true, leaf, issuer: ca };
    }
    case 'root-store': {
      const rootProblem = caProblem(policy.root, 'the root');
      if (rootProblem) return { ok: false, reason: rootProblem };
      if (!signedBy(leaf, policy.root)) return { ok: false, reason: `the certificate is not issued by the trusted root (its issuer is ${leaf.issuer})` };
      return { ok: true, leaf, issuer: policy.root };
    }
    case 'any-tenant': {
      const rootProblem = caProblem(policy.root, 'the root');
      if (rootProblem) return { ok: false, reason: rootProblem };
      const intermediate = parsed[1];
      if (!intermediate) return { ok: false, reason: `the chain ends at ${leaf.issuer}, which is not a CA under the trusted root` };
      const problem = caProblem(intermediate, `the issuer ${intermediate.subject}`);
      if (problem) return { ok: false, reason: problem };
      if (!signedBy(leaf, intermediate)) return { ok: false, reason: `the certificate is not signed by the next certificate in the chain (${intermediate.subject})` };
      if (!signedBy(intermediate, policy.root)) return { ok: false, reason: `the issuer ${intermediate.subject} does not chain to the trusted root` };
      return { ok: true, leaf, issuer: intermediate };
    }
    case 'any-ca': {
      // Any issuer at all: the one presented, the leaf itself, or one of the configured anchors.
      for (const issuer of [parsed[1], leaf, policy.tenantCa, policy.root]) if (issuer && signedBy(leaf, issuer)) return { ok: true, leaf, issuer };
      return { ok: false, reason: 'the certificate is not signed by its presented issuer, by itself or by a configured anchor' };
    }
  }
}

function checkLeaf(leaf: ParsedCertificate, policy: ChainPolicy): string | undefined {
  if (policy.now < leaf.notBefore) return `the certificate is not valid yet (notBefore ${leaf.notBefore.toISOString()}, now ${policy.now.toISOString()})`;
  if (policy.now > leaf.notAfter) return `the certificate has expired (notAfter ${leaf.notAfter.toISOString()}, now ${policy.now.toISOString()})`;
  if (leaf.ca) return 'the certificate is a CA certificate, not an end-entity certificate';
  if (leaf.keyUsage === undefined || (leaf.keyUsage & KEY_USAGE.digitalSignature) === 0) return 'the certificate may not sign (no digitalSignature key usage)';
  const wanted = policy.usage === 'client' ? EKU.clientAuth : EKU.serverAuth;
  if (!leaf.extendedKeyUsage?.includes(wanted)) return `the certificate is not for ${policy.usage} authentication (no ${policy.usage}Auth extended key usage)`;
  if (policy.expectedName !== undefined) {
    const name = policy.usage === 'server' ? leaf.dnsNames : leaf.commonName !== undefined ? [leaf.commonName] : [];
    if (!name.includes(policy.expectedName)) return `the certificate is for ${name.join(', ') || '(no name)'}, not ${policy.expectedName}`;
  }
  return undefined;
}

export function derToPem(der: Uint8Array): string {
  const b = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b}${b.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}
