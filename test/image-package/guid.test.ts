import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { bytesLeToGuid, guidToBytesLe, isGuid } from '../../formats/image-package/guid.js';

const hex = (b: Uint8Array | undefined) => (b ? Buffer.from(b).toString('hex') : undefined);

describe('GUIDs in bytes_le form', () => {
  it('matches .NET Guid.ToByteArray / Python uuid.bytes_le', () => {
    // uuid.UUID('00112233-4455-6677-8899-aabbccddeeff').bytes_le.hex()
    expect(hex(guidToBytesLe('00112233-4455-6677-8899-aabbccddeeff'))).toBe('33221100554477668899aabbccddeeff');
    // The component ID of the sample manifest, as it lies in the fixture package's ID section.
    expect(hex(guidToBytesLe('1689d8b2-c835-2e27-27ad-e894d6d15fa9'))).toBe('b2d8891635c8272e27ade894d6d15fa9');
  });

  it('accepts braces and any case, and always prints lower case', () => {
    const bytes = guidToBytesLe('{1689D8B2-C835-2E27-27AD-E894D6D15FA9}');
    expect(bytes && bytesLeToGuid(bytes)).toBe('1689d8b2-c835-2e27-27ad-e894d6d15fa9');
  });

  it('rejects what is not a GUID', () => {
    for (const bad of ['', '1689d8b2c8352e2727ade894d6d15fa9', '1689d8b2-c835-2e27-27ad-e894d6d15fa', 'g689d8b2-c835-2e27-27ad-e894d6d15fa9', '1689d8b2-c835-2e27-27ad-e894d6d15fa9x']) {
      expect(isGuid(bad)).toBe(false);
      expect(guidToBytesLe(bad)).toBeUndefined();
    }
    expect(() => bytesLeToGuid(new Uint8Array(15))).toThrow(RangeError);
  });

  test.prop([fc.uint8Array({ minLength: 16, maxLength: 16 })])('bytes → GUID → bytes is the identity', (bytes) => {
    expect(hex(guidToBytesLe(bytesLeToGuid(bytes)))).toBe(hex(bytes));
  });

  test.prop([fc.uuid()])('GUID → bytes → GUID is the identity', (guid) => {
    expect(bytesLeToGuid(guidToBytesLe(guid)!)).toBe(guid.toLowerCase());
  });
});
