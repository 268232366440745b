/**
 * `sevenfold export`: the protocol design as a ProVerif or Tamarin model, to standard output or a
 * file; bad input exits 2 with a located message, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const golden = (file: string) => readFileSync(resolve(root, 'test/fixtures/export', file), 'utf8');
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('sevenfold export', () => {
  it('writes the built-in design as ProVerif to standard output, exactly the golden file', async () => {
    const io = captureIo(root);
    expect(await runCli(['export', '--format', 'proverif'], io)).toBe(0);
    expect(`${io.stdout()}`).toBe(golden('azure-sphere-attestation.pv'));
  });

  it('writes a fixture as Tamarin to --out, exactly the golden file', async () => {
    const io = captureIo(root);
    const out = join(tmp.dir, 'no-nonce.spthy');
    expect(await runCli(['export', '--format', 'tamarin', '--protocol', 'test/fixtures/protocols/no-nonce.json', '--out', out], io)).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(golden('no-nonce.spthy'));
    expect(io.stdout()).toMatch(/^wrote .*no-nonce\.spthy \(Tamarin model of Flawed: no nonce\)$/);
  });

  it('needs --format, and only proverif or tamarin', async () => {
    const none = captureIo(root);
    expect(await runCli(['export'], none)).toBe(2);
    expect(none.stderr()).toMatch(/--format <format>/);
    const bad = captureIo(root);
    expect(await runCli(['export', '--format', 'cryptoverif'], bad)).toBe(2);
    expect(bad.stderr()).toMatch(/Allowed choices are proverif, tamarin/);
  });

  it('an invalid protocol design exits 2 with the located error', async () => {
    const file = tmp.write('broken.json', { schemaVersion: 1, name: 'broken' });
    const io = captureIo(root);
    expect(await runCli(['export', '--format', 'proverif', '--protocol', file], io)).toBe(2);
    expect(io.stderr()).toMatch(/broken\.json:\d+:\d+: error SF5101 ProtocolDesignInvalid: /);
    expect(io.stderr()).toMatch(/cannot use the protocol design/);
    expect(io.stderr()).not.toMatch(/\n\s+at /);
  });

  it('an --out that is a folder or cannot be written exits 2 naming it', async () => {
    const folder = captureIo(root);
    expect(await runCli(['export', '--format', 'proverif', '--out', tmp.dir], folder)).toBe(2);
    expect(folder.stderr()).toMatch(/is a folder; give a file name \(e\.g\. model\.pv\)/);
    const missing = captureIo(root);
    expect(await runCli(['export', '--format', 'tamarin', '--out', join(tmp.dir, 'no/such/dir/x.spthy')], missing)).toBe(2);
    expect(missing.stderr()).toMatch(/--out .*x\.spthy: the folder .*no\/such\/dir does not exist$/m);
    expect(missing.stderr()).not.toMatch(/ENOENT/);
    // Checked before the design is read: a broken design is not even looked at.
    const first = captureIo(root);
    const broken = tmp.write('broken-too.json', { schemaVersion: 1, name: 'broken' });
    expect(await runCli(['export', '--format', 'proverif', '--protocol', broken, '--out', join(tmp.dir, 'no/such/dir/x.pv')], first)).toBe(2);
    expect(first.stderr().trim()).toMatch(/^sevenfold export: --out .*x\.pv: the folder .*does not exist$/);
  });
});
