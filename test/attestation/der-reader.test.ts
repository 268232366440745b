/**
 * One DER reader (formats/attestation/der.ts) for both certificate readings: the boot emulator's key
 * certificates (what a device's loader believes) and the attestation parties' certificates. Each case
 * below is a certificate one reading used to accept and the other refused; now both refuse it, because
 * both are the same strict reader. A second, laxer reader coming back makes these fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyStore, parseKeyCertificate, Vendor } from '../../emulator/boot/index.js';
import { parseCertificate } from '../../formats/attestation/certificates.js';
import { readCertificateParts } from '../../formats/attestation/der.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

/** DER length octets, in the minimal form unless `longForm` forces a long form of that many bytes. */
function length(n: number, longForm?: number): number[] {
  if (longForm === undefined && n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  while (longForm !== undefined && bytes.length < longForm) bytes.unshift(0);
  return [0x80 | bytes.length, ...bytes];
}
const tlv = (tag: number, content: Uint8Array | number[], longForm?: number) => Uint8Array.from([tag, ...length(content.length, longForm), ...content]);

/** A certificate rebuilt from its parts, with the signature's r and s written as given. */
function rebuild(parts: { tbs: Uint8Array; signatureAlgorithm: Uint8Array }, r: number[], s: number[], outerLongForm?: number): Uint8Array {
  const signature = tlv(0x30, [...tlv(0x02, r), ...tlv(0x02, s)]);
  const body = [...parts.tbs, ...tlv(0x30, parts.signatureAlgorithm), ...tlv(0x03, [0, ...signature])];
  return tlv(0x30, body, outerLongForm);
}

let genuine: Uint8Array;
let parts: ReturnType<typeof readCertificateParts>;
let rs: { r: number[]; s: number[] };

beforeAll(async () => {
  const vendor = await Vendor.create(loadPlatform(builtinPlatformFile()).design!, { seed: 3 });
  genuine = vendor.certificates.values().next().value!;
  parts = readCertificateParts(genuine);
  const parsed = parseKeyCertificate(genuine);
  if (!parsed.ok) throw new Error(parsed.reason);
  // Minimal DER INTEGERs for r and s, as an encoder writes them.
  const int = (v: Uint8Array) => {
    let i = 0;
    while (i < v.length - 1 && v[i] === 0 && (v[i + 1]! & 0x80) === 0) i++;
    const out = [...v.subarray(i)];
    return (out[0]! & 0x80) !== 0 ? [0, ...out] : out;
  };
  rs = { r: int(parsed.certificate.signature.subarray(0, 32)), s: int(parsed.certificate.signature.subarray(32)) };
});

const bothReadings = (der: Uint8Array) => ({ boot: parseKeyCertificate(der).ok, attestation: parseCertificate(der).ok, keyStore: KeyStore.parse(der).certificates.length === 1 });

describe('one DER reader for the boot key certificates and the attestation certificates', () => {
  it('a genuine key certificate, rebuilt byte for byte, is read by both', () => {
    expect(Buffer.from(rebuild(parts, rs.r, rs.s)).equals(Buffer.from(genuine))).toBe(true);
    expect(bothReadings(genuine)).toEqual({ boot: true, attestation: true, keyStore: true });
  });

  it('a length in a longer form than needed is refused by both (DER lengths are minimal)', () => {
    const padded = rebuild(parts, rs.r, rs.s, 3);
    expect(padded.length).toBe(genuine.length + 1);
    expect(bothReadings(padded)).toEqual({ boot: false, attestation: false, keyStore: false });
  });

  it('a signature integer with a needless leading zero is refused by both', () => {
    const der = rebuild(parts, [0, ...rs.r], rs.s);
    expect(bothReadings(der)).toEqual({ boot: false, attestation: false, keyStore: false });
  });

  it('a negative signature integer is refused by both', () => {
    const negative = rs.s[0] === 0 ? rs.s.slice(1) : [0x80 | rs.s[0]!, ...rs.s.slice(1)];
    expect(negative[0]! & 0x80).toBe(0x80);
    expect(bothReadings(rebuild(parts, rs.r, negative))).toEqual({ boot: false, attestation: false, keyStore: false });
  });
});
