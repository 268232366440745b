/**
 * Turns the paths a user gave into the list of files to read. Folders are walked; JSON files found
 * inside are candidates, and anything unreadable becomes a diagnostic rather than an exception.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { makeDiagnostic } from '../../formats/json/located-json.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);
const MAX_DEPTH = 32;

export interface Candidate {
  file: string;
  /** Named on the command line (reported even when not recognised) rather than found in a folder. */
  explicit: boolean;
}

export interface WalkResult {
  candidates: Candidate[];
  diagnostics: Diagnostic[];
  /** A path given on the command line does not exist: a usage error. */
  missingPaths: string[];
  /** Each folder given on the command line (as given) with the JSON files found under it, even those another path also found. */
  folders: Map<string, string[]>;
}

export function walkPaths(paths: readonly string[]): WalkResult {
  const result: WalkResult = { candidates: [], diagnostics: [], missingPaths: [], folders: new Map() };
  const seen = new Set<string>();
  const add = (file: string, explicit: boolean, root?: string) => {
    const key = resolve(file);
    if (root !== undefined) result.folders.get(root)!.push(key);
    if (seen.has(key)) return;
    seen.add(key);
    result.candidates.push({ file: key, explicit });
  };
  const notAFile = (path: string) =>
    result.diagnostics.push(makeDiagnostic('NotAFile', resolve(path), '', { line: 1, column: 1 }, `${basename(path)} is a directory, not a JSON file`));

  const walk = (dir: string, depth: number, root: string) => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (err) {
      result.diagnostics.push(makeDiagnostic('ErrorReadingFile', resolve(dir), '', { line: 1, column: 1 }, `cannot read folder (${(err as NodeJS.ErrnoException).code ?? String(err)})`));
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.endsWith('.json')) notAFile(full);
        else if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(full, depth + 1, root);
      } else if (entry.isFile() && entry.name.endsWith('.json')) add(full, false, root);
    }
  };

  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      result.missingPaths.push(path);
      result.diagnostics.push(makeDiagnostic('PathNotFound', resolve(path), '', { line: 1, column: 1 }, 'no such file or folder'));
      continue;
    }
    if (stat.isDirectory()) {
      if (basename(path).endsWith('.json')) notAFile(path);
      else {
        if (!result.folders.has(path)) result.folders.set(path, []);
        walk(path, 0, path);
      }
    } else add(path, true);
  }
  return result;
}
