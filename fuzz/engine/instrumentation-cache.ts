/**
 * Instrumented code kept in the compiled tree, under .instrumented/, keyed by what was instrumented how (`kind`), the
 * file's path and its code: instrumenting (Babel) costs seconds per campaign start, which a 10-second CI campaign
 * cannot spare, so only the first campaign after a build pays for a file. Writes are atomic (a rename), since
 * campaigns running side by side share the folder. Used by the structure-aware engine (coverage.ts) and by jsfuzz's
 * worker (jsfuzz-worker-cache.ts).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function cachedInstrumentation<T>(tree: string, kind: string, filename: string, code: string, make: () => T): T {
  const key = createHash('sha256').update(`${kind}\0${filename}\0${code}`).digest('hex').slice(0, 32);
  const dir = join(tree, '.instrumented');
  const file = join(dir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    // not cached yet (or unreadable): instrument
  }
  const made = make();
  try {
    mkdirSync(dir, { recursive: true });
    const scratch = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(scratch, JSON.stringify(made));
    renameSync(scratch, file);
  } catch {
    // a read-only tree: no cache
  }
  return made;
}
