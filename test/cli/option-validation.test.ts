/**
 * Every command refuses nonsense options before it does any work: exit 2, a message naming the
 * option and what it accepts, nothing on stdout, and no proof, report or server started. Each row
 * is one class of bad input (out of range, not a number, empty, unknown choice, missing file).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');

export const BAD_OPTIONS: [string[], RegExp][] = [
  // verify
  [['verify', '--runs', '-1'], /--runs <n>' argument '-1' is invalid\. expected a whole number from 1 to 1000000 runs/],
  [['verify', '--runs', '0'], /--runs <n>' argument '0' is invalid/],
  [['verify', '--runs', 'many'], /--runs <n>' argument 'many' is invalid/],
  [['verify', '--runs', '2.5'], /--runs <n>' argument '2\.5' is invalid/],
  [['verify', '--timeout', '0'], /--timeout <ms>' argument '0' is invalid\. expected a whole number from 1 to 86400000 ms/],
  [['verify', '--timeout', '-5'], /--timeout <ms>' argument '-5' is invalid/],
  [['verify', '--timeout', '10s'], /--timeout <ms>' argument '10s' is invalid/],
  [['verify', '--seed', '-1'], /--seed <n>' argument '-1' is invalid\. expected a whole number from 0 to 2147483647/],
  [['verify', '--seed', 'lucky'], /--seed <n>' argument 'lucky' is invalid/],
  [['verify', '--property', ''], /--property <ids>' argument '' is invalid\. expected at least one name/],
  [['verify', '--property', ' , '], /--property <ids>' argument ' , ' is invalid/],
  [['verify', '--property', 'compartmentalisation'], /unknown property "compartmentalisation"/],
  [['verify', '--product', ''], /--product <file>' argument '' is invalid\. expected a value/],
  [['verify', '--product', 'no/such/sevenfold.json'], /no\/such\/sevenfold\.json/],
  [['verify', '--requirements', ''], /--requirements <file>' argument '' is invalid/],
  [['verify', '--format', 'xml'], /Allowed choices are text, json/],
  // query reach
  [['query', 'reach', '--from', '', '--to', 'Gpio:8'], /--from <app>' argument '' is invalid/],
  [['query', 'reach', '--from', 'Thermostat', '--to', ''], /--to <resource>' argument '' is invalid/],
  [['query', 'reach', '--from', 'Thermostat'], /required option '--to <resource>' not specified/],
  [['query', 'reach', '--from', 'Thermostat', '--to', 'Gpio:8', '--timeout', '0'], /--timeout <ms>' argument '0' is invalid/],
  // diff
  [['diff', 'products/mt3620-reference/sevenfold.json', 'products/mt3620-reference/sevenfold.json', '--timeout', '-1'], /--timeout <ms>' argument '-1' is invalid/],
  [['diff', 'products/mt3620-reference/sevenfold.json', 'no/such.json'], /no\/such\.json/],
  [['diff', 'products/mt3620-reference/sevenfold.json'], /missing required argument 'new'/],
  // report
  [['report', '--format', ''], /--format <formats>' argument '' is invalid\. expected at least one of md, html, json, sarif/],
  [['report', '--format', 'pdf'], /unknown format "pdf"/],
  [['report', '--runs', '0'], /--runs <n>' argument '0' is invalid/],
  [['report', '--timeout', '0'], /--timeout <ms>' argument '0' is invalid/],
  [['report', '--seed', '-3'], /--seed <n>' argument '-3' is invalid/],
  [['report', '--out', ''], /--out <dir>' argument '' is invalid/],
  [['report', '--product', ''], /--product <file>' argument '' is invalid/],
  [['report', '--fuzz', 'no/such/fuzz-results'], /--fuzz no\/such\/fuzz-results: no such file or folder/],
  // serve
  [['serve', '--devices', '0'], /--devices <n>' argument '0' is invalid\. expected a whole number from 1 to 16/],
  [['serve', '--devices', '17'], /--devices <n>' argument '17' is invalid/],
  [['serve', '--port', '70000'], /--port <n>' argument '70000' is invalid\. expected a whole number from 0 to 65535/],
  [['serve', '--port', 'http'], /--port <n>' argument 'http' is invalid/],
  [['serve', '--exit-after', '0'], /--exit-after <ms>' argument '0' is invalid/],
  [['serve', '--max-requests', '0'], /--max-requests <n>' argument '0' is invalid/],
  [['serve', '--protocol', ''], /--protocol <file>' argument '' is invalid/],
  [['serve', '--host', '0.0.0.0'], /Allowed choices are 127\.0\.0\.1, ::1, localhost/],
  // attacks
  [['attacks', '--attack', ''], /--attack <ids>' argument '' is invalid\. expected at least one name/],
  [['attacks', '--attack', 'tuf/nothing'], /unknown attack "tuf\/nothing"/],
  [['attacks', '--seed', 'x'], /--seed <n>' argument 'x' is invalid/],
  [['attacks', '--update', ''], /--update <file>' argument '' is invalid/],
  [['attacks', '--product', ''], /--product <file>' argument '' is invalid/],
  // fuzz
  [['fuzz', 'app-manifest', '--input-timeout', '0'], /--input-timeout <duration>' argument '0' is invalid\. expected a duration of at least 100 ms/],
  [['fuzz', 'app-manifest', '--out', ''], /--out <dir>' argument '' is invalid/],
  [['fuzz', 'app-manifest', '--corpus', ''], /--corpus <dir>' argument '' is invalid/],
  [['fuzz', 'app-manifest', '--runs', '0'], /--runs <n>' argument '0' is invalid/],
  [['fuzz', 'app-manifest', '--time', '-1'], /--time <duration>' argument '-1' is invalid/],
  [['fuzz', 'app-manifest', '--out', 'package.json'], /--out package\.json: is a file, not a folder/],
  [['fuzz', 'app-manifest', '--replay', 'no/such/input.bin'], /^sevenfold fuzz: --replay no\/such\/input\.bin: no such file or folder$/],
  [['fuzz', 'app-manifest', '--merge', 'package.json'], /^sevenfold fuzz: --merge package\.json: not a folder$/],
  // lint
  [['lint', ''], /command-argument value '' is invalid for argument 'paths'/],
  [['lint', 'products', '--hardware', ''], /--hardware <file>' argument '' is invalid/],
  [['lint', 'products', '--hardware-path', ''], /--hardware-path <dirs>' argument '' is invalid/],
  // image
  [['image', 'keygen', '--key-out', '', '--cert-out', 'c.pem'], /--key-out <pem>' argument '' is invalid/],
  [['image', 'keygen', '--key-out', 'k.pem', '--cert-out', 'c.pem', '--days', '0'], /--days <n>' argument '0' is invalid/],
  [['image', 'show', 'no/such.imagepackage'], /no\/such\.imagepackage: cannot read the file \(no such file or directory\)/],
  [['image', 'verify', 'no/such.imagepackage', '--cert', ''], /--cert <pem>' argument '' is invalid/],
  [['image', 'keygen', '--key-out', 'package.json/k.pem', '--cert-out', 'no-such-folder/c.pem'], /--key-out package\.json\/k\.pem: package\.json is a file, not a folder/],
  [['image', 'sign', 'package.json', '--key', 'k.pem', '--cert', 'c.pem', '-o', 'no/such/folder/out.imagepackage'], /-o no\/such\/folder\/out\.imagepackage: the folder no\/such\/folder does not exist/],
];

describe('bad options: exit 2 with the option named, before any work', () => {
  it.each(BAD_OPTIONS)('sevenfold %j', async (args, message) => {
    const io = captureIo(root);
    const started = Date.now();
    const code = await runCli(args, io);
    expect(io.stderr()).toMatch(message);
    expect(code).toBe(2);
    expect(io.stdout()).toBe('');
    // No verification, proof, campaign or server ran.
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 20_000);
});

/**
 * A folder with nothing in it is almost always the wrong folder: "replayed 0 inputs; none fails" or
 * "no input to merge; no crash" (exit 0) would let a CI step that names it pass.
 */
describe('folders with nothing to work on: exit 2 naming them, before the fuzz targets are compiled', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const empty = join(t.dir, 'empty');
  mkdirSync(empty);
  const notesOnly = join(t.dir, 'notes-only');
  t.write('notes-only/README.md', 'crash reports and notes are not inputs');

  it.each([
    [['fuzz', 'app-manifest', '--replay', empty, '--out', join(t.dir, 'out1')], /^sevenfold fuzz: --replay .*empty: no saved input in this folder/],
    [['fuzz', 'app-manifest', '--replay', notesOnly, '--out', join(t.dir, 'out2')], /^sevenfold fuzz: --replay .*notes-only: no saved input in this folder/],
    [['fuzz', 'app-manifest', '--merge', empty, '--out', join(t.dir, 'out3')], /^sevenfold fuzz: --merge .*empty: empty folder, nothing to merge/],
  ])('sevenfold %j', async (args, message) => {
    const io = captureIo(root);
    expect(await runCli(args, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr()).not.toMatch(/compiling the fuzz targets/);
    expect(io.stdout()).toBe('');
  });
});
