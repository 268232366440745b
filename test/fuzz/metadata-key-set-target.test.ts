/**
 * The metadata-key-set target's oracles can fail. The benchmark's planted bug key-set-trailing-bytes
 * (bench/fuzz/planted-bugs.ts: the reader checks the length only from below and ignores bytes after the signature) is
 * applied to a copy of formats/update-metadata/metadata-key-set.ts; a short seeded structure-aware campaign over that
 * parser finds it (oracle model.format), and the shipped parser passes every oracle on the input that found it. The
 * shipped parser once accepted a root-signed set holding a key that is not an uncompressed point, then one off the curve
 * (fuzz/regressions/metadata-key-set/; the regression replay runs them): the device would have trusted a key that
 * verifies nothing and refused every later metadata document.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLANTED_BUGS } from '../../bench/fuzz/planted-bugs.js';
import { projectRoot } from '../../fuzz/core/project-root.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { keySetRunner, metadataKeySetTarget, referenceReading } from '../../fuzz/targets/metadata-key-set.js';
import { parseMetadataKeySet } from '../../formats/update-metadata/metadata-key-set.js';

const FILE = 'formats/update-metadata/metadata-key-set.ts';

/** parseMetadataKeySet with a planted bug's edits, from a scratch copy whose relative imports point back at this tree. */
async function plantedParser(bugId: string): Promise<typeof parseMetadataKeySet> {
  const bug = PLANTED_BUGS.find((b) => b.id === bugId)!;
  const root = projectRoot();
  let text = readFileSync(join(root, FILE), 'utf8');
  for (const edit of bug.edits) {
    expect(edit.file).toBe(FILE);
    expect(text.split(edit.find).length, `${bugId}: its edit no longer matches ${FILE} exactly once`).toBe(2);
    text = text.replace(edit.find, () => edit.replace);
  }
  const from = dirname(join(root, FILE));
  text = text.replace(/from '(\.\.?\/[^']+)'/g, (_m, rel: string) => `from '${pathToFileURL(resolve(from, rel.replace(/\.js$/, '.ts'))).href}'`);
  const copy = join(mkdtempSync(join(tmpdir(), 'sevenfold-planted-')), 'metadata-key-set.ts');
  writeFileSync(copy, text);
  return ((await import(pathToFileURL(copy).href)) as { parseMetadataKeySet: typeof parseMetadataKeySet }).parseMetadataKeySet;
}

describe('metadata-key-set target', () => {
  it('finds the planted trailing-bytes bug in a short seeded campaign; the shipped parser passes on the input that found it', async () => {
    const planted = await plantedParser('key-set-trailing-bytes');
    const target = { ...metadataKeySetTarget, setup: () => keySetRunner(planted) };
    const loop = new StructuredLoop(target, target.setup(), 1);
    for (const s of target.seeds()) expect(loop.addInitial(s.bytes).crash).toBeUndefined();
    let found: { key: string; bytes: Uint8Array } | undefined;
    for (let step = 0; step < 600 && !found; step++) {
      const { crash } = loop.step();
      if (crash) found = { key: crash.identity.key, bytes: crash.bytes };
    }
    expect(found?.key).toBe('oracle model.format');
    const bytes = found!.bytes;
    const reading = referenceReading(bytes);
    expect(reading.ok ? '' : reading.why).toBe('length');
    expect(parseMetadataKeySet(bytes).ok).toBe(false);
    expect(() => metadataKeySetTarget.setup().run(bytes)).not.toThrow();
  });

  it.each([
    ['key-with-compressed-point-prefix.bin', 'key 1 of the set is not an uncompressed point (0x04||x||y)'],
    ['key-off-the-curve.bin', 'key 1 of the set is not a point of P-256'],
  ])('refuses the root-signed set %s, naming the key', (file, reason) => {
    const bytes = new Uint8Array(readFileSync(join(projectRoot(), 'fuzz/regressions/metadata-key-set', file)));
    expect(parseMetadataKeySet(bytes)).toEqual({ ok: false, reason });
  });
});
