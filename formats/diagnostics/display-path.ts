import { isAbsolute, relative } from 'node:path';

/**
 * A path as a user would type it: relative to the working directory when the file is inside it,
 * otherwise the absolute path. Never "../../tmp/x/sevenfold.json": a path that climbs out of the
 * working directory is harder to read than the absolute one the user gave, and breaks as soon as the
 * command is run from another folder.
 */
export function displayPath(file: string, cwd = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  if (rel === '' || rel.split(/[\\/]/)[0] === '..' || isAbsolute(rel)) return file;
  return rel;
}
