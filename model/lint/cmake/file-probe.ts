/**
 * What CMake evaluation and the hardware-definition lookup ask of the file system: a file's text, and
 * whether a path is a file or a directory. Every failure (missing, unreadable, a broken link) is "no":
 * CMake's EXISTS and IS_DIRECTORY answer false, and the SDK's lookup moves on to the next directory.
 */
import { readFileSync, statSync } from 'node:fs';

export function readTextFile(path: string): string | undefined {
  try {
    if (!statSync(path).isFile()) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
