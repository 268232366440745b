import { isAbsolute, relative } from 'node:path';

/** Paths relative to the working directory, as a user would type them, unless that climbs far up. */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  const ups = rel.split(/[\\/]/).filter((p) => p === '..').length;
  return rel === '' || ups > 3 ? file : rel;
}
