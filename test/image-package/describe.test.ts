import { describe, expect, it } from 'vitest';
import {
  SECTION_TAG,
  describeImagePackage,
  encodeAbi,
  encodeDebug,
  encodeSignatureInfo,
  encodeU32,
  formatImageDescription,
  makeSection,
  parseImagePackage,
  temporaryFlagNames,
  parseImageType,
  imageTypeName,
} from '../../formats/image-package/index.js';
import { SAMPLE } from '../fixtures/images/make-fixtures.js';
import { SAMPLE_PACKAGE, TEST_CERT } from './helpers.js';

const sample = () => {
  const parsed = parseImagePackage(SAMPLE_PACKAGE);
  if (!parsed.ok) throw new Error('fixture');
  return parsed.image;
};

describe('describeImagePackage', () => {
  it('decodes every section of the fixture into named fields', () => {
    const d = describeImagePackage(sample());
    expect(d.size).toBe(8404);
    expect(d.sections.map((s) => [s.tag, s.name])).toEqual([
      ['ID', 'Identity'],
      ['SG', 'Signature'],
      ['DB', 'Debug'],
      ['TP', 'Temporary Image'],
      ['ND', 'ABI Depends'],
    ]);
    expect(d.sections[0]!.fields).toEqual({ imageType: 10, imageTypeName: 'Applications', componentId: SAMPLE.componentId, imageId: SAMPLE.imageId, reserved: 0 });
    expect(d.sections[1]!.fields).toEqual({ thumbprint: Buffer.from(TEST_CERT.thumbprint).toString('hex'), signingType: 1, signingTypeName: 'ECDsa256' });
    expect(d.sections[2]!.fields).toEqual({ name: SAMPLE.name, buildTime: '1599709238', buildDate: '2020-09-10T03:40:38Z' });
    expect(d.sections[3]!.fields).toMatchObject({ flags: 2, flagNames: ['UnderDevelopment'], removeAtBoot: false, underDevelopment: true });
    expect(d.sections[4]!.fields).toEqual({ identities: [{ type: 3, typeName: 'ApplicationRuntime', version: 5 }] });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d); // JSON-ready: no bigint, no typed arrays
  });

  it('prints like azsphere image-package show', () => {
    const text = formatImageDescription(describeImagePackage(sample()), 'app.imagepackage');
    expect(text).toContain('app.imagepackage: 8404 bytes: body 8192 bytes, metadata 148 bytes at byte 8192, signature 64 bytes at byte 8340');
    expect(text).toMatch(/Section: Identity \(ID, 36 bytes at byte 8200\)\n {4}Image Type: +Applications \(10\)/);
    expect(text).toMatch(/Component ID: +1689d8b2-c835-2e27-27ad-e894d6d15fa9/);
    expect(text).toMatch(/Cert Thumbprint: +69a56a1d/);
    expect(text).toMatch(/Built On \(UTC\): +2020-09-10T03:40:38Z/);
    expect(text).toMatch(/Depends: +ApplicationRuntime@5/);
  });

  it('names the Azure Sphere SDK test certificate, whose private key is public', () => {
    const image = { body: new Uint8Array(), signature: new Uint8Array(64), sections: [makeSection(SECTION_TAG.Signature, encodeSignatureInfo({ thumbprint: Buffer.from('a8d5cc6958f48710140d7a26160fc1cfc31f5df0', 'hex'), signingType: 1 }))] };
    const text = formatImageDescription(describeImagePackage(image), 'x');
    expect(text).toMatch(/Certificate: +Azure Sphere SDK Test \(public development key/);
  });

  it('shows unknown sections and odd values as they are', () => {
    const image = {
      body: new Uint8Array(),
      signature: new Uint8Array(64),
      sections: [
        makeSection(0x0001, new Uint8Array([0xde, 0xad, 0xbe])),
        makeSection(SECTION_TAG.Debug, encodeDebug(2n ** 64n - 1n, new Uint8Array([0xff, 0x41]))),
        makeSection(SECTION_TAG.TemporaryImage, encodeU32(0x13)),
        makeSection(SECTION_TAG.ABIProvides, encodeAbi([{ version: 1, type: 9 }])),
      ],
    };
    const d = describeImagePackage(image);
    expect(d.sections[0]).toMatchObject({ tag: '0x0001', name: 'Unknown', decoded: false, hex: 'deadbe', offset: null });
    expect(d.sections[1]!.fields).toEqual({ name: '\ufffdA', buildTime: '18446744073709551615', buildDate: null });
    expect(d.sections[2]!.fields['flagNames']).toEqual(['RemoveAtBoot', 'UnderDevelopment', '0x10']);
    expect(d.sections[3]!.fields).toEqual({ identities: [{ type: 9, typeName: 'Unknown(9)', version: 1 }] });
    const text = formatImageDescription(d, 'x');
    expect(text).toMatch(/Section: Unknown \(0x0001, 3 bytes\)\n {4}Data:\n {6}de ad be/);
    expect(text).toMatch(/out of range \(18446744073709551615\)/);
  });
});

describe('enumerations', () => {
  it('reads image types by REST name, SDK alias or number', () => {
    expect(parseImageType('Applications')).toBe(10);
    expect(parseImageType('applications')).toBe(10);
    expect(parseImageType('NormalWorldFileSystem')).toBe(17);
    expect(parseImageType('28')).toBe(28);
    expect(parseImageType('70000')).toBeUndefined();
    expect(parseImageType('Bogus')).toBeUndefined();
    expect(imageTypeName(11)).toBe('Unknown(11)');
    expect(temporaryFlagNames(0)).toEqual(['None']);
  });
});
