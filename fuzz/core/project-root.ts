/**
 * The Sevenfold source tree, found without import.meta (this code is also compiled to CommonJS for
 * jsfuzz): SEVENFOLD_ROOT, else the nearest package.json named "sevenfold" above this file (CommonJS),
 * the running script or the working directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let cached: string | undefined;

/** An ES module caller (the CLI) knows where it is from import.meta.url: a start for the search that beats argv and cwd. */
export function setProjectRootFrom(start: string): void {
  const found = findUp(resolve(start));
  if (found) cached = found;
}

export function projectRoot(): string {
  if (cached) return cached;
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const starts = [process.env['SEVENFOLD_ROOT'], here, process.argv[1] ? dirname(resolve(process.argv[1])) : undefined, process.cwd()];
  for (const start of starts) {
    if (!start) continue;
    const found = findUp(resolve(start));
    if (found) return (cached = found);
  }
  throw new Error('cannot find the Sevenfold source tree (a package.json named "sevenfold"); set SEVENFOLD_ROOT');
}

function findUp(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sevenfold') return dir;
      } catch {
        // not ours; keep looking
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
