import { describe, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { tempDir } from '../helpers.js';

describe('product file', () => {
  it('loads the built-in product with no diagnostics and every reference resolved', () => {
    const loaded = loadProduct(builtinProductFile());
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.hasErrors).toBe(false);
    const product = loaded.product!;
    expect(product.chip.id).toBe('mt3620');
    expect(product.apps.map((a) => a.manifest.kind)).toEqual(['high-level', 'real-time', 'real-time']);
    const refs = product.apps.flatMap((a) => a.manifest.peripherals).filter((p) => p.reference);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.every((p) => p.value !== undefined)).toBe(true);
  });

  it('reports schema violations at their location, naming the field', () => {
    const t = tempDir();
    try {
      const file = t.write('sevenfold.json', '{\n  "schemaVersion": 1,\n  "name": "x",\n  "chip": "mt3621",\n  "apps": [ { "manifest": "a.json", "imgae": "b" } ]\n}');
      const loaded = loadProduct(file);
      expect(loaded.hasErrors).toBe(true);
      const chip = loaded.diagnostics.find((d) => d.pointer === '/chip')!;
      expect(chip.name).toBe('ProductUnknownChip');
      expect(chip.position.line).toBe(4);
      const typo = loaded.diagnostics.find((d) => d.pointer === '/apps/0/imgae')!;
      expect(typo.message).toContain('unknown field "imgae"');
      expect(typo.position.line).toBe(5);
    } finally {
      t.cleanup();
    }
  });

  it('reports a missing manifest at the product-file entry that names it', () => {
    const t = tempDir();
    try {
      const file = t.write('sevenfold.json', { schemaVersion: 1, name: 'x', chip: 'mt3620', apps: [{ manifest: 'apps/missing/app_manifest.json' }] });
      const loaded = loadProduct(file);
      expect(loaded.hasErrors).toBe(true);
      expect(loaded.diagnostics).toMatchObject([{ name: 'ProductFileMissing', pointer: '/apps/0/manifest' }]);
    } finally {
      t.cleanup();
    }
  });

  it('carries manifest errors from the apps into the product diagnostics', () => {
    const t = tempDir();
    try {
      t.write('app/app_manifest.json', { SchemaVersion: 2, Name: 'x', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: {} });
      const file = t.write('sevenfold.json', { schemaVersion: 1, name: 'x', chip: 'mt3620', apps: [{ manifest: 'app/app_manifest.json' }] });
      const loaded = loadProduct(file);
      expect(loaded.hasErrors).toBe(true);
      expect(loaded.diagnostics.map((d) => d.name)).toContain('IncompatibleSchemaVersion');
    } finally {
      t.cleanup();
    }
  });
});
