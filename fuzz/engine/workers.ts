/**
 * One-shot worker threads on a compiled tree: replay inputs (each with a time limit) and minimize a crash.
 * They run the target uninstrumented, apart from the campaign's fuzzing workers, so a crash found by
 * jsfuzz (instrumented) gets the same key as one found by the structure-aware mode.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerSetup } from './protocol.js';

export interface ReplayResult {
  name: string;
  ok: boolean;
  key?: string;
  headline?: string;
  stack?: string;
  ms: number;
}

export const workerFile = (tree: string): string => join(tree, 'fuzz', 'engine', 'structured-worker.js');

/**
 * A campaign's fuzzing worker (structured-worker.ts on `setup.tree`). Its young generation is 96 MB (32 MB
 * semi-spaces) instead of V8's 48 MB for a 2 GB heap: what a step makes (the mutant's tree, its parse, what the
 * oracles keep until the expensive stage) outlived the default new space and was copied and promoted, and the
 * collector's threads took as much CPU as the loop on the large design files. Measured in process (a worker, the
 * same 3,000 steps of seed 1, interleaved, load 4–6): CPU per step platform-design 1,780 → 1,300–1,350 µs,
 * requirement-profile 995–1,025 → 855–880, update-design 540–605 → 505–530; app-manifest, protocol-design and
 * hardware-definition within their noise (a 192 MB young generation did no better). The plain loop of the same
 * code (bench/fuzz/plain-loop-process.cjs) gained nothing from a larger one (platform-design 1,020–1,090 per
 * CPU-second either way). The process's peak resident memory went down, not up (one run each, 1,500 steps:
 * platform-design 364 → 218 MB, requirement-profile 267 → 185 MB): fewer objects reach the old generation.
 */
export const FUZZ_WORKER_LIMITS = { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 96 } as const;

export const fuzzWorker = (setup: WorkerSetup): Worker => new Worker(workerFile(setup.tree), { workerData: setup, resourceLimits: FUZZ_WORKER_LIMITS });

function runWorker<T extends WorkerMessage['type']>(
  setup: WorkerSetup,
  expect: T,
  timeoutMs: number,
): Promise<{ message: Extract<WorkerMessage, { type: T }> } | { timedOut: true } | { failed: string }> {
  return new Promise((resolveResult) => {
    const worker = new Worker(workerFile(setup.tree), { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
    let settled = false;
    const finish = (value: { message: Extract<WorkerMessage, { type: T }> } | { timedOut: true } | { failed: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolveResult(value);
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === expect) finish({ message: m as Extract<WorkerMessage, { type: T }> });
      else if (m.type === 'error') finish({ failed: m.message });
    });
    worker.on('error', (err) => finish({ failed: err.stack ?? err.message }));
    worker.on('exit', (code) => finish({ failed: `worker exited with code ${code}` }));
  });
}

/** Replays inputs one worker at a time per input, so that one hanging input is told apart from the rest. */
export async function replayInputs(tree: string, target: string, inputs: { name: string; bytes: Uint8Array }[], timeoutMs: number): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  // Batches share a worker; a batch that times out is replayed one input at a time to find the slow one.
  const batches: { name: string; bytes: Uint8Array }[][] = [];
  for (let i = 0; i < inputs.length; i += 64) batches.push(inputs.slice(i, i + 64));
  for (const batch of batches) {
    const r = await runWorker({ kind: 'replay', target, tree, seed: 0, useSeeds: false, coverage: false, inputs: batch }, 'replayed', timeoutMs + 15_000);
    if ('message' in r) {
      results.push(...r.message.results);
      continue;
    }
    if ('failed' in r && batch.length === 1) throw new Error(`replay worker failed: ${r.failed}`);
    for (const input of batch) {
      const one = await runWorker({ kind: 'replay', target, tree, seed: 0, useSeeds: false, coverage: false, inputs: [input] }, 'replayed', timeoutMs + 15_000);
      if ('message' in one) results.push(...one.message.results);
      else if ('timedOut' in one) results.push({ name: input.name, ok: false, key: 'timeout', headline: `the input ran longer than ${timeoutMs} ms`, stack: '', ms: timeoutMs });
      else results.push({ name: input.name, ok: false, key: 'worker failure', headline: one.failed.split('\n')[0] ?? one.failed, stack: one.failed, ms: 0 });
    }
  }
  return results;
}

export async function minimizeInput(tree: string, target: string, bytes: Uint8Array, key: string, timeMs: number): Promise<Uint8Array> {
  const r = await runWorker({ kind: 'minimize', target, tree, seed: 0, useSeeds: false, coverage: false, inputs: [{ name: 'crash', bytes }], key, minimizeMs: timeMs }, 'minimized', timeMs + 20_000);
  return 'message' in r ? r.message.bytes : bytes;
}
