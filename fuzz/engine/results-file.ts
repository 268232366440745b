/**
 * What a fuzz campaign leaves for `sevenfold report --fuzz`: one JSON results file per target and
 * mode, `<out>/<target>/results-<mode>.json`, rewritten by each campaign (the report shows the
 * latest). Both commands take the folder from DEFAULT_FUZZ_OUT (fuzz-out-folder.ts), so a bare `sevenfold fuzz` followed
 * by a bare `sevenfold report --fuzz` finds the results. The field names are the ones
 * reports/audit/fuzz.ts reads (documented in reports/README.md).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CampaignResult } from './campaign.js';

export interface CampaignRecord {
  result: CampaignResult;
  startedAt: Date;
  seed: number;
  workers: number;
  /** Shown as given (relative to the working directory when inside it). */
  corpus: string;
  /** The command that reruns the campaign. */
  reproduce: string;
  /** Paths as the user should see them. */
  show: (path: string) => string;
}

export function resultsFileOf(outDir: string, target: string, mode: string): string {
  return join(outDir, target, `results-${mode}.json`);
}

export function campaignResultsJson(record: CampaignRecord): unknown {
  const { result: r } = record;
  return {
    version: 1,
    target: r.target,
    engine: r.mode === 'bytes' ? 'jsfuzz (bytes, coverage-guided)' : `structure-aware${r.instrumented === false ? ' (behaviour features)' : ' (coverage-guided)'}`,
    mode: r.mode,
    startedAt: record.startedAt.toISOString(),
    durationMs: Math.round(r.elapsedMs),
    startupMs: Math.round(r.startupMs),
    executions: r.execs,
    execsPerSecond: Math.round(r.execsPerSec),
    corpusSize: r.corpus,
    corpusFolder: record.corpus,
    coverage: r.coverage,
    seed: record.seed,
    workers: record.workers,
    stoppedBy: r.stoppedBy,
    ...(r.expensiveOracles
      ? { expensiveOracles: { inputs: r.expensiveOracles.inputs, sampleOneIn: r.expensiveOracles.sampleOneIn, rule: `every input with new coverage or a new behaviour feature, every seed and corpus input, and 1 in ${r.expensiveOracles.sampleOneIn} of the rest by a hash of its bytes; the cheap oracles on every input` } }
      : {}),
    crashes: r.crashes.map((c) => ({ id: c.key, message: c.headline, input: record.show(c.file), stack: c.stack, reproduce: c.reproduce, foundAtMs: c.foundAtMs, known: c.known })),
    reproduce: record.reproduce,
  };
}

/** Writes the campaign's results file and returns its path. */
export function writeCampaignResults(outDir: string, record: CampaignRecord): string {
  const file = resultsFileOf(outDir, record.result.target, record.result.mode);
  mkdirSync(join(outDir, record.result.target), { recursive: true });
  writeFileSync(file, JSON.stringify(campaignResultsJson(record), null, 2) + '\n');
  return file;
}
