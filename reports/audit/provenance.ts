/**
 * What a reviewer needs to re-run a report anywhere: the tool's version and git commit, the folder the
 * run was made in, and commands that name every file by its absolute path, so they work from any folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../../model/product/builtin.js';

export const UNKNOWN_COMMIT = 'unknown';

let cachedCommit: string | undefined;

/**
 * The commit Sevenfold runs from: `git rev-parse HEAD` of the package root when the package root is itself
 * a git checkout (its own top level, not a folder inside someone else's repository), else "unknown".
 */
export function toolCommit(root = packageRoot()): string {
  if (root === packageRoot() && cachedCommit !== undefined) return cachedCommit;
  let commit = UNKNOWN_COMMIT;
  if (existsSync(join(root, '.git'))) {
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (resolve(git('rev-parse', '--show-toplevel')) === resolve(root)) {
        const head = git('rev-parse', 'HEAD');
        if (/^[0-9a-f]{40}$/.test(head)) commit = head;
      }
    } catch {
      commit = UNKNOWN_COMMIT;
    }
  }
  if (root === packageRoot()) cachedCommit = commit;
  return commit;
}

export function sevenfoldVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A word as a POSIX shell reads it: unchanged when it is plain, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
