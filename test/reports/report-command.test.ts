/**
 * `sevenfold report` end to end, through the real program in-process: real verification runs of the
 * built-in product and of a flawed one, the files written, and the exit codes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_FUZZ_DIR } from '../../cli/commands/report-command.js';
import { writeCampaignResults } from '../../fuzz/engine/results-file.js';
import { DEFAULT_FUZZ_OUT } from '../../fuzz/engine/fuzz-out-folder.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { runCliInProcess } from '../cli-in-process.js';
import { flawedFile, root } from './fabricated-run.js';
import { auditReportValidator, sarifValidator } from './validators.js';

afterAll(async () => {
  await shutdownZ3();
});

async function report(args: string[], cwd = root) {
  const { code, stdout, stderr } = await runCliInProcess(['report', ...args], cwd);
  return { code, out: stdout, err: stderr };
}

describe('sevenfold report', () => {
  it('reads fuzz results from the folder sevenfold fuzz writes them to', () => {
    expect(DEFAULT_FUZZ_DIR).toBe(DEFAULT_FUZZ_OUT);
  });

  const out = mkdtempSync(join(tmpdir(), 'sevenfold-report-cli-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('reports the built-in product: every format, exit code of the verdict', async () => {
    const dir = join(out, 'builtin');
    const r = await report(['--out', dir, '--seed', '7', '--runs', '20', '--no-svg']);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(r.code).toBe({ holds: 0, violated: 1, unknown: 3 }[json.verification.verdict as string]);
    expect(json.product.source).toBe('builtin');
    expect(json.properties).toHaveLength(7);
    expect(json.verification.seed).toBe(7);
    // Re-runnable from the report: the product by its absolute path, every input hashed, the tool's commit.
    expect(json.verification.command).toContain(`--product ${join(root, 'products/mt3620-reference/sevenfold.json')} `);
    expect(json.inputs.length).toBeGreaterThan(3);
    for (const i of json.inputs) expect(i.sha256, i.absolutePath).toBe(createHash('sha256').update(readFileSync(i.absolutePath)).digest('hex'));
    expect(json.tool.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    expect(json.environment.cwd).toBe(root);
    expect(auditReportValidator()(json)).toBe(true);
    expect(sarifValidator()(JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8')))).toBe(true);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('```mermaid');
    expect(r.out).toContain('report.html');
    expect(r.out).toMatch(/verdict: \w+ \(\d hold, \d violated, \d unknown\) — exit \d/);
    expect(r.out).toContain('skipped: SVG files were not written (--no-svg).');
  });

  it('reports the flawed product as violated (exit 1), naming the culprit manifests and the command to reproduce', async () => {
    const dir = join(out, 'flawed');
    const r = await report(['--product', flawedFile, '--out', dir, '--seed', '42', '--runs', '20', '--format', 'md,sarif', '--no-svg']);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'report.md'))).toBe(true);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    expect(r.out).toMatch(/error compartmentalization: .*GPIO-3/);
    // The product by its absolute path: the command works from any folder.
    expect(r.out).toContain(`reproduce: sevenfold verify --property compartmentalization --product ${flawedFile} `);
    const sarif = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'));
    // The built-in platform fails defense-in-depth for every product (README); the product's own flaw is compartmentalization's.
    const fail = sarif.runs[0].results.find((x: { kind: string; ruleId: string }) => x.kind === 'fail' && x.ruleId === 'compartmentalization');
    expect(fail.ruleId).toBe('compartmentalization');
    expect([fail.locations[0].physicalLocation.artifactLocation.uri, ...fail.relatedLocations.map((l: { physicalLocation: { artifactLocation: { uri: string } } }) => l.physicalLocation.artifactLocation.uri)].sort()).toEqual([
      'test/fixtures/products/cross-core-block/apps/blinky-hl/app_manifest.json',
      'test/fixtures/products/cross-core-block/apps/dimmer-rt/app_manifest.json',
    ]);
    expect(fail.locations[0].physicalLocation.region.startLine).toBe(9);
      // The log states the exit code the command returned, and that its analysis was incomplete when a property was undecided.
    const invocation = sarif.runs[0].invocations[0];
    expect(invocation.exitCode).toBe(r.code);
    expect(invocation.executionSuccessful).toBe(!sarif.runs[0].results.some((x: { properties: { verdict?: string } }) => x.properties.verdict === 'unknown'));
  });

  it('uses reports/out/<product> by default', async () => {
    const t = mkdtempSync(join(tmpdir(), 'sevenfold-report-cwd-'));
    try {
      const r = await report(['--product', flawedFile, '--runs', '5', '--format', 'json', '--no-svg'], t);
      expect(r.code).toBe(1);
      expect(existsSync(join(t, 'reports/out/cross-core-block/report.json'))).toBe(true);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  });

  it('--fuzz: reads what sevenfold fuzz wrote, and a crash in it is exit 1 even when every property holds', async () => {
    const t = mkdtempSync(join(tmpdir(), 'sevenfold-report-fuzz-'));
    try {
      const crash = { key: 'TypeError at readManifest', headline: 'TypeError: x is undefined', stack: 'TypeError: x is undefined\n    at readManifest', file: join(t, 'crash.bin'), reportFile: join(t, 'crash.txt'), reproduce: 'npx sevenfold fuzz app-manifest --replay crash.bin', bytes: new Uint8Array([1]), originalSize: 1, foundAtMs: 5, known: false };
      const result = { target: 'app-manifest', mode: 'structured' as const, execs: 1000, elapsedMs: 2000, execsPerSec: 500, startupMs: 100, coverage: 40, corpus: 12, crashes: [crash], stoppedBy: 'time' as const };
      writeCampaignResults(join(t, DEFAULT_FUZZ_OUT), { result, startedAt: new Date(), seed: 3, workers: 1, corpus: 'corpus', reproduce: 'npx sevenfold fuzz app-manifest --seed 3', show: (p) => p });
      const r = await report(['--fuzz', '--out', join(t, 'out'), '--runs', '1', '--format', 'json', '--no-svg'], t);
      const json = JSON.parse(readFileSync(join(t, 'out', 'report.json'), 'utf8'));
      expect(json.fuzz.campaigns[0]).toMatchObject({ target: 'app-manifest', executions: 1000, seed: 3 });
      expect(r.out).toContain('fuzz: 1 crash in the included campaigns');
      expect(r.code).toBe({ holds: 1, violated: 1, unknown: 3 }[json.verification.verdict as string]);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  }, 120_000);

  it('fails fast, before verifying, when --out names a file or --fuzz names nothing', async () => {
    const t = mkdtempSync(join(tmpdir(), 'sevenfold-report-fast-'));
    try {
      const file = join(t, 'existing.txt');
      writeFileSync(file, 'not a folder');
      for (const [args, message] of [
        [['--out', file], `--out ${file}: is a file, not a folder; name a folder (it is created if missing)`],
        [['--out', join(file, 'sub')], `${file} is a file, so the folder cannot be made`],
        [['--fuzz', join(t, 'nothing')], 'no such file or folder'],
        [['--fuzz', t], 'no fuzz campaign results in it'],
      ] as const) {
        const started = Date.now();
        const r = await report([...args, '--no-svg']);
        expect(r.code).toBe(2);
        expect(r.err).toContain(message);
        expect(r.err).not.toMatch(/EEXIST|ENOTDIR/);
        expect(r.out).toBe('');
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  });

  it('exits 2 for an unknown format, a broken product, or an output folder it cannot write', async () => {
    expect((await report(['--format', 'pdf'])).code).toBe(2);
    const t = mkdtempSync(join(tmpdir(), 'sevenfold-report-bad-'));
    try {
      writeFileSync(join(t, 'sevenfold.json'), '{ "schemaVersion": 1, "name": "x", "chip": "mt3620", "apps": [ ');
      const broken = await report(['--out', join(t, 'out')], t);
      expect(broken.code).toBe(2);
      expect(broken.err).toContain('cannot verify');
      writeFileSync(join(t, 'file'), 'not a folder');
      const unwritable = await report(['--product', flawedFile, '--out', join(t, 'file'), '--runs', '5', '--no-svg']);
      expect(unwritable.code).toBe(2);
      expect(unwritable.err).toContain(`--out ${join(t, 'file')}: is a file, not a folder`);
    } finally {
      rmSync(t, { recursive: true, force: true });
    }
  });
});
