/**
 * A hardware definition that is not JSON (a board table saved as .tsv, a definition cut short) is reported under the
 * hardware-definition code SF2019 HwInvalidJson at that file, by verify (the product's hardwareDefinition) and lint
 * (--hardware): it was 2097153 InvalidJson, the device's error code for an app manifest. The app manifest keeps its
 * device code. Seen failing before formats/hardware/hardware-set.ts rewrote the code (2097153 at board.tsv).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());

const manifest = { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: ['$LED'] }, ApplicationType: 'Default' };
t.write('apps/blink/app_manifest.json', manifest);
t.write('board.tsv', 'Name\tValue\nLED\t8\n');
t.write('cut-short.json', '{ "Metadata": { "Type": "Azure Sphere Hardware Definition", "Version": 1 },\n  "Peripherals": [\n');
t.write('sevenfold.json', { schemaVersion: 1, name: 'Blink', chip: 'mt3620', hardwareDefinition: 'board.tsv', apps: [{ manifest: 'apps/blink/app_manifest.json' }] });

describe('a hardware definition that is not JSON', () => {
  it('verify: SF2019 HwInvalidJson naming the definition, exit 2; never the manifest code', async () => {
    const r = await runCliInProcess(['verify', '--property', 'small-tcb', '--format', 'json'], t.dir);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'SF2019', name: 'HwInvalidJson', file: expect.stringMatching(/board\.tsv$/), line: 1, column: 1, message: expect.stringMatching(/^the hardware definition is not valid JSON: /) })]);
    expect(r.stderr).toMatch(/board\.tsv:1:1: error SF2019 HwInvalidJson: the hardware definition is not valid JSON/);
    expect(r.stderr).not.toContain('2097153');
  });

  it('lint --hardware: the same code at the line where the JSON breaks', async () => {
    // lint reads its paths from the process's folder: given whole.
    const r = await runCliInProcess(['lint', join(t.dir, 'apps/blink/app_manifest.json'), '--hardware', join(t.dir, 'cut-short.json')], t.dir);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/cut-short\.json:3:1: error SF2019 HwInvalidJson: the hardware definition is not valid JSON/);
    expect(r.stdout + r.stderr).not.toContain('2097153');
  });

  it('an app manifest that is not JSON keeps the device code 2097153 InvalidJson', async () => {
    t.write('broken/app_manifest.json', '{ "SchemaVersion": 1,');
    const r = await runCliInProcess(['lint', join(t.dir, 'broken/app_manifest.json')], t.dir);
    expect(r.stdout + r.stderr).toMatch(/app_manifest\.json:1:\d+: error 2097153 InvalidJson/);
  });
});
