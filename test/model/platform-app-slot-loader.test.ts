/**
 * An app slot loads no firmware or OS stage: a product without that app empties the slot (model/product/instantiate.ts),
 * and a stage it loaded would be left with no loader (fuzzing found a design typing the Pluton runtime as an
 * Applications image; every one-app instance of it broke the boot graph).
 */
import { describe, expect, it } from 'vitest';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { tempDir } from '../helpers.js';

describe('boot stages loaded by an app slot', () => {
  it('are a located error of the loader; the same design with the runtime typed as firmware loads', () => {
    const d = structuredClone(loadPlatform(builtinPlatformFile()).design!) as PlatformDesign;
    const runtime = d.components.find((c) => c.id === 'pluton-runtime')!;
    const t = tempDir();
    try {
      expect(loadPlatform(t.write('sound.json', d)).diagnostics).toEqual([]);
      runtime.imageType = 'Applications';
      const loaded = loadPlatform(t.write('platform.json', d));
      expect(loaded.design).toBeUndefined();
      const stage = d.boot.findIndex((s) => s.loadedBy === 'pluton-runtime');
      expect(loaded.diagnostics.find((x) => x.name === 'PlatformBootGraph')).toMatchObject({ pointer: `/boot/${stage}/loadedBy` });
      expect(loaded.diagnostics.find((x) => x.name === 'PlatformBootGraph')!.message).toContain('pluton-runtime is an app slot');
      expect(loaded.diagnostics.find((x) => x.name === 'PlatformBootGraph')!.message).toContain('cannot load security-monitor');
    } finally {
      t.cleanup();
    }
  });
});
