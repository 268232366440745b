/**
 * A campaign's fuzzing worker runs with a young generation of 96 MB (fuzz/engine/workers.ts, FUZZ_WORKER_LIMITS):
 * the large design files' steps outlived V8's default new space. The worker is started through fuzzWorker on a
 * stand-in tree whose structured-worker.js reports the limits its thread got.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzWorker } from '../../fuzz/engine/workers.js';

describe("a campaign's fuzzing worker", () => {
  const tree = mkdtempSync(join(tmpdir(), 'sevenfold-worker-limits-'));
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it('gets a 96 MB young generation and the 2 GB old generation', async () => {
    mkdirSync(join(tree, 'fuzz', 'engine'), { recursive: true });
    writeFileSync(join(tree, 'package.json'), '{ "type": "commonjs" }\n');
    writeFileSync(join(tree, 'fuzz', 'engine', 'structured-worker.js'), "const w = require('node:worker_threads'); w.parentPort.postMessage(w.resourceLimits);\n");
    const worker = fuzzWorker({ kind: 'fuzz', target: 'app-manifest', tree, seed: 1, useSeeds: false, coverage: false, runs: 0 });
    const limits = await new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(limits['maxYoungGenerationSizeMb']).toBeGreaterThanOrEqual(96);
    expect(limits['maxOldGenerationSizeMb']).toBe(2048);
  });
});
