/**
 * The built-in default product (the MT3620 reference device) ships inside the package, so that
 * `npx sevenfold verify` works with no arguments from the source tree and from the build alike.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
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

/**
 * --product if given (a folder stands for the sevenfold.json in it, as no --product stands for ./sevenfold.json:
 * `--product .` and `--product products/rover` are what people type), else ./sevenfold.json if there is one,
 * else the built-in product. A folder without one stays the folder, so the loader reports it as not a file.
 */
export function chooseProductFile(explicit: string | undefined, cwd: string): { file: string; source: 'option' | 'cwd' | 'builtin' } {
  if (explicit) {
    const given = resolve(cwd, explicit);
    const inside = join(given, PRODUCT_FILE_NAME);
    return { file: isDirectory(given) && existsSync(inside) ? inside : given, source: 'option' };
  }
  const local = resolve(cwd, PRODUCT_FILE_NAME);
  if (existsSync(local)) return { file: local, source: 'cwd' };
  return { file: builtinProductFile(), source: 'builtin' };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
