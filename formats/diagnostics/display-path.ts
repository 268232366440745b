import { isAbsolute, relative } from 'node:path';
import { markFreeText } from '../json/free-text.js';

/**
 * A path as a user would type it: relative to the working directory when the file is inside it,
 * otherwise the absolute path. Never "../../tmp/x/sevenfold.json": a path that climbs out of the
 * working directory is harder to read than the absolute one the user gave, and breaks as soon as the
 * command is run from another folder.
 */
export function displayPath(file: string, cwd = process.cwd()): string {
  // A line feed in a path (one a product file names, or one typed on the command line) is shown as `\u000a` wherever
  // the path is printed, as a maker's line feed is (free-text.ts): a path is one field of a line.
  if (!isAbsolute(file)) return markFreeText(file);
  const rel = relative(cwd, file);
  if (rel === '' || rel.split(/[\\/]/)[0] === '..' || isAbsolute(rel)) return markFreeText(file);
  return markFreeText(rel);
}
