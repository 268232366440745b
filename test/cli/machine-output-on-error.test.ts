/**
 * Every command with a machine-readable stdout format, stopped before its result (exit 2): query reach, diff,
 * attacks, image show (--format json), lint (--format json and sarif), and any of them (verify too) refused by the
 * option parser. Each still exits 2 with its error on stderr, and now also writes a document on stdout that says
 * why (was: 0 bytes, so a CI step parsing stdout failed with no reason): JSON with `error` {kind, message,
 * exitCode} and the located diagnostics, and no status, grants or results; for lint's SARIF, a log that validates
 * against the SARIF 2.1.0 schema, whose run did not execute successfully and carries the error as notifications.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { sarifValidator } from '../reports/validators.js';

const t = tempDir();
afterAll(() => t.cleanup());
/** How the CLI prints a path under the temporary folder. */
const shown = (rel: string) => displayPath(join(t.dir, rel));

const manifest = { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [8] }, ApplicationType: 'Default' };
const productText = (extra = '') => `{\n  "schemaVersion": 1,\n  "name": "Blink",\n  "chip": "mt3620",${extra}\n  "apps": [ { "manifest": "apps/blink/app_manifest.json" } ]\n}\n`;

function productIn(folder: string, text: string): string {
  t.write(`${folder}/apps/blink/app_manifest.json`, manifest);
  return t.write(`${folder}/sevenfold.json`, text);
}

interface ErrorDocument {
  version: number;
  error: { kind: string; message: string; exitCode: number };
  product?: { file: string; source: string };
  diagnostics: { severity: string; code: string | number; name: string; file: string; pointer: string; line: number; column: number; message: string }[];
  [input: string]: unknown;
}

async function run(args: string[]): Promise<{ code: number; doc: ErrorDocument; stderr: string }> {
  const { code, stdout, stderr } = await runCliInProcess(args, t.dir);
  return { code, doc: JSON.parse(stdout) as ErrorDocument, stderr };
}

/** Exit 2 in the document too, and no key of a result document: nothing in it reads as an answer. */
function expectErrorOnly(doc: ErrorDocument, kind: 'usage' | 'input'): void {
  expect(doc.version).toBe(1);
  expect(doc.error).toMatchObject({ kind, exitCode: 2 });
  for (const key of ['status', 'verdict', 'results', 'grants', 'capabilityGrants', 'witness', 'files', 'summary']) expect(doc).not.toHaveProperty(key);
}

describe('query reach --format json, stopped before an answer', () => {
  it('a missing product file: PathNotFound at it, and the product it was given', async () => {
    const { code, doc, stderr } = await run(['query', 'reach', '--from', 'Blink', '--to', 'Gpio:8', '--product', 'nowhere/sevenfold.json', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'input');
    expect(doc.error.message).toBe(`cannot use ${shown('nowhere/sevenfold.json')}`);
    expect(doc.product).toEqual({ file: shown('nowhere/sevenfold.json'), source: 'option' });
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'SF0008', name: 'PathNotFound', file: shown('nowhere/sevenfold.json') })]);
    expect(stderr).toContain(`sevenfold query reach: cannot use ${shown('nowhere/sevenfold.json')}: fix the errors above first`);
  });

  it('bad JSON: the syntax error at its line and column', async () => {
    productIn('bad-json', '{\n  "schemaVersion": 1,\n  "name": "Broken"\n  "chip": "mt3620"\n}\n');
    const { code, doc, stderr } = await run(['query', 'reach', '--from', 'Blink', '--to', 'Gpio:8', '--product', 'bad-json', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'input');
    expect(doc.diagnostics).toEqual([expect.objectContaining({ severity: 'error', name: 'InvalidJson', file: shown('bad-json/sevenfold.json'), line: 4, column: 3 })]);
    expect(stderr).toContain(`${shown('bad-json/sevenfold.json')}:4:3: error`);
  });

  it('an app the product does not have: a usage error naming its apps', async () => {
    productIn('good', productText());
    const { code, doc, stderr } = await run(['query', 'reach', '--from', 'Thermostat', '--to', 'Gpio:8', '--product', 'good', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'usage');
    expect(doc.error.message).toBe('--from: no app named "Thermostat"; apps: Blink');
    expect(doc.product).toEqual({ file: shown('good/sevenfold.json'), source: 'option' });
    expect(doc.diagnostics).toEqual([]);
    expect(stderr).toBe('sevenfold query reach: --from: no app named "Thermostat"; apps: Blink');
  });
});

describe('diff --format json, stopped before a comparison', () => {
  it('an unknown field in the old product and a missing new one: both, in one document', async () => {
    productIn('typo', productText('\n  "colour": "red",'));
    const { code, doc, stderr } = await run(['diff', 'typo', 'gone/sevenfold.json', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'input');
    expect(doc.old).toBe(shown('typo/sevenfold.json'));
    expect(doc.new).toBe(shown('gone/sevenfold.json'));
    expect(doc.error.message).toBe(`cannot use ${shown('typo/sevenfold.json')}; cannot use ${shown('gone/sevenfold.json')}`);
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: 'SF3001', name: 'ProductInvalid', file: shown('typo/sevenfold.json'), pointer: '/colour', line: 5, column: 3, message: 'unknown field "colour"' }),
      expect.objectContaining({ name: 'PathNotFound', file: shown('gone/sevenfold.json') }),
    ]);
    expect(stderr).toContain(`sevenfold diff: cannot use ${shown('typo/sevenfold.json')}: fix the errors above first`);
    expect(stderr).toContain(`sevenfold diff: cannot use ${shown('gone/sevenfold.json')}: fix the errors above first`);
  });

  it('text format keeps stdout empty: the document is for --format json only', async () => {
    const { code, stdout } = await runCliInProcess(['diff', 'gone/sevenfold.json', 'gone/sevenfold.json'], t.dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});

describe('attacks --format json, stopped before any attack runs', () => {
  it('an unknown attack: a usage error', async () => {
    const { code, doc, stderr } = await run(['attacks', '--attack', 'tuf/teleport', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'usage');
    expect(doc.error.message).toMatch(/^unknown attack "tuf\/teleport"\. Known: tuf\//);
    expect(stderr).toMatch(/^sevenfold attacks: unknown attack "tuf\/teleport"/);
  });

  it('an update design with errors: each located, as UpdateDesignInvalid', async () => {
    t.write('update.json', '{\n  "name": "Mine"\n}\n');
    // The folder holds other tests' app manifests: without --product builtin the command would refuse to pick the built-in product.
    const { code, doc, stderr } = await run(['attacks', '--product', 'builtin', '--update', 'update.json', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'input');
    expect(doc.error.message).toBe(`cannot use the update design ${shown('update.json')}`);
    expect(doc.updateDesign).toBe(shown('update.json'));
    expect(doc.product).toMatchObject({ source: 'builtin' });
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    for (const d of doc.diagnostics) expect(d).toMatchObject({ severity: 'error', code: 'SF5001', name: 'UpdateDesignInvalid', file: shown('update.json') });
    expect(stderr).toContain(`sevenfold attacks: cannot use the update design ${shown('update.json')}`);
    expect(stderr).toContain(`${shown('update.json')}:1:1: error SF5001 UpdateDesignInvalid: `);
  });
});

describe('lint, stopped before it lints (a path it cannot use)', () => {
  it('--format json: the usage error, no files or summary', async () => {
    const { code, doc, stderr } = await run(['lint', 'missing-folder', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'usage');
    expect(doc.error.message).toBe('missing-folder: no such file or folder');
    expect(stderr).toBe('sevenfold lint: missing-folder: no such file or folder');
  });

  it('--format sarif: a valid SARIF 2.1.0 log whose run failed, with the error as a notification and no results', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['lint', 'missing-folder', '--format', 'sarif'], t.dir);
    expect(code).toBe(2);
    const sarif = JSON.parse(stdout);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs).toHaveLength(1);
    const [run] = sarif.runs;
    expect(run.results).toEqual([]);
    expect(run.invocations).toEqual([
      {
        executionSuccessful: false,
        exitCode: 2,
        commandLine: 'sevenfold lint missing-folder',
        toolExecutionNotifications: [{ level: 'error', message: { text: 'missing-folder: no such file or folder' } }],
      },
    ]);
    expect(stderr).toBe('sevenfold lint: missing-folder: no such file or folder');
  });

  it('--format sarif with two unusable paths: one error notification each', async () => {
    const { code, stdout, stderr } = await runCliInProcess(['lint', 'missing-folder', '--hardware-path', 'no-sdk', '--format', 'sarif'], t.dir);
    expect(code).toBe(2);
    const notifications = JSON.parse(stdout).runs[0].invocations[0].toolExecutionNotifications;
    expect(notifications).toEqual([
      { level: 'error', message: { text: 'missing-folder: no such file or folder' } },
      { level: 'error', message: { text: '--hardware-path no-sdk: not a folder' } },
    ]);
    expect(stderr).toBe('sevenfold lint: missing-folder: no such file or folder\nsevenfold lint: --hardware-path no-sdk: not a folder');
  });
});

describe('a command line the option parser refuses, with a machine-readable --format', () => {
  it('query reach without --to: a usage error document', async () => {
    const { code, doc, stderr } = await run(['query', 'reach', '--from', 'Blink', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'usage');
    expect(doc.error.message).toBe("required option '--to <resource>' not specified");
    expect(doc.diagnostics).toEqual([]);
    expect(stderr).toContain("error: required option '--to <resource>' not specified");
  });

  it('verify --format=json with a bad --runs: the option and why', async () => {
    const { code, doc } = await run(['verify', '--format=json', '--runs', 'many']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'usage');
    expect(doc.error.message).toMatch(/^option '--runs <n>' argument 'many' is invalid/);
  });

  it('lint --format sarif with a bad --fail-on: a valid SARIF log whose run failed', async () => {
    const { code, stdout } = await runCliInProcess(['lint', '.', '--format', 'sarif', '--fail-on', 'never'], t.dir);
    expect(code).toBe(2);
    const sarif = JSON.parse(stdout);
    expect(sarifValidator()(sarif)).toBe(true);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/^option '--fail-on <severity>' argument 'never' is invalid/);
  });

  it('report (its --format names files, not stdout) and text output keep stdout empty', async () => {
    for (const args of [['report', '--format', 'json', '--bogus'], ['query', 'reach', '--from', 'Blink'], ['diff', 'old.json', '--format', 'xml']]) {
      const { code, stdout } = await runCliInProcess(args, t.dir);
      expect(code).toBe(2);
      expect(stdout).toBe('');
    }
  });
});

describe('image show --format json, stopped before reading a package', () => {
  it('a missing file: an input error document', async () => {
    const { code, doc, stderr } = await run(['image', 'show', 'none.imagepackage', '--format', 'json']);
    expect(code).toBe(2);
    expectErrorOnly(doc, 'input');
    expect(doc.error.message).toMatch(/^none\.imagepackage: cannot read the file/);
    expect(stderr).toMatch(/^sevenfold image show: none\.imagepackage: cannot read the file/);
  });
});
