/**
 * Parsing: the fixture decodes to what was put in; every category-42 error comes with its code and the
 * byte offset of the problem; and no input at all (random bytes, or a valid package mutated) makes the
 * parser throw.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  METADATA_MAGIC,
  SECTION_TAG,
  debugInfoOf,
  identityOf,
  imageMetadataErrorCode,
  packImagePackage,
  parseImagePackage,
  signatureInfoOf,
  temporaryImageOf,
  toHex,
  type ImageMetadataErrorName,
} from '../../formats/image-package/index.js';
import { SAMPLE } from '../fixtures/images/make-fixtures.js';
import { SAMPLE_PACKAGE, TEST_CERT, validPackageArb } from './helpers.js';

/** A minimal well-formed package assembled by hand, to corrupt one field at a time. */
function handMade(sections: [tag: number, data: number[] | Uint8Array][], options: { body?: number; count?: number; magic?: number; trailing?: number; lengthDelta?: number } = {}) {
  const secBytes = sections.flatMap(([tag, data]) => [tag & 0xff, tag >> 8, data.length & 0xff, data.length >> 8, ...data]);
  const metaLength = 8 + secBytes.length + (options.trailing ?? 0) + 4;
  const out = new Uint8Array((options.body ?? 0) + metaLength + 64);
  const v = new DataView(out.buffer);
  const m = options.body ?? 0;
  v.setUint32(m, options.magic ?? METADATA_MAGIC, true);
  v.setUint32(m + 4, options.count ?? sections.length, true);
  out.set(secBytes, m + 8);
  v.setUint32(m + metaLength - 4, metaLength + (options.lengthDelta ?? 0), true);
  return out;
}
const ID: [number, number[]] = [SECTION_TAG.Identity, new Array(36).fill(0)];
const SG: [number, number[]] = [SECTION_TAG.Signature, [...new Array(20).fill(0xaa), 1, 0, 0, 0]];

function expectError(bytes: Uint8Array, name: ImageMetadataErrorName, offset: number, message?: RegExp) {
  const result = parseImagePackage(bytes);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toMatchObject({ name, code: imageMetadataErrorCode(name), offset });
  if (message) expect(result.error.message).toMatch(message);
}

describe('parseImagePackage', () => {
  it('decodes the fixture package', () => {
    const result = parseImagePackage(SAMPLE_PACKAGE);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const image = result.image;
    // 148 = 8 + 5 section headers + 116 data bytes + 4: the same shape as ANVIL's real test app (facts §3.1).
    expect(image.layout).toEqual({ size: 8404, metadataOffset: 8192, metadataLength: 148, signatureOffset: 8340 });
    expect(image.sections.map((s) => s.name)).toEqual(['Identity', 'Signature', 'Debug', 'TemporaryImage', 'ABIDepends']);
    expect(image.sections.map((s) => s.offset)).toEqual([8200, 8240, 8268, 8312, 8320]);
    expect(identityOf(image)).toEqual({ imageType: 10, reserved: 0, componentId: SAMPLE.componentId, imageId: SAMPLE.imageId });
    expect(toHex(signatureInfoOf(image)!.thumbprint)).toBe(toHex(TEST_CERT.thumbprint));
    expect(signatureInfoOf(image)!.signingType).toBe(1);
    expect(debugInfoOf(image)).toEqual({ buildTime: BigInt(SAMPLE.buildDate), name: SAMPLE.name });
    expect(temporaryImageOf(image)).toEqual({ flags: 2 });
    expect(image.sections[4]!.decoded).toEqual({ kind: 'ABIDepends', value: { identities: [{ version: 5, type: 3 }] } });
    expect(image.body.length).toBe(8192);
    expect(image.signature.length).toBe(64);
  });

  it('uses device codes 42 << 20 | id', () => {
    expect(imageMetadataErrorCode('InvalidMetadata')).toBe(44040193);
    expect(imageMetadataErrorCode('SectionNotFound')).toBe(44040197);
  });

  it('keeps unknown tags and known tags of unknown layout as raw sections', () => {
    const result = parseImagePackage(handMade([ID, SG, [0x1234, [1, 2, 3]], [SECTION_TAG.Compression, [9]]]));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.image.sections[2]).toMatchObject({ tag: 0x1234, data: new Uint8Array([1, 2, 3]) });
    expect(result.image.sections[2]!.decoded).toBeUndefined();
    expect(result.image.sections[3]).toMatchObject({ name: 'Compression', data: new Uint8Array([9]) });
  });

  it('InvalidMetadata: too short, bad length word, bad magic, no sections, trailing bytes', () => {
    expectError(new Uint8Array(75), 'InvalidMetadata', 0, /smallest package/);
    expectError(handMade([ID, SG], { lengthDelta: -100 }), 'InvalidMetadata', 8 + 40 + 28, /metadata_length is/); // the length word's offset
    expectError(handMade([ID, SG], { body: 3, lengthDelta: 4 }), 'InvalidMetadata', 3 + 8 + 68, /more than the/);
    expectError(handMade([ID, SG], { body: 5, magic: 0x12345678 }), 'InvalidMetadata', 5, /magic is 0x12345678/);
    expectError(handMade([], { count: 0 }), 'InvalidMetadata', 4, /section_count is 0/);
    expectError(handMade([ID, SG], { trailing: 2 }), 'InvalidMetadata', 8 + 40 + 28, /2 bytes after the last/);
    expectError(handMade([ID, SG, ID]), 'InvalidMetadata', 8 + 40 + 28, /repeats the Identity section first seen at byte 8/);
    expectError(handMade([[SECTION_TAG.Identity, new Array(20).fill(0)], SG]), 'InvalidMetadata', 8, /needs 36 bytes/);
    expectError(handMade([ID, SG, [SECTION_TAG.ABIDepends, [2, 0, 0, 0, 5, 0, 0, 0, 3, 0, 0, 0]]]), 'InvalidMetadata', 76, /20 bytes for its 2 identities/);
  });

  it('SectionOverflowsMetadata: a count or a size that runs past the metadata', () => {
    expectError(handMade([ID, SG], { count: 3 }), 'SectionOverflowsMetadata', 76, /section 3 of 3/);
    expectError(handMade([ID, SG], { count: 0xffffffff }), 'SectionOverflowsMetadata', 76);
    const bytes = handMade([ID, SG]);
    new DataView(bytes.buffer).setUint16(8 + 40 + 2, 25, true); // SG claims 25 bytes where 24 are left
    expectError(bytes, 'SectionOverflowsMetadata', 48, /SG/);
  });

  it('EmptySection, SectionTooLarge, SectionNotFound', () => {
    expectError(handMade([ID, [0x5a5a, []], SG]), 'EmptySection', 48, /\(ZZ\) has size 0/);
    expectError(handMade([ID, [SECTION_TAG.Signature, new Array(25).fill(1)]]), 'SectionTooLarge', 48, /Signature section has 25 bytes/);
    expectError(handMade([ID, SG, [SECTION_TAG.TemporaryImage, [0, 0, 0, 0, 0]]]), 'SectionTooLarge', 76);
    expectError(handMade([ID, [0x4141, [1]]], { body: 7 }), 'SectionNotFound', 7, /no Signature \(SG\) section/);
    expectError(handMade([SG]), 'SectionNotFound', 0, /no Identity \(ID\) section/);
  });

  test.prop([fc.uint8Array({ maxLength: 600 })], { numRuns: 2000 })('never throws on arbitrary bytes', (bytes) => {
    const result = parseImagePackage(bytes);
    if (!result.ok) {
      expect(result.error.offset).toBeGreaterThanOrEqual(0);
      expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
      expect(result.error.code >> 20).toBe(42);
    }
  });

  /** A valid package damaged in one of the ways files get damaged. */
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
    // Overwrite a u32 near the end (count, sizes, length word): the fields that steer the parser.
    fc.record({ kind: fc.constant('word' as const), fromEnd: fc.integer({ min: 64, max: 240 }), value: fc.oneof(fc.constantFrom(0, 1, 12, 0xffff, 0xffffffff), fc.nat()) }),
  );

  function mutate(bytes: Uint8Array, m: { kind: string; [field: string]: unknown }): Uint8Array {
    const out = Array.from(bytes);
    const at = (n: unknown) => (out.length ? (n as number) % out.length : 0);
    switch (m.kind) {
      case 'flip':
        if (out.length) out[at(m['at'])]! ^= m['mask'] as number;
        return Uint8Array.from(out);
      case 'truncate':
        return bytes.slice(0, at(m['at']));
      case 'insert':
        out.splice(at(m['at']), 0, ...(m['bytes'] as Uint8Array));
        return Uint8Array.from(out);
      case 'delete':
        out.splice(at(m['at']), m['count'] as number);
        return Uint8Array.from(out);
      default: {
        const copy = bytes.slice();
        const pos = copy.length - (m['fromEnd'] as number);
        if (pos >= 0 && pos + 4 <= copy.length) new DataView(copy.buffer).setUint32(pos, (m['value'] as number) >>> 0, true);
        return copy;
      }
    }
  }

  test.prop([validPackageArb, fc.array(mutation, { minLength: 1, maxLength: 3 })], { numRuns: 1500 })(
    'never throws on mutated valid packages, and whatever it accepts packs back to the same bytes',
    ({ bytes }, mutations) => {
      const damaged = mutations.reduce((b, m) => mutate(b, m), bytes);
      const result = parseImagePackage(damaged);
      if (result.ok) expect(toHex(packImagePackage(result.image))).toBe(toHex(damaged));
      else expect(result.error.offset).toBeLessThanOrEqual(damaged.length);
    },
  );

  test.prop([fc.integer({ min: 0, max: 8403 }), fc.integer({ min: 1, max: 255 })], { numRuns: 300 })('never throws on the fixture with one byte changed', (at, mask) => {
    const damaged = SAMPLE_PACKAGE.slice();
    damaged[at]! ^= mask;
    const result = parseImagePackage(damaged);
    if (at < 8192 || at >= 8340) expect(result.ok).toBe(true); // body and signature bytes are not parsed
  });
});
