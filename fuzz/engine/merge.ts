/**
 * `sevenfold fuzz --merge`: after sharded campaigns (engine/shard.ts), one corpus and one crash list per
 * target.
 *
 * Corpus: the union of the shards' corpora (and what the destination held), cut to a minimal set that
 * keeps its coverage, as libFuzzer's -merge=1 does: every input is run once, instrumented
 * (engine/coverage-worker.ts), and then, smallest first, an input is kept only when it covers a counter or
 * a behaviour feature that no input kept before it does. So the kept set covers exactly the union's
 * features, and in particular what each shard's corpus covered. Without the instrumenter (no jsfuzz) the
 * union is kept whole: never less coverage than a shard had.
 *
 * Crashes: every crash input of every shard is replayed uninstrumented on this build, keyed by
 * crashIdentity (core/stack.ts), and kept once per key (the smallest input). An input that no longer fails
 * is listed as fixed, not kept. A corpus input that fails is treated as a crash too.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { inputName, readInputs } from './corpus-files.js';
import { crashFileId } from './crash-id.js';
import { replayInputs } from './workers.js';

export interface CoverageRequest {
  tree: string;
  target: string;
  inputs: { name: string; bytes: Uint8Array }[];
}

export interface CoverageReply {
  instrumented: boolean;
  /** Feature names; inputs refer to them by index. */
  names: string[];
  inputs: { features: number[]; crash?: string }[];
}

export interface MergeOptions {
  target: string;
  /** Corpus folders of the shards. */
  corpora: string[];
  /** Crash folders of the shards. */
  crashDirs: string[];
  /** Where the merged corpus and crashes go; what they hold already is merged too. */
  corpusDir: string;
  crashDir: string;
  tree: string;
  inputTimeoutMs: number;
  reproduceCommand: (file: string) => string;
}

export interface MergedCrash {
  key: string;
  headline: string;
  file: string;
  reportFile: string;
  /** The shard files that failed with this key. */
  foundIn: string[];
  reproduce: string;
}

export interface MergeResult {
  target: string;
  /** Distinct inputs read (by content). */
  inputs: number;
  kept: number;
  /** Features (counters and behaviour features) the kept corpus covers; undefined when not measured. */
  features?: number;
  /** Features of each source corpus, by folder (for the check that none is lost). */
  sourceFeatures: Record<string, number>;
  instrumented: boolean;
  crashes: MergedCrash[];
  /** Crash files that no longer fail on this build. */
  fixed: string[];
}

/** Coverage of each input on the target, measured in one instrumented worker. */
export function measureCoverage(tree: string, target: string, inputs: { name: string; bytes: Uint8Array }[], timeoutMs: number): Promise<CoverageReply> {
  return new Promise((resolveReply, reject) => {
    const worker = new Worker(join(tree, 'fuzz', 'engine', 'coverage-worker.js'), { workerData: { tree, target, inputs } satisfies CoverageRequest, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`measuring the coverage of ${inputs.length} inputs took longer than ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    worker.once('message', (m: { ok: true; reply: CoverageReply } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolveReply(m.reply);
      else reject(new Error(`the coverage worker failed:\n${m.message}`));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function mergeShards(options: MergeOptions): Promise<MergeResult> {
  // Every distinct input, with the folders that held it.
  const byName = new Map<string, { bytes: Uint8Array; from: Set<string> }>();
  const sources = [...options.corpora, options.corpusDir];
  const isInputName = (name: string) => /^[0-9a-f]{64}$/.test(name);
  for (const dir of sources) {
    // The shards' folders are read whole (a plain corpus folder may name its inputs anyhow); the destination
    // only for what the engines wrote there, files named by their SHA-256.
    for (const { name: file, bytes } of readInputs(dir)) {
      if (dir === options.corpusDir && !isInputName(file)) continue;
      const name = inputName(bytes);
      const known = byName.get(name);
      if (known) known.from.add(dir);
      else byName.set(name, { bytes, from: new Set([dir]) });
    }
  }
  const names = [...byName.keys()].sort((a, b) => byName.get(a)!.bytes.length - byName.get(b)!.bytes.length || (a < b ? -1 : 1));
  const inputs = names.map((name) => ({ name, bytes: byName.get(name)!.bytes }));

  let keep = new Set(names);
  let instrumented = false;
  let features: number | undefined;
  const sourceFeatures: Record<string, number> = {};
  const corpusCrashes: { name: string; bytes: Uint8Array }[] = [];
  if (inputs.length > 0) {
    const reply = await measureCoverage(options.tree, options.target, inputs, 60_000 + inputs.length * Math.min(options.inputTimeoutMs, 2_000));
    instrumented = reply.instrumented;
    const failing = new Set<string>();
    reply.inputs.forEach((r, i) => {
      if (r.crash !== undefined) {
        failing.add(names[i]!);
        corpusCrashes.push(inputs[i]!);
      }
    });
    if (instrumented) {
      const covered = new Set<number>();
      keep = new Set();
      reply.inputs.forEach((r, i) => {
        if (failing.has(names[i]!)) return;
        let adds = false;
        for (const f of r.features) {
          if (!covered.has(f)) {
            covered.add(f);
            adds = true;
          }
        }
        if (adds) keep.add(names[i]!);
      });
      features = covered.size;
      for (const dir of sources) {
        const of = new Set<number>();
        reply.inputs.forEach((r, i) => {
          if (byName.get(names[i]!)!.from.has(dir) && !failing.has(names[i]!)) for (const f of r.features) of.add(f);
        });
        sourceFeatures[dir] = of.size;
      }
    } else for (const n of failing) keep.delete(n);
  }

  // The destination holds the kept set: inputs it held that are not kept go, but only files named as the
  // engines name inputs (a SHA-256), so that nothing else someone keeps in the folder is deleted.
  mkdirSync(options.corpusDir, { recursive: true });
  for (const name of readdirSync(options.corpusDir)) {
    const file = join(options.corpusDir, name);
    if (isInputName(name) && statSync(file).isFile() && !keep.has(name)) rmSync(file);
  }
  for (const name of keep) {
    const file = join(options.corpusDir, name);
    if (!existsSync(file)) writeFileSync(file, byName.get(name)!.bytes);
  }

  const { crashes, fixed } = await mergeCrashes(options, corpusCrashes);
  return { target: options.target, inputs: names.length, kept: keep.size, ...(features !== undefined ? { features } : {}), sourceFeatures, instrumented, crashes, fixed };
}

async function mergeCrashes(options: MergeOptions, fromCorpus: { name: string; bytes: Uint8Array }[]): Promise<{ crashes: MergedCrash[]; fixed: string[] }> {
  const candidates: { name: string; bytes: Uint8Array }[] = [];
  for (const dir of [...options.crashDirs, options.crashDir]) {
    for (const input of readInputs(dir)) if (input.name.endsWith('.bin')) candidates.push({ name: join(dir, input.name), bytes: input.bytes });
  }
  candidates.push(...fromCorpus.map((c) => ({ name: `corpus input ${c.name}`, bytes: c.bytes })));
  const replayed = await replayInputs(options.tree, options.target, candidates, options.inputTimeoutMs);
  const byKey = new Map<string, { headline: string; stack: string; bytes: Uint8Array; foundIn: string[] }>();
  const fixed: string[] = [];
  replayed.forEach((r, i) => {
    const c = candidates[i]!;
    if (r.ok || r.key === undefined) {
      fixed.push(c.name);
      return;
    }
    const known = byKey.get(r.key);
    if (!known) byKey.set(r.key, { headline: r.headline ?? r.key, stack: r.stack ?? '', bytes: c.bytes, foundIn: [c.name] });
    else {
      known.foundIn.push(c.name);
      if (c.bytes.length < known.bytes.length) known.bytes = c.bytes;
    }
  });
  // The destination's crash files are rewritten from the replay: one per key that still fails.
  mkdirSync(options.crashDir, { recursive: true });
  for (const name of readdirSync(options.crashDir)) if (/^crash-[0-9a-f]+\.(bin|txt)$/.test(name)) rmSync(join(options.crashDir, name));
  const crashes: MergedCrash[] = [];
  for (const [key, c] of [...byKey].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const id = crashFileId(options.target, key);
    const file = join(options.crashDir, `crash-${id}.bin`);
    const reportFile = join(options.crashDir, `crash-${id}.txt`);
    const reproduce = options.reproduceCommand(file);
    writeFileSync(file, c.bytes);
    writeFileSync(reportFile, [`target:     ${options.target}`, `crash key:  ${key}`, `error:      ${c.headline}`, `found in:   ${c.foundIn.join(', ')}`, `input:      ${file} (${c.bytes.length} bytes)`, `reproduce:  ${reproduce}`, '', c.stack, ''].join('\n'));
    crashes.push({ key, headline: c.headline, file, reportFile, foundIn: c.foundIn, reproduce });
  }
  return { crashes, fixed };
}
