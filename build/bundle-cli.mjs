/**
 * Build step (after tsc and the precompiled validators, package.json "build"): the CLI as a few
 * bundled modules in dist/bundle/, the whole CLI once more as one CommonJS file with V8's code cache
 * (cli.cjs, which `verify` runs from: cli/start.ts), and dist/cli/main.js (the bin) replaced by a
 * two-line module that loads dist/bundle/start.js.
 *
 * Why: a `verify` loaded about 300 of our own modules from dist/ one by one; resolving, reading and
 * compiling each cost about 120 ms of the main thread's CPU (about 315 ms against 190 ms to import the
 * same code as ~100 bundled files, measured on a loaded 2-core machine), about 7 % of the whole run.
 *
 * How the layout keeps the code's own file lookups working: every output is written flat into one
 * folder, dist/bundle/, so `import.meta.url` means that folder whichever chunk a module lands in:
 *   - the worker threads are entry points of their own, dist/bundle/proof-worker.js and
 *     property-worker.js, where `new URL('./proof-worker.js', import.meta.url)` looks for them;
 *   - the precompiled schema validators are copied to dist/bundle/precompiled-validators/
 *     (formats/json/module-require.mts looks for them beside the module);
 *   - the package root (model/product/builtin.ts, fuzz/core/project-root.ts) is found by walking up
 *     from dist/bundle/, as from any folder of dist/;
 *   - packages stay external, loaded from node_modules as before (z3-solver loads WASM beside its
 *     files), but for @peculiar/x509, written here as one CommonJS file, x509.cjs, which
 *     formats/x509/x509-library.mts requires on first use when it finds it beside itself, and for the
 *     ES-module packages of BUNDLED_PACKAGES, whose code goes into the chunks like our own;
 *   - the lazy `import()`s of the commands, the properties and the suites stay lazy: code splitting
 *     makes each a chunk loaded when it runs, so `--help` still loads only the command declarations.
 * The bundle is made from tsc's output, so it runs the code the tests run; esbuild follows tsc's source
 * maps, so the bundle's maps point at the .ts sources. tsc's dist/ tree stays as it was (tests import
 * its modules and start its workers); only dist/cli/main.js is replaced.
 *
 * esbuild 0.28.2, a devDependency (tsx depends on it too).
 */
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

/**
 * The entry points: the bin's start (cli/start.ts, which runs `verify` from the CommonJS bundle below and
 * everything else from main.js), the CLI, and the two worker threads started from a file (the noble worker
 * starts from source text).
 */
const BUNDLE_ENTRIES = {
  start: 'cli/start.js',
  main: 'cli/main.js',
  'proof-worker': 'properties/certificate-authentication/proof-worker.js',
  'property-worker': 'properties/parallel/property-worker.js',
};

/**
 * Packages bundled into the chunks (ES modules without files of their own to find, nor state shared with
 * code outside the bundle): a `verify` loaded them as ~110 files from node_modules (cborg 40, @noble 41,
 * fast-check and pure-rand 16), each resolved by Node's package lookup, read and compiled on the main
 * thread, and @noble/curves/nist.js's own imports brought modules nothing calls (frost, oprf, fft,
 * hash-to-curve). Every other package stays external (EXTERNAL_PACKAGES). The noble worker still loads
 * noble from node_modules (it starts from source text, noble-worker.ts): a second copy, on its own thread.
 */
const BUNDLED_PACKAGES = ['@noble/curves', '@noble/hashes', 'cborg', 'fast-check', 'pure-rand'];
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const EXTERNAL_PACKAGES = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
  .filter((name) => !BUNDLED_PACKAGES.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

const bin = join(dist, 'cli/main.js');
const BIN_TEXT = "#!/usr/bin/env node\n// The bundled CLI (build/bundle-cli.mjs); tsc's cli/start.js is its entry.\nimport '../bundle/start.js';\n";
if (readFileSync(bin, 'utf8') === BIN_TEXT) throw new Error(`${bin} is already the bundle's loader: run tsc (npm run build) first`);

rmSync(out, { recursive: true, force: true }); // chunk names are content hashes: old ones would linger
const result = await build({
  entryPoints: Object.fromEntries(Object.entries(BUNDLE_ENTRIES).map(([name, file]) => [name, join(dist, file)])),
  absWorkingDir: root, // the metafile's paths are relative to it (test/helpers/bundle-closure.ts)
  outdir: out,
  entryNames: '[name]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL_PACKAGES,
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'warning',
});
writeFileSync(join(out, 'meta.json'), JSON.stringify(result.metafile));
cpSync(join(dist, 'formats/json/precompiled-validators'), join(out, 'precompiled-validators'), { recursive: true });

// @peculiar/x509 with its parts and reflect-metadata as one CommonJS file, which formats/x509/x509-library.mts
// requires when it finds it beside itself: loading it cost about 230 modules and 100 ms of CPU, the file
// about 50 ms. CommonJS as the library ships; not minified (esbuild's keepNames, which tsyringe's
// class lookups would want, made it slower to load than the plain file).
await build({
  // The library and the two ASN.1 packages it is built on (formats/x509/certificate-builder.ts uses them):
  // one copy of each, so the classes the builder makes are the ones the library's serializer knows.
  stdin: {
    contents: "require('reflect-metadata');\nmodule.exports = { x509: require('@peculiar/x509'), asn1X509: require('@peculiar/asn1-x509'), asn1Schema: require('@peculiar/asn1-schema') };\n",
    resolveDir: root,
    sourcefile: 'x509-entry.cjs',
    loader: 'js',
  },
  absWorkingDir: root,
  outfile: join(out, 'x509.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
});

// V8's code cache for x509.cjs (build/x509-code-cache.mjs), in a process of its own: under the CLI's V8
// flags, and with nothing of this build loaded into it.
const cached = spawnSync(process.execPath, [join(root, 'build/x509-code-cache.mjs'), join(out, 'x509.cjs')], { stdio: 'inherit' });
if (cached.status !== 0) throw new Error(`writing the code cache of ${join(out, 'x509.cjs')} failed (exit ${cached.status})`);

// The whole CLI as one CommonJS file, cli.cjs, which cli/start.ts runs `verify` from with V8's code cache
// (ES modules cannot use one on Node 20). The same tsc output as the chunks; what an ES module reads
// from import.meta is given by name: its URL is the file's own (dist/bundle/, where every chunk sits, so
// the code's lookups beside itself find the same files), and import.meta.resolve (the noble worker's
// module URL, formats/image-package/noble-worker.ts) is require.resolve's file as a URL. Lazy imports of our
// own modules become lazily run parts of the file, and those of packages (z3-solver, CommonJS) require()
// calls: an import() left in the file fails once it runs from the code cache (Node 20 loses the script's
// loader on deserialising it: ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING when a verify first started Z3).
await build({
  stdin: {
    contents: "export { runProcess } from './run-process.js';\nexport { runCli } from './program.js';\nexport { shutdownZ3 } from '../proofs/z3-session.js';\n",
    resolveDir: join(dist, 'cli'),
    sourcefile: 'cli-entry.js',
    loader: 'js',
  },
  absWorkingDir: root,
  outfile: join(out, 'cli.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL_PACKAGES,
  supported: { 'dynamic-import': false },
  sourcemap: 'linked', // as the chunks: the bundle's lines map to the .ts sources (node --enable-source-maps)
  sourcesContent: false,
  define: { 'import.meta.url': '__moduleUrlOfBundle', 'import.meta.resolve': '__resolveFromBundle' },
  banner: {
    js: "const __moduleUrlOfBundle = require('node:url').pathToFileURL(__filename).href;\nconst __resolveFromBundle = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
  },
  logLevel: 'warning',
});
const cliCached = spawnSync(process.execPath, [join(root, 'build/cli-code-cache.mjs'), join(out, 'cli.cjs')], { cwd: root, stdio: 'inherit' });
if (cliCached.status !== 0) throw new Error(`writing the code cache of ${join(out, 'cli.cjs')} failed (exit ${cliCached.status})`);

writeFileSync(bin, BIN_TEXT);
rmSync(`${bin}.map`, { force: true });
chmodSync(bin, 0o755);
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
console.log(`bundled the CLI into ${files} modules in ${out}`);
