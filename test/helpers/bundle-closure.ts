/**
 * What a bundled entry point (dist/bundle/, build/bundle-cli.mjs) loads before it runs a line of its
 * own: the bundle files reached by static imports from it, the modules of tsc's dist/ that esbuild put
 * in them, and the packages they import. Read from the build's metafile (dist/bundle/meta.json), which
 * says for each output file what it imports and of what kind: a dynamic `import()` is not followed, as
 * it is how a command defers its work until it runs (static-import-closure.ts does the same for tsc's
 * tree). A package bundled into the chunks (build/bundle-cli.mjs BUNDLED_PACKAGES) is no import but
 * inputs from node_modules/: it counts among `bare` all the same, so a test that asks which packages an
 * entry point reaches sees it whether it is loaded from node_modules or inlined.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown>; entryPoint?: string }>;
}

export interface BundleClosure {
  /** The bundle files loaded, relative to dist/bundle/. */
  files: string[];
  /** The modules of tsc's tree in them, relative to dist/ (as static-import-closure.ts names them). */
  modules: string[];
  /** Packages imported or bundled in (the package name, without a path in it) and `node:` built-ins. */
  bare: string[];
}

export function readBundleMetafile(root: string): Metafile {
  const file = join(root, 'dist/bundle/meta.json');
  if (!existsSync(file)) throw new Error('dist/bundle/meta.json is missing: run npm run build before the CLI tests');
  return JSON.parse(readFileSync(file, 'utf8')) as Metafile;
}

/** `entry`: an output file name in dist/bundle/ (main.js, proof-worker.js, property-worker.js). */
export function bundleClosure(root: string, entry: string): BundleClosure {
  const meta = readBundleMetafile(root);
  // The metafile's paths are relative to the folder the build ran in: the project root.
  const outputKey = (name: string) => relative(root, resolve(root, 'dist/bundle', name)).replaceAll('\\', '/');
  const seen = new Set<string>();
  const bare = new Set<string>();
  const modules: string[] = [];
  const pending = [outputKey(entry)];
  while (pending.length > 0) {
    const key = pending.pop()!;
    if (seen.has(key)) continue;
    const output = meta.outputs[key];
    if (!output) throw new Error(`${key} is not an output of the bundle`);
    seen.add(key);
    for (const input of Object.keys(output.inputs)) {
      const inPackage = /(?:^|\/)node_modules\/(.+)$/.exec(input);
      if (inPackage) bare.add(packageName(inPackage[1]!));
      else modules.push(relative(join(root, 'dist'), resolve(root, input)).replaceAll('\\', '/'));
    }
    for (const imported of output.imports) {
      if (imported.kind !== 'import-statement') continue;
      if (imported.external) bare.add(imported.path.startsWith('node:') ? imported.path : packageName(imported.path));
      else pending.push(imported.path);
    }
  }
  return { files: [...seen].map((key) => relative(join(root, 'dist/bundle'), resolve(root, key)).replaceAll('\\', '/')), modules, bare: [...bare] };
}

function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}
