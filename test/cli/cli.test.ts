import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { PROPERTIES } from '../../properties/registry.js';
import { VALID_MANIFEST, captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const builtCli = resolve(root, 'dist/cli/main.js');

describe('sevenfold CLI', () => {
  it('lists every command with an example and the exit codes in --help', async () => {
    const io = captureIo();
    expect(await runCli(['--help'], io)).toBe(0);
    const help = io.stdout();
    for (const command of ['lint', 'verify']) {
      expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
      expect(help).toMatch(new RegExp(`\\$ sevenfold ${command}`));
    }
    expect(help).toContain('3  unknown');
  });

  it('exits 2 on an unknown option or command', async () => {
    expect(await runCli(['lint', '--bogus', 'x'], captureIo())).toBe(2);
    expect(await runCli(['frobnicate'], captureIo())).toBe(2);
  });

  it('verify with no arguments checks the built-in product and exits 3 while no property has a check', async () => {
    const io = captureIo(root);
    const code = await runCli(['verify'], io);
    const unchecked = PROPERTIES.filter((p) => !p.check).length;
    expect(io.stdout()).toContain('built-in default product');
    if (unchecked > 0) {
      expect(code).toBe(3);
      expect(io.stdout()).toMatch(/verdict: (unknown|violated)/);
    }
    for (const p of PROPERTIES) expect(io.stdout()).toContain(p.id);
  });

  it('verify rejects an unknown property with exit 2 and lists the known ones', async () => {
    const io = captureIo();
    expect(await runCli(['verify', '--property', 'compartmentalisation'], io)).toBe(2);
    expect(io.stderr()).toContain('compartmentalization');
  });

  it('verify --format json gives one verdict per requested property', async () => {
    const io = captureIo(root);
    await runCli(['verify', '--property', 'compartmentalization,failure-reporting', '--format', 'json'], io);
    const report = JSON.parse(io.stdout()) as { results: { property: string; verdict: string }[]; verdict: string };
    expect(report.results.map((r) => r.property)).toEqual(['compartmentalization', 'failure-reporting']);
    for (const r of report.results) expect(['holds', 'violated', 'unknown']).toContain(r.verdict);
  });

  it('verify exits 2 with located errors for a broken product file', async () => {
    const t = tempDir();
    try {
      const file = t.write('sevenfold.json', '{ "schemaVersion": 1, "name": "x", "chip": "mt3620", "apps": [ ');
      const io = captureIo(t.dir);
      expect(await runCli(['verify', '--product', file], io)).toBe(2);
      expect(io.stderr()).toMatch(/sevenfold\.json:1:\d+: error 2097153 InvalidJson/);
    } finally {
      t.cleanup();
    }
  });

  it('lint exits 0 on clean input, 1 on errors, 2 on a missing path', async () => {
    const t = tempDir();
    try {
      t.write('good/app_manifest.json', VALID_MANIFEST);
      t.write('bad/app_manifest.json', { ...VALID_MANIFEST, SchemaVersion: 3 });
      const good = captureIo(t.dir);
      expect(await runCli(['lint', resolve(t.dir, 'good')], good)).toBe(0);
      expect(good.stdout()).toMatch(/1 file \(1 manifest, 0 hardware definitions\): 0 errors/);
      const bad = captureIo(t.dir);
      expect(await runCli(['lint', resolve(t.dir, 'bad')], bad)).toBe(1);
      expect(bad.stdout()).toMatch(/bad\/app_manifest\.json:2:3: error 2097169 IncompatibleSchemaVersion/);
      const missing = captureIo(t.dir);
      expect(await runCli(['lint', resolve(t.dir, 'nowhere')], missing)).toBe(2);
      expect(missing.stderr()).toContain('no such file or folder');
    } finally {
      t.cleanup();
    }
  });

  it('lint --format json is machine-readable and includes resolved references', async () => {
    const io = captureIo(root);
    const product = resolve(root, 'products/mt3620-reference');
    await runCli(['lint', product, '--hardware', resolve(product, 'hardware/sevenfold_thermostat.json'), '--format', 'json'], io);
    const out = JSON.parse(io.stdout()) as { files: { kind: string; references?: { raw: string; value: unknown }[] }[]; diagnostics: unknown[] };
    const refs = out.files.flatMap((f) => f.references ?? []);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.find((r) => r.raw === '$THERMOSTAT_BUTTON_UP')?.value).toBe(12);
    expect(out.diagnostics).toEqual([]);
  });

  it.skipIf(!existsSync(builtCli))('the built bin runs from a clean process and exits with the verdict code', () => {
    const run = spawnSync(process.execPath, [builtCli, 'verify', '--property', 'compartmentalization'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).toContain('compartmentalization');
    expect([0, 1, 3]).toContain(run.status);
    const lint = spawnSync(process.execPath, [builtCli, 'lint', 'products'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(lint.status).toBe(0);
    expect(lint.stderr).toBe('');
  });
});
