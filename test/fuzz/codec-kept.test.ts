/**
 * The structure-aware loop tells the codec which structures join the corpus (StructureCodec.kept): the JSON codec
 * remembers their containers' printed texts there (core/json-tree.ts rememberPrintedTexts), and no longer every
 * mutant's. Checked: kept() sees each corpus entry's structure once, in the order they joined, seeds included, and
 * no structure that did not join; and the JSON targets' codec remembers a kept tree's texts (a mutant of it prints
 * what the plain printer prints).
 */
import { describe, expect, it } from 'vitest';
import { mutateJson } from '../../fuzz/core/json-mutate.js';
import { Rng } from '../../fuzz/core/rng.js';
import { stagedRunner } from '../../fuzz/core/staged-run.js';
import type { FuzzTarget } from '../../fuzz/core/target.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { appManifestTarget } from '../../fuzz/targets/app-manifest.js';
import { plainPrint } from './plain-json-print.js';

const enc = (n: number) => new TextEncoder().encode(JSON.stringify({ n }));

/** A target with one feature per hundred, whose codec records what it is told was kept. */
function recordingTarget(kept: { n: number }[]): FuzzTarget<{ n: number }> {
  const runner = stagedRunner({
    codeUnderTest: () => {},
    stage: (bytes) => ({ features: [`hundred:${Math.floor((JSON.parse(new TextDecoder().decode(bytes)) as { n: number }).n / 100)}`], thorough: () => [] }),
  });
  return {
    id: 'recording',
    title: 'recording',
    oracles: [],
    maxInputBytes: 64,
    setup: () => runner,
    seeds: () => [],
    structure: {
      decode: (b) => JSON.parse(new TextDecoder().decode(b)) as { n: number },
      encode: (s) => enc(s.n),
      clone: (s) => ({ ...s }),
      mutate: (_s, rng) => ({ n: rng.int(5000) + 1 }),
      shrink: () => [],
      kept: (s) => kept.push(s),
    },
  };
}

describe('the codec is told which structures join the corpus', () => {
  it('kept() sees each corpus entry once, seeds included, in the order they joined, and nothing else', () => {
    const kept: { n: number }[] = [];
    const target = recordingTarget(kept);
    const loop = new StructuredLoop(target, target.setup(), 7);
    loop.addInitial(enc(1));
    loop.addInitial(enc(250));
    for (let i = 0; i < 300; i++) loop.step();
    expect(loop.corpus.length).toBeGreaterThan(10);
    expect(loop.corpus.length).toBeLessThan(300);
    expect(kept).toHaveLength(loop.corpus.length);
    kept.forEach((s, i) => expect(s).toBe(loop.corpus[i]!.structure));
  });

  it("the JSON codec's kept tree is reused by its mutants' printing, which prints what the plain printer prints", () => {
    const codec = appManifestTarget.structure;
    const rng = new Rng(3);
    const seed = codec.decode(appManifestTarget.seeds()[0]!.bytes)!;
    codec.kept!(seed);
    const dict = { keys: ['Name', 'Capabilities', 'Gpio'], strings: ['x'], numbers: ['1'] };
    for (let i = 0; i < 200; i++) {
      const mutant = codec.clone(seed);
      mutant.tree = mutateJson(mutant.tree, rng, dict, () => seed.tree);
      expect(new TextDecoder().decode(codec.encode(mutant))).toBe((mutant.style.bom ? '\ufeff' : '') + plainPrint(mutant.tree, mutant.style));
    }
  });
});
