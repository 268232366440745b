/**
 * Preloaded (node --require) into the jsfuzz parent process, where jsfuzz mutates: works around two quirks
 * of jsfuzz 1.0.15's Corpus (build/src/corpus.js), by replacing the exported class with a subclass before
 * jsfuzz's fuzzer constructs it (it reads `corpus_1.Corpus` when it starts):
 *
 * - **Inputs cut at 4,096 bytes** (`maxInputSize`, fixed in the constructor): below the attestation messages'
 *   16 KiB limit and the update metadata's 64 KiB. The campaign passes the target's own limit
 *   (SEVENFOLD_FUZZ_MAX_INPUT); the subclass sets it after jsfuzz's constructor. Seeds are still read whole
 *   (jsfuzz loads them before any cut), so the bytes mode keeps its seeds; the cut applies to mutants only.
 * - **16- and 32-bit "interesting values" index the 8-bit table** (`INTERESTING16[rand(INTERESTING8.length)]`):
 *   only the first nine entries of each wider table are ever written, so 0xFFFF, 65536, 4096, 16, 32, 64 never
 *   appear as 16/32-bit values. The tables are module constants the subclass cannot reach, so it adds the
 *   missing mutation instead: after jsfuzz's own mutation, one input in eight gets one whole-table interesting
 *   value written as a u16 or u32, little- or big-endian, at a random offset (jsfuzz's Math.random, seeded by
 *   seed-math-random.ts, so a seeded campaign stays repeatable). jsfuzz's own biased choice still happens too.
 *
 * Not worked around: jsfuzz has no dictionary and no comparison feedback (the structure-aware mode has both).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const INTERESTING16 = [0x8000, 0xff7f, 128, 255, 256, 512, 1000, 1024, 4096, 32767, 0xff80, 0xffff, 0, 1, 16, 32, 64, 100, 127, 65535];
const INTERESTING32 = [0x80000000, 0xfa0000fa, 0xffff7fff, 32768, 65535, 65536, 0x05ffff05, 0x7fffffff, 0xffff8000, 0xffffff7f, 128, 255, 256, 512, 1000, 1024, 4096, 32767, 0xffffff80, 0xffffffff, 0, 1, 16, 32, 64, 100, 127];
const EXTRA_RATE = 1 / 8;

interface CorpusClass {
  new (dir: string[], onlyAscii: boolean): { maxInputSize: number; mutate(buf: Buffer): Buffer };
}

/** Writes one interesting value of a wider table into a mutant (in place). */
export function writeWideInteresting(buf: Buffer, random: () => number): void {
  const wide = buf.length >= 4 && random() < 0.5;
  if (buf.length < 2) return;
  const table = wide ? INTERESTING32 : INTERESTING16;
  const value = table[Math.floor(random() * table.length)]!;
  const at = Math.floor(random() * (buf.length - (wide ? 3 : 1)));
  const bigEndian = random() < 0.5;
  if (wide) bigEndian ? buf.writeUInt32BE(value >>> 0, at) : buf.writeUInt32LE(value >>> 0, at);
  else bigEndian ? buf.writeUInt16BE(value & 0xffff, at) : buf.writeUInt16LE(value & 0xffff, at);
}

function patchJsfuzz(): void {
  let corpusModule: { Corpus: CorpusClass };
  try {
    const root = process.env['SEVENFOLD_ROOT'] ?? process.cwd();
    const jsfuzzDir = dirname(createRequire(join(root, 'package.json')).resolve('jsfuzz/package.json'));
    corpusModule = createRequire(join(jsfuzzDir, 'build', 'src', 'fuzzer.js'))('./corpus') as { Corpus: CorpusClass };
  } catch {
    return; // jsfuzz is not there: the campaign reports that itself
  }
  const Original = corpusModule.Corpus;
  class PatchedCorpus extends Original {
    constructor(dir: string[], onlyAscii: boolean) {
      super(dir, onlyAscii);
      const limit = Number(process.env['SEVENFOLD_FUZZ_MAX_INPUT']);
      if (Number.isSafeInteger(limit) && limit > 0) this.maxInputSize = limit;
    }

    override mutate(buf: Buffer): Buffer {
      const out = super.mutate(buf);
      if (Math.random() < EXTRA_RATE) writeWideInteresting(out, Math.random);
      return out;
    }
  }
  corpusModule.Corpus = PatchedCorpus;
}

patchJsfuzz();
