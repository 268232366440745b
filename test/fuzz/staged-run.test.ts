/**
 * Oracle amortisation (fuzz/core/staged-run.ts): the structure-aware loop runs a staged target's expensive
 * oracles on inputs that show something new and on a hash sample of the rest, never on none; run() — replay,
 * regressions, jsfuzz — always runs both stages; and every staged target's run() is its two stages in a row.
 */
import { describe, expect, it } from 'vitest';
import { OracleViolation } from '../../fuzz/core/oracle.js';
import { DESIGN_FILE_THOROUGH_SAMPLE, everyOracle, HARDWARE_THOROUGH_SAMPLE, MANIFEST_THOROUGH_SAMPLE, PRODUCT_FILE_THOROUGH_SAMPLE, sampledForThorough, sampleHash, stagedRunner, THOROUGH_SAMPLE } from '../../fuzz/core/staged-run.js';
import type { FuzzTarget } from '../../fuzz/core/target.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { TARGETS } from '../../fuzz/targets/registry.js';

const enc = (n: number) => new TextEncoder().encode(JSON.stringify({ n }));

/** A target whose expensive oracle fails on every multiple of 1000; its cheap stage reports one feature per hundred. */
function countingTarget(log: { staged: number[]; thorough: number[] }, thoroughSample?: number): FuzzTarget<{ n: number }> {
  const runner = stagedRunner({
    ...(thoroughSample !== undefined ? { thoroughSample } : {}),
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

  it("samples one input in the runner's thoroughSample when it states one: the design-file targets, app-manifest and product-file one in 32, the others one in THOROUGH_SAMPLE", () => {
    const log = { staged: [] as number[], thorough: [] as number[] };
    const target = countingTarget(log, 32);
    const loop = new StructuredLoop(target, target.setup(), 7);
    loop.addInitial(enc(1));
    for (let i = 0; i < 400; i++) loop.step();
    const seen = new Set<number>();
    const rule = (oneIn: number) =>
      log.staged.filter((n, i) => {
        const fresh = !seen.has(Math.floor(n / 100));
        seen.add(Math.floor(n / 100));
        return i === 0 || fresh || sampledForThorough(enc(n), oneIn);
      });
    expect(log.thorough).toEqual(rule(32));
    seen.clear();
    // Not the default's sample: some input of these was sampled at one in 8 and not at one in 32.
    expect(rule(THOROUGH_SAMPLE).length).toBeGreaterThan(log.thorough.length);
    // An input sampled at one in 32 is sampled at one in 8 too (the same residue): fewer samples, never others.
    const hits = Array.from({ length: 4000 }, (_, i) => enc(i));
    expect(hits.filter((b) => sampledForThorough(b, 32) && !sampledForThorough(b)).length).toBe(0);
    const sampleOf = (id: string) => TARGETS.find((t) => t.id === id)!.setup().thoroughSample ?? THOROUGH_SAMPLE;
    for (const id of ['platform-design', 'protocol-design', 'requirement-profile', 'update-design']) expect(sampleOf(id)).toBe(DESIGN_FILE_THOROUGH_SAMPLE);
    expect(sampleOf('app-manifest')).toBe(MANIFEST_THOROUGH_SAMPLE);
    expect(sampleOf('product-file')).toBe(PRODUCT_FILE_THOROUGH_SAMPLE);
    // hardware-definition's planted bugs show in its cheap stage (a reader TypeError, resolve.chain): its round trip at one in 32.
    expect(sampleOf('hardware-definition')).toBe(HARDWARE_THOROUGH_SAMPLE);
    // The binary formats keep one in 8: their planted bugs show in the expensive stage, often on inputs that show nothing new.
    for (const id of ['image-package', 'update-metadata', 'attestation-messages']) expect(sampleOf(id)).toBe(THOROUGH_SAMPLE);
   }, 120_000);

  it('a crash only the expensive oracle sees is reported when sampled, and run() (replay) finds it whatever the sample says', () => {
    const log = { staged: [] as number[], thorough: [] as number[] };
    const target = countingTarget(log);
    const runner = target.setup();
    // Enough multiples that one of them is sampled at one in THOROUGH_SAMPLE (40 were enough at one in 8).
    const multiples = Array.from({ length: 8 * THOROUGH_SAMPLE }, (_, i) => 2000 + 1000 * i);
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

  it('remembers the last hash by the input it was asked of, never for another input', () => {
    // The worker asks sampleHash of an input the loop has just asked it of (the benchmark's sample): remembered by
    // identity. Another input, even right after, gets its own hash; an equal copy gets the same one.
    const inputs = Array.from({ length: 64 }, (_, i) => enc(i * 7919));
    const fresh = inputs.map((b) => sampleHash(b.slice()));
    const asked = inputs.map((b) => [sampleHash(b), sampleHash(b)]);
    expect(asked.map(([a]) => a)).toEqual(fresh);
    expect(asked.map(([, again]) => again)).toEqual(fresh);
    expect(new Set(fresh).size).toBeGreaterThan(60);
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
