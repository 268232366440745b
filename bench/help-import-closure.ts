/**
 * How many modules `sevenfold <args>` loads before its own code runs: the static import closure of
 * dist/cli/main.js, packages included (followed through Node's own resolver), by top-level folder.
 * Run after `npm run build`: npx tsx bench/help-import-closure.ts
 */
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { staticImportClosure } from '../test/helpers/static-import-closure.js';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const resolveBare = (spec: string, from: string): string | undefined => {
  try {
    const url = import.meta.resolve(spec, pathToFileURL(from).href);
    return url.startsWith('file:') ? fileURLToPath(url) : undefined;
  } catch {
    try {
      return createRequire(from).resolve(spec);
    } catch {
      return undefined;
    }
  }
};
const { files } = staticImportClosure(resolve(root, 'dist/cli/main.js'), resolveBare);
const groups = new Map<string, number>();
for (const file of files) {
  const path = relative(root, file);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1];
  const key = pkg ? `package ${pkg}` : path.split('/').slice(0, 2).join('/');
  groups.set(key, (groups.get(key) ?? 0) + 1);
}
console.log(`${files.length} modules in the static import closure of dist/cli/main.js`);
for (const [key, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`${String(n).padStart(5)}  ${key}`);
