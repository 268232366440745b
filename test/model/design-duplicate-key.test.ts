/**
 * A key written twice in a file of Sevenfold's own formats (the product file, the platform, update and protocol
 * designs, the requirement profile) is an input error at the second key (SF0009 InputDuplicateKey,
 * formats/json/duplicate-keys.ts): Sevenfold reads the last value, a reviewer reading from the top the first.
 * test/fixtures/products/product-duplicate-key marks the PWM critical and then, below the apps, nothing: before,
 * it loaded with a warning only and defense-in-depth was decided without the product's critical asset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { builtinPlatformFile } from '../../model/platform/load-platform.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { builtinProtocolFile } from '../../model/attestation/load-protocol.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { runCliInProcess } from '../cli-in-process.js';
import { tempDir } from '../helpers.js';

const PRODUCTS = join(import.meta.dirname, '..', 'fixtures', 'products');
const FLAWED = join(PRODUCTS, 'product-duplicate-key', 'sevenfold.json');
const REFERENCE = join(import.meta.dirname, '..', '..', 'products', 'mt3620-reference');

/** The file's text with its top-level "name" written a second time at the end. */
const nameTwice = (file: string) => readFileSync(file, 'utf8').replace(/\s*}\s*$/, ',\n  "name": "written-again"\n}\n');

describe('a key written twice in a file Sevenfold reads for a verdict', () => {
  test('in the product file: an error at the second key, so no property is decided', () => {
    const loaded = loadProduct(FLAWED);
    const found = loaded.diagnostics.filter((d) => d.name === 'InputDuplicateKey');
    expect(found.map((d) => [d.file, d.pointer, d.severity, d.code, d.position.line])).toEqual([[FLAWED, '/criticalAssets', 'error', CODES.InputDuplicateKey.code, 16]]);
    expect(loaded.hasErrors).toBe(true);
    // The sound twin, each key once, loads.
    expect(loadProduct(join(PRODUCTS, '..', 'platforms', 'listener-drives-pwm', 'sevenfold.json')).hasErrors).toBe(false);
  });

  test('verify stops with exit 2 naming the file, the line and the key', async () => {
    const r = await runCliInProcess(['verify', '--product', FLAWED, '--property', 'defense-in-depth']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/product-duplicate-key\/sevenfold\.json:16:3: error SF0009 InputDuplicateKey: criticalAssets is written twice in this file: .* \[\/criticalAssets\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    ['platform', builtinPlatformFile()],
    ['update', builtinUpdateFile()],
    ['protocol', builtinProtocolFile()],
  ])('in the %s design a product names', (field, design) => {
    const t = tempDir();
    try {
      const file = t.write(`${field}.json`, nameTwice(design));
      const product = t.write('sevenfold.json', {
        schemaVersion: 1,
        name: `${field} with a key twice`,
        chip: 'mt3620',
        hardwareDefinition: join(REFERENCE, 'hardware', 'sevenfold_thermostat.json'),
        apps: [{ manifest: join(REFERENCE, 'apps', 'thermostat-hl', 'app_manifest.json') }],
        [field]: file,
      });
      const loaded = loadProduct(product);
      expect(loaded.hasErrors).toBe(true);
      const error = loaded.diagnostics.find((d) => d.file === file && d.severity === 'error');
      expect(error?.pointer).toBe('/name');
      expect(error?.message).toMatch(/^name is written twice in this file/);
    } finally {
      t.cleanup();
    }
  });

  test('in the requirement profile', () => {
    const t = tempDir();
    try {
      const file = t.write('profile.json', nameTwice(builtinRequirementsFile()));
      const loaded = loadRequirements(file);
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors.map((e) => [e.file, e.pointer])).toEqual([[file, '/name']]);
    } finally {
      t.cleanup();
    }
  });
});
