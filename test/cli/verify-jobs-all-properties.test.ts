/**
 * `verify --jobs N` decides every property as `--jobs 1` does: the same verdict, summary, requirements,
 * evidence and exit code for all seven, at 2 workers (several properties per worker) and at 7 (one each),
 * with an option that tunes one property (--faults) so that a worker left without the options shows.
 * Only what is measured may differ: durations, heap per state, states per second (stripped below).
 * verify-jobs.test.ts holds three properties at 3 workers and the dying-worker cases; this one the whole run.
 * Runs the built dist/ (workers load .js).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');

interface VerifyDocument {
  verdict: string;
  results: Array<Record<string, unknown> & { property: string; verdict: string }>;
}

function verifyJson(jobs: number): { status: number | null; stderr: string; doc: VerifyDocument } {
  // 20 runs at seed 3: enough for compartmentalization and certificate-authentication to hold, so the holds path is compared too.
  // The built-in product with busMasters [] (the fixture assumption): as it is, none of its seven holds (s38-proofs c09).
  const run = spawnSync(process.execPath, [builtCli, 'verify', '--product', 'test/fixtures/platforms/builtin-no-bus-masters/sevenfold.json', '--runs', '20', '--seed', '3', '--faults', '2', '--format', 'json', '--jobs', String(jobs)], { cwd: root, encoding: 'utf8', timeout: 400_000 });
  return { status: run.status, stderr: run.stderr, doc: JSON.parse(run.stdout) as VerifyDocument };
}

/** Fields and phrases that measure the run (time, memory, rate), not the device. */
const MEASURED_KEY = /^(timings|ms|peakHeapBytes|bytesPerState)$|Ms$|PerSecond$/;
const MEASURED_TEXT: [RegExp, string][] = [
  [/\d[\d,.]* ?ms\b/g, '<ms>'],
  [/[\d,]+ bytes (of heap )?per state/g, '<heap> per state'],
  [/[\d.]+ MiB/g, '<MiB>'],
  [/[\d,.]+ [a-z]+\/s\b/g, '<rate>'],
];

function withoutMeasurements(result: unknown): string {
  let text = JSON.stringify(result, (key, value: unknown) => (MEASURED_KEY.test(key) ? undefined : value));
  for (const [pattern, by] of MEASURED_TEXT) text = text.replace(pattern, by);
  return text;
}

describe.skipIf(!existsSync(builtCli))('verify --jobs N decides all seven properties as --jobs 1', () => {
  it('same verdicts, summaries, requirements, evidence and exit code at 1, 2 and 7 worker threads', () => {
    const one = verifyJson(1);
    expect(one.doc.results.map((r) => r.property)).toHaveLength(7);
    // The run compares something: at least one property of each verdict the built-in product gives.
    expect(new Set(one.doc.results.map((r) => r.verdict))).toEqual(new Set(['holds', 'violated', 'unknown']));
    for (const jobs of [2, 7]) {
      const many = verifyJson(jobs);
      expect(many.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
      expect(many.status).toBe(one.status);
      expect(many.doc.verdict).toBe(one.doc.verdict);
      expect(many.doc.results.map((r) => r.property)).toEqual(one.doc.results.map((r) => r.property));
      for (const [i, r] of many.doc.results.entries()) {
        expect({ jobs, property: r.property, verdict: r.verdict }).toEqual({ jobs, property: one.doc.results[i]!.property, verdict: one.doc.results[i]!.verdict });
        expect(withoutMeasurements(r)).toBe(withoutMeasurements(one.doc.results[i]));
      }
    }
  }, 900_000);
});
