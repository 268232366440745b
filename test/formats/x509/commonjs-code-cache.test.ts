/**
 * A code cache must never run other code than its file's (formats/x509/commonjs-code-cache.ts): V8's own
 * check of a cache compares the source's length, not its bytes, so a file changed to the same length
 * would run its old functions from the cache. The cache file therefore begins with the SHA-256 of the
 * source it was written from, and a cache of other bytes is not given to V8 ('stale').
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeCacheFileOf, runCommonJs, runWithCodeCache, writeCodeCache } from '../../../formats/x509/commonjs-code-cache.js';

const folder = mkdtempSync(join(tmpdir(), 'sevenfold-code-cache-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A module whose function is compiled (and so cached) once it has run. */
const moduleAnswering = (answer: string): string => `module.exports = { answer: () => '${answer}' };\n`;

describe('a CommonJS file run with its code cache', () => {
  it('uses a cache written from the same bytes, and runs the same code', () => {
    const file = join(folder, 'same.cjs');
    writeFileSync(file, moduleAnswering('first'));
    const written = runCommonJs(file);
    expect((written.exports as { answer: () => string }).answer()).toBe('first');
    writeCodeCache(written, file);
    const again = runWithCodeCache(file);
    expect(again.codeCache).toBe('accepted');
    expect((again.exports as { answer: () => string }).answer()).toBe('first');
  });

  it('does not use a cache written from other bytes of the same length: it runs the file as it is now', () => {
    const file = join(folder, 'changed.cjs');
    writeFileSync(file, moduleAnswering('first'));
    const written = runCommonJs(file);
    (written.exports as { answer: () => string }).answer();
    writeCodeCache(written, file);
    writeFileSync(file, moduleAnswering('other')); // the same length: V8's own check would take the old cache
    const changed = runWithCodeCache(file);
    expect(changed.codeCache).toBe('stale');
    expect((changed.exports as { answer: () => string }).answer()).toBe('other');
  });

  it('compiles from source when there is no cache, or when it is not one (too short, garbage)', () => {
    const file = join(folder, 'plain.cjs');
    writeFileSync(file, moduleAnswering('plain'));
    expect(runWithCodeCache(file).codeCache).toBe('absent');
    writeFileSync(codeCacheFileOf(file), Buffer.from('not a cache'));
    const run = runWithCodeCache(file);
    expect(run.codeCache).toBe('stale');
    expect((run.exports as { answer: () => string }).answer()).toBe('plain');
  });
});
