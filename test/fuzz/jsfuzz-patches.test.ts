/**
 * The jsfuzz work-arounds (fuzz/engine/jsfuzz-patches.ts): wide interesting values written whole (jsfuzz
 * 1.0.15 indexes its 16/32-bit tables with the 8-bit table's length), and the input limit raised to the target's.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { writeWideInteresting } from '../../fuzz/engine/jsfuzz-patches.js';
import { Rng } from '../../fuzz/core/rng.js';

describe('jsfuzz patches', () => {
  it('write 0xffff as a u16 and 65536 as a u32, values jsfuzz 1.0.15 never writes', () => {
    const rng = new Rng(9);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.alloc(8, 0x11);
      writeWideInteresting(buf, () => rng.float());
      const hex = buf.toString('hex');
      if (hex.includes('ffff') && !hex.includes('ffffff')) seen.add('u16 0xffff');
      if (hex.includes('00000100') || hex.includes('00010000')) seen.add('u32 65536');
      if (hex.includes('0010') || hex.includes('1000')) seen.add('4096');
    }
    expect([...seen].sort()).toEqual(['4096', 'u16 0xffff', 'u32 65536']);
  });

  it("replace jsfuzz's Corpus so that mutants may reach the target's input limit", () => {
    process.env['SEVENFOLD_FUZZ_MAX_INPUT'] = '16384';
    const fromRoot = createRequire(join(process.cwd(), 'package.json'));
    const corpus = createRequire(fromRoot.resolve('jsfuzz/build/src/fuzzer.js'))('./corpus') as { Corpus: new (d: string[], a: boolean) => { maxInputSize: number } };
    expect(corpus.Corpus.name).toBe('PatchedCorpus');
    const c = new corpus.Corpus([], false);
    expect(c.maxInputSize).toBeGreaterThan(4096);
  });
});
