/**
 * The engines: crash identity, minimization, the structure-aware loop reaching a bug behind the signature
 * check (which byte-level mutation cannot), and whole campaigns on the compiled CommonJS tree — including a
 * target that crashes, and one that does not load (jsfuzz itself would exit 0).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OracleViolation } from '../../fuzz/core/oracle.js';
import { crashIdentity } from '../../fuzz/core/stack.js';
import { projectRoot } from '../../fuzz/core/project-root.js';
import type { FuzzTarget, TargetRunner } from '../../fuzz/core/target.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { sampleHash } from '../../fuzz/core/staged-run.js';
import { minimizeCrash } from '../../fuzz/engine/minimize.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { runCampaign, type CampaignOptions } from '../../fuzz/engine/campaign.js';
import { findTarget } from '../../fuzz/targets/registry.js';
import { referenceCertificate, referenceSignatureValid } from '../../fuzz/targets/image/reference-reader.js';
import { LAB_CERT_PEM } from '../../fuzz/targets/shared/signing-keys.js';
import { parseImagePackage, signatureInfoOf } from '../../formats/image-package/index.js';

describe('crash identity', () => {
  const thrownAt = (file: string) => {
    const e = new TypeError("Cannot read properties of undefined (reading 'kind') at offset 1234");
    e.stack = `TypeError: ${e.message}\n    at readPeripheral (${file}:10:5)\n    at Array.forEach (<anonymous>)\n    at readManifest (${file.replace('read-manifest', 'other')}:3:1)\n    at Object.<anonymous> (/work/main/node_modules/vitest/x.js:1:1)`;
    return e;
  };

  it('is the same for the sources, the CommonJS build and a benchmark copy, and ignores numbers in the message', () => {
    const keys = ['/work/main/formats/manifest/read-manifest.ts', '/work/main/dist-fuzz/formats/manifest/read-manifest.js', '/work/main/fuzz-out/bench/planted/m1/dist-fuzz/formats/manifest/read-manifest.js'].map(
      (f) => crashIdentity(thrownAt(f)).key,
    );
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toBe("TypeError: Cannot read properties of undefined (reading S) at offset N at readPeripheral (formats/manifest/read-manifest) < readManifest (formats/manifest/other)");
  });

  it('names the oracle for an oracle violation', () => {
    expect(crashIdentity(new OracleViolation('roundtrip.model', 'differs: 1 vs 2')).key).toBe('oracle roundtrip.model');
    expect(crashIdentity('a string').key).toMatch(/^non-Error thrown/);
  });
});

/** The image target's codec, with a runner that has one planted bug behind the signature check. */
function plantedBehindSignature(): { target: FuzzTarget<unknown>; runner: TargetRunner } {
  const image = findTarget('image-package')!;
  const lab = referenceCertificate(LAB_CERT_PEM);
  const runner: TargetRunner = {
    run(bytes) {
      const parsed = parseImagePackage(bytes);
      if (!parsed.ok) return [`parse:${parsed.error.name}`];
      const sg = signatureInfoOf(parsed.image)!;
      if (sg.signingType === 3 && referenceSignatureValid(bytes, lab.key)) throw new Error('planted: signing type 3 accepted');
      return ['parse:ok', `type:${Math.min(sg.signingType, 9)}`, ...parsed.image.sections.map((s) => `tag:${s.tag}`)];
    },
  };
  return { target: image, runner };
}

describe('structure-aware loop', () => {
  it('reaches a bug behind the signature check, which byte-level mutation of the same seeds does not', () => {
    const { target, runner } = plantedBehindSignature();
    const structured = new StructuredLoop(target, runner, 7);
    for (const s of target.seeds()) structured.addInitial(s.bytes);
    let found: string | undefined;
    for (let i = 0; i < 20_000 && !found; i++) found = structured.step().crash?.identity.key;
    expect(found).toMatch(/planted: signing type N accepted/);

    const bytesOnly: FuzzTarget<unknown> = { ...target, structure: { ...target.structure, decode: () => undefined } };
    const havoc = new StructuredLoop(bytesOnly, runner, 7);
    for (const s of target.seeds()) havoc.addInitial(s.bytes);
    for (let i = 0; i < 5_000; i++) expect(havoc.step().crash).toBeUndefined();
  });

  it('steps a synchronous target without a promise and an asynchronous one with a promise, finding the same bug', async () => {
    const { target, runner } = plantedBehindSignature();
    const asyncRunner: TargetRunner = { run: (bytes) => Promise.resolve().then(() => runner.run(bytes)) };
    const found: (string | undefined)[] = [];
    for (const r of [runner, asyncRunner]) {
      const loop = new StructuredLoop(target, r, 7);
      for (const s of target.seeds()) await loop.addInitialAsync(s.bytes);
      let key: string | undefined;
      for (let i = 0; i < 20_000 && !key; i++) {
        const either = loop.stepEither();
        // the worker awaits only a promise: a synchronous target's step must not be one
        expect(either instanceof Promise).toBe(r === asyncRunner);
        key = (either instanceof Promise ? await either : either).crash?.identity.key;
      }
      found.push(key);
    }
    expect(found[0]).toMatch(/planted: signing type N accepted/);
    expect(found[1]).toBe(found[0]);
  });

  it('minimizes a crash structurally and by bytes, keeping the crash key', async () => {
    const manifest = findTarget('app-manifest')!;
    const runner: TargetRunner = {
      run(bytes) {
        if (Buffer.from(bytes).toString('utf8').includes('"EINT7"')) throw new RangeError('planted: EINT7');
        return [];
      },
    };
    const input = new TextEncoder().encode(JSON.stringify({ SchemaVersion: 1, Name: 'x'.repeat(40), Capabilities: { Gpio: [1, 2, 3], ExternalInterrupt: ['EINT3', 'EINT7'] }, CmdArgs: ['a', 'b'] }, null, 2));
    const key = crashIdentity(new RangeError('planted: EINT7')).key;
    const small = await minimizeCrash(manifest, runner, input, key, { timeMs: 10_000, maxAttempts: 10_000 });
    expect(Buffer.from(small).toString('utf8')).toBe('"EINT7"');
  });
});

describe('campaigns on the compiled tree', () => {
  const root = projectRoot();
  let tree: string;
  let scratch: string;
  let crashingTree: string;

  beforeAll(() => {
    tree = ensureFuzzBuild(root).tree;
    mkdirSync(join(root, 'fuzz-out'), { recursive: true }); // absent on a fresh clone
    scratch = mkdtempSync(join(root, 'fuzz-out', '.test-'));
    // A copy of the tree whose registry has one target that crashes on "BOOM" (written here, as CommonJS).
    crashingTree = join(scratch, 'tree');
    cpSync(tree, crashingTree, { recursive: true });
    writeFileSync(
      join(crashingTree, 'fuzz', 'targets', 'registry.js'),
      `"use strict";
const target = {
  id: 'boom', title: 'crashes on BOOM', oracles: [], maxInputBytes: 4096,
  setup: () => ({ run(bytes) { if (Buffer.from(bytes).toString('latin1').includes('BOOM')) throw new RangeError('planted: BOOM'); return [String(bytes.length % 7)]; } }),
  seeds: () => [{ name: 'a', bytes: Buffer.from('hello, the BOOM is here') }],
  structure: { decode: (b) => ({ text: Buffer.from(b).toString('latin1') }), encode: (s) => Buffer.from(s.text, 'latin1'), clone: (s) => ({ ...s }),
    mutate: (s, rng) => ({ text: s.text.slice(0, rng.int(s.text.length + 1)) + 'x' }), shrink: function* () {} },
};
exports.TARGETS = [target];
exports.findTarget = (id) => (id === 'boom' ? target : undefined);
`,
    );
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const options = (over: Partial<CampaignOptions>): CampaignOptions => ({
    target: 'app-manifest',
    mode: 'structured',
    timeMs: 60_000,
    seed: 1,
    workers: 1,
    corpusDir: join(scratch, `${over.target ?? 'x'}-${over.mode ?? 'structured'}-corpus`),
    crashDir: join(scratch, `${over.target ?? 'x'}-${over.mode ?? 'structured'}-crashes`),
    workDir: join(scratch, `${over.target ?? 'x'}-${over.mode ?? 'structured'}-work`),
    useSeeds: true,
    coverage: false,
    tree,
    root,
    stopOnCrash: false,
    minimize: true,
    minimizeMs: 5_000,
    inputTimeoutMs: 10_000,
    reproduceCommand: (f) => `npx sevenfold fuzz x --replay ${f}`,
    ...over,
  });

  it('runs a structure-aware campaign to its run limit and keeps the corpus', async () => {
    const result = await runCampaign(options({ target: 'image-package', runs: 300, workers: 2 }));
    expect(result.stoppedBy).toBe('runs');
    expect(result.execs).toBeGreaterThanOrEqual(300);
    expect(result.crashes).toEqual([]);
    expect(result.corpus).toBeGreaterThan(0);
  }, 120_000);

  it('saves a sample of the inputs a structure-aware campaign ran, chosen by their bytes, for the throughput benchmark', async () => {
    const sampleDir = join(scratch, 'sample-of-inputs');
    const result = await runCampaign(options({ target: 'app-manifest', runs: 600, coverage: true, sampleDir }));
    expect(result.stoppedBy).toBe('runs');
    expect(result.cpuMsRunning).toBeGreaterThan(0);
    const files = readdirSync(sampleDir);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(result.execs / 4);
    expect(files.every((f) => sampleHash(readFileSync(join(sampleDir, f))) % 16 === 5)).toBe(true);
    // The campaign says which inputs got the expensive oracles: app-manifest's round trip on new inputs, seeds and 1 in 32.
    expect(result.expensiveOracles?.sampleOneIn).toBe(32);
    expect(result.expensiveOracles!.inputs).toBeGreaterThan(0);
    expect(result.expensiveOracles!.inputs).toBeLessThan(result.execs);
  }, 120_000);

  it('runs jsfuzz to a run limit (jsfuzz has none of its own)', async () => {
    const result = await runCampaign(options({ target: 'app-manifest', mode: 'bytes', runs: 400 }));
    expect(result.stoppedBy).toBe('runs');
    expect(result.crashes).toEqual([]);
    expect(readdirSync(join(scratch, 'app-manifest-bytes-corpus')).length).toBeGreaterThan(0);
  }, 180_000);

  it('a campaign whose engine does not start within the start-up limit ran nothing and says so (never a plain time stop)', async () => {
    const result = await runCampaign(options({ target: 'image-package', timeMs: 60_000, startupLimitMs: 1 }));
    // Seeds may have run while the engine was starting; the fuzzing itself never began.
    expect(result.stoppedBy).toBe('startup');
  }, 120_000);

  it('the time budget starts at the first input: a campaign of 1 s still runs inputs after a slow start', async () => {
    const result = await runCampaign(options({ target: 'image-package', timeMs: 1_000, coverage: true }));
    expect(result.stoppedBy).toBe('time');
    expect(result.execs).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(result.startupMs + 1_000);
  }, 120_000);

  it('reports the second half of a structure-aware campaign\'s time on its own (the benchmark\'s steady rate), with a sample of that half\'s inputs', async () => {
    const laterSampleDir = join(scratch, 'sample-of-later-inputs');
    const result = await runCampaign(options({ target: 'app-manifest', timeMs: 2_000, laterSampleDir }));
    expect(result.stoppedBy).toBe('time');
    const half = result.laterHalf!;
    expect(half.execs).toBeGreaterThan(0);
    expect(half.execs).toBeLessThan(result.execs);
    // From a progress report past the middle of the 2 s to the end: at most the second half and the shutdown.
    expect(half.ms).toBeLessThanOrEqual(result.elapsedMs - result.startupMs - 1_000);
    expect(half.cpuMs).toBeGreaterThan(0);
    expect(half.cpuMs).toBeLessThan(result.cpuMsRunning!);
    // The row's baseline loops over these: inputs run in that half only (the worker starts at the campaign's flag), at most 600.
    const later = readdirSync(laterSampleDir);
    expect(later.length).toBeGreaterThan(0);
    expect(later.length).toBeLessThanOrEqual(Math.min(600, half.execs));
  }, 120_000);

  it('counts a CPU budget in CPU time of the process (timeBudget cpu): it runs until it has used it, however busy the machine', async () => {
    const result = await runCampaign(options({ target: 'app-manifest', timeMs: 1_500, timeBudget: 'cpu', corpusDir: join(scratch, 'cpu-budget-corpus') }));
    expect(result.stoppedBy).toBe('time');
    // Looked at every 50 ms; the worker stops within 16 inputs of the flag.
    expect(result.cpuMsRunning!).toBeGreaterThanOrEqual(1_500);
    expect(result.cpuMsRunning!).toBeLessThan(1_500 + 1_000);
    // The second half from half of it (at a progress report, every 500 ms of the clock).
    const half = result.laterHalf!;
    expect(half.cpuMs).toBeGreaterThan(0);
    expect(half.cpuMs).toBeLessThanOrEqual(result.cpuMsRunning! - 750);
  }, 180_000);

  it('repeats a campaign input for input (same seed and runs), its second half from the input count asked for: the throughput benchmark\'s paired run', async () => {
    const run = async (name: string, announced: string[]) =>
      runCampaign(
        options({
          target: 'app-manifest',
          coverage: true,
          runs: 900,
          laterHalfFromExec: 450,
          onLaterHalf: () => announced.push(name),
          corpusDir: join(scratch, `repeat-${name}-corpus`),
          sampleDir: join(scratch, `repeat-${name}-sample`),
        }),
      );
    const announced: string[] = [];
    const [first, again] = [await run('first', announced), await run('again', announced)];
    expect(announced).toEqual(['first', 'again']);
    for (const result of [first, again]) {
      expect(result.stoppedBy).toBe('runs');
      // From input 450 to the end: the worker reports as soon as it is past its share of laterHalfFromExec (it looks every
      // 16 inputs), not at its next report of every 500 ms, which on a fast target may come after the campaign is over.
      expect(result.laterHalf!.execs).toBeGreaterThan(0);
      expect(result.laterHalf!.execs).toBeLessThanOrEqual(result.execs - 450);
      expect(result.laterHalf!.execs).toBeGreaterThanOrEqual(result.execs - 450 - 16);
    }
    // The same inputs: the hash-sampled ones (1 in 16 of all inputs run) are the same files.
    const sampled = readdirSync(join(scratch, 'repeat-first-sample')).sort();
    expect(sampled.length).toBeGreaterThan(10);
    expect(readdirSync(join(scratch, 'repeat-again-sample')).sort()).toEqual(sampled);
  }, 180_000);

  it('fails loudly when jsfuzz cannot load the target (jsfuzz exits 0)', async () => {
    await expect(runCampaign(options({ target: 'no-such-target', mode: 'bytes', timeMs: 60_000, useSeeds: false }))).rejects.toThrow(/did not load the target/);
  }, 180_000);

  it.each(['bytes', 'structured'] as const)('saves a %s-mode crash minimized, with a report and a reproduce command', async (mode) => {
    const result = await runCampaign(options({ target: 'boom', mode, tree: crashingTree, timeMs: 60_000, stopOnCrash: true }));
    expect(result.stoppedBy).toBe('crash');
    expect(result.crashes).toHaveLength(1);
    const crash = result.crashes[0]!;
    expect(crash.key).toMatch(/^RangeError: planted: BOOM/);
    expect(readFileSync(crash.file, 'latin1')).toBe('BOOM');
    expect(readFileSync(crash.reportFile, 'utf8')).toContain(`reproduce:  npx sevenfold fuzz x --replay ${crash.file}`);
    expect(existsSync(crash.file)).toBe(true);
  }, 180_000);
});

describe('coverage counted while an input is made', () => {
  // A stand-in for the istanbul map: the codec's mutate "hits" a counter of its own each time (as the targets'
  // codecs in fuzz/targets/, an instrumented folder, do), the runner always the same one.
  function mutatorCoverage() {
    let pending = new Set<string>();
    const seen = new Set<string>();
    return {
      hit: (id: string) => pending.add(id),
      map: {
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
      },
    };
  }

  /** A one-byte target whose codec's decode or mutate may hit counters of its own, and whose reader always hits 'reader'. */
  function numberTarget(id: string, coverage: ReturnType<typeof mutatorCoverage>, codec: { decode?: () => void; mutate?: () => void }): { target: FuzzTarget<number>; runner: TargetRunner } {
    const runner: TargetRunner = {
      run: () => {
        coverage.hit('reader');
        return [];
      },
    };
    const target: FuzzTarget<number> = {
      id,
      title: `a target whose codec reaches new code on every call (${id})`,
      oracles: [],
      maxInputBytes: 16,
      setup: () => runner,
      seeds: () => [{ name: 'zero', bytes: new Uint8Array([0]) }],
      structure: {
        decode: (b) => (codec.decode?.(), b[0] ?? 0),
        encode: (n) => new Uint8Array([n & 0xff]),
        clone: (n) => n,
        mutate: (n) => (codec.mutate?.(), n + 1),
        shrink: function* () {},
      },
    };
    return { target, runner };
  }

  it('is not the input’s: a mutator that takes a new path every time adds nothing to the corpus', () => {
    const coverage = mutatorCoverage();
    let mutations = 0;
    const { target, runner } = numberTarget('mutator-coverage', coverage, { mutate: () => coverage.hit(`mutator-path-${mutations++}`) });
    const loop = new StructuredLoop(target, runner, 3, coverage.map);
    loop.addInitial(new Uint8Array([0]));
    for (let i = 0; i < 200; i++) loop.step();
    expect(mutations).toBeGreaterThan(100);
    expect(loop.corpus.length).toBe(1);
  });

  it('nor is what decoding an initial input ran: the coverage the campaign reports is the inputs\' own', () => {
    const coverage = mutatorCoverage();
    let decodes = 0;
    const { target, runner } = numberTarget('decoder-coverage', coverage, { decode: () => coverage.hit(`decoder-path-${decodes++}`) });
    const loop = new StructuredLoop(target, runner, 3, coverage.map);
    loop.addInitial(new Uint8Array([0]));
    loop.addInitial(new Uint8Array([1]));
    for (let i = 0; i < 20; i++) loop.step();
    expect(decodes).toBe(2);
    expect(loop.corpus.length).toBe(2);
    // Only the reader's counter: the decoder's were read out with the next seed before (madeInput drops them before a step).
    expect(loop.covered).toBe(1);
  });
});
