/**
 * `query reach` names apps by ComponentId or by Name. Two apps may share a Name (each has its own
 * ComponentId): answering for the first one found "proved" that Motor cannot reach GPIO 16 while the
 * other Motor owns it. A shared name is a usage error (exit 2) naming both ids; by id each is answered.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';
import { shutdownZ3 } from '../../proofs/z3-session.js';
import { captureIo, tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const FIRST = '11111111-1111-4111-8111-111111111111';
const SECOND = '22222222-2222-4222-8222-222222222222';
const t = tempDir();
afterAll(() => {
  t.cleanup();
  return shutdownZ3();
});

/** Two real-time apps named Motor: one on GPIO 0, the other on GPIO 16. */
function twoMotors(): string {
  const motor = (folder: string, id: string, gpio: number) =>
    t.write(`${folder}/app_manifest.json`, { SchemaVersion: 1, Name: 'Motor', ComponentId: id, EntryPoint: `/bin/${folder}.elf`, CmdArgs: [], Capabilities: { Gpio: [gpio] }, ApplicationType: 'RealTimeCapable' });
  motor('first', FIRST, 0);
  motor('second', SECOND, 16);
  return t.write('sevenfold.json', { schemaVersion: 1, name: 'two-motors', chip: 'mt3620', apps: [{ manifest: 'first/app_manifest.json' }, { manifest: 'second/app_manifest.json' }] });
}

async function cli(args: string[]) {
  const io = captureIo(root);
  const code = await runCli(args, io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe('query reach with a Name two apps share', () => {
  const product = twoMotors();

  it('--from Motor is a usage error naming both ids, not "no: proved" about one of them', async () => {
    const r = await cli(['query', 'reach', '--product', product, '--from', 'Motor', '--to', 'Gpio:16']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/proved/);
    expect(r.stderr).toContain(`2 apps are named Motor (${FIRST}, ${SECOND})`);
  }, 60_000);

  it('--to app:Motor and storage:Motor are usage errors too', async () => {
    for (const to of ['app:Motor', 'storage:Motor']) {
      const r = await cli(['query', 'reach', '--product', product, '--from', FIRST, '--to', to]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/2 apps are named Motor/);
    }
  }, 60_000);

  it('by ComponentId each app is answered: the second Motor reaches GPIO 16, the first does not', async () => {
    expect((await cli(['query', 'reach', '--product', product, '--from', SECOND, '--to', 'Gpio:16'])).code).toBe(1);
    expect((await cli(['query', 'reach', '--product', product, '--from', FIRST, '--to', 'Gpio:16'])).code).toBe(0);
  }, 60_000);
});
