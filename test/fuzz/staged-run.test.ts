/**
 * Oracle amortisation (fuzz/core/staged-run.ts): the structure-aware loop runs a staged target's expensive
 * oracles on inputs that show something new and on a hash sample of the rest, never on none; run() — replay,
 * regressions, jsfuzz — always runs both stages; and every staged target's run() is its two stages in a row.
 */
import { describe, expect, it } from 'vitest';
import { OracleViolation } from '../../fuzz/core/oracle.js';
import { everyOracle, sampledForThorough, stagedRunner, THOROUGH_SAMPLE } from '../../fuzz/core/staged-run.js';
import type { FuzzTarget } from '../../fuzz/core/target.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { TARGETS } from '../../fuzz/targets/registry.js';

const enc = (n: number) => new TextEncoder().encode(JSON.stringify({ n }));

/** A target whose expensive oracle fails on every multiple of 1000; its cheap stage reports one feature per hundred. */
function countingTarget(log: { staged: number[]; thorough: number[] }): FuzzTarget<{ n: number }> {
  const runner = stagedRunner({
    codeUnderTest: () => {},
    stage(bytes) {
      const n = (JSON.parse(new TextDecoder().decode(bytes)) as { n: number }).n;
      log.staged.push(n);
      return {
        features: [`hundred:${Math.floor(n / 100)}`],
        thorough() {
          log.thorough.push(n);
          if (n % 1000 === 0 && n > 0) throw new OracleViolation('expensive.oracle', `${n}`);
          return [];
        },
      };
    },
  });
  return {
    id: 'counting',
    title: 'counting',
    oracles: [],
    maxInputBytes: 64,
    setup: () => runner,
    seeds: () => [],
    structure: {
      decode: (b) => JSON.parse(new TextDecoder().decode(b)) as { n: number },
      encode: (s) => enc(s.n),
      clone: (s) => ({ ...s }),
      mutate: (s, rng) => ({ n: rng.int(5000) + 1 }),
      shrink: () => [],
    },
  };
}

describe('oracle amortisation', () => {
  it('runs the expensive oracles on new behaviour and on the hash sample, and on no other input', () => {
    const log = { staged: [] as number[], thorough: [] as number[] };
    const target = countingTarget(log);
    const loop = new StructuredLoop(target, target.setup(), 7);
    loop.addInitial(enc(1));
    for (let i = 0; i < 400; i++) loop.step();
    // The rule, replayed over the inputs in the order they ran: new behaviour (a hundred not seen before), or sampled.
    const seen = new Set<number>();
    const expected = log.staged.filter((n, i) => {
      const fresh = !seen.has(Math.floor(n / 100));
      seen.add(Math.floor(n / 100));
      return i === 0 || fresh || sampledForThorough(enc(n));
    });
    expect(log.thorough).toEqual(expected);
    // Both kinds occur: skipped inputs, and sampled ones that showed nothing new.
    expect(log.thorough.length).toBeLessThan(log.staged.length);
    expect(log.staged.length).toBeGreaterThan(300);
  });

  it('a crash only the expensive oracle sees is reported when sampled, and run() (replay) finds it whatever the sample says', () => {
    const log = { staged: [] as number[], thorough: [] as number[] };
    const target = countingTarget(log);
    const runner = target.setup();
    const multiples = Array.from({ length: 40 }, (_, i) => 2000 + 1000 * i);
    const sampled = multiples.find((n) => sampledForThorough(enc(n)))!;
    const skipped = multiples.find((n) => !sampledForThorough(enc(n)))!;
    // The loop, with the hundred already seen: the sampled input crashes, the other is not checked.
    const loop = new StructuredLoop(target, runner, 1);
    loop.addInitial(enc(sampled + 1));
    loop.addInitial(enc(skipped + 1));
    const step = (loop as unknown as { execute(b: Uint8Array): { crash?: { identity: { key: string } } } }).execute.bind(loop);
    expect(step(enc(sampled)).crash?.identity.key).toBe('oracle expensive.oracle');
    expect(step(enc(skipped)).crash).toBeUndefined();
    // Replay runs every oracle.
    expect(() => runner.run(enc(skipped))).toThrow(OracleViolation);
    expect(() => everyOracle(runner.stage!(enc(sampled)))).toThrow(OracleViolation);
  });

  it('runs no structure-mutated input longer than the target\'s input limit', () => {
    const log = { staged: [] as number[], thorough: [] as number[] };
    const target = { ...countingTarget(log), structure: { ...countingTarget(log).structure, encode: (s: { n: number }) => (s.n % 2 ? enc(s.n) : new TextEncoder().encode(`{"n":${s.n}}`.padEnd(100, ' '))) } };
    const runner = target.setup();
    const lengths: number[] = [];
    const loop = new StructuredLoop(target, { run: runner.run, stage: (b) => (lengths.push(b.length), runner.stage!(b)) }, 3);
    loop.addInitial(enc(1));
    for (let i = 0; i < 200; i++) loop.step();
    expect(lengths.length).toBeGreaterThan(20);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(target.maxInputBytes);
  });

  it('samples about one input in THOROUGH_SAMPLE, as a function of the bytes alone', () => {
    const hits = Array.from({ length: 4000 }, (_, i) => sampledForThorough(enc(i))).filter(Boolean).length;
    expect(hits).toBeGreaterThan(4000 / THOROUGH_SAMPLE / 2);
    expect(hits).toBeLessThan((4000 / THOROUGH_SAMPLE) * 2);
    expect(sampledForThorough(enc(42))).toBe(sampledForThorough(enc(42)));
  });

  it('every synchronous target states its code under test, and a staged target runs both stages in run()', async () => {
    for (const target of TARGETS) {
      const runner = target.setup();
      const seed = target.seeds()[0]!.bytes;
      const ran = runner.run(seed);
      // The stateful protocol targets are asynchronous (their parties' receivers are): no synchronous baseline, no stages.
      if (typeof (ran as { then?: unknown }).then === 'function') {
        await ran;
        expect(runner.stage, target.id).toBeUndefined();
        continue;
      }
      expect(runner.codeUnderTest, target.id).toBeTypeOf('function');
      runner.codeUnderTest!(seed);
      if (!runner.stage) continue;
      const staged = runner.stage(seed);
      expect([...(ran as readonly string[])].sort(), target.id).toEqual([...staged.features, ...staged.thorough()].sort());
    }
  }, 120_000);
});
