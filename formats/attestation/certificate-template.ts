/**
 * Re-issuing a certificate @peculiar/x509 made, with another serial number and validity period: the
 * same tbsCertificate bytes with those three fields replaced in place, signed again, and wrapped as the
 * library wraps it. Suites that issue hundreds of certificates differing only in dates and serials pay
 * the library's ASN.1 building (several milliseconds) once per kind of certificate, and the signature
 * for each.
 *
 * Exact only where the library would encode the new values in the same bytes it used for the old: a
 * serial number of the same encoded length, and both dates as UTCTime in whole seconds (the library
 * writes years up to 2049 as UTCTime, later ones as GeneralizedTime, and drops milliseconds); the
 * template's own dates must be UTCTime too. Anything else returns undefined and the caller issues
 * through the library. test/attestation/certificate-issuing.test.ts compares the bytes with the
 * library's for random serials and dates.
 */
import { DER_TAG, DerError, derChildren, expectTag, readCertificateParts, type DerNode } from './der.js';

export interface CertificateTemplate {
  der: Uint8Array;
  tbs: DerNode;
  /** The whole signatureAlgorithm TLV, copied as it is. */
  algorithm: Uint8Array;
  serial: DerNode;
  notBefore: DerNode;
  notAfter: DerNode;
}

const UTC_TIME = 0x17;
/** YYMMDDHHMMSSZ */
const UTC_TIME_LENGTH = 13;

/** The template of a certificate the library issued, or undefined when its fields cannot be replaced in place. */
export function templateOf(der: Uint8Array): CertificateTemplate | undefined {
  try {
    return readTemplate(der);
  } catch (err) {
    if (err instanceof DerError) return undefined;
    throw err;
  }
}

function readTemplate(der: Uint8Array): CertificateTemplate | undefined {
  const parts = readCertificateParts(der);
  const fields = derChildren(der, parts.tbsNode);
  // version [0], serialNumber, signature, issuer, validity, …
  if (fields[0]?.tag !== DER_TAG.context0) return undefined;
  const serial = expectTag(fields[1], DER_TAG.integer, 'serialNumber');
  const validity = derChildren(der, expectTag(fields[4], DER_TAG.sequence, 'validity'));
  const [notBefore, notAfter] = validity;
  if (validity.length !== 2 || !isUtcTime(notBefore) || !isUtcTime(notAfter)) return undefined;
  return { der, tbs: parts.tbsNode, algorithm: der.subarray(parts.algorithmNode.start, parts.algorithmNode.end), serial, notBefore, notAfter };
}

const isUtcTime = (n: DerNode | undefined): n is DerNode => n !== undefined && n.tag === UTC_TIME && n.end - n.contentStart === UTC_TIME_LENGTH;

/**
 * The template's certificate with `serial` (the INTEGER's content octets) and the two dates, its
 * tbsCertificate signed by `sign` (r||s); undefined when a value does not fit in place.
 */
export function reissue(t: CertificateTemplate, serial: Uint8Array, notBefore: Date, notAfter: Date, sign: (tbs: Uint8Array) => Uint8Array): Uint8Array | undefined {
  const before = utcTime(notBefore);
  const after = utcTime(notAfter);
  if (!before || !after || serial.length !== t.serial.end - t.serial.contentStart) return undefined;
  const tbs = t.der.slice(t.tbs.start, t.tbs.end);
  tbs.set(serial, t.serial.contentStart - t.tbs.start);
  tbs.set(before, t.notBefore.contentStart - t.tbs.start);
  tbs.set(after, t.notAfter.contentStart - t.tbs.start);
  const signature = ecdsaSignatureDer(sign(tbs));
  const bitString = [...derHeader(DER_TAG.bitString, signature.length + 1), 0, ...signature];
  const content = tbs.length + t.algorithm.length + bitString.length;
  return Uint8Array.from([...derHeader(DER_TAG.sequence, content), ...tbs, ...t.algorithm, ...bitString]);
}

/** UTCTime content YYMMDDHHMMSSZ for 2000–2049 (the library's range for UTCTime from 2000 on); undefined outside it. */
function utcTime(d: Date): Uint8Array | undefined {
  const year = d.getUTCFullYear();
  if (Number.isNaN(year) || year < 2000 || year > 2049) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  const text = `${two(year % 100)}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}Z`;
  return new TextEncoder().encode(text);
}

/** A definite, minimal DER header. */
function derHeader(tag: number, length: number): number[] {
  if (length < 0x80) return [tag, length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n % 256);
  return [tag, 0x80 | bytes.length, ...bytes];
}

/** Minimal positive INTEGER content of an unsigned big-endian number. */
function positiveInteger(bytes: Uint8Array): number[] {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const rest = [...bytes.subarray(i)];
  return rest[0]! & 0x80 ? [0, ...rest] : rest;
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } from 64-byte r||s (the inverse of der.ts readEcdsaSignature). */
export function ecdsaSignatureDer(compact: Uint8Array): Uint8Array {
  const r = positiveInteger(compact.subarray(0, 32));
  const s = positiveInteger(compact.subarray(32, 64));
  const ints = [...derHeader(DER_TAG.integer, r.length), ...r, ...derHeader(DER_TAG.integer, s.length), ...s];
  return Uint8Array.from([...derHeader(DER_TAG.sequence, ints.length), ...ints]);
}

/** The INTEGER content octets @peculiar/x509 writes for a hex serial number: leading zeros dropped, 0x00 before a high bit. */
export function serialOctets(hex: string): Uint8Array | undefined {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex) || !/[1-9a-fA-F]/.test(hex)) return undefined;
  return Uint8Array.from(positiveInteger(Uint8Array.from(Buffer.from(hex, 'hex'))));
}
