/**
 * Which hardware definition each app's "$NAME" references resolve against (model/product/app-hardware-choice.ts):
 * the SDK build substitutes them with the definition the app's own CMakeLists.txt names, so an app of a product
 * may be built against a definition other than the product's. Before, every app was read with the product's one:
 * test/fixtures/products/hardware-app-built-for-other-board (the real-time app built for board B, where ROVER_LED
 * is GPIO 12, beside the cloud app's GPIO 13 in block GPIO-3) was read with board A (GPIO 8) and
 * compartmentalization held.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { allocate } from '../../model/isolation/allocation.js';
import { compartmentsOf } from '../../model/isolation/apps.js';
import { claimsOf } from '../../model/isolation/claims.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { parseResource } from '../../model/isolation/resource-names.js';
import { loadProduct } from '../../model/product/product.js';
import { productInputs } from '../../properties/inputs.js';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'products');
const fixture = (name: string) => join(FIXTURES, name, 'sevenfold.json');

/** Each app's Gpio claims as "<app> <value> <block>", and whether the firewall allocation succeeds. */
function gpioClaims(file: string) {
  const loaded = loadProduct(file);
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const product = loaded.product!;
  const compartments = compartmentsOf(product);
  const claims = claimsOf(product, compartments);
  return { product, claims: claims.map((c) => `${c.compartment.name} ${c.value} ${c.block.id}`).sort(), allocates: allocate(product.chip, compartments, claims).ok };
}

describe('an app built against a hardware definition of its own', () => {
  test('the product states board A, the app is built for board B, and a name differs: an input error naming both, exit 2', async () => {
    const loaded = loadProduct(fixture('hardware-app-built-for-other-board'));
    const found = loaded.diagnostics.filter((d) => d.name === 'ProductHardwareMismatch');
    expect(found.map((d) => [d.file, d.pointer, d.severity, d.code])).toEqual([[fixture('hardware-app-built-for-other-board'), '/apps/1/manifest', 'error', CODES.ProductHardwareMismatch.code]]);
    expect(found[0]!.message).toContain('$ROVER_LED is Gpio 12 there and Gpio 8 here');
    expect(found[0]!.message).toContain('CMakeLists.txt:5');
    expect(loaded.hasErrors).toBe(true);
    const run = await runCliInProcess(['verify', '--product', fixture('hardware-app-built-for-other-board'), '--property', 'compartmentalization']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('SF3020');
  });

  test('the app states the definition it is built with (apps[i].hardwareDefinition): its pin is GPIO 12, and the shared block is found', () => {
    const { product, claims, allocates } = gpioClaims(fixture('hardware-app-states-its-board'));
    expect(claims).toEqual(['Rover cloud 13 GPIO-3', 'Rover motor 12 GPIO-3']);
    expect(allocates).toBe(false);
    expect(product.apps[1]!.hardware?.file).toBe(join(FIXTURES, 'hardware-app-states-its-board', 'hardware', 'board-b', 'rover.json'));
    expect(product.apps[0]!.hardware).toBeUndefined();
  });

  test('no definition in the product: the one the CMakeLists.txt beside the manifest names is used, as the SDK does, and is an input of the verdicts', () => {
    const { product, claims, allocates } = gpioClaims(fixture('hardware-from-app-cmake'));
    expect(claims).toEqual(['Rover cloud 13 GPIO-3', 'Rover motor 12 GPIO-3']);
    expect(allocates).toBe(false);
    const inputs = productInputs(product, join(import.meta.dirname, 'unused.json'), ['hardware']).map((i) => i.absolutePath);
    expect(inputs).toContain(join(FIXTURES, 'hardware-from-app-cmake', 'hardware', 'board-b', 'rover.json'));
    expect(inputs).toContain(join(FIXTURES, 'hardware-from-app-cmake', 'apps', 'rover-rt', 'CMakeLists.txt'));
  });

  test('the build names another file that gives every name the app uses the same value: nothing to report', () => {
    const t = tempDir();
    try {
      cpSync(join(FIXTURES, 'hardware-app-built-for-other-board'), t.dir, { recursive: true });
      // Board B's definition copied under another name with ROVER_LED on board A's pin: a second file, the same values.
      const boardA = JSON.parse(readFileSync(join(t.dir, 'hardware', 'board-a', 'rover.json'), 'utf8')) as object;
      t.write('hardware/board-b/rover.json', boardA);
      const product = JSON.parse(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8')) as Record<string, unknown>;
      t.write('sevenfold.json', { ...product, hardwarePath: [join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference', 'hardware')] });
      const loaded = loadProduct(join(t.dir, 'sevenfold.json'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(loaded.product!.apps[1]!.manifest.peripherals.map((p) => p.value)).toEqual([8]);
    } finally {
      t.cleanup();
    }
  });

  test('apps[i].hardwareDefinition that is missing is located at that field', () => {
    const t = tempDir();
    try {
      cpSync(join(FIXTURES, 'hardware-app-states-its-board'), t.dir, { recursive: true });
      const product = JSON.parse(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8')) as { apps: object[] } & Record<string, unknown>;
      product.apps[1] = { manifest: 'apps/rover-rt/app_manifest.json', hardwareDefinition: 'hardware/board-c/rover.json' };
      t.write('sevenfold.json', { ...product, hardwarePath: [join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference', 'hardware')] });
      const loaded = loadProduct(join(t.dir, 'sevenfold.json'));
      expect(loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.name, d.pointer])).toEqual([['ProductFileMissing', '/apps/1/hardwareDefinition']]);
    } finally {
      t.cleanup();
    }
  });

  test('query names a peripheral by an app\'s own definition, and refuses a name two definitions give two values', () => {
    // hardware-from-app-cmake: no product definition, the real-time app's build gives ROVER_LED = GPIO 12.
    const own = new IsolationSpec(loadProduct(fixture('hardware-from-app-cmake')).product!);
    expect(parseResource(own, 'Gpio:$ROVER_LED')).toEqual(parseResource(own, 'Gpio:12'));
    // hardware-app-states-its-board: the product's board A (GPIO 8) and the app's board B (GPIO 12).
    const two = new IsolationSpec(loadProduct(fixture('hardware-app-states-its-board')).product!);
    const refused = parseResource(two, 'Gpio:$ROVER_LED') as { error: string };
    expect(refused.error).toMatch(/\$ROVER_LED is Gpio:8 in \S*board-a\/rover\.json and Gpio:12 in \S*board-b\/rover\.json: write the raw value$/);
  });

  test('a CMakeLists.txt that names its definition only under a board condition: the unresolved reference says why, not "no CMakeLists.txt"', () => {
    const t = tempDir();
    try {
      cpSync(join(FIXTURES, 'hardware-from-app-cmake'), t.dir, { recursive: true });
      const cmake = readFileSync(join(t.dir, 'apps', 'rover-rt', 'CMakeLists.txt'), 'utf8').replace(/^(azsphere_target_hardware_definition\(.*)$/m, 'if(BOARD_B)\n$1\nendif()');
      t.write('apps/rover-rt/CMakeLists.txt', cmake);
      const product = JSON.parse(readFileSync(join(t.dir, 'sevenfold.json'), 'utf8')) as Record<string, unknown>;
      t.write('sevenfold.json', { ...product, hardwarePath: [join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference', 'hardware')] });
      const unresolved = loadProduct(join(t.dir, 'sevenfold.json')).diagnostics.filter((d) => d.name === 'ProductReferenceUnresolved');
      expect(unresolved).toHaveLength(1);
      expect(unresolved[0]!.message).toMatch(/and no azsphere_target_hardware_definition call in \S*CMakeLists\.txt applies: .*BOARD_B/);
    } finally {
      t.cleanup();
    }
  });
});

