/** Shared set-up for the update tests: the built-in designs, the fixtures, one lab per design and seed. */
import { join, resolve } from 'node:path';
import { UpdateLab } from '../../emulator/update/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { builtinProductFile, packageRoot } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import type { ProductWithUpdate } from '../../model/update/product-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { PropertyCheckContext } from '../../properties/registry.js';
import { checkContext } from '../helpers/check-context.js';

export const platform = loadPlatform(builtinPlatformFile()).design!;

export function defaultDesign(): UpdateDesign {
  return loadUpdateDesign(builtinUpdateFile()).design!;
}

export const FIXTURES = resolve(packageRoot(), 'test', 'fixtures', 'updates');

export function fixtureDesign(name: string): UpdateDesign {
  const loaded = loadUpdateDesign(join(FIXTURES, name, 'update.json'));
  if (!loaded.design) throw new Error(`fixture ${name}: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.design;
}

const labs = new Map<string, Promise<UpdateLab>>();

/** One lab per (design, seed) per test file. */
export function openLab(design: UpdateDesign = defaultDesign(), seed = 5): Promise<UpdateLab> {
  const key = `${seed}:${JSON.stringify(design)}`;
  let lab = labs.get(key);
  if (!lab) labs.set(key, (lab = UpdateLab.open(platform, design, { seed })));
  return lab;
}

export function builtinProduct(design?: UpdateDesign, file?: string): Product {
  const product = loadProduct(builtinProductFile()).product!;
  if (!design) return product;
  const withUpdate: ProductWithUpdate = { ...product, update: design, updateFile: file ?? '(test)' };
  return withUpdate;
}

export function context(property: string, seed = 3, runs = 20): PropertyCheckContext {
  return checkContext({ seed, runs, timeoutMs: 10_000, command: `sevenfold verify --property ${property}` });
}
