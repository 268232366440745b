/**
 * Where an import is looked for: next to the importing file, then in each --hardware-path folder,
 * first by the import's own relative path and then by file name anywhere below the folder. The
 * second step lets a user point at an unpacked SDK HardwareDefinitions tree or at a samples checkout
 * whose base definitions sit in one folder per board.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const MAX_DEPTH = 6;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface ImportLookup {
  file?: string;
  /** Other files that matched by name and were not chosen. */
  alternatives: string[];
}

/**
 * Who gave the search folders, so that a message names what the user can change: lint's and init's
 * --hardware-path option, or the product file's "hardwarePath" field (verify, report, … take no such option:
 * an import missing from a product's definition told the maker to pass one, and verify refused it).
 */
export type SearchPathOrigin = 'option' | 'product-file';

/** The words for each origin: where the folders are ("under …"), that none is given, and how to give one. */
export function searchPathWords(origin: SearchPathOrigin): { under: string; none: string; give: string } {
  return origin === 'option'
    ? { under: '--hardware-path', none: 'no --hardware-path given', give: 'pass --hardware-path <the folder holding the missing import>' }
    : { under: 'the product file\'s "hardwarePath" folders', none: 'the product file\'s "hardwarePath" names no folder', give: 'add the folder holding the missing import to "hardwarePath" in the product file' };
}

export class HardwarePath {
  private readonly indexes = new Map<string, Map<string, string[]>>();

  constructor(
    readonly dirs: readonly string[],
    readonly origin: SearchPathOrigin = 'option',
  ) {}

  find(importingFile: string, importPath: string): ImportLookup {
    const sibling = resolve(dirname(importingFile), importPath);
    if (isFile(sibling)) return { file: sibling, alternatives: [] };
    return this.lookup(importPath);
  }

  /** A file looked for in the hardware-path folders only: by its relative path, then by name below each folder. */
  lookup(importPath: string): ImportLookup {
    for (const dir of this.dirs) {
      const direct = resolve(dir, importPath);
      if (isFile(direct)) return { file: direct, alternatives: [] };
    }
    for (const dir of this.dirs) {
      const matches = this.index(dir).get(basename(importPath)) ?? [];
      if (matches.length > 0) return { file: matches[0]!, alternatives: matches.slice(1) };
    }
    return { alternatives: [] };
  }

  private index(dir: string): Map<string, string[]> {
    const root = resolve(dir);
    let index = this.indexes.get(root);
    if (!index) {
      index = new Map();
      collect(root, 0, index);
      for (const list of index.values()) list.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
      this.indexes.set(root, index);
    }
    return index;
  }
}

function collect(dir: string, depth: number, index: Map<string, string[]>): void {
  if (depth > MAX_DEPTH) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) collect(full, depth + 1, index);
    } else if (entry.isFile() && entry.name.endsWith('.json')) {
      const list = index.get(entry.name) ?? [];
      list.push(full);
      index.set(entry.name, list);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
