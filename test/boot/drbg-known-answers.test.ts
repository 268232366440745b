/**
 * The emulator's HMAC_DRBG gives the bytes it gave when it was written (with @noble/hashes' HMAC):
 * every key, image and trace of a run is derived from it, so a change of HMAC implementation must not
 * change one byte of a run. Known answers recorded from the noble-based implementation.
 */
import { describe, expect, it } from 'vitest';
import { HmacDrbg } from '../../emulator/boot/index.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('HmacDrbg known answers', () => {
  it('gives the recorded bytes across blocks, short draws and a clone', () => {
    const drbg = new HmacDrbg(1, 'vendor signing keys of x');
    expect(hex(drbg.generate(48))).toBe('8c1e3870e26ca5e841c77132bfec346c777f6166e02e5a1f22d012a7dadf86cf39c9ea263525de268935e8f9babcdd80');
    expect(hex(drbg.generate(5))).toBe('0c32227749');
    expect(hex(drbg.clone().generate(70))).toBe(
      '07dc2965f0d527a2d24c30afec36c4033db7560ece3f0b69f00bbd4f0bed53a32853249e07bcba55c6216f4ca9c40e774cba5f78b4f750c8e340948f8e2ae3d143ad72e494d9',
    );
  });

  it('gives the recorded bytes for a fractional negative seed and no personalisation (the update step without seed material)', () => {
    expect(hex(new HmacDrbg(-0.5, '').generate(32))).toBe('49c137fba51181ba39fb721edc995501172a0e37ad7c883f974c60ae0da07b6a');
  });
});
