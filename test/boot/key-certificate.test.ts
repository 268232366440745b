import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeyStore, NodeP256Verifier, parseKeyCertificate, Vendor } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';

const design = loadPlatform(builtinPlatformFile()).design!;
let certificates: Uint8Array[];

beforeAll(async () => {
  certificates = [...(await Vendor.create(design, { seed: 8 })).certificates.values()];
});

describe('key certificates as the device reads them', () => {
  it('each certificate verifies under its issuer by the TBS bytes and r||s the DER reader extracts', () => {
    const [anchor, firmware, app] = certificates.map((der) => {
      const parsed = parseKeyCertificate(der);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.certificate;
    });
    const verifier = new NodeP256Verifier();
    expect(verifier.verify(firmware!.tbs, firmware!.signature, anchor!.publicKey)).toBe(true);
    expect(verifier.verify(app!.tbs, app!.signature, firmware!.publicKey)).toBe(true);
    expect(verifier.verify(app!.tbs, app!.signature, anchor!.publicKey)).toBe(false);
    expect(Buffer.from(app!.issuer).equals(Buffer.from(firmware!.subject))).toBe(true);
  });

  // The key store is in flash, so the attacker writes it: the reader must refuse, never crash.
  test.prop([fc.nat(), fc.integer({ min: 1, max: 255 }), fc.nat({ max: 2 })], { numRuns: 200 })('a certificate with any byte changed is refused or read, never a crash', (position, xor, which) => {
    const der = certificates[which]!.slice();
    der[position % der.length]! ^= xor;
    const parsed = parseKeyCertificate(der);
    if (!parsed.ok) expect(parsed.reason).toMatch(/\S/);
  });

  test.prop([fc.uint8Array({ maxLength: 600 })], { numRuns: 200 })('a key store of arbitrary bytes parses without throwing', (bytes) => {
    const store = KeyStore.parse(bytes);
    expect(store.certificates.length + store.unreadable.length).toBeLessThanOrEqual(bytes.length);
  });

  it('a truncated store keeps the certificates before the damage', () => {
    const bytes = KeyStore.encode(certificates);
    const store = KeyStore.parse(bytes.subarray(0, bytes.length - 10));
    expect(store.certificates.map((c) => c.subjectCommonName)).toEqual(['rom-anchor', 'firmware-signing']);
    expect(store.unreadable).toHaveLength(1);
  });
});
