/**
 * cborg is an ES module whose package.json exports only an "import" condition, so the CommonJS build in
 * dist-fuzz/ (jsfuzz instruments CommonJS only) cannot `require('cborg')`: ERR_PACKAGE_PATH_NOT_EXPORTED,
 * before Node 20's require(esm) is even tried. Imported first by the targets that reach cborg, this sends
 * a failed CommonJS resolution of 'cborg' to the package's entry file, which require(esm) then loads
 * (uninstrumented, like @noble). Under ESM (vitest, tsx, dist/) nothing resolves through this hook.
 */
import Module from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../core/project-root.js';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve & { cborgFallback?: true } };
const original = loader._resolveFilename;
if (typeof original === 'function' && !original.cborgFallback) {
  const patched: Resolve & { cborgFallback?: true } = function (this: unknown, request: string, ...rest: unknown[]) {
    try {
      return original.call(this, request, ...rest);
    } catch (err) {
      if (request !== 'cborg') throw err;
      return original.call(this, join(projectRoot(), 'node_modules', 'cborg', 'cborg.js'), ...rest);
    }
  };
  patched.cborgFallback = true;
  loader._resolveFilename = patched;
}
