/**
 * Real real-time apps in ../shared/corpus list high-level partners their repositories do not ship (the Learning-Path
 * labs, the Avnet AzureRTOS examples: azure-sphere-facts §1.4 "Non-reciprocal links exist in real repos"). Installed
 * alone, each still sends to the id it lists, and the kernel on the A7 reads each message to refuse it: the layers
 * above the design's high-level app slot take its input (model/platform/app-interfaces.ts absentPartnerTakers). Before
 * s37 such a listing reached nothing. Skipped, with a message, when the corpus is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE_NAME } from '../../model/lint/lint.js';
import { walkPaths } from '../../model/lint/walk.js';
import { loadProduct } from '../../model/product/product.js';
import { appInterfaces } from '../../model/platform/app-interfaces.js';
import { tempDir } from '../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const corpus = resolve(root, '../shared/corpus');
const present = existsSync(corpus);
if (!present) console.warn(`${corpus} not found: skipping the real absent-partner tests`);

/** Real-time manifests of the corpus that list at least one partner, with raw peripheral values (no definition needed). */
function realTimeListers(): string[] {
  return walkPaths([corpus])
    .candidates.map((c) => c.file)
    .filter((file) => file.endsWith(MANIFEST_FILE_NAME))
    .filter((file) => {
      let json: { ApplicationType?: unknown; Capabilities?: Record<string, unknown> };
      try {
        json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
      } catch {
        return false;
      }
      const caps = json.Capabilities ?? {};
      const listed = Array.isArray(caps['AllowedApplicationConnections']) && caps['AllowedApplicationConnections'].length > 0;
      const raw = !JSON.stringify(caps).includes('"$');
      return json.ApplicationType === 'RealTimeCapable' && listed && raw;
    });
}

describe.skipIf(!present)('real real-time apps listing a partner no app of the product has', () => {
  it('installed alone, each reaches the kernel layers above the high-level app slot, one per listed id', () => {
    const files = realTimeListers();
    expect(files.length).toBeGreaterThan(0);
    const t = tempDir();
    try {
      let judged = 0;
      for (const manifest of files) {
        const loaded = loadProduct(t.write('sevenfold.json', { schemaVersion: 1, name: 'absent partner', chip: 'mt3620', apps: [{ manifest }] }));
        if (loaded.hasErrors || !loaded.product) continue;
        judged++;
        const product = loaded.product;
        const listed = product.apps[0]!.manifest.partners;
        const takers = appInterfaces(product).filter((f) => f.kind === 'channel');
        for (const partner of listed) {
          expect(takers.filter((f) => f.pointer === partner.pointer).map((f) => f.component), `${manifest} ${partner.pointer}`).toEqual(['nw-loader', 'nw-kernel']);
        }
      }
      // Most of them load as they are (no placeholder, no definition needed): never pinned, but not none.
      expect(judged).toBeGreaterThan(0);
    } finally {
      t.cleanup();
    }
  });
});
