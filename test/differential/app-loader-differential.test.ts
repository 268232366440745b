/**
 * Apps that load another component: the rule (model/platform/app-confinement.ts appsLoadingOthers, read by
 * compartmentalization.hardware-barriers) and the emulated device (emulator/app-loaders.ts: each stage the device's
 * normal boot shows an app slot loading, booted tampered with the checks the app made skipped) find the same
 * (loader, loaded) pairs. On every platform fixture's product and on random reassignments of the built-in product's
 * loaders (each stage loaded by an app slot or by the component the built-in names). The property reads both and calls
 * a disagreement unknown (properties/compartmentalization/app-loader-play.ts), so this holds the play the verdict rests on.
 */
import fc from 'fast-check';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playAppLoaders } from '../../emulator/app-loaders.js';
import { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { appsLoadingOthers } from '../../model/platform/app-confinement.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { isAppSlot } from '../../model/product/instantiate.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { PLATFORM_FIXTURES } from '../helpers/platform-fixture.js';

const SEED = Number(process.env.SF_SEED ?? 20261207);
const RUNS = Number(process.env.SF_RUNS ?? 12);

function ruleSays(product: Product): string[] {
  const filled = new Set(product.apps.flatMap((a) => (a.slot ? [a.slot] : [])));
  return appsLoadingOthers(product.basePlatform, filled, isAppSlot).map((f) => `${f.slot} > ${f.loads}`).sort();
}

/** The device's pairs whose tampered image ran, or undefined when the device cannot be made or does not boot normally. */
async function deviceSays(product: Product, seed: number): Promise<string[] | undefined> {
  let lab: BootLab;
  try {
    lab = await BootLab.open(product.platform, { seed });
  } catch {
    return undefined; // a design the vendor cannot sign (a stage with no signature check): the property says unknown on it
  }
  const play = playAppLoaders(lab, new NodeP256Verifier());
  if (!play.booted) return undefined;
  return play.loads.filter((l) => l.ran).map((l) => `${l.loader} > ${l.stage}`).sort();
}

function load(file: string): Product {
  const loaded = loadProduct(file);
  if (!loaded.product || loaded.hasErrors) throw new Error(`${file} does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.product;
}

describe('apps that load another component: rule and emulated device agree', () => {
  it('on every platform fixture that boots normally (and the flawed ones are among them)', async () => {
    const names = readdirSync(PLATFORM_FIXTURES).filter((n) => existsSync(join(PLATFORM_FIXTURES, n, 'sevenfold.json')));
    const parted: string[] = [];
    const found: string[] = [];
    for (const name of names) {
      let product: Product;
      try {
        product = load(join(PLATFORM_FIXTURES, name, 'sevenfold.json'));
      } catch {
        continue; // a fixture that is an input error has no design to boot
      }
      const device = await deviceSays(product, SEED);
      if (device === undefined) continue;
      const rule = ruleSays(product);
      if (JSON.stringify(rule) !== JSON.stringify(device)) parted.push(`${name}: rule ${JSON.stringify(rule)}, device ${JSON.stringify(device)}`);
      if (rule.length) found.push(`${name}: ${rule.join(', ')}`);
    }
    expect(parted).toEqual([]);
    expect(found).toEqual(['app-verifies-rt-app: hl-app > rt-app-0', 'rt-app-loads-rt-app: rt-app-0 > rt-app-1']);
  }, 240_000);

  it('on random reassignments of the built-in product\'s loaders to its app slots', async () => {
    const builtin = load(builtinProductFile());
    const apps = builtin.platform.components.filter(isAppSlot).map((c) => c.id);
    const stages = builtin.platform.boot.map((s) => s.image);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...stages), fc.constantFrom(...apps)), { minLength: 1, maxLength: 3 }), async (moves) => {
        const product = structuredClone(builtin);
        for (const [image, loader] of moves) {
          for (const design of [product.platform, product.basePlatform]) design.boot.find((s) => s.image === image)!.loadedBy = loader;
        }
        const device = await deviceSays(product, SEED);
        fc.pre(device !== undefined);
        expect(device).toEqual(ruleSays(product));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 240_000);
});
