/**
 * A "$NAME" a product cannot resolve is an error on the manifest, which several product files may share: the
 * message names the product file that has no hardwareDefinition (was: "the product file names no
 * hardwareDefinition", read by a user whose own sevenfold.json beside it does name one).
 */
import { afterAll, expect, it } from 'vitest';
import { loadProduct } from '../../model/product/product.js';
import { tempDir } from '../helpers.js';

const t = tempDir();
afterAll(() => t.cleanup());

it('names the product file that lacks the hardware definition', () => {
  t.write('apps/blink/app_manifest.json', { SchemaVersion: 1, Name: 'Blink', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: { Gpio: ['$LED'] }, ApplicationType: 'Default' });
  const file = t.write('draft-without-hardware.json', { schemaVersion: 1, name: 'Draft', chip: 'mt3620', apps: [{ manifest: 'apps/blink/app_manifest.json' }] });
  const loaded = loadProduct(file);
  const unresolved = loaded.diagnostics.filter((d) => d.name === 'ProductReferenceUnresolved');
  expect(unresolved).toHaveLength(1);
  expect(unresolved[0]!.message).toContain(`the product file ${file} names no hardwareDefinition`);
  expect(loaded.hasErrors).toBe(true);
});
