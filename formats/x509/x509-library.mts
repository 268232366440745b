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
 * modules, about half the CPU (some 50 ms against 100 ms, measured side by side). Elsewhere (tsc's tree,
 * the TypeScript sources, the fuzz build) there is none and the package is loaded.
 *
 * An ES module of its own (.mts) for the reason formats/json/module-require.mts gives: the fuzz build
 * compiles the readers to CommonJS, which cannot parse import.meta, and loads this file through require(esm).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as X509 from '@peculiar/x509';

export type X509Library = typeof X509;

const requireHere = createRequire(import.meta.url);
/** Where the bundled CLI has the library as one file (the name build/bundle-cli.mjs writes). */
export const BUNDLED_X509_FILE = 'x509.cjs';
let library: X509Library | undefined;

export function x509Library(): X509Library {
  if (!library) {
    const bundled = fileURLToPath(new URL(`./${BUNDLED_X509_FILE}`, import.meta.url));
    if (existsSync(bundled)) library = requireHere(bundled) as X509Library;
    else {
      // The library resolves its parts through tsyringe, which needs the Reflect metadata API first.
      requireHere('reflect-metadata');
      library = requireHere('@peculiar/x509') as X509Library;
    }
  }
  return library;
}
