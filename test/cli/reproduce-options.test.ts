/**
 * s37-plumbing: a command that claims to reproduce a verdict carries every option that changed what the run decided.
 * Before, the per-property commands of `verify` and `report` (each evidence item's "reproduce", and the report's
 * fallback for a finding) left out --timeout, and the report's fallback also --requirements: a check undecided at
 * --timeout 1 printed a command that, run, decided it at the default 10 s; a verdict decided against a stated profile
 * was replayed against the built-in one. A default run's commands read as before (no --timeout): README shows them.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { propertyCommand } from '../../reports/audit/findings.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { reproduceOptions } from '../../properties/reproduce-options.js';
import { captureIo, tempDir } from '../helpers.js';
import { fabricatedFlawedRun, flawedFile } from '../reports/fabricated-run.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtinProfile = join(root, 'model/requirements/profiles/seven-properties-azure-sphere.json');

afterAll(async () => {
  await shutdownZ3();
});

async function verifyJson(args: string[]) {
  const io = captureIo(root);
  const code = await runCli(['verify', '--product', 'builtin', '--property', 'defense-in-depth', '--seed', '1', '--runs', '5', '--format', 'json', ...args], io);
  const doc = JSON.parse(io.stdout()) as { results: Array<{ verdict: string; evidence?: Array<{ reproduce?: string }> }> };
  return { code, result: doc.results[0]! };
}

const reproduceLines = (result: { evidence?: Array<{ reproduce?: string }> }) => (result.evidence ?? []).flatMap((e) => (e.reproduce ? [e.reproduce] : []));

describe('reproduce commands carry the options that decided the verdict', () => {
  it('verify --timeout N (not the default): every evidence command of the property names --timeout N', async () => {
    const { code, result } = await verifyJson(['--timeout', '2500']);
    expect(code).toBe(1);
    const lines = reproduceLines(result);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/ --timeout 2500( |$)/);
  }, 120_000);

  it('verify at the default time limit: the commands read as before, without --timeout', async () => {
    const { result } = await verifyJson([]);
    const lines = reproduceLines(result);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain('--timeout');
  }, 120_000);

  it("the report's fallback command names the run's requirement profile and time limit when they are not the defaults", () => {
    const run = fabricatedFlawedRun();
    expect(propertyCommand(run, 'small-tcb')).toBe(`sevenfold verify --property small-tcb --product ${flawedFile} --seed ${run.seed} --runs ${run.runs}`);
    const t = tempDir();
    try {
      const profile = t.write('strict profile.json', readFileSync(builtinProfile, 'utf8'));
      const stated = { ...run, timeoutMs: 1, results: run.results.map((r) => ({ ...r, inputs: [{ role: 'requirement profile', path: profile, absolutePath: profile, sha256: 'x', builtin: false }] })) };
      expect(propertyCommand(stated, 'small-tcb')).toBe(`sevenfold verify --property small-tcb --product ${flawedFile} --seed ${run.seed} --requirements '${profile}' --runs ${run.runs} --timeout 1`);
    } finally {
      t.cleanup();
    }
  });

  it('the options helper: --requirements as given, --timeout only off the default', () => {
    expect(reproduceOptions({ runs: 200, timeoutMs: 10_000 })).toBe(' --runs 200');
    expect(reproduceOptions({ requirements: 'p.json', runs: 5, timeoutMs: 1 })).toBe(' --requirements p.json --runs 5 --timeout 1');
  });
});
