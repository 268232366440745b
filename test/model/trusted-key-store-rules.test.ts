/**
 * The trusted key store (model/platform/trusted-key-store.ts): which asset is one (a key store that is not secret),
 * the question asked first when a design names none (hardware-root-of-trust's key-store writes and
 * renewable-security's every-stage-renewable would otherwise hold over nothing), and which store the loaders read as
 * a signed image. Stated clause by clause on the built-in platform with one field changed in memory (mutation
 * testing, s31: the file had no test of its own).
 */
import { describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { isTrustedKeyStore, missingTrustedKeyStore, signedTrustedKeyStore } from '../../model/platform/trusted-key-store.js';

const builtin = loadPlatform(builtinPlatformFile()).design!;
const changed = (change: (d: PlatformDesign) => void): PlatformDesign => {
  const d = structuredClone(builtin);
  change(d);
  return d;
};
const asset = (d: PlatformDesign, id: string) => d.assets.find((a) => a.id === id)!;
const MISSING = '/assets names no trusted key store (a key-store asset that is not secret): where the public keys that may sign images are kept, who may write them and which update renews them is not stated';

describe('the trusted key store', () => {
  it('is a key store that is not secret: not a secret key store, not another kind, not nothing', () => {
    expect(isTrustedKeyStore(asset(builtin, 'trusted-key-store'))).toBe(true);
    expect(isTrustedKeyStore(asset(builtin, 'pluton-key-store'))).toBe(false);
    expect(isTrustedKeyStore(asset(builtin, 'rom-key-hash'))).toBe(false);
    expect(isTrustedKeyStore(undefined)).toBe(false);
  });

  it('a design naming none is asked about first; naming one, nothing is missing', () => {
    expect(missingTrustedKeyStore(builtin)).toBeUndefined();
    expect(missingTrustedKeyStore(changed((d) => (asset(d, 'trusted-key-store').secret = true)))).toBe(MISSING);
    expect(missingTrustedKeyStore(changed((d) => (d.assets = d.assets.filter((a) => a.id !== 'trusted-key-store'))))).toBe(MISSING);
  });

  it('the signed store the loaders read: the one in flash first, else the first kept elsewhere but eFuses; none without signedImage', () => {
    expect(signedTrustedKeyStore(builtin)?.id).toBe('trusted-key-store');
    expect(signedTrustedKeyStore(changed((d) => delete asset(d, 'trusted-key-store').signedImage))).toBeUndefined();
    // A second, unsigned store in Pluton listed first: the one in flash is still the one read.
    const inPlutonFirst = changed((d) => d.assets.unshift({ ...structuredClone(asset(d, 'trusted-key-store')), id: 'pluton-store', location: 'pluton', signedImage: undefined }));
    expect(signedTrustedKeyStore(inPlutonFirst)?.id).toBe('trusted-key-store');
    // No store in flash: the first elsewhere (not in eFuses) is read, signed or not.
    const noFlash = (d: PlatformDesign) => (d.assets = d.assets.filter((a) => a.id !== 'trusted-key-store'));
    const fusedThenSram = changed((d) => {
      const store = asset(d, 'trusted-key-store');
      noFlash(d);
      d.assets.push({ ...structuredClone(store), id: 'fused-store', location: 'efuse' }, { ...structuredClone(store), id: 'sram-store', location: 'sram' }, { ...structuredClone(store), id: 'later-store', location: 'pluton' });
    });
    expect(signedTrustedKeyStore(fusedThenSram)?.id).toBe('sram-store');
    const unsignedFirst = changed((d) => {
      const store = asset(d, 'trusted-key-store');
      noFlash(d);
      d.assets.push({ ...structuredClone(store), id: 'sram-store', location: 'sram', signedImage: undefined }, { ...structuredClone(store), id: 'later-store', location: 'pluton' });
    });
    expect(signedTrustedKeyStore(unsignedFirst)).toBeUndefined();
    // A secret key store is not a trusted one, signed or not.
    expect(signedTrustedKeyStore(changed((d) => (asset(d, 'trusted-key-store').secret = true)))).toBeUndefined();
  });
});
