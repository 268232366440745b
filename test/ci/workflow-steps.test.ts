/**
 * The CI workflow's steps run locally, without GitHub: the commands action.yml and the GitLab template run
 * (ci/sevenfold-ci.sh lint, verify, fuzz-shard i/n on two "runners", fuzz-merge, gate), in a copy of the
 * sample device repository examples/ci/, on the built CLI (dist/: npm run build first, as for every CLI
 * test). Checks the SARIF, the merged corpus and the crash list, and that the gate fails with the worst
 * recorded exit code.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFuzzBuild } from '../../fuzz/engine/build.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const cli = join(root, 'dist', 'cli', 'main.js');
mkdirSync(join(root, 'fuzz-out'), { recursive: true });
const scratch = mkdtempSync(join(root, 'fuzz-out', '.ci-steps-test-'));
const repo = join(scratch, 'repo');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const env = {
  SEVENFOLD: `${process.execPath} ${cli}`,
  SEVENFOLD_PRODUCT: 'sevenfold.json',
  SEVENFOLD_HARDWARE: 'hardware/mt3620_rdb/sample_appliance.json',
  SEVENFOLD_VERIFY_ARGS: '--seed 42 --runs 20',
  SEVENFOLD_FUZZ_TARGETS: 'app-manifest,hardware-definition',
  SEVENFOLD_FUZZ_MODE: 'structured',
  SEVENFOLD_FUZZ_TIME: '120s',
  SEVENFOLD_FUZZ_ARGS: '--runs 60 --no-minimize',
  SEVENFOLD_SEED: '3',
};

function step(args: string[], extra: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn('bash', [join(root, 'ci', 'sevenfold-ci.sh'), ...args], { cwd: repo, env: { ...process.env, ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => done({ code, out }));
  });
}
const recorded = (name: string) => Number(readFileSync(join(repo, 'sevenfold-out', `exit-${name}`), 'utf8'));
const json = (path: string) => JSON.parse(readFileSync(join(repo, path), 'utf8'));

let gate: { code: number | null; out: string };
const logs: Record<string, string> = {};

beforeAll(async () => {
  expect(existsSync(cli), 'dist/cli/main.js: run npm run build').toBe(true);
  ensureFuzzBuild(root, () => {});
  cpSync(join(root, 'examples', 'ci'), repo, { recursive: true });
  logs.lint = (await step(['lint'])).out;
  // The check job and the two fuzz runners at once, as CI runs them; each runner has its own folder.
  const [verify, shard1, shard2] = await Promise.all([
    step(['verify']),
    step(['fuzz-shard', '1/2'], { SEVENFOLD_FUZZ_DIR: 'runner-1' }),
    step(['fuzz-shard', '2/2'], { SEVENFOLD_FUZZ_DIR: 'runner-2' }),
  ]);
  Object.assign(logs, { verify: verify.out, shard1: shard1.out, shard2: shard2.out });
  // A crash file from an earlier run whose bug is fixed (the input no longer fails): the merge replays it and drops it.
  mkdirSync(join(repo, 'runner-1', 'app-manifest', 'crashes'), { recursive: true });
  cpSync(join(repo, 'apps', 'HelloWorld_HighLevelApp', 'app_manifest.json'), join(repo, 'runner-1', 'app-manifest', 'crashes', 'crash-0123456789ab.bin'));
  logs.merge = (await step(['fuzz-merge', 'runner-1', 'runner-2'], { SEVENFOLD_FUZZ_DIR: 'merged' })).out;
  gate = await step(['gate']);
}, 400_000);

describe('the CI steps on the sample device repository', () => {
  it('lint writes SARIF 2.1.0 and records its exit code', () => {
    expect(recorded('lint'), logs.lint).toBe(0);
    const sarif = json('sevenfold-out/lint.sarif');
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.name).toBe('Sevenfold');
  });

  it('verify writes the audit report and its SARIF; the recorded code is the report\'s', () => {
    const report = json('sevenfold-out/report/report.json');
    expect(recorded('verify'), logs.verify).toBe(report.verification.exitCode);
    const sarif = json('sevenfold-out/report/report.sarif');
    expect(sarif.version).toBe('2.1.0');
    const errors = sarif.runs[0].results.filter((r: { level?: string }) => r.level === 'error');
    // A violated verdict comes with findings for code scanning, located in the product's files.
    expect(errors.length > 0).toBe(report.verification.verdict === 'violated');
    for (const r of errors) expect(r.ruleId).toEqual(expect.any(String));
  });

  it('each runner ran its shard: app-manifest on 1/2, hardware-definition on 2/2, from the product\'s own files', () => {
    expect(recorded('fuzz-shard-1'), logs.shard1).toBe(0);
    expect(recorded('fuzz-shard-2'), logs.shard2).toBe(0);
    expect(logs.shard1).toMatch(/shard 1\/2 of 2 campaigns \(seed 3\): app-manifest \[structured\]/);
    expect(logs.shard2).toMatch(/shard 2\/2 of 2 campaigns \(seed 3\): hardware-definition \[structured\]/);
    const manifest = readFileSync(join(repo, 'apps', 'HelloWorld_HighLevelApp', 'app_manifest.json'));
    expect(readdirSync(join(repo, 'runner-1', 'app-manifest', 'corpus'))).toContain(createHash('sha256').update(manifest).digest('hex'));
    expect(existsSync(join(repo, 'runner-1', 'app-manifest', 'results-structured.json'))).toBe(true);
    expect(existsSync(join(repo, 'runner-2', 'hardware-definition', 'results-structured.json'))).toBe(true);
  });

  it('the merge keeps a corpus per target and an empty crash list (a fixed crash replayed and dropped), as the results files say', () => {
    expect(recorded('fuzz-merge'), logs.merge).toBe(0);
    for (const target of ['app-manifest', 'hardware-definition']) {
      const results = json(`merged/${target}/results-merged.json`);
      expect(results).toMatchObject({ target, mode: 'merged', crashes: [] });
      if (target === 'app-manifest') expect(results.fixed).toEqual([expect.stringMatching(/runner-1\/app-manifest\/crashes\/crash-0123456789ab\.bin$/)]);
      expect(readdirSync(join(repo, 'merged', target, 'corpus'))).toHaveLength(results.corpusSize);
      expect(results.corpusSize).toBeGreaterThan(0);
      expect(results.corpusSize).toBeLessThanOrEqual(results.inputsRead);
    }
  });

  it('the gate exits with the worst recorded code', () => {
    const codes = ['lint', 'verify', 'fuzz-shard-1', 'fuzz-shard-2', 'fuzz-merge'].map(recorded);
    const worst = codes.includes(2) ? 2 : codes.includes(1) ? 1 : codes.includes(3) ? 3 : 0;
    expect(gate.code, gate.out).toBe(worst);
  });
});
