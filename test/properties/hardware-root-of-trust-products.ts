/**
 * Products for the hardware-root-of-trust tests, built in code from the built-in product: a subset of its
 * apps (the platform instantiated again for them), another deployment, a changed platform design, images
 * as the image-package reader would describe them. Also the fixture products under
 * test/fixtures/products/root-of-trust/ and one run of the property per product and seed.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { builtinProductFile } from '../../model/product/builtin.js';
import type { Deployment } from '../../model/product/deployment.js';
import { instantiatePlatform } from '../../model/product/instantiate.js';
import { loadProduct, type Product, type ProductImage } from '../../model/product/product.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { RequirementRef } from '../../model/requirements/requirement-profile.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import type { PropertyCheckContext } from '../../properties/registry.js';
import type { PropertyResult } from '../../properties/verdict.js';
import { checkContext } from '../helpers/check-context.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';

export const SEED = 20261121;
export const fixtureDir = resolve(fileURLToPath(import.meta.url), '../../fixtures/products/root-of-trust');

/**
 * A product as loaded, standing on the bus-master fixture assumption (test/fixtures/bus-masters-stated.ts): the built-in
 * design, which these products use, leaves `busMasters` out, which alone makes the property unknown wherever an app
 * drives a peripheral block (test/properties/bus-master-reach.test.ts); these tests are about the other rules.
 */
export function loadFixture(file: string): Product {
  const loaded = loadProduct(file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return productAssumingNoBusMasters(loaded.product!);
}

export const builtin = (): Product => loadFixture(builtinProductFile());
export const fixture = (name: string): Product => loadFixture(resolve(fixtureDir, name, 'sevenfold.json'));

export interface Variant {
  /** Indexes into the built-in product's apps (thermostat-hl, fan-control-rt, air-sampler-rt). */
  apps?: number[];
  deployment?: Partial<Deployment>;
  /** A change to the platform design as written (applied before instantiation). */
  platform?: (design: PlatformDesign) => void;
  /** An image for the app at that index of the new product. */
  images?: Record<number, Partial<ProductImage>>;
}

/** A production-signed, valid image with no flags: what a test changes one field of. */
export const productionImage = (overrides: Partial<ProductImage> = {}): ProductImage => ({
  file: '/nonexistent/app.imagepackage',
  sha256: '0'.repeat(64),
  signer: 'production',
  signatureValid: true,
  flags: [],
  componentId: '5c2f4a8e-7b1d-4e63-9a0f-3d8c61b2e9a4',
  imageType: 'Applications',
  ...overrides,
});

export function variant(base: Product, change: Variant): Product {
  const basePlatform = structuredClone(base.basePlatform);
  change.platform?.(basePlatform);
  const apps = (change.apps ?? base.apps.map((_, i) => i)).map((i, index) => ({ ...base.apps[i]!, pointer: `/apps/${index}` }));
  const instance = instantiatePlatform(basePlatform, apps.map((a) => ({ name: a.manifest.name ?? a.manifestFile, kind: a.manifest.kind })));
  const filled = apps.map((app, i) => {
    const { slot: _old, image: _image, ...rest } = app;
    const slot = instance.slots[i];
    const image = change.images?.[i];
    return { ...rest, ...(slot ? { slot } : {}), ...(image ? { image: productionImage(image) } : {}) };
  });
  return { ...base, apps: filled, basePlatform, platform: instance.design, deployment: { ...base.deployment, ...change.deployment, isDefault: false } };
}

export function context(overrides: Partial<PropertyCheckContext> = {}): PropertyCheckContext {
  return checkContext({ seed: SEED, runs: 10, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust', ...overrides });
}

export const check = (product: Product, overrides: Partial<PropertyCheckContext> = {}): Promise<PropertyResult> => checkHardwareRootOfTrust(product, context(overrides));

export const allLines = (result: PropertyResult): string => (result.evidence ?? []).flatMap((e) => [e.title, ...e.lines]).join('\n');

/** The outcome the verdict gives a requirement, undefined when it does not list it. */
export const outcome = (result: PropertyResult, id: string): RequirementRef['outcome'] | undefined => result.requirements?.find((r) => r.id === id)?.outcome;
