/**
 * Behaviour feature texts made once per process (fuzz/core/feature-texts.ts) are the texts the targets made before
 * (`d:${name}`, `p:${capability}:ref:ok`, `e:${place}:${what}`): the loop keeps an input for a feature it has not
 * seen, so another text would be another campaign. Checked on the joiner and on the app-manifest target's features
 * of its seeds, against the texts made from the reader's own diagnostics and manifest.
 */
import { describe, expect, it } from 'vitest';
import { featureText } from '../../fuzz/core/feature-texts.js';
import { appManifestTarget, readOneManifest } from '../../fuzz/targets/app-manifest.js';
import { HardwareSet } from '../../formats/hardware/hardware-set.js';
import { join } from 'node:path';
import { projectRoot } from '../../fuzz/core/project-root.js';

describe('feature texts made once', () => {
  it('joins the parts with ":" and gives the same text for the same parts', () => {
    expect(featureText('d', 'DuplicateKey')).toBe('d:DuplicateKey');
    expect(featureText('e', '', 'key _ is not allowed')).toBe('e::key _ is not allowed');
    expect(featureText('p', 'Gpio', 'ref', 'ok')).toBe('p:Gpio:ref:ok');
    expect(featureText('p', 'Gpio', 'ref', 'ok')).toBe('p:Gpio:ref:ok');
    expect(featureText('p', 'Gpio', 'raw', 'ok')).toBe('p:Gpio:raw:ok');
  });

  it("app-manifest's features of its seeds are the texts made from the reader's diagnostics and manifest", () => {
    const hardware = new HardwareSet([]).open(join(projectRoot(), 'products', 'mt3620-reference', 'hardware', 'sevenfold_thermostat.json'));
    const runner = appManifestTarget.setup();
    for (const seed of appManifestTarget.seeds()) {
      const { doc, manifest } = readOneManifest(seed.bytes, hardware);
      const expected = doc.diagnostics.map((d) => `d:${d.name}`);
      if (manifest) {
        expected.push(`k:${manifest.kind}`);
        for (const p of manifest.peripherals) expected.push(`p:${p.capability}:${p.reference !== undefined ? 'ref' : 'raw'}:${p.value === undefined ? 'unresolved' : 'ok'}`);
      }
      expect(runner.stage!(seed.bytes).features, seed.name).toEqual(expected);
    }
  });
});
