/**
 * A product of test/fixtures/platforms/<name>/ (sevenfold.json beside its platform.json), loaded as verify loads it;
 * the test fails, naming the diagnostics, when it does not load.
 */
import { resolve } from 'node:path';
import { expect } from 'vitest';
import { loadProduct, type Product } from '../../model/product/product.js';

export const PLATFORM_FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'platforms');

export function loadPlatformFixture(name: string): Product {
  const loaded = loadProduct(resolve(PLATFORM_FIXTURES, name, 'sevenfold.json'));
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
}
