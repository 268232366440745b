/**
 * The product-file target's round trip (fuzz/targets/product-file.ts): the re-serialised product is loaded a second
 * time unless the input already is that text (the same bytes at the same path in the same scratch product), and a
 * loader whose verdict depends on the layout is still found on an input that is not.
 */
import { describe, expect, it, vi } from 'vitest';

const layout = vi.hoisted(() => ({ sensitive: false, loads: 0 }));

vi.mock('../../model/product/product.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../model/product/product.js')>();
  const { readFileSync } = await import('node:fs');
  const { makeDiagnostic } = await import('../../formats/json/located-json.js');
  return {
    ...original,
    loadProduct: (file: string, ...rest: unknown[]) => {
      layout.loads++;
      const loaded = (original.loadProduct as (...a: unknown[]) => ReturnType<typeof original.loadProduct>)(file, ...rest);
      if (layout.sensitive && readFileSync(file, 'utf8').includes('\n')) {
        return { ...loaded, diagnostics: [...loaded.diagnostics, makeDiagnostic('ProductInvalid', file, '', { line: 1, column: 1 }, 'a layout-only complaint', { severity: 'warning' })] };
      }
      return loaded;
    },
  };
});

const { productFileTarget } = await import('../../fuzz/targets/product-file.js');

describe('product-file round trip', () => {
  const runner = productFileTarget.setup();
  const seeds = productFileTarget.seeds();
  const pretty = seeds[0]!.bytes; // the reference product as written
  const compact = seeds.find((s) => s.name === 'designs-named.json')!.bytes; // JSON.stringify's text

  it('loads the re-serialised product again unless the input is already that text', () => {
    layout.loads = 0;
    runner.run(compact);
    expect(layout.loads).toBe(1);
    layout.loads = 0;
    runner.run(pretty);
    expect(layout.loads).toBe(2);
  });

  it('still finds a loader whose verdict depends on the layout (on an input that is not in canonical form)', () => {
    layout.sensitive = true;
    try {
      expect(() => runner.run(pretty)).toThrow(/roundtrip\.diagnostics/);
      expect(() => runner.run(compact)).not.toThrow();
    } finally {
      layout.sensitive = false;
    }
  });
});
