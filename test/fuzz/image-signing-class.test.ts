/**
 * The image-package target's structure names how a package is signed ('lab', 'high-s', 'rogue', 'raw'), and
 * decodeImage reads the class back from the signature. OpenSSL signs with a random k and leaves s as it comes,
 * high half the time: encoding must put s on the side its class names, or a 'lab' seed or mutant reads back as
 * 'high-s' at random (a test that needed a lab-signed seed with a Debug name failed about once in 32 runs).
 */
import { describe, expect, it } from 'vitest';
import { decodeImage, encodeImage } from '../../fuzz/targets/image/image-structure.js';
import { findTarget } from '../../fuzz/targets/registry.js';

describe('image-package structures keep their signing class through encoding', () => {
  const target = findTarget('image-package')!;
  const seed = target.seeds().map((s) => decodeImage(s.bytes)).find((s) => s !== undefined && (s.signing === 'lab' || s.signing === 'high-s'))!;

  for (const signing of ['lab', 'high-s', 'rogue'] as const) {
    it(`reads a '${signing}' package back as '${signing}', every time`, () => {
      const classes = new Set<string>();
      for (let i = 0; i < 24; i++) classes.add(decodeImage(encodeImage({ ...seed, signing }))!.signing);
      expect([...classes]).toEqual([signing]);
    });
  }
});
