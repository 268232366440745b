/** Shared set-up for the update tests: the built-in designs, the fixtures, one lab per design and seed. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UpdateLab } from '../../emulator/update/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import { builtinProductFile, packageRoot } from '../../model/product/builtin.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import type { ProductWithUpdate } from '../../model/update/product-update.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import type { PropertyCheckContext } from '../../properties/registry.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { keepLogByKernel } from '../fixtures/products/failure-log-kept-by-kernel.js';
import { assumeRecoveryChecksCounters } from '../fixtures/updates/recovery-checked-by-counters.js';
import { assumeMetadataKeysRotatedByRoot } from '../fixtures/updates/metadata-keys-rotated-by-root.js';

/** The built-in profile with some requirements' values changed (a stricter or looser profile). */
export function profileWith(values: Record<string, number | boolean>): RequirementProfile {
  const profile = structuredClone(builtinProfile());
  for (const list of Object.values(profile.requirements)) for (const r of list) if (r.id in values) r.value = values[r.id]!;
  return profile;
}

export const platform = loadPlatform(builtinPlatformFile()).design!;

export function defaultDesign(): UpdateDesign {
  return loadUpdateDesign(builtinUpdateFile()).design!;
}

export const FIXTURES = resolve(packageRoot(), 'test', 'fixtures', 'updates');
export const FIXTURE_PRODUCTS = resolve(packageRoot(), 'test', 'fixtures', 'products');

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

/** A product fixture by folder: test/fixtures/updates/<name> (a flawed update design) or test/fixtures/products/<name>. */
export function fixtureProduct(name: string): Product {
  const file = [join(FIXTURES, name, 'sevenfold.json'), resolve(packageRoot(), 'test', 'fixtures', 'products', name, 'sevenfold.json')].find((f) => existsSync(f))!;
  const loaded = loadProduct(file);
  if (!loaded.product || loaded.hasErrors) throw new Error(`fixture ${name}: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return loaded.product;
}

/**
 * The design with the two statements an attack needs that the built-in design leaves out: an authenticated time source
 * (timeSync; left out, tuf/indefinite-freeze is undecided) and, where it leaves it out, the metadata keys' rotation by an
 * offline root as a fixture assumption (../fixtures/updates/metadata-keys-rotated-by-root.ts; left out,
 * tuf/key-compromise is undecided). A design stating its own rotation keeps it.
 */
export function attackDecidable(design: UpdateDesign): UpdateDesign {
  const decided: UpdateDesign = { ...design, timeSync: 'authenticated' };
  if (!decided.metadata.keyRotation) assumeMetadataKeysRotatedByRoot(decided);
  return decided;
}

/**
 * The product with its update design (the built-in one when it names none) stating an authenticated time source
 * (timeSync) and, where it states a recovery path, the recovery check as a fixture assumption
 * (../fixtures/updates/recovery-checked-by-counters.ts): the built-in design states neither (the facts file does not
 * say whether the time sync is authenticated, nor does Microsoft whether recovery mode compares versions with the
 * counters), which leaves max-freeze-detection and the recovery rule unknown; tests of other rules that expect "holds"
 * state both, so that only their own rule decides. A design stating its own recovery check keeps it. The metadata keys'
 * rotation, which the built-in design leaves out too (not public), is stated the same way where the design leaves it
 * out (../fixtures/updates/metadata-keys-rotated-by-root.ts).
 */
export function timeAndRecoveryStated(product: Product): Product {
  const design: UpdateDesign = { ...(product.update ?? defaultDesign()), timeSync: 'authenticated' };
  if (design.recoveryFlashing && !design.recoveryFlashing.versionCheck) assumeRecoveryChecksCounters(design);
  if (!design.metadata.keyRotation) assumeMetadataKeysRotatedByRoot(design);
  return { ...product, update: design, updateFile: product.updateFile ?? builtinUpdateFile() };
}

export function builtinProduct(design?: UpdateDesign, file?: string): Product {
  const product = loadProduct(builtinProductFile()).product!;
  if (!design) return product;
  const withUpdate: ProductWithUpdate = { ...product, update: design, updateFile: file ?? '(test)' };
  return withUpdate;
}

/**
 * The product with the failure log kept by the kernel (test/fixtures/products/failure-log-kept-by-kernel.ts, a fixture
 * assumption): the built-in design lets the network-facing OS services write the log, which fails erased-only-by-service
 * and no-suppression for every product on it (held by failure-log-access.test.ts). Tests of failure-reporting's other
 * rules that expect "holds", or a requirement met, state this, so that only their own rule decides (as timeAndRecoveryStated
 * does for the time source). The evidence still names the product's platform file.
 */
export function logKeptByKernel(product: Product): Product {
  const platform = structuredClone(product.platform);
  const basePlatform = structuredClone(product.basePlatform);
  keepLogByKernel(platform);
  keepLogByKernel(basePlatform);
  return { ...product, platform, basePlatform };
}

export function context(property: string, seed = 3, runs = 20, requirements?: RequirementProfile): PropertyCheckContext {
  return checkContext({ seed, runs, timeoutMs: 10_000, command: `sevenfold verify --property ${property}`, ...(requirements ? { requirements } : {}) });
}
