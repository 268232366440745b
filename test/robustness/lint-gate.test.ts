/**
 * A CI gate sees what it asks for: by default only errors fail the run (exit 1); --fail-on warning
 * makes security warnings (an IP literal, a listening port) fail it too. Nothing found is exit 0.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from '../../cli/program.js';
import { captureIo } from '../helpers.js';
import { VALID_MANIFEST, makeTempDir, pretty, removeTempDir, writeInput } from './helpers.js';

let root: string;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

const write = (name: string, capabilities: object) => {
  const dir = join(root, name);
  mkdirSync(dir);
  writeInput(dir, 'app_manifest.json', pretty({ ...VALID_MANIFEST, Capabilities: capabilities }));
  return dir;
};

test('--fail-on decides which severity fails the run', async () => {
  const warned = write('warned', { AllowedConnections: ['192.168.35.1'] });
  const clean = write('clean', { Gpio: [8] });
  expect(await runCli(['lint', warned], captureIo())).toBe(0);
  expect(await runCli(['lint', warned, '--fail-on', 'warning'], captureIo())).toBe(1);
  expect(await runCli(['lint', clean, '--fail-on', 'info'], captureIo())).toBe(0);
  const io = captureIo();
  expect(await runCli(['lint', warned, '--fail-on', 'sometimes'], io)).toBe(2);
  expect(io.stderr()).toMatch(/--fail-on/);
});
