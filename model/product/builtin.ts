/**
 * The built-in default product (the MT3620 reference device) ships inside the package, so that
 * `npx sevenfold verify` works with no arguments from the source tree and from the build alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { productFolderUrl } from './module-url.mjs';

export const PRODUCT_FILE_NAME = 'sevenfold.json';

export function packageRoot(): string {
  let dir = fileURLToPath(productFolderUrl);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sevenfold') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the sevenfold package root');
    dir = parent;
  }
}

export function builtinProductFile(): string {
  return join(packageRoot(), 'products', 'mt3620-reference', PRODUCT_FILE_NAME);
}

/** --product if given, else ./sevenfold.json if there is one, else the built-in product. */
export function chooseProductFile(explicit: string | undefined, cwd: string): { file: string; source: 'option' | 'cwd' | 'builtin' } {
  if (explicit) return { file: resolve(cwd, explicit), source: 'option' };
  const local = resolve(cwd, PRODUCT_FILE_NAME);
  if (existsSync(local)) return { file: local, source: 'cwd' };
  return { file: builtinProductFile(), source: 'builtin' };
}
