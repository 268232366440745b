/**
 * The modules a built entry point loads before it runs a line of its own: its static import closure,
 * read from the compiled JavaScript in dist/ (tsc has already dropped type-only imports there, so what
 * is left is what Node will load). Dynamic `import()` is not followed: it is how a command defers its
 * work until it runs. Bare specifiers (packages) are recorded, and followed only when the caller
 * gives a resolver (the measuring script does; the test only needs to know which packages are reached).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** `import … from '…'`, `export … from '…'` and `import '…'` at the start of a line; not `import(…)`. */
const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^;'"()]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;
/** In CommonJS packages: `require('…')`, for the count only. */
const REQUIRE = /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

export interface ImportClosure {
  /** Absolute paths of the JavaScript files loaded, the entry included. */
  files: string[];
  /** Bare specifiers met (packages, `node:` built-ins), each once. */
  bare: string[];
}

export function staticImportClosure(entry: string, resolveBare?: (specifier: string, fromFile: string) => string | undefined): ImportClosure {
  const files = new Set<string>();
  const bare = new Set<string>();
  const pending = [resolve(entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(STATIC_IMPORT)].map((m) => m[1]!);
    if (file.endsWith('.cjs') || (file.includes('/node_modules/') && !/^\s*(?:import|export)\s/m.test(text))) specifiers.push(...[...text.matchAll(REQUIRE)].map((m) => m[1]!));
    for (const spec of specifiers) {
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = resolve(dirname(file), spec);
        pending.push(/\.[cm]?js$|\.json$/.test(target) ? target : resolveExtensionless(target));
      } else {
        bare.add(spec);
        if (spec.startsWith('node:') || !resolveBare) continue;
        const target = resolveBare(spec, file);
        if (target) pending.push(target);
      }
    }
  }
  return { files: [...files].filter((f) => !f.endsWith('.json')), bare: [...bare] };
}

/** CommonJS packages write require('./x') for x.js or x/index.js. */
function resolveExtensionless(path: string): string {
  for (const candidate of [`${path}.js`, `${path}/index.js`]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // try the next form
    }
  }
  return `${path}.js`;
}
