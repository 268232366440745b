/**
 * A lint run that finds nothing to check must not look like a clean run: an empty folder, or a
 * folder holding no manifest, hardware definition or product file (the wrong folder, typed by
 * mistake), is a usage error naming the path (exit 2), so that a CI gate cannot pass on it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../cli/program.js';
import { lint } from '../../model/lint/lint.js';
import { captureIo } from '../helpers.js';
import { VALID_MANIFEST, makeTempDir, pretty, removeTempDir, writeInput } from './helpers.js';

let root: string;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

const folder = (name: string): string => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe('paths with nothing to lint', () => {
  test('an empty folder is a usage error that names it, and exit 2', async () => {
    const empty = folder('empty');
    expect(lint([empty]).usageErrors).toEqual([`${empty}: no app manifest, hardware definition or product file found in this folder`]);
    const io = captureIo();
    expect(await runCli(['lint', empty], io)).toBe(2);
    expect(io.stderr()).toContain(empty);
    expect(io.stdout()).not.toMatch(/0 files/);
  });

  test('a folder of other JSON (the wrong folder) is a usage error that counts what it skipped', async () => {
    const wrong = folder('wrong');
    writeInput(wrong, 'package.json', pretty({ name: 'x' }));
    writeInput(wrong, 'tsconfig.json', pretty({ compilerOptions: {} }));
    const result = lint([wrong]);
    expect(result.usageErrors).toEqual([`${wrong}: no app manifest, hardware definition or product file found in this folder (2 other JSON files skipped)`]);
    expect(await runCli(['lint', wrong], captureIo())).toBe(2);
  });

  test('one useless path among good ones still fails the run', async () => {
    const good = folder('good');
    writeInput(good, 'app_manifest.json', pretty(VALID_MANIFEST));
    const empty = folder('empty-2');
    const io = captureIo();
    expect(await runCli(['lint', good, empty, '--hardware-path', good], io)).toBe(2);
    expect(io.stderr()).toContain(empty);
    expect(await runCli(['lint', good], captureIo())).not.toBe(2);
  });

  test('a mistyped path is a usage error naming it', async () => {
    const io = captureIo();
    expect(await runCli(['lint', join(root, 'no-such-folder')], io)).toBe(2);
    expect(io.stderr()).toContain(join(root, 'no-such-folder'));
  });
});
