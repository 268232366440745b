/**
 * A public point secretKey·G is derived in one place, formats/image-package/signing-key.ts publicPointOf
 * (node:crypto; noble only to refuse an invalid scalar with noble's error). noble's getPublicKey builds
 * its table of multiples of G on first use, about 60–140 ms of CPU: one call at module load (the
 * forger's client key in properties/hardware-root-of-trust/design-quote.ts) made every `verify` pay it
 * on the main thread, though nothing else there multiplies G with noble (issue 15). Read from every
 * source file, so a new call cannot slip past.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFilesUnder } from './source-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const THE_ONE_PLACE = join('formats', 'image-package', 'signing-key.ts');

/** Calls of noble's getPublicKey on a curve object (p256.getPublicKey, p2562.getPublicKey, …), not Pluton's or node's. */
export const nobleGetPublicKeyCalls = (text: string): number => [...text.matchAll(/\bp256\w*\.getPublicKey\(/g)].length;

describe('deriving public points', () => {
  it('no source file but signing-key.ts derives a public point with noble', () => {
    const offenders = ['cli', 'formats', 'model', 'emulator', 'properties', 'proofs', 'fuzz', 'reports']
      .flatMap((dir) => sourceFilesUnder(join(root, dir)))
      .filter((file) => relative(root, file) !== THE_ONE_PLACE && nobleGetPublicKeyCalls(readFileSync(file, 'utf8')) > 0)
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('the scan sees noble calls and lets the device\'s and node\'s own getPublicKey pass', () => {
    expect(nobleGetPublicKeyCalls('const k = p256.getPublicKey(secret, false);')).toBe(1);
    expect(nobleGetPublicKeyCalls("pluton.getPublicKey('factory'); ecdh.getPublicKey();")).toBe(0);
  });
});
