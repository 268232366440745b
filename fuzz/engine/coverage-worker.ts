/**
 * Worker thread for `sevenfold fuzz --merge` (loaded from a compiled CommonJS tree): runs each input once
 * through the target, instrumented as the structure-aware mode is (istanbul, model and target code), and
 * reports what each one covered: the statement, function and branch counters it hit and the behaviour
 * features the target returned. Counters hit while loading the target are cleared first: every input has
 * them, so they tell inputs apart no more than nothing; so are those of a warm-up run of the seeds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { relative, resolve } from 'node:path';
import { coveredByFuzzing, instrumentRequires } from './coverage.js';
import { loadTarget } from './load-target.js';
import { crashIdentity } from '../core/stack.js';
import type { CoverageReply, CoverageRequest } from './merge.js';

type Counters = Record<string, number>;
declare const global: { __coverage__?: Record<string, { s: Counters; f: Counters; b: Record<string, number[]> }> };

const request = workerData as CoverageRequest;
const tree = resolve(request.tree);
const names: string[] = [];
const ids = new Map<string, number>();
const idOf = (name: string): number => {
  let id = ids.get(name);
  if (id === undefined) {
    id = names.length;
    names.push(name);
    ids.set(name, id);
  }
  return id;
};

/** The counters hit since the last call, as feature ids; every counter is reset. */
function takeHits(into: number[] | undefined): void {
  for (const [file, cov] of Object.entries(global.__coverage__ ?? {})) {
    const short = relative(tree, file).split('\\').join('/');
    for (const [kind, counters] of [['s', cov.s], ['f', cov.f]] as const) {
      for (const k in counters) {
        if (counters[k]! > 0) {
          into?.push(idOf(`${short} ${kind}${k}`));
          counters[k] = 0;
        }
      }
    }
    for (const k in cov.b) {
      const arms = cov.b[k]!;
      for (let i = 0; i < arms.length; i++) {
        if (arms[i]! > 0) {
          into?.push(idOf(`${short} b${k}.${i}`));
          arms[i] = 0;
        }
      }
    }
  }
}

async function main(): Promise<CoverageReply> {
  const instrumented = instrumentRequires(tree, coveredByFuzzing);
  const target = loadTarget(tree, request.target);
  if (!target) throw new Error(`no fuzz target "${request.target}" in ${tree}`);
  const runner = target.setup();
  // Warm-up: the seeds run first and their hits are cleared, so that what code does once per process (a
  // lazily built table, a cache) is counted for no input rather than for whichever input came first.
  for (const seed of target.seeds()) {
    try {
      await runner.run(seed.bytes);
    } catch {
      // a seed that fails is the regression tests' business
    }
  }
  takeHits(undefined);
  const inputs: CoverageReply['inputs'] = [];
  for (const { bytes } of request.inputs) {
    const features: number[] = [];
    let crash: string | undefined;
    try {
      for (const f of await runner.run(bytes)) features.push(idOf(`behaviour ${f}`));
    } catch (error) {
      crash = crashIdentity(error).key;
    }
    takeHits(features);
    inputs.push(crash === undefined ? { features } : { features, crash });
  }
  return { instrumented, names, inputs };
}

main().then(
  (reply) => parentPort!.postMessage({ ok: true, reply }),
  (error: unknown) => parentPort!.postMessage({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
