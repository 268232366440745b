/**
 * Each corpus app against the hardware definition its own CMakeLists.txt declares. The corpus holds no
 * CMake files (they are build scripts); corpus/cmake_hwdef.tsv records, for every app manifest, each
 * azsphere_target_hardware_definition call as written (target_directory_raw, target_definition_raw,
 * condition) and the definition it resolves to (definition_path, exists_in_corpus). Counted from the
 * TSV, never pinned. Skipped when ../shared/corpus is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { hardwareFromCmakeText } from '../../model/lint/cmake/hardware-from-cmake.js';
import { lint } from '../../model/lint/lint.js';

const here = dirname(fileURLToPath(import.meta.url));
const CORPUS = resolve(here, '../../..', 'shared/corpus');
const TSV = join(CORPUS, 'cmake_hwdef.tsv');
const exists = existsSync(TSV);
if (!exists) console.warn(`../shared/corpus/cmake_hwdef.tsv not found (looked for ${TSV}): skipping the per-app hardware-definition tests`);

const HARDWARE_PATH = [join(CORPUS, 'azure-sphere-samples@pre-20.07', 'Hardware'), join(CORPUS, 'azure-sphere-samples@pr164-4ab229f', 'HardwareDefinitions')];
const SLOW = 120_000;

type Row = Record<string, string>;

function readTsv(file: string): Row[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const columns = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const rows = exists ? readTsv(TSV) : [];
const inCorpus = rows.filter((r) => r['exists_in_corpus'] === 'yes');
const manifestOf = (r: Row) => join(CORPUS, r['folder']!, r['app_manifest']!);
const definitionOf = (r: Row) => join(CORPUS, r['folder']!, r['definition_path']!);
const label = (r: Row) => `${r['folder']}/${r['app_manifest']} line ${r['call_line']}${r['condition'] !== '-' ? ` if(${r['condition']})` : ''}`;

/**
 * The --define that makes a row's board condition hold: "AVNET" → AVNET, "${PRODUCT} STREQUAL mt3620-idc" →
 * PRODUCT=mt3620-idc. Other calls of the same app then do not apply (their boards are not defined).
 */
function definesFor(condition: string): Map<string, string> {
  if (condition === '-' || condition === '') return new Map();
  const comparison = /^\$\{(\w+)\}\s+STREQUAL\s+"?([^"]+)"?$/.exec(condition);
  if (comparison) return new Map([[comparison[1]!, comparison[2]!]]);
  if (/^\w+$/.test(condition)) return new Map([[condition, 'TRUE']]);
  throw new Error(`condition ${condition} has a form this test does not know`);
}

/**
 * A CMakeLists.txt with the app's calls as the TSV records them (raw arguments, each inside its board
 * condition). Variables in the raw arguments (set() or find_path() in the real file) are given the values
 * the TSV resolved them to.
 */
function cmakeFor(appRows: Row[]): string {
  const lines = ['project(App C)'];
  for (const r of appRows) {
    for (const [raw, resolved] of [
      [r['target_directory_raw']!, r['target_directory_resolved']!],
      [r['target_definition_raw']!, basename(r['definition_path']!)],
    ] as const) {
      const variable = /^(.*)\$\{(\w+)\}(.*)$/.exec(raw);
      if (variable && !variable[2]!.startsWith('CMAKE_') && variable[2] !== 'AZURE_SPHERE_SDK_PATH') {
        const [, before, name, after] = variable;
        lines.push(`set(${name} "${resolved.slice(before!.length, resolved.length - after!.length)}")`);
      }
    }
    const call = `azsphere_target_hardware_definition(\${PROJECT_NAME} TARGET_DIRECTORY "${r['target_directory_raw']}" TARGET_DEFINITION "${r['target_definition_raw']}")`;
    const condition = r['condition']!;
    lines.push(condition === '-' ? call : `if(${condition.replace(/STREQUAL (\S+)$/, 'STREQUAL "$1"')})\n  ${call}\nendif()`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Every peripheral name a definition and its imports define, found without the code under test: imports
 * by file name beside the definition, then anywhere under the hardware path.
 */
function namesDefinedBy(definition: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const queue = [definition];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { Imports?: { Path: string }[]; Peripherals?: { Name: string }[] };
    for (const p of json.Peripherals ?? []) names.add(p.Name);
    for (const imp of json.Imports ?? []) {
      const beside = join(dirname(file), imp.Path);
      queue.push(existsSync(beside) ? beside : (findByName(basename(imp.Path)) ?? beside));
    }
  }
  return names;
}

function findByName(name: string): string | undefined {
  const search = (dir: string, depth: number): string | undefined => {
    if (depth > 6 || !existsSync(dir)) return undefined;
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isFile() && entry.name === name) return full;
    }
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        const found = search(join(dir, entry.name), depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  };
  for (const dir of HARDWARE_PATH) {
    const found = search(dir, 0);
    if (found) return found;
  }
  return undefined;
}

describe.skipIf(!exists)('corpus apps against their declared hardware definitions (cmake_hwdef.tsv)', () => {
  test('the TSV lists definitions that are in the corpus', () => {
    expect(inCorpus.length).toBeGreaterThan(0);
    for (const r of inCorpus) expect(existsSync(definitionOf(r)), definitionOf(r)).toBe(true);
  });

  /**
   * Lints each (app, declared definition) pair. In the build the repository ships (active_default=yes:
   * unconditional, or the board its CMakeLists.txt selects) every reference must resolve. For the other
   * boards, a reference may be missing from that board's definition in the repository itself (the app would
   * not build for that board): the lint must then be right, which is checked independently below.
   */
  const results = new Map<Row, { unresolved: string[]; problems: string[]; references: number }>();
  const lintRow = (r: Row) => {
    let cached = results.get(r);
    if (!cached) {
      const result = lint([manifestOf(r)], { hardware: definitionOf(r), hardwarePath: HARDWARE_PATH });
      expect(result.usageErrors).toEqual([]);
      const refs = result.files[0]!.manifest?.peripherals.filter((p) => p.reference !== undefined) ?? [];
      const problems = result.diagnostics
        .filter((d) => ['ReferenceNotChecked', 'ReferenceTypeMismatch', 'IntPeripheralInManifest', 'HwMissingImport', 'HwUnknownMapping'].includes(d.name))
        .map((d) => `${label(r)}: ${d.name} ${d.message}`);
      cached = { unresolved: refs.filter((p) => p.value === undefined).map((p) => p.reference!), problems, references: refs.length };
      results.set(r, cached);
    }
    return cached;
  };

  test('every app resolves against the definition its repository builds by default: no unresolved reference', { timeout: SLOW }, () => {
    const shipped = inCorpus.filter((r) => r['active_default'] === 'yes');
    expect(shipped.length).toBeGreaterThan(0);
    const problems = shipped.flatMap((r) => [...lintRow(r).problems, ...lintRow(r).unresolved.map((n) => `${label(r)}: $${n} not resolved`)]);
    expect(problems).toEqual([]);
    expect(shipped.reduce((n, r) => n + lintRow(r).references, 0)).toBeGreaterThan(0);
  });

  test('against the other boards it declares, only names that board\'s definition really lacks are unresolved', { timeout: SLOW }, () => {
    const others = inCorpus.filter((r) => r['active_default'] !== 'yes');
    const wrong: string[] = [];
    const lacking: string[] = [];
    for (const r of others) {
      const { unresolved, problems } = lintRow(r);
      wrong.push(...problems);
      const defined = namesDefinedBy(definitionOf(r));
      for (const name of unresolved) {
        if (defined.has(name)) wrong.push(`${label(r)}: $${name} is defined by the definition or its imports, yet unresolved`);
        else lacking.push(`${label(r)}: $${name}`);
      }
    }
    expect(wrong).toEqual([]);
    // What the repositories themselves get wrong (reported, not pinned): each is a name the board's definition lacks.
    if (lacking.length) console.info(`corpus apps whose non-default board definitions lack a name they use:\n  ${lacking.join('\n  ')}`);
  });

  test('the CMake lookup picks the definition the TSV records, for every call of every app whose definition is in the corpus', { timeout: SLOW }, () => {
    const byApp = new Map<string, Row[]>();
    for (const r of rows.filter((x) => x['form']!.startsWith('TD/TD'))) byApp.set(manifestOf(r), [...(byApp.get(manifestOf(r)) ?? []), r]);
    const mismatches: string[] = [];
    let compared = 0;
    for (const [manifest, appRows] of byApp) {
      const text = cmakeFor(appRows);
      for (const r of appRows.filter((x) => x['exists_in_corpus'] === 'yes')) {
        const lookup = hardwareFromCmakeText(join(dirname(manifest), 'CMakeLists.txt'), text, { defines: definesFor(r['condition']!), hardwarePath: HARDWARE_PATH });
        compared++;
        if (lookup.choice?.definitionFile !== definitionOf(r)) mismatches.push(`${label(r)}: picked ${lookup.choice?.definitionFile ?? `nothing (${lookup.notChosen})`}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBe(inCorpus.length);
  });

  test('a definition that ships only with the SDK resolves to its stand-in when --hardware-path holds it', { timeout: SLOW }, () => {
    const sdkRows = rows.filter((r) => r['sdk_standin_in_corpus'] !== '-' && r['sdk_standin_in_corpus'] !== '');
    for (const r of sdkRows) {
      const lookup = hardwareFromCmakeText(join(dirname(manifestOf(r)), 'CMakeLists.txt'), cmakeFor([r]), { defines: definesFor(r['condition']!), hardwarePath: HARDWARE_PATH });
      expect(lookup.choice?.definitionFile, label(r)).toBe(join(CORPUS, r['sdk_standin_in_corpus']!));
      expect(lookup.choice?.fromHardwarePath).toBe(true);
    }
  });
});
