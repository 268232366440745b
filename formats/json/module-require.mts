/**
 * A require() for the JSON readers, and the folder the build writes precompiled schema validators to.
 * An ES module of its own (.mts) for the same reason as model/product/module-url.mts: the fuzz build
 * compiles the readers to CommonJS, which cannot parse import.meta, but loads this file through
 * require(esm). Both are synchronous: a loader validates a file as it reads it.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const requireFromJsonReaders: NodeJS.Require = createRequire(import.meta.url);

/** dist/formats/json/precompiled-validators/ in the build; absent in the source tree (its schemas are compiled). */
export const precompiledValidatorsFolder: string = fileURLToPath(new URL('./precompiled-validators/', import.meta.url));
