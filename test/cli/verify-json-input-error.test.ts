/**
 * `verify --format json` on input it cannot verify (bad JSON, an unknown field, a missing file, a broken requirement
 * profile, an unknown property): still exit 2 with the located error on stderr, and now also a JSON document on
 * stdout that names the error (kind, message) and its located diagnostics (file, pointer, line, column, code), with
 * no verdict and no results (was: nothing on stdout, so a CI step parsing it failed with no reason).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { join } from 'node:path';
import { displayPath } from '../../formats/diagnostics/display-path.js';

const t = tempDir();
afterAll(() => t.cleanup());
/** How the CLI prints a path under the temporary folder (relative to the process's working directory, or absolute). */
const shown = (rel: string) => displayPath(join(t.dir, rel));

const manifest = { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [8] }, ApplicationType: 'Default' };

interface ErrorDocument {
  version: number;
  error: { kind: string; message: string; exitCode: number };
  product?: { file: string; source: string };
  diagnostics: { severity: string; code: string | number; name: string; file: string; pointer: string; line: number; column: number; message: string }[];
}

async function verifyJson(args: string[]): Promise<{ code: number; doc: ErrorDocument; stderr: string }> {
  const { code, stdout, stderr } = await runCliInProcess(['verify', '--format', 'json', '--property', 'small-tcb', ...args], t.dir);
  return { code, doc: JSON.parse(stdout) as ErrorDocument, stderr };
}

function productWith(folder: string, text: string): string {
  t.write(`${folder}/apps/blink/app_manifest.json`, manifest);
  return t.write(`${folder}/sevenfold.json`, text);
}

function expectNoVerdict(doc: ErrorDocument): void {
  expect(doc).not.toHaveProperty('verdict');
  expect(doc).not.toHaveProperty('results');
  expect(doc.version).toBe(1);
  expect(doc.error.exitCode).toBe(2);
}

describe('verify --format json on a product it cannot verify', () => {
  it('bad JSON: a document with the syntax error located, exit 2, the same error on stderr', async () => {
    productWith('bad-json', '{\n  "schemaVersion": 1,\n  "name": "Broken"\n  "chip": "mt3620"\n}\n');
    const { code, doc, stderr } = await verifyJson(['--product', 'bad-json']);
    expect(code).toBe(2);
    expectNoVerdict(doc);
    expect(doc.error).toMatchObject({ kind: 'input', message: `cannot verify ${shown('bad-json/sevenfold.json')}` });
    expect(doc.product).toEqual({ file: shown('bad-json/sevenfold.json'), source: 'option' });
    expect(doc.diagnostics).toEqual([expect.objectContaining({ severity: 'error', name: 'InvalidJson', file: shown('bad-json/sevenfold.json'), line: 4, column: 3 })]);
    expect(stderr).toContain(`${shown('bad-json/sevenfold.json')}:4:3: error`);
    expect(stderr).toContain(`sevenfold verify: cannot verify ${shown('bad-json/sevenfold.json')}: fix the errors above first`);
  });

  it('an unknown field: its pointer, code and message', async () => {
    productWith('unknown-field', '{\n  "schemaVersion": 1,\n  "name": "Typo",\n  "chip": "mt3620",\n  "colour": "red",\n  "apps": [ { "manifest": "apps/blink/app_manifest.json" } ]\n}\n');
    const { code, doc, stderr } = await verifyJson(['--product', 'unknown-field']);
    expect(code).toBe(2);
    expectNoVerdict(doc);
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: 'SF3001', name: 'ProductInvalid', file: shown('unknown-field/sevenfold.json'), pointer: '/colour', line: 5, column: 3, message: 'unknown field "colour"' }),
    ]);
    expect(stderr).toContain(`${shown('unknown-field/sevenfold.json')}:5:3: error SF3001 ProductInvalid: unknown field "colour" [/colour]`);
  });

  it('a missing file: PathNotFound at that path', async () => {
    const { code, doc, stderr } = await verifyJson(['--product', 'nowhere/sevenfold.json']);
    expect(code).toBe(2);
    expectNoVerdict(doc);
    expect(doc.diagnostics).toEqual([expect.objectContaining({ code: 'SF0008', name: 'PathNotFound', file: shown('nowhere/sevenfold.json'), pointer: '' })]);
    expect(stderr).toContain('PathNotFound: file not found');
  });

  it('a requirement profile with errors: each located, under its own code', async () => {
    t.write('profile.json', '{\n  "name": "Mine"\n}\n');
    const { code, doc, stderr } = await verifyJson(['--requirements', 'profile.json']);
    expect(code).toBe(2);
    expectNoVerdict(doc);
    expect(doc.error.message).toBe(`cannot use the requirement profile ${shown('profile.json')}`);
    expect(doc.diagnostics.length).toBeGreaterThan(0);
    for (const d of doc.diagnostics) expect(d).toMatchObject({ severity: 'error', code: 'SF5201', name: 'RequirementsInvalid', file: shown('profile.json') });
    // On stderr as the product's own design files print theirs: severity and code (they were bare `file:1:1: message`).
    expect(stderr).toContain(`${shown('profile.json')}:1:1: error SF5201 RequirementsInvalid: missing required field "schemaVersion"`);
  });

  it('an unknown property: a usage error, no diagnostics', async () => {
    const { code, doc, stderr } = await verifyJson(['--property', 'tamper-proofing']);
    expect(code).toBe(2);
    expectNoVerdict(doc);
    expect(doc.error.kind).toBe('usage');
    expect(doc.error.message).toContain('unknown property "tamper-proofing"');
    expect(doc.diagnostics).toEqual([]);
    expect(stderr).toContain('sevenfold verify: unknown property "tamper-proofing"');
  });

  it('text format keeps stdout empty: the error document is for --format json only', async () => {
    const { code, stdout } = await runCliInProcess(['verify', '--product', 'nowhere/sevenfold.json', '--property', 'small-tcb'], t.dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});
