/**
 * A "$NAME" reference nothing can resolve gets one "not checked" note (SF1104 ReferenceNotChecked), not two: lint of a
 * folder with a product file read the manifest once on its own (reason: no CMakeLists.txt beside it) and once through
 * the product (reason: no hardware definition given), and printed both notes for the same reference. The product
 * already reports the reference as an error of its own (SF3004 ProductReferenceUnresolved), so its note said nothing
 * more; verify printed it beside that error too.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';
import { join } from 'node:path';

const t = tempDir();
afterAll(() => t.cleanup());

const manifest = { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: ['$LED'] }, ApplicationType: 'Default' };
t.write('refs/apps/blink/app_manifest.json', manifest);
const folder = join(t.dir, 'refs');
t.write('refs/sevenfold.json', { schemaVersion: 1, name: 'Refs', chip: 'mt3620', apps: [{ manifest: 'apps/blink/app_manifest.json' }] });

describe('a reference no hardware definition resolves, in a folder with its product file', () => {
  it('lint prints one SF1104 note for it, beside the product\'s SF3004 error', async () => {
    const { code, stdout } = await runCliInProcess(['lint', folder], t.dir);
    expect(code).toBe(1);
    expect(stdout.match(/ SF1104 ReferenceNotChecked/g)).toHaveLength(1);
    expect(stdout.match(/ SF3004 ProductReferenceUnresolved/g)).toHaveLength(1);
  });

  it('lint --format json lists no two diagnostics with the same code at the same place', async () => {
    const { stdout } = await runCliInProcess(['lint', folder, '--format', 'json'], t.dir);
    const places = (JSON.parse(stdout) as { diagnostics: { file: string; pointer: string; code: string | number }[] }).diagnostics.map((d) => `${d.file}#${d.pointer}#${d.code}`);
    expect(places.length).toBeGreaterThan(0);
    expect(new Set(places).size).toBe(places.length);
  });

  it('verify prints the error, not a note that repeats it', async () => {
    const { code, stderr } = await runCliInProcess(['verify', '--product', folder, '--property', 'small-tcb'], t.dir);
    expect(code).toBe(2);
    expect(stderr).toContain('SF3004 ProductReferenceUnresolved: $LED cannot be resolved');
    expect(stderr).not.toContain('SF1104');
  });
});
