/**
 * `sevenfold --help` starts in a few times Node's own start-up (issue 15) because the modules it loads
 * statically are only the command declarations: each command's work (emulators, proofs, the fuzz engine,
 * the report writers, Ajv, @noble, cborg, X.509) is imported by its action. This reads the static import
 * closure of the built CLI (dist/: run `npm run build` first) and fails when an eager import of heavy
 * code comes back: of the bundle the bin loads (dist/bundle/main.js, build/bundle-cli.mjs), where a
 * lazy import survives only as a chunk of its own, and of tsc's tree, where the modules' own imports
 * are read. Speed itself is measured in bench/ (process-rows.ts), not here.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleClosure } from '../helpers/bundle-closure.js';
import { staticImportClosure } from '../helpers/static-import-closure.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const dist = resolve(root, 'dist');

/** Folders whose code is work, never declaration: a command loads it when it runs. */
const WORK_FOLDERS = ['emulator/', 'proofs/', 'fuzz/', 'reports/', 'properties/'];

/**
 * The modules in those folders that the declarations may read: each imports nothing (checked below),
 * so loading one costs one small file.
 */
const IMPORT_FREE_CONSTANTS: Record<string, string> = {
  'proofs/attacker-search/bound-option.js': 'verify --bound: its syntax and parser',
  'proofs/z3-session.js': 'main stops the solver on exit; z3-solver itself loads when a proof starts it',
  'emulator/attestation/serve-limits.js': 'serve --host and --devices: the accepted hosts and device count',
  'fuzz/engine/fuzz-out-folder.js': 'fuzz --out and report --fuzz: the default folder',
  'fuzz/engine/shard.js': 'fuzz --shard: the i/n parser',
  'fuzz/targets/target-ids.js': 'fuzz [target]: the target ids (held equal to the registry in test/fuzz/target-ids.test.ts)',
  'reports/audit/report-formats.js': 'report --format: the formats',
};

/** The property ids for verify --property; the checks themselves load when they run. */
const PROPERTY_REGISTRY = 'properties/registry.js';

/** The only package a declaration needs. */
const PACKAGES = ['commander'];

const packagesOf = (bare: string[]): string[] => [...new Set(bare.filter((s) => !s.startsWith('node:')).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))];

/** A module of tsc's tree and the modules it imports statically. */
function closureOf(entry: string): { files: string[]; packages: string[] } {
  const file = resolve(dist, entry);
  if (!existsSync(file)) throw new Error(`${relative(root, file)} is missing: run npm run build before the CLI tests`);
  const closure = staticImportClosure(file);
  return { files: closure.files.map((f) => relative(dist, f)), packages: packagesOf(closure.bare) };
}

/**
 * What the bin loads for `--help`: the bundle's start (cli/start.ts), and the entry it imports for every
 * command but `verify` (dist/bundle/main.js) with the chunks both import statically, named by the modules
 * of tsc's tree in them. (`verify` runs from the CommonJS bundle instead, test/cli/bundle.test.ts.)
 */
function binClosure(): { files: string[]; packages: string[] } {
  const bin = closureOf('cli/main.js');
  expect(bin.files.filter((f) => !f.startsWith('bundle/')), 'dist/cli/main.js loads the bundle alone').toEqual(['cli/main.js']);
  expect(bin.files).toContain('bundle/start.js');
  const closures = [bundleClosure(root, 'start.js'), bundleClosure(root, 'main.js')];
  return { files: [...new Set(closures.flatMap((c) => c.modules))], packages: packagesOf(closures.flatMap((c) => c.bare)) };
}

const isWork = (file: string): boolean => WORK_FOLDERS.some((folder) => file.startsWith(folder));

describe('the modules sevenfold loads before a command runs', () => {
  const help = binClosure();

  it('include every command declaration (the walk follows the imports)', () => {
    expect(help.files).toEqual(expect.arrayContaining(['cli/main.js', 'cli/program.js', 'cli/options.js', 'cli/commands/image-command.js', 'cli/commands/fuzz-command.js', 'cli/commands/report-command.js']));
  });

  it('hold no work module: emulators, proofs, fuzz engine and targets, report writers, property checks', () => {
    const allowed = new Set([...Object.keys(IMPORT_FREE_CONSTANTS), PROPERTY_REGISTRY]);
    expect(help.files.filter((f) => isWork(f) && !allowed.has(f))).toEqual([]);
    expect(help.files.filter((f) => f.startsWith('cli/') && f.endsWith('-action.js'))).toEqual([]);
  });

  it('reach no package but commander (no Ajv, @noble, cborg, X.509, jsonc-parser, z3-solver)', () => {
    expect(help.packages.sort()).toEqual(PACKAGES);
  });

  it.each(Object.keys(IMPORT_FREE_CONSTANTS))('%s imports nothing', (file) => {
    expect(closureOf(file).files).toEqual([file]);
  });

  it('the property registry imports only import-free modules', () => {
    const registry = closureOf(PROPERTY_REGISTRY);
    expect(registry.packages).toEqual([]);
    expect(registry.files.filter((f) => f !== PROPERTY_REGISTRY && closureOf(f).files.length > 1)).toEqual([]);
  });

  it('would see heavy code: a command\'s work module reaches the emulator, crypto and the fuzz engine', () => {
    // The walk is the test's only eye: check it finds what the declarations must not import.
    expect(closureOf('cli/commands/image-action.js').packages).toEqual(expect.arrayContaining(['@noble/curves']));
    expect(closureOf('cli/commands/attacks-action.js').files.some((f) => f.startsWith('emulator/update/'))).toBe(true);
    expect(closureOf('cli/commands/fuzz-action.js').files.some((f) => f.startsWith('fuzz/engine/') && f !== 'fuzz/engine/shard.js')).toBe(true);
    expect(closureOf('cli/commands/report-action.js').files.some((f) => f.startsWith('reports/audit/') && f !== 'reports/audit/report-formats.js')).toBe(true);
  });
});
