/**
 * Two of the app-manifest target's cheap oracles (fuzz/targets/app-manifest.ts), each made cheaper: the model
 * keeps no chip peripheral an error was not reported for (the set of error pointers is made only when a kept
 * value is not a peripheral), and no input changes the shared state (the sizes compared as numbers).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HardwareSet } from '../../formats/hardware/hardware-set.js';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { parseLocatedJson } from '../../formats/json/located-json.js';
import { TOP_LEVEL_FIELDS } from '../../formats/manifest/capabilities.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { utf8 } from '../../fuzz/core/target.js';
import { appManifestTarget, checkModel } from '../../fuzz/targets/app-manifest.js';

const oracleOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { oracle?: string }).oracle ?? String(e);
  }
};

const MANIFEST = { SchemaVersion: 1, Name: 'A', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: [8] }, ApplicationType: 'Default' };

describe('app-manifest oracles', () => {
  it('flag a kept value that is no chip peripheral unless an error is reported at its pointer', () => {
    const doc = parseLocatedJson('app_manifest.json', utf8(JSON.stringify(MANIFEST)));
    const manifest = readManifest(doc, MT3620)!;
    expect(oracleOf(() => checkModel(doc, manifest))).toBeUndefined();
    const forged = { ...manifest, peripherals: manifest.peripherals.map((p) => ({ ...p, value: 'NOT_A_PIN' })) };
    expect(oracleOf(() => checkModel(doc, forged))).toBe('model.peripheral');
    doc.report('UndefinedGpioInManifest', forged.peripherals[0]!.pointer, 'not a peripheral');
    expect(doc.diagnostics.at(-1)?.severity).toBe('error');
    expect(oracleOf(() => checkModel(doc, forged))).toBeUndefined();
  });

  it('flag an input after which the shared state has changed', () => {
    const runner = appManifestTarget.setup();
    const input = utf8(JSON.stringify(MANIFEST));
    expect(oracleOf(() => runner.run(input))).toBeUndefined();
    TOP_LEVEL_FIELDS.add('Planted');
    try {
      expect(oracleOf(() => runner.run(input))).toBe('state.unchanged');
    } finally {
      TOP_LEVEL_FIELDS.delete('Planted');
    }
    expect(oracleOf(() => runner.run(input))).toBeUndefined();
  });

  it('count the hardware set’s names and documents as their lists do (the state oracle counts without listing)', () => {
    const set = new HardwareSet([]);
    const hardware = set.open(join(projectRoot(), 'products', 'mt3620-reference', 'hardware', 'sevenfold_thermostat.json'));
    expect(hardware.names().length).toBeGreaterThan(10);
    expect(hardware.nameCount()).toBe(hardware.names().length);
    expect(set.documents().length).toBeGreaterThan(1);
    expect(set.documentCount()).toBe(set.documents().length);
    set.open(join(projectRoot(), 'products', 'mt3620-reference', 'hardware', 'sevenfold_thermostat.json'));
    expect(set.documentCount()).toBe(set.documents().length);
  });
});
