/**
 * The example products assembled from real open-source apps: each loads without an error and without an
 * image warning, every copied file keeps its origin and licence beside it (and is byte for byte the corpus
 * file it names, when the corpus is present), and the images regenerate identically from their script.
 * The verdicts belong to the property tests; these only say the examples are valid products.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_IMAGES, EXAMPLES_DIR, makeExampleImages, makeExampleKeys } from '../../examples/make-example-images.js';
import { loadProduct } from '../../model/product/product.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const corpus = resolve(root, '../shared/corpus');
const EXAMPLES = Object.keys(EXAMPLE_IMAGES);

describe('example products from real apps', () => {
  it('are the six the README shows', () => {
    expect(EXAMPLES).toEqual(['hello-world-hl', 'hello-world-rt', 'intercore-comms', 'private-network-services', 'test-signed-image', 'development-group']);
  });

  it.each(EXAMPLES)('%s loads without errors, every app with its image read and matching its manifest', (name) => {
    const loaded = loadProduct(join(EXAMPLES_DIR, name, 'sevenfold.json'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(loaded.diagnostics.filter((d) => d.name.startsWith('ProductImage'))).toEqual([]);
    const product = loaded.product!;
    for (const app of product.apps) {
      expect(app.image, app.manifestFile).toBeDefined();
      expect(app.image!.signatureValid).toBe(true);
      expect(app.image!.manifestMismatches).toEqual([]);
      expect(app.image!.signer).toBe(EXAMPLE_IMAGES[name]!.signer === 'release' ? 'production' : 'sdk-test');
    }
  });

  it('every copied file has its origin and licence beside it, and is the corpus file it names', () => {
    const origins: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name === 'ORIGIN.md') origins.push(join(dir, e.name));
      }
    };
    walk(EXAMPLES_DIR);
    expect(origins.length).toBeGreaterThanOrEqual(8);
    const manifest = existsSync(join(corpus, 'MANIFEST.tsv')) ? readFileSync(join(corpus, 'MANIFEST.tsv'), 'utf8').split('\n').map((l) => l.split('\t')) : undefined;
    for (const origin of origins) {
      const dir = dirname(origin);
      expect(readFileSync(join(dir, 'LICENSE.txt'), 'utf8')).toContain('MIT License');
      const rows = [...readFileSync(origin, 'utf8').matchAll(/^\| `([^`]+)` \| \[([^\]]+)\]\([^)]*\) \| `([0-9a-f]{40})` \| `([^`]+)` \|$/gm)];
      expect(rows.length, origin).toBeGreaterThan(0);
      for (const [, file, repo, commit, path] of rows) {
        expect(existsSync(join(dir, file!)), `${origin}: ${file}`).toBe(true);
        if (!manifest || !file!.endsWith('.json')) continue;
        const entry = manifest.find((r) => r[1] === repo && r[2] === commit && r[3] === path);
        expect(entry, `${repo}@${commit}:${path} in corpus/MANIFEST.tsv`).toBeDefined();
        expect(createHash('sha256').update(readFileSync(join(dir, file!))).digest('hex')).toBe(entry![5]);
      }
    }
  });

  it('make-example-images.ts regenerates every committed key and image byte for byte', async () => {
    for (const [file, content] of await makeExampleKeys()) expect(readFileSync(file, 'utf8'), file).toBe(content);
    const images = makeExampleImages();
    expect(images.size).toBe(7);
    for (const [file, bytes] of images) expect(Buffer.from(readFileSync(file)).equals(Buffer.from(bytes)), file).toBe(true);
  });
});
