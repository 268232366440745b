import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { p256 } from '@noble/curves/nist.js';
import { signingKeyFromSecret, verifyWithNode } from '../../formats/image-package/index.js';
import { checkThreshold, signMetadata, trustedKey } from '../../formats/update-metadata/metadata-signature.js';
import { MAX_TARGETS, NEVER_EXPIRES, attachSignatures, encodeMetadataBody, parseUpdateMetadata, type UpdateMetadataBody } from '../../formats/update-metadata/metadata.js';

const key = (n: number) => signingKeyFromSecret(p256.utils.randomSecretKey(new Uint8Array(48).fill(n)));
const keys = [key(1), key(2), key(3)];
const trusted = keys.map((k) => trustedKey(k.publicKey));

const name = fc.stringMatching(/^(image|manifest)\/[a-z0-9-]{1,20}$/);
const body: fc.Arbitrary<UpdateMetadataBody> = fc.record({
  sequence: fc.nat(),
  issuedAt: fc.nat({ max: 0x7fffffff }),
  expiresAt: fc.constant(NEVER_EXPIRES),
  product: fc.string({ minLength: 1, maxLength: 20 }),
  deviceGroup: fc.string({ minLength: 1, maxLength: 20 }),
  osFeed: fc.constantFrom(0 as const, 1 as const),
  targets: fc.uniqueArray(
    fc.record({ kind: fc.constantFrom('prerequisite' as const, 'os' as const, 'app' as const), name, securityVersion: fc.nat(), length: fc.integer({ min: 1, max: 2 ** 31 }), sha256: fc.uint8Array({ minLength: 32, maxLength: 32 }) }),
    { selector: (t) => t.name, maxLength: 8 },
  ),
});

const sample: UpdateMetadataBody = {
  sequence: 1_735_689_600,
  issuedAt: 1_735_689_600,
  expiresAt: 1_735_689_600 + 48 * 3600,
  product: 'Sevenfold reference product',
  deviceGroup: 'Production',
  osFeed: 0,
  targets: [{ kind: 'os', name: 'image/nw-kernel', securityVersion: 3, length: 2244, sha256: new Uint8Array(32).fill(7) }],
};

describe('parseUpdateMetadata', () => {
  // The network hands the device arbitrary bytes: the parser is a fuzz target and must never throw.
  test.prop([fc.uint8Array({ maxLength: 600 })], { numRuns: 2000 })('never throws on arbitrary bytes', (bytes) => {
    const result = parseUpdateMetadata(bytes);
    expect(typeof result.ok).toBe('boolean');
  });

  test.prop([body, fc.nat(), fc.nat({ max: 255 })], { numRuns: 200 })('never throws on a valid document with one byte changed, and never verifies it', (b, at, value) => {
    const signed = signMetadata(b, [keys[0]!]);
    const mutated = signed.slice();
    const index = at % mutated.length;
    if (mutated[index] === value) return;
    mutated[index] = value;
    const result = parseUpdateMetadata(mutated);
    if (result.ok) expect(checkThreshold(result.metadata, result.signed, trusted, 1, verifyWithNode).ok).toBe(false);
  });

  test.prop([body], { numRuns: 300 })('reads back what was encoded', (b) => {
    const parsed = parseUpdateMetadata(attachSignatures(encodeMetadataBody(b), []));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect({ ...parsed.metadata, signatures: undefined }).toEqual({ ...b, signatures: undefined });
  });

  it('names the problem and where it is', () => {
    const good = signMetadata(sample, [keys[0]!]);
    const cases: [Uint8Array, string][] = [
      [good.subarray(0, 20), 'Truncated'],
      [Uint8Array.from([...good, 0]), 'TrailingBytes'],
      [Uint8Array.from([0x53, 0x56, 0x55, 0x4e, ...good.subarray(4)]), 'BadMagic'],
      [new Uint8Array(70_000), 'TooLarge'],
    ];
    for (const [bytes, code] of cases) {
      const parsed = parseUpdateMetadata(bytes);
      expect(parsed.ok ? 'ok' : parsed.error.code).toBe(code);
    }
    const duplicate = encodeMetadataBody({ ...sample, targets: [sample.targets[0]!, sample.targets[0]!] });
    const parsed = parseUpdateMetadata(attachSignatures(duplicate, []));
    expect(!parsed.ok && parsed.error.code).toBe('DuplicateTarget');
    expect(() => encodeMetadataBody({ ...sample, targets: Array.from({ length: MAX_TARGETS + 1 }, (_, i) => ({ ...sample.targets[0]!, name: `image/c${i}` })) })).toThrow(RangeError);
  });

  it('refuses target names that are not slot names', () => {
    const bad = attachSignatures(encodeMetadataBody({ ...sample, targets: [{ ...sample.targets[0]!, name: 'image/../key-store' }] }), []);
    const parsed = parseUpdateMetadata(bad);
    expect(!parsed.ok && parsed.error.code).toBe('BadTarget');
  });
});

describe('threshold signatures', () => {
  const parsedWith = (signers: typeof keys) => {
    const parsed = parseUpdateMetadata(signMetadata(sample, signers));
    if (!parsed.ok) throw new Error(parsed.error.message);
    return parsed;
  };

  it('counts distinct trusted keys whose signature verifies', () => {
    const two = parsedWith([keys[0]!, keys[1]!]);
    expect(checkThreshold(two.metadata, two.signed, trusted, 2, verifyWithNode).ok).toBe(true);
    expect(checkThreshold(two.metadata, two.signed, trusted, 3, verifyWithNode).ok).toBe(false);
  });

  it('counts a key that signed twice once, and ignores keys it does not trust', () => {
    const twice = parsedWith([keys[0]!, keys[0]!]);
    expect(checkThreshold(twice.metadata, twice.signed, trusted, 2, verifyWithNode)).toMatchObject({ ok: false, validKeys: [expect.any(String)] });
    const stranger = parsedWith([key(9)]);
    expect(checkThreshold(stranger.metadata, stranger.signed, trusted, 1, verifyWithNode).detail).toMatch(/1 by keys the device does not trust/);
  });

  it('ignores an invalid signature among valid ones', () => {
    const parsed = parsedWith([keys[0]!, keys[1]!]);
    parsed.metadata.signatures[0]!.signature[10]! ^= 1;
    expect(checkThreshold(parsed.metadata, parsed.signed, trusted, 1, verifyWithNode).ok).toBe(true);
    expect(checkThreshold(parsed.metadata, parsed.signed, trusted, 2, verifyWithNode).ok).toBe(false);
  });
});
