/**
 * deployment.deviceCapabilities accepted fieldServicing and no rule read it: a product whose devices carry it got the
 * verdicts of devices without it, silently. Now the product loader warns (SF3021) at the capability's pointer, the
 * verdicts unchanged; appDevelopment and enableRTCoreDebugging, which properties judge, are not warned about.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { loadProduct } from '../../model/product/product.js';
import { tempDir } from '../helpers.js';

const SOURCE = join(import.meta.dirname, '..', 'fixtures', 'products', 'renewal-one-real-time-app', 'sevenfold.json');

/** The one-real-time-app product, written to a temporary folder with the given device capabilities. */
function withCapabilities(capabilities: string[]): string {
  const { dir } = tempDir();
  const product = JSON.parse(readFileSync(SOURCE, 'utf8')) as Record<string, unknown> & { apps: { manifest: string }[]; hardwareDefinition: string; hardwarePath: string[] };
  const moved = (p: string) => relative(dir, resolve(join(SOURCE, '..'), p));
  const file = join(dir, 'sevenfold.json');
  writeFileSync(file, JSON.stringify({ ...product, $schema: undefined, hardwareDefinition: moved(product.hardwareDefinition), hardwarePath: product.hardwarePath.map(moved), apps: product.apps.map((a) => ({ ...a, manifest: moved(a.manifest) })), deployment: { deviceGroup: 'Production', deviceCapabilities: capabilities } }));
  return file;
}

describe('a device capability no property reads', () => {
  test('fieldServicing is a warning at its pointer, not silence', () => {
    const loaded = loadProduct(withCapabilities(['enableRTCoreDebugging', 'fieldServicing']));
    const found = loaded.diagnostics.filter((d) => d.name === 'ProductDeviceCapabilityUnjudged');
    expect(found.map((d) => [d.pointer, d.severity, d.code])).toEqual([['/deployment/deviceCapabilities/1', 'warning', CODES.ProductDeviceCapabilityUnjudged.code]]);
    expect(found[0]!.message).toMatch(/the devices carry fieldServicing, which no property reads/);
    expect(loaded.product).toBeDefined();
  });

  test('the judged capabilities are not warned about', () => {
    const loaded = loadProduct(withCapabilities(['appDevelopment', 'enableRTCoreDebugging']));
    expect(loaded.diagnostics.filter((d) => d.name === 'ProductDeviceCapabilityUnjudged')).toEqual([]);
  });
});
