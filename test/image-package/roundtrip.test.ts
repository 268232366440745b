/** Packing: pack(parse(x)) is x byte for byte, and parse(pack(image)) gives the image back. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { SECTION_TAG, makeSection, packImagePackage, packMetadata, parseImagePackage, replaceSection, toHex } from '../../formats/image-package/index.js';
import { SAMPLE_PACKAGE, validPackageArb } from './helpers.js';

describe('packImagePackage', () => {
  it('reproduces the fixture byte for byte', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(toHex(packImagePackage(parsed.image))).toBe(toHex(SAMPLE_PACKAGE));
  });

  test.prop([validPackageArb], { numRuns: 1000 })('pack(parse(x)) === x for generated packages (unknown tags, odd sizes, empty bodies)', ({ bytes }) => {
    const parsed = parseImagePackage(bytes);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(toHex(packImagePackage(parsed.image))).toBe(toHex(bytes));
  });

  test.prop([validPackageArb], { numRuns: 300 })('parse(pack(image)) keeps the body, the sections in order, their bytes and decodings, and the signature', ({ image, bytes }) => {
    const parsed = parseImagePackage(bytes);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(toHex(parsed.image.body)).toBe(toHex(image.body));
    expect(toHex(parsed.image.signature)).toBe(toHex(image.signature));
    expect(parsed.image.sections.map((s) => [s.tag, toHex(s.data), s.decoded])).toEqual(image.sections.map((s) => [s.tag, toHex(s.data), s.decoded]));
    expect(parsed.image.layout.metadataLength).toBe(packMetadata(image.sections).length);
  });

  it('writes metadata_length counting the magic through the length word itself', () => {
    const metadata = packMetadata([makeSection(0x5a5a, new Uint8Array([7]))]);
    expect(metadata.length).toBe(8 + 4 + 1 + 4);
    expect(new DataView(metadata.buffer).getUint32(metadata.length - 4, true)).toBe(metadata.length);
    expect(toHex(metadata.subarray(0, 4))).toBe('3458344d'); // "4X4M"
  });

  it('refuses what the format cannot hold', () => {
    expect(() => packMetadata([makeSection(0x10000, new Uint8Array(1))])).toThrow(RangeError);
    expect(() => packMetadata([makeSection(0x5a5a, new Uint8Array(0x10000))])).toThrow(/at most 65535/);
    expect(() => packImagePackage({ body: new Uint8Array(), sections: [], signature: new Uint8Array(63) })).toThrow(/64 bytes/);
    expect(() => makeSection(SECTION_TAG.Identity, new Uint8Array(35))).toThrow(/needs 36 bytes/);
  });

  it('replaceSection changes one section and keeps the others in place', () => {
    const parsed = parseImagePackage(SAMPLE_PACKAGE);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const replaced = replaceSection(parsed.image.sections, SECTION_TAG.TemporaryImage, new Uint8Array([1, 0, 0, 0]));
    expect(replaced.map((s) => s.tag)).toEqual(parsed.image.sections.map((s) => s.tag));
    expect(replaced[3]!.decoded).toEqual({ kind: 'TemporaryImage', value: { flags: 1 } });
    expect(replaceSection([], 0x4242, new Uint8Array([1]))).toHaveLength(1);
  });
});
