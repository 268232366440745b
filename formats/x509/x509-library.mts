/**
 * @peculiar/x509, loaded with require() on first use. The library ships CommonJS only (its package has
 * no "exports" for its ES build): an `import` of it makes Node's ES loader scan its 150 KB entry file for
 * named exports before loading the same CommonJS modules, which cost about 70 % more CPU than require()
 * (some 75 ms against 105 ms of a cold `verify`, measured side by side). Loading it on first use also
 * keeps it out of runs that issue and parse no certificate (most commands, and `verify --property` of
 * the isolation and TCB properties). Every reader and issuer of X.509 certificates takes it from here, so
 * no `import` of it loads it first. Synchronous: certificate parsing is.
 *
 * The bundled CLI (build/bundle-cli.mjs) has the library, its parts and reflect-metadata as one CommonJS
 * file beside its modules, x509.cjs, which this loads when it is there: one file instead of about 230
 * modules, about half the CPU (some 50 ms against 100 ms, measured side by side), run with the V8 code
 * cache the build writes beside it (commonjs-code-cache.ts). Elsewhere (tsc's tree, the TypeScript
 * sources, the fuzz build) there is none and the package is loaded.
 *
 * An ES module of its own (.mts) for the reason formats/json/module-require.mts gives: the fuzz build
 * compiles the readers to CommonJS, which cannot parse import.meta, and loads this file through require(esm).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as X509 from '@peculiar/x509';
import type * as Asn1X509 from '@peculiar/asn1-x509';
import type * as Asn1Schema from '@peculiar/asn1-schema';
import { runWithCodeCache, type CodeCacheUse } from './commonjs-code-cache.js';

export type X509Library = typeof X509;
/**
 * The ASN.1 classes @peculiar/x509 is built on (the same package family, the same module instances the
 * library uses): formats/x509/certificate-builder.ts builds certificates with them directly.
 */
export interface Asn1Libraries {
  asn1X509: typeof Asn1X509;
  asn1Schema: typeof Asn1Schema;
}
/** What the bundled file exports (build/bundle-cli.mjs): the library and its two ASN.1 packages. */
export interface BundledX509 extends Asn1Libraries {
  x509: X509Library;
}

const requireHere = createRequire(import.meta.url);
/** Where the bundled CLI has the library as one file (the name build/bundle-cli.mjs writes). */
export const BUNDLED_X509_FILE = 'x509.cjs';
let loaded: BundledX509 | undefined;
/** How the library was loaded: from the bundled file (with its code cache accepted, rejected or absent), or from the package. */
let loadedFrom: { file: string; codeCache: CodeCacheUse } | 'package' | undefined;

function load(): BundledX509 {
  if (!loaded) {
    const bundled = fileURLToPath(new URL(`./${BUNDLED_X509_FILE}`, import.meta.url));
    if (existsSync(bundled)) {
      const run = runWithCodeCache(bundled);
      loaded = run.exports as BundledX509;
      loadedFrom = { file: bundled, codeCache: run.codeCache };
    } else {
      loadedFrom = 'package';
      // The library resolves its parts through tsyringe, which needs the Reflect metadata API first.
      requireHere('reflect-metadata');
      loaded = {
        x509: requireHere('@peculiar/x509') as X509Library,
        asn1X509: requireHere('@peculiar/asn1-x509') as typeof Asn1X509,
        asn1Schema: requireHere('@peculiar/asn1-schema') as typeof Asn1Schema,
      };
    }
  }
  return loaded;
}

export const x509Library = (): X509Library => load().x509;
/** How the library was loaded, once it was (for tests). */
export const x509LoadedFrom = (): typeof loadedFrom => loadedFrom;
export const asn1Libraries = (): Asn1Libraries => load();
