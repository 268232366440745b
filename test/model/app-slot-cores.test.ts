/**
 * An app slot's kind is its core's kind on the product's chip (model/product/instantiate.ts slotKind), not its
 * core's name: before (main at 6b224da) a slot was real-time when its core id started with "M4". A design whose
 * real-time slots run on cores it names RT-0 and RT-1 (fixture app-slots-on-cores-off-chip) had its real-time apps
 * in no slot, and compartmentalization and certificate-authentication held; one slot on "M4-7" (no such core) held
 * everything the built-in holds. Now a slot on a core the chip does not have is refused when the product is loaded
 * (SF4002 PlatformUnknownReference at /components/i/core); the built-in design (slots on A7, M4-0, M4-1) loads.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { instantiatePlatform } from '../../model/product/instantiate.js';
import { loadProduct } from '../../model/product/product.js';
import type { ChipProfile } from '../../formats/chips/chip-profile.js';

const fixture = resolve(import.meta.dirname, '../fixtures/platforms/app-slots-on-cores-off-chip');

describe("an app slot's kind is its core's on the chip", () => {
  it('app-slots-on-cores-off-chip: refused at each slot\'s /components/i/core in the platform design', () => {
    const errors = loadProduct(resolve(fixture, 'sevenfold.json')).diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.file, d.pointer])).toEqual([
      ['SF4002', resolve(fixture, 'platform.json'), '/components/8/core'],
      ['SF4002', resolve(fixture, 'platform.json'), '/components/9/core'],
    ]);
    expect(errors[0]!.message).toContain('app slot rt-app-0 runs on core "RT-0", which the product\'s chip mt3620 does not have');
  });

  it('the built-in product loads, its real-time apps in the M4 slots', () => {
    const loaded = loadProduct(builtinProductFile());
    expect(loaded.hasErrors).toBe(false);
    expect(loaded.product!.apps.filter((a) => a.manifest.kind === 'real-time').map((a) => a.slot)).toEqual(['rt-app-0', 'rt-app-1']);
  });

  it("the chip's kind decides, not the name: a chip whose real-time core is called RT-0 fills a slot there with a real-time app", () => {
    const chip: ChipProfile = { ...MT3620, cores: MT3620.cores.map((c) => (c.id === 'M4-0' ? { ...c, id: 'RT-0' } : c)) };
    const product = loadProduct(builtinProductFile()).product!;
    const design = structuredClone(product.basePlatform);
    design.components.find((c) => c.id === 'rt-app-0')!.core = 'RT-0';
    const instance = instantiatePlatform(design, [{ name: 'rt', kind: 'real-time' }, { name: 'rt2', kind: 'real-time' }], chip);
    expect(instance.slots).toEqual(['rt-app-0', 'rt-app-1']);
  });
});
