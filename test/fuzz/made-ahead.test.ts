/**
 * The structure-aware loop makes its inputs MADE_AHEAD at a time and then runs them one per step (structured-loop.ts):
 * making an input between two runs of the code under test left that code's working set cold. Guarded here: the
 * order of making and running, that what the mutator ran is still never counted as an input's coverage, and that a
 * campaign is still a function of its seed.
 */
import { describe, expect, it } from 'vitest';
import type { FuzzTarget, TargetRunner } from '../../fuzz/core/target.js';
import { MADE_AHEAD, StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import type { CoverageMap } from '../../fuzz/engine/coverage.js';

/** A one-byte target that writes 'm' to the log when its codec mutates and 'r' when its reader runs. */
function loggedTarget(log: string[], hit?: (id: string) => void): { target: FuzzTarget<number>; runner: TargetRunner } {
  const runner: TargetRunner = {
    run: (bytes) => {
      log.push('r');
      hit?.('reader');
      // Every value is new behaviour at first, so inputs join the corpus while the batch made before them runs.
      return [`v:${bytes[0]! % 50}`];
    },
  };
  const target: FuzzTarget<number> = {
    id: 'made-ahead',
    title: 'a target that logs its mutations and runs',
    oracles: [],
    maxInputBytes: 16,
    setup: () => runner,
    seeds: () => [{ name: 'zero', bytes: new Uint8Array([0]) }],
    structure: {
      decode: (b) => b[0] ?? 0,
      encode: (n) => new Uint8Array([n & 0xff]),
      clone: (n) => n,
      mutate: (n, rng) => (log.push('m'), hit?.(`mutator-${log.length}`), n + 1 + rng.int(7)),
      shrink: function* () {},
    },
  };
  return { target, runner };
}

describe('inputs made ahead', () => {
  it(`makes MADE_AHEAD (${MADE_AHEAD}) inputs, then runs them one per step`, () => {
    expect(MADE_AHEAD).toBeGreaterThan(1);
    const log: string[] = [];
    const { target, runner } = loggedTarget(log);
    const loop = new StructuredLoop(target, runner, 5);
    loop.addInitial(new Uint8Array([0]));
    log.length = 0;
    const steps = 4 * MADE_AHEAD;
    for (let i = 0; i < steps; i++) loop.step();
    // One in twenty inputs is byte havoc, which makes no 'm': count the runs and where the mutations fall.
    const text = log.join('');
    expect(text.split('r').length - 1).toBe(steps);
    // Every run of mutations comes before a run of MADE_AHEAD inputs: no mutation between two of a batch's runs.
    const runsOfRuns = text.split(/m+/).filter((s) => s.length > 0);
    for (const r of runsOfRuns) expect(r.length % MADE_AHEAD).toBe(0);
    expect(text.startsWith('m')).toBe(true);
    expect(loop.corpus.length).toBeGreaterThan(1);
  });

  it('still drops what making a batch ran: a mutator that takes a new path every time adds nothing to the corpus', () => {
    let pending = new Set<string>();
    const seen = new Set<string>();
    const coverage: CoverageMap = {
      collectNew() {
        let fresh = 0;
        for (const id of pending) if (!seen.has(id)) (seen.add(id), fresh++);
        pending = new Set();
        return fresh;
      },
      discard() {
        pending = new Set();
      },
      get features() {
        return seen.size;
      },
      get covered() {
        return seen.size;
      },
    };
    const log: string[] = [];
    const { target, runner } = loggedTarget(log, (id) => pending.add(id));
    // Behaviour features all the same, so only coverage could add an input.
    const sameBehaviour: TargetRunner = { run: (b) => (runner.run(b), []) };
    const loop = new StructuredLoop(target, sameBehaviour, 3, coverage);
    loop.addInitial(new Uint8Array([0]));
    for (let i = 0; i < 10 * MADE_AHEAD; i++) loop.step();
    expect(log.filter((e) => e === 'm').length).toBeGreaterThan(5 * MADE_AHEAD);
    expect(loop.corpus.length).toBe(1);
    expect(loop.covered).toBe(1);
  });

  it('runs the same inputs for the same seed', () => {
    const ran = (seed: number) => {
      const { target, runner } = loggedTarget([]);
      const loop = new StructuredLoop(target, runner, seed);
      loop.addInitial(new Uint8Array([0]));
      return Array.from({ length: 5 * MADE_AHEAD + 3 }, () => loop.step().ran?.[0]);
    };
    expect(ran(11)).toEqual(ran(11));
    expect(ran(11)).not.toEqual(ran(12));
  });
});
