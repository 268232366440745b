/**
 * The structure-aware loop may make its inputs in batches before it runs them (StructuredLoop's makeAhead; the
 * campaign's worker makes WORKER_MAKE_AHEAD at a time, for the caches' sake). Checked: every input made is run, in
 * the order it was made, none twice and none left out but the batch's unrun tail; an input found in a batch joins the
 * corpus as before (kept inputs are the ones that showed something new) and its mutants come from the next batch on;
 * a seeded loop runs the same inputs in the same order on every run (the paired benchmark repeats a campaign input for
 * input); and the planted bug of amortised-oracle-planted.test.ts (an oracle of the expensive stage only) is still
 * found by a seeded campaign that makes its inputs as the worker does.
 */
import { describe, expect, it } from 'vitest';
import { stagedRunner } from '../../fuzz/core/staged-run.js';
import type { FuzzTarget, TargetRunner } from '../../fuzz/core/target.js';
import { StructuredLoop, WORKER_MAKE_AHEAD } from '../../fuzz/engine/structured-loop.js';

const enc = (n: number) => new TextEncoder().encode(JSON.stringify({ n }));
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const dec = (b: Uint8Array) => (JSON.parse(text(b)) as { n: number }).n;

/** A target with one feature per hundred; its stage records each input run (as text, before reading it). */
function recordingTarget(ran: string[]): FuzzTarget<{ n: number }> {
  const runner = stagedRunner({
    codeUnderTest: () => {},
    stage: (bytes) => {
      ran.push(text(bytes));
      return { features: [`hundred:${Math.floor(dec(bytes) / 100)}`], thorough: () => [] };
    },
  });
  return {
    id: 'recording',
    title: 'recording',
    oracles: [],
    maxInputBytes: 64,
    setup: () => runner,
    seeds: () => [],
    structure: {
      decode: (b) => ({ n: dec(b) }),
      encode: (s) => enc(s.n),
      clone: (s) => ({ ...s }),
      // A mutant is its parent plus 1..300: the parent of each input run is known from the input.
      mutate: (s, rng) => ({ n: s.n + 1 + rng.int(300) }),
      shrink: () => [],
    },
  };
}

/** A seeded campaign from the input {"n":1}: the inputs made (the loop's nextInput, watched), the inputs run, the corpus. */
function campaign(makeAhead: number, steps: number) {
  const made: string[] = [];
  const ran: string[] = [];
  const target = recordingTarget(ran);
  const loop = new StructuredLoop(target, target.setup(), 11, undefined, undefined, { makeAhead });
  loop.addInitial(enc(1));
  ran.length = 0;
  // nextInput makes one input (TypeScript's private is not JavaScript's): every input made, in order.
  const inner = loop as unknown as { nextInput(): { bytes: Uint8Array } };
  const nextInput = inner.nextInput.bind(loop);
  inner.nextInput = () => {
    const m = nextInput();
    made.push(text(m.bytes));
    return m;
  };
  for (let i = 0; i < steps; i++) loop.step();
  return { made, ran, corpus: loop.corpus.map((e) => text(e.bytes)) };
}

describe('inputs made ahead, then run', () => {
  it('runs every input it made, in the order made, each once; a batch is made whole before any of it runs', () => {
    const { made, ran } = campaign(8, 100);
    expect(ran).toHaveLength(100);
    // 13 batches of 8 made (104 inputs) for 100 steps: the last batch's tail is not run.
    expect(made).toHaveLength(104);
    expect(ran).toEqual(made.slice(0, 100));
  });

  it('an input found in a batch is a parent only from the next batch on', () => {
    const { made, ran, corpus } = campaign(8, 400);
    expect(corpus.length).toBeGreaterThan(3);
    // A structural mutant is a corpus entry's number plus 1..300 (the mutator above); an entry that joined inside
    // batch k (inputs 8k..8k+7) can be the parent of inputs of batch k+1 on, never of the rest of its own batch.
    // (One input in twenty is byte havoc of an entry instead: not always JSON, so only the mutants are checked.)
    const number = (t: string) => {
      try {
        return (JSON.parse(t) as { n?: unknown }).n;
      } catch {
        return undefined;
      }
    };
    let checked = 0;
    for (let i = 0; i < ran.length; i++) {
      const n = number(ran[i]!);
      if (typeof n !== 'number' || ran[i] !== JSON.stringify({ n })) continue;
      const batchStart = i - (i % 8);
      const before = corpus.filter((t) => t === '{"n":1}' || made.indexOf(t) < batchStart).map((t) => number(t));
      const within = corpus.filter((t) => made.indexOf(t) >= batchStart && made.indexOf(t) < i).map((t) => number(t));
      const parentBefore = before.some((p) => typeof p === 'number' && n - p >= 1 && n - p <= 300);
      checked++;
      if (!parentBefore) expect(within.some((p) => typeof p === 'number' && n - p >= 1 && n - p <= 300), `input ${i} (${n}) has a parent only among the inputs run before it in its own batch`).toBe(false);
      expect(parentBefore, `input ${i} (${n}) has no parent that joined before its batch`).toBe(true);
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('a seeded loop runs the same inputs on every run, and one by one (makeAhead 1) it makes no input it does not run', () => {
    expect(campaign(WORKER_MAKE_AHEAD, 300).ran).toEqual(campaign(WORKER_MAKE_AHEAD, 300).ran);
    const single = campaign(1, 300);
    expect(single.made).toEqual(single.ran);
  });
});

describe('a planted bug that only an expensive-stage oracle sees, with inputs made as the worker makes them', () => {
  it('is found by a short seeded campaign of one of a few seeds', async () => {
    const { plantedProtocolTarget } = await import('./planted-protocol-rule.js');
    const runner: TargetRunner = plantedProtocolTarget.setup();
    let found: string | undefined;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]) {
      const loop = new StructuredLoop(plantedProtocolTarget, runner, seed, undefined, undefined, { makeAhead: WORKER_MAKE_AHEAD });
      for (const s of plantedProtocolTarget.seeds()) loop.addInitial(s.bytes);
      for (let step = 1; step <= 1500 && !found; step++) found = loop.step().crash?.identity.key;
      if (found) break;
    }
    expect(found).toBe('oracle rules.independent');
  }, 300_000);
});
