/**
 * The TypeScript source files under a folder, recursively (.ts and .mts, not declarations): what the
 * architecture tests read to find imports and declarations, so a new file cannot escape them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function sourceFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFilesUnder(path));
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}
