/**
 * For `sevenfold init`, an app whose manifest uses "$NAME" references and whose folder has no CMakeLists.txt naming
 * a hardware definition: the definitions under the project's folders (and the --hardware-path folders) whose own
 * Peripherals define every name the app uses. Only a suggestion printed in init's note, never written into the
 * draft: which definition an app is built against is its build's choice (several boards define the same names).
 * A bounded walk like findAppManifests: hidden folders, dependencies and build output are not entered.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MAX_DEPTH = 6;
const MAX_ENTRIES = 20_000;
/** Hardware definitions are small; a larger JSON file is not one (the readers refuse past 1 MiB too). */
const MAX_BYTES = 1024 * 1024;
const SKIPPED = new Set(['node_modules', 'out', 'build', 'dist', 'bin', 'obj']);
const HARDWARE_DEFINITION_TYPE = 'Azure Sphere Hardware Definition';

/** Each hardware definition under the roots, with the names its own Peripherals define. */
export function hardwareDefinitionsUnder(roots: readonly string[]): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  let entries = 0;
  const walk = (dir: string, depth: number): void => {
    let list;
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > MAX_ENTRIES) return;
      const path = join(dir, entry.name);
      if (entry.isFile() && entry.name.toLowerCase().endsWith('.json') && !found.has(path)) {
        const names = ownNames(path);
        if (names) found.set(path, names);
      } else if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith('.') && !SKIPPED.has(entry.name)) walk(path, depth + 1);
    }
  };
  for (const root of roots) walk(root, 0);
  return found;
}

/** The definitions (of those given) that define every name, shortest path first. */
export function definitionsDefining(definitions: Map<string, Set<string>>, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  return [...definitions].filter(([, own]) => names.every((n) => own.has(n))).map(([file]) => file).sort((a, b) => a.length - b.length || a.localeCompare(b));
}

function ownNames(file: string): Set<string> | undefined {
  try {
    if (statSync(file).size > MAX_BYTES) return undefined;
    const json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as { Metadata?: { Type?: unknown }; Peripherals?: unknown };
    if (json?.Metadata?.Type !== HARDWARE_DEFINITION_TYPE || !Array.isArray(json.Peripherals)) return undefined;
    return new Set(json.Peripherals.flatMap((p: unknown) => (p && typeof p === 'object' && typeof (p as { Name?: unknown }).Name === 'string' ? [(p as { Name: string }).Name] : [])));
  } catch {
    return undefined; // not JSON, unreadable: not a candidate (lint reports such files)
  }
}
