/**
 * The app manifests under a folder, as a user's project holds them (apps/<app>/app_manifest.json, one per
 * Azure Sphere app): what `sevenfold init` lists in a new product file, and what tells `verify` with no product
 * that it runs in a project of the user's own. A bounded walk: hidden folders, node_modules and build output
 * are not entered, and it stops after MAX_ENTRIES directory entries, so a home folder costs little.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE_NAME = 'app_manifest.json';
const MAX_DEPTH = 6;
const MAX_ENTRIES = 20_000;
/** Folders that hold no source manifest of the project: dependencies, build output (the SDK's out/ copies each manifest). */
const SKIPPED = new Set(['node_modules', 'out', 'build', 'dist', 'bin', 'obj']);

export interface ManifestSearch {
  files: string[];
  /** True when the walk stopped at its bound: there may be more. */
  truncated: boolean;
}

export function findAppManifests(root: string): ManifestSearch {
  const files: string[] = [];
  let entries = 0;
  let truncated = false;
  const walk = (dir: string, depth: number): void => {
    let list;
    try {
      list = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: not ours to judge
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of list) {
      if (++entries > MAX_ENTRIES) {
        truncated = true;
        return;
      }
      if (entry.isFile() && entry.name === MANIFEST_FILE_NAME) files.push(join(dir, entry.name));
      else if (entry.isDirectory() && depth < MAX_DEPTH && !entry.name.startsWith('.') && !SKIPPED.has(entry.name) && !entry.name.startsWith('dist-')) walk(join(dir, entry.name), depth + 1);
    }
  };
  walk(root, 0);
  return { files, truncated };
}
