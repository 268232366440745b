/**
 * What the binary targets' encoders are built on (fuzz/core/byte-writer.ts, fuzz/core/sign-memo.ts): the byte
 * writer writes what a plain list of numbers would (every field cut, padded and masked the same way), and a
 * remembered signature is one node:crypto verifies, the same one for the same key and bytes.
 */
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../fuzz/core/byte-writer.js';
import { Rng } from '../../fuzz/core/rng.js';
import { signP1363 } from '../../fuzz/core/sign-memo.js';

describe('ByteWriter', () => {
  it('writes what a list of numbers writes, for random fields', () => {
    const rng = new Rng(4);
    for (let round = 0; round < 300; round++) {
      const writer = new ByteWriter(rng.int(8));
      const plain: number[] = [];
      for (let i = rng.int(40); i > 0; i--) {
        const v = rng.chance(0.5) ? rng.u32() : rng.pick([-1, 0x1_0000_0000, 256, 65536, 1.5]);
        switch (rng.int(5)) {
          case 0:
            writer.u8(v);
            plain.push(v & 0xff);
            break;
          case 1:
            writer.u16(v);
            plain.push(v & 0xff, (v >>> 8) & 0xff);
            break;
          case 2:
            writer.u32(v);
            plain.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
            break;
          case 3: {
            const b = rng.bytes(rng.int(300));
            writer.bytes(b);
            plain.push(...b);
            break;
          }
          default: {
            const b = rng.bytes(rng.int(20));
            const size = rng.int(20);
            writer.fixed(b, size);
            const cut = new Uint8Array(size);
            cut.set(b.subarray(0, size));
            plain.push(...cut);
          }
        }
      }
      expect(writer.done()).toEqual(Uint8Array.from(plain));
    }
  });
});

describe('signP1363', () => {
  it('gives a signature node:crypto verifies, the same one again for the same key and bytes, another for other bytes', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicKey = createPublicKey(privateKey);
    const data = new TextEncoder().encode('signed body');
    const first = signP1363(data, privateKey);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, first)).toBe(true);
    expect(signP1363(data.slice(), privateKey)).toBe(first);
    const other = Uint8Array.from([...data, 0]);
    const second = signP1363(other, privateKey);
    expect(verify('sha256', other, { key: publicKey, dsaEncoding: 'ieee-p1363' }, second)).toBe(true);
    expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, second)).toBe(false);
  });
});
