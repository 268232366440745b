/**
 * The update-metadata target's structure flags a signature highS; OpenSSL leaves s on either side at random.
 * Encoding puts s on the side the flag names (fuzz/targets/shared/signature-s-side.ts), and decoding keeps the
 * side it reads, so a structure's bytes say what the structure says: a signature not flagged was high half the
 * time, and decoding a high one dropped the flag.
 */
import { describe, expect, it } from 'vitest';
import { parseUpdateMetadata } from '../../formats/update-metadata/metadata.js';
import { hasHighS } from '../../fuzz/targets/shared/signature-s-side.js';
import { findTarget } from '../../fuzz/targets/registry.js';

describe('update-metadata structures keep the side of each signature', () => {
  const target = findTarget('update-metadata')!;
  const codec = target.structure!;
  const highSeed = target.seeds().find((s) => s.name === 'high-s')!;

  it('encodes a flagged signature high and an unflagged one low, every time', () => {
    const structure = codec.decode(highSeed.bytes)! as { signatures: { signer: string; highS?: boolean }[] };
    expect(structure.signatures.map((g) => g.highS === true)).toEqual([true, false]);
    const sides = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const parsed = parseUpdateMetadata(codec.encode(codec.clone(structure as never)));
      if (!parsed.ok) throw new Error(parsed.error.message);
      sides.add(parsed.metadata.signatures.map((g) => (hasHighS(g.signature) ? 'high' : 'low')).join(','));
    }
    expect([...sides]).toEqual(['high,low']);
  });

  it('decodes a signature by the side of its s', () => {
    for (let i = 0; i < 8; i++) {
      const again = codec.decode(codec.encode(codec.decode(highSeed.bytes)!))! as { signatures: { highS?: boolean }[] };
      expect(again.signatures.map((g) => g.highS === true)).toEqual([true, false]);
    }
  });
});
