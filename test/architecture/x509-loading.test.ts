/**
 * @peculiar/x509 is loaded in one place, with require() on first use (formats/x509/x509-library.mts):
 * an ES `import` of the CommonJS library made a cold `verify` spend about 70 % more CPU loading it, and a
 * static import loaded it for commands and properties that never touch a certificate. One `import` of it
 * anywhere outside that file (static or dynamic, the library or reflect-metadata) would load it that way
 * first; type-only imports are erased and allowed. Read from every source file, so a new one cannot slip
 * past; and the built CLI is run once (hardware-root-of-trust, whose factory issues certificates) to see
 * that nothing loads it through the ES loader.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFilesUnder } from './source-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOADER = join('formats', 'x509', 'x509-library.mts');

const sources = sourceFilesUnder;

/**
 * Value imports (static, side-effect or dynamic) of the library, of the two ASN.1 packages it is built on
 * (formats/x509/certificate-builder.ts takes them from the loader: an import would load a second copy,
 * whose classes the library's serializer does not know) or of reflect-metadata; `import type` is left out.
 */
const VALUE_IMPORT = /(?:^|\n)\s*import\s+(?!type\b)[^'"]*?['"](@peculiar\/(?:x509|asn1-x509|asn1-schema)|reflect-metadata)['"]|import\(\s*['"](@peculiar\/(?:x509|asn1-x509|asn1-schema)|reflect-metadata)['"]\s*\)/g;

export function valueImportsOfX509(text: string): string[] {
  return [...text.matchAll(VALUE_IMPORT)].map((m) => m[1] ?? m[2]!);
}

describe('loading @peculiar/x509', () => {
  it('no source file imports it (or reflect-metadata) as a value but the one loader', () => {
    const offenders = ['cli', 'formats', 'model', 'emulator', 'properties', 'proofs', 'fuzz', 'reports']
      .flatMap((dir) => sources(join(root, dir)))
      .filter((file) => relative(root, file) !== LOADER)
      .flatMap((file) => valueImportsOfX509(readFileSync(file, 'utf8')).map((what) => `${relative(root, file)}: ${what}`));
    expect(offenders).toEqual([]);
  });

  it('the scan sees every form of a value import, and lets type-only imports pass', () => {
    expect(valueImportsOfX509("import * as x509 from '@peculiar/x509';")).toEqual(['@peculiar/x509']);
    expect(valueImportsOfX509("import 'reflect-metadata';")).toEqual(['reflect-metadata']);
    expect(valueImportsOfX509("  const x = await import('@peculiar/x509');")).toEqual(['@peculiar/x509']);
    expect(valueImportsOfX509("import { X509Certificate } from \"@peculiar/x509\";")).toEqual(['@peculiar/x509']);
    expect(valueImportsOfX509("import type * as X509 from '@peculiar/x509';")).toEqual([]);
    expect(valueImportsOfX509("import { AsnConvert } from '@peculiar/asn1-schema';")).toEqual(['@peculiar/asn1-schema']);
    expect(valueImportsOfX509("import * as asn1X509 from '@peculiar/asn1-x509';")).toEqual(['@peculiar/asn1-x509']);
    expect(valueImportsOfX509("import type * as Asn1X509 from '@peculiar/asn1-x509';")).toEqual([]);
  });

  it.runIf(existsSync(join(root, 'dist', 'cli', 'main.js')))('the built CLI loads it as its one bundled file when it issues certificates, never through the ES loader', () => {
    // A loader hook sees every module the ES loader loads (a CommonJS one imported from an ES module
    // included), not those require() loads; at exit the process also lists require()'s cache.
    const hooks = `data:text/javascript,${encodeURIComponent("export async function load(url, context, next) { const r = await next(url, context); if (/@peculiar|reflect-metadata/.test(url)) process.stderr.write('ES-LOADED ' + url + '\\n'); return r; }")}`;
    // The bundled file runs through node:vm with its code cache (formats/x509/commonjs-code-cache.ts), not
    // require(): the probe sees it read. node:fs is patched before the CLI's modules bind to it.
    const probe = `data:text/javascript,${encodeURIComponent(`import { register, createRequire, syncBuiltinESMExports } from 'node:module'; import fs from 'node:fs'; register(${JSON.stringify(hooks)}); const read = fs.readFileSync; fs.readFileSync = function (p, ...rest) { if (String(p).includes('x509.cjs')) process.stderr.write('READ ' + p + '\\n'); return read.call(this, p, ...rest); }; syncBuiltinESMExports(); const r = createRequire(process.cwd() + '/'); process.on('exit', () => process.stderr.write('REQUIRED ' + Object.keys(r.cache).filter((f) => f.includes('@peculiar') || f.includes('x509')).length + '\\n'));`)}`;
    const run = spawnSync(process.execPath, ['--import', probe, join(root, 'dist', 'cli', 'main.js'), 'verify', '--property', 'hardware-root-of-trust', '--seed', '1'], { cwd: root, encoding: 'utf8' });
    // Unknown (3), not holds: the built-in design leaves busMasters out (s37-dma); the run still boots and issues certificates.
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('ES-LOADED'))).toEqual([]);
    // The factory issued its key certificates: the library and its parts were loaded as the one file the
    // bundled CLI has (build/bundle-cli.mjs), with the code cache beside it, and none of the package's
    // modules besides (nothing of them, nor the file, in require()'s cache).
    const reads = run.stderr.split('\n').filter((l) => l.startsWith('READ ')).map((l) => l.slice(5));
    const bundled = join(root, 'dist', 'bundle', 'x509.cjs');
    expect([...new Set(reads)].sort()).toEqual([bundled, `${bundled}.v8-cache`]);
    expect(Number(/REQUIRED (\d+)/.exec(run.stderr)?.[1])).toBe(0);
  });
});
