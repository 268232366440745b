/**
 * Two shards of a campaign, then a merge (fuzz/engine/shard.ts, merge.ts): the merged corpus covers at
 * least what each shard's corpus covered, and a crash that both shards found appears once. The crash is
 * planted in a copy of the compiled tree (as the planted-bug benchmark does), never in shipped code: the
 * copy's app-manifest target throws on inputs carrying a marker, and both shards start from such an input.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';
import { runCampaign, type CampaignResult } from '../../fuzz/engine/campaign.js';
import { inputName, readInputs } from '../../fuzz/engine/corpus-files.js';
import { measureCoverage, mergeShards, type MergeResult } from '../../fuzz/engine/merge.js';
import { shardPlan } from '../../fuzz/engine/shard.js';
import { findTarget } from '../../fuzz/targets/registry.js';

const root = projectRoot();
mkdirSync(join(root, 'fuzz-out'), { recursive: true });
const scratch = mkdtempSync(join(root, 'fuzz-out', '.shard-merge-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MARKER = 'PLANTED-SHARD-CRASH';
const TARGET = 'app-manifest';
let tree: string;
let shards: { corpus: string; crashes: string; result: CampaignResult }[];
let merged: MergeResult;
const mergedCorpus = join(scratch, 'merged', 'corpus');

/** The feature names the inputs of each folder cover, measured in one fresh instrumented worker (failing inputs left out). */
async function coverageOf(dirs: string[]): Promise<Set<string>[]> {
  const inputs = dirs.flatMap((dir, d) => readInputs(dir).map((i) => ({ ...i, d })));
  const reply = await measureCoverage(tree, TARGET, inputs, 120_000);
  const sets = dirs.map(() => new Set<string>());
  reply.inputs.forEach((r, i) => {
    if (r.crash === undefined) for (const f of r.features) sets[inputs[i]!.d]!.add(reply.names[f]!);
  });
  return sets;
}

beforeAll(async () => {
  const shipped = ensureFuzzBuild(root, () => {}).tree;
  tree = join(scratch, 'planted', 'dist-fuzz');
  cpSync(shipped, tree, { recursive: true });
  // Planted in the target's own module: the workers load a target from it (fuzz/engine/load-target.ts).
  appendFileSync(
    join(tree, 'fuzz', 'targets', `${TARGET}.js`),
    `\n;{ const t = Object.values(exports).find((x) => x && x.id === ${JSON.stringify(TARGET)}); const setup = t.setup.bind(t);
  t.setup = () => { const r = setup(); return { run(b) { if (Buffer.from(b).includes(${JSON.stringify(MARKER)})) throw new RangeError('planted crash for the shard and merge test'); return r.run(b); } }; }; }\n`,
  );
  const valid = Buffer.from(findTarget(TARGET)!.seeds()[0]!.bytes).toString('utf8');
  const planted = new TextEncoder().encode(valid.replace(/"Name"\s*:\s*"[^"]*"/, `"Name": "${MARKER}"`));
  expect(Buffer.from(planted).includes(MARKER)).toBe(true);

  // One unit (app-manifest, structured) over two shards: two replicas, each half the runs, seeds apart.
  const plan = [1, 2].map((index) => shardPlan([{ target: TARGET, mode: 'structured' }], { index, count: 2 }, { timeMs: 120_000, runs: 200, seed: 11 })[0]!);
  expect(plan.map((u) => u.seed)).toHaveLength(2);
  shards = await Promise.all(
    plan.map(async (unit, i) => {
      const dir = join(scratch, `shard-${i + 1}`, TARGET);
      const corpus = join(dir, 'corpus');
      const crashes = join(dir, 'crashes');
      mkdirSync(corpus, { recursive: true });
      writeFileSync(join(corpus, inputName(planted)), planted);
      const result = await runCampaign({
        target: TARGET, mode: unit.mode, timeMs: unit.timeMs, runs: unit.runs!, seed: unit.seed, workers: 1,
        corpusDir: corpus, crashDir: crashes, workDir: join(dir, 'work'), useSeeds: true, coverage: true, tree, root,
        stopOnCrash: false, minimize: false, minimizeMs: 0, inputTimeoutMs: 10_000, reproduceCommand: (f) => `replay ${f}`,
      });
      return { corpus, crashes, result };
    }),
  );
  merged = await mergeShards({
    target: TARGET, corpora: shards.map((s) => s.corpus), crashDirs: shards.map((s) => s.crashes),
    corpusDir: mergedCorpus, crashDir: join(scratch, 'merged', 'crashes'), tree, inputTimeoutMs: 10_000, reproduceCommand: (f) => `replay ${f}`,
  });
}, 300_000);

describe('two shards, then a merge', () => {
  it('each shard found the planted crash', () => {
    for (const s of shards) expect(s.result.crashes.map((c) => c.headline)).toEqual([expect.stringContaining('planted crash')]);
  });

  it('keeps the planted crash once, replayed, with both shards as where it was found', () => {
    expect(merged.crashes).toHaveLength(1);
    expect(merged.crashes[0]!.key).toMatch(/^RangeError: planted crash/);
    expect(merged.crashes[0]!.foundIn.filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    expect(readdirSync(join(scratch, 'merged', 'crashes')).sort()).toEqual([expect.stringMatching(/^crash-[0-9a-f]{12}\.bin$/), expect.stringMatching(/^crash-[0-9a-f]{12}\.txt$/)]);
    // The crashing input is not kept as a corpus input.
    expect(readInputs(mergedCorpus).some((i) => Buffer.from(i.bytes).includes(MARKER))).toBe(false);
  });

  it('keeps a corpus that covers at least what each shard covered, with fewer inputs than the union', async () => {
    expect(merged.instrumented).toBe(true);
    const [a, b, m] = (await coverageOf([shards[0]!.corpus, shards[1]!.corpus, mergedCorpus])) as [Set<string>, Set<string>, Set<string>];
    expect(a.size).toBeGreaterThan(0);
    expect([...a].filter((f) => !m.has(f))).toEqual([]);
    expect([...b].filter((f) => !m.has(f))).toEqual([]);
    const union = new Set([...readInputs(shards[0]!.corpus), ...readInputs(shards[1]!.corpus)].map((i) => i.name));
    // Minimal: the shards explored from the same seeds, so much of what they kept overlaps and is dropped
    // (measured: 44 of 84 inputs kept); the planted input is not counted.
    expect(merged.kept).toBeLessThan(union.size - 1);
    expect(readInputs(mergedCorpus)).toHaveLength(merged.kept);
  }, 240_000);
});
