/**
 * `verify --jobs N`: properties decided in worker threads give the verdicts and evidence of the
 * single-threaded run (only measured times differ), keep the asked order, and a worker that cannot
 * decide turns its property into `unknown`, never `holds`. Runs the built dist/ (workers load .js).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');
const PROPERTIES = 'small-tcb,compartmentalization,defense-in-depth';

function verifyJson(jobs: number) {
  const run = spawnSync(process.execPath, [builtCli, 'verify', '--property', PROPERTIES, '--runs', '5', '--seed', '7', '--format', 'json', '--jobs', String(jobs)], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, json: JSON.parse(run.stdout) as { verdict: string; results: Array<Record<string, unknown>> } };
}

/** Measured durations are the only fields that may differ between runs. */
function withoutTimes(result: Record<string, unknown>): string {
  const copy = { ...result };
  delete copy['timings'];
  return JSON.stringify(copy).replace(/\d+(\.\d+)? ?ms\b/g, '<ms>');
}

describe('verify --jobs', () => {
  it('gives the same verdicts, summaries and evidence in worker threads as in one thread, in the asked order', () => {
    const one = verifyJson(1);
    const three = verifyJson(3);
    expect(three.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(three.status).toBe(one.status);
    expect(three.json.verdict).toBe(one.json.verdict);
    expect(three.json.results.map((r) => r['property'])).toEqual(PROPERTIES.split(','));
    expect(three.json.results.map(withoutTimes)).toEqual(one.json.results.map(withoutTimes));
  }, 180_000);

  it('streams each verdict as its worker finishes and ends with the same table', () => {
    const run = spawnSync(process.execPath, [builtCli, 'verify', '--property', PROPERTIES, '--runs', '5', '--seed', '7', '--jobs', '2'], { cwd: root, encoding: 'utf8' });
    const streamed = run.stdout.split('\n').filter((l) => /^\[\d\/3\] /.test(l));
    expect(streamed.map((l) => l.slice(0, 5))).toEqual(['[1/3]', '[2/3]', '[3/3]']);
    for (const id of PROPERTIES.split(',')) expect(streamed.some((l) => l.includes(id))).toBe(true);
    expect(run.stdout).toMatch(/^verdict: /m);
  }, 180_000);

  it('refuses a job count outside 1..7 before any work (exit 2)', () => {
    for (const bad of ['0', '8', '-1', 'two']) {
      const run = spawnSync(process.execPath, [builtCli, 'verify', '--jobs', bad], { cwd: root, encoding: 'utf8' });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain("option '--jobs <n>' argument");
      expect(run.stdout).toBe('');
    }
  });

  it('a worker that cannot load the product, or dies while starting, leaves its property unknown, never holds', async () => {
    const { runPropertiesInWorkers } = (await import(pathToFileURL(resolve(root, 'dist/properties/parallel/run-in-workers.js')).href)) as typeof import('../../properties/parallel/run-in-workers.js');
    const settings = { productFile: resolve(root, 'no-such-product/sevenfold.json'), requirementsOption: undefined, cwd: root, seed: 1, runs: 1, timeoutMs: 1000 };
    const jobs = [{ propertyId: 'small-tcb', command: 'x' }, { propertyId: 'compartmentalization', command: 'y' }];
    const seen: string[] = [];
    const unloadable = await runPropertiesInWorkers(jobs, 2, settings, { progress: () => {}, done: (r) => seen.push(r.property) });
    expect([...unloadable.values()].map((r) => r.verdict)).toEqual(['unknown', 'unknown']);
    expect(unloadable.get('small-tcb')!.summary).toContain('could not be loaded in the worker');
    expect(seen.sort()).toEqual(['compartmentalization', 'small-tcb']);

    // A requirements option with no folder to resolve it in: the worker throws while it starts, so its thread dies.
    const dying = await runPropertiesInWorkers(jobs, 2, { ...settings, requirementsOption: 'x.json', cwd: undefined as unknown as string }, { progress: () => {}, done: () => {} });
    for (const r of dying.values()) {
      expect(r.verdict).toBe('unknown');
      expect(r.summary).toMatch(/worker thread/);
    }
    expect(dying.size).toBe(2);
  }, 120_000);
});
