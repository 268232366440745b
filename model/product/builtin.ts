/**
 * The built-in default product (the MT3620 reference device) ships inside the package, so that
 * `npx sevenfold verify` works with no arguments from the source tree and from the build alike.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAppManifests } from './find-manifests.js';
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

/** `--product builtin`: the built-in reference product, asked for by name (unless a file or folder has that name). */
export const BUILTIN_PRODUCT_NAME = 'builtin';

export interface ProductChoice {
  file: string;
  source: 'option' | 'cwd' | 'builtin';
  /**
   * Why no product is verified: no --product, no ./sevenfold.json, and the folder holds app manifests of its own.
   * The built-in product's verdicts would then read as the user's (a CI step running `sevenfold verify` in the
   * project passed on the reference thermostat): the caller stops with this message, a usage error.
   */
  refusal?: string;
}

/**
 * --product if given (a folder stands for the sevenfold.json in it, as no --product stands for ./sevenfold.json:
 * `--product .` and `--product products/rover` are what people type; `builtin` names the built-in product), else
 * ./sevenfold.json if there is one, else the built-in product — unless the folder holds app manifests of its own
 * (outside the Sevenfold package, whose own products and fixtures are not the user's): then a refusal.
 * A folder without a product file stays the folder, so the loader reports it as not a file.
 */
export function chooseProductFile(explicit: string | undefined, cwd: string): ProductChoice {
  if (explicit) {
    const given = resolve(cwd, explicit);
    if (explicit === BUILTIN_PRODUCT_NAME && !existsSync(given)) return { file: builtinProductFile(), source: 'builtin' };
    const inside = join(given, PRODUCT_FILE_NAME);
    return { file: isDirectory(given) && existsSync(inside) ? inside : given, source: 'option' };
  }
  const local = resolve(cwd, PRODUCT_FILE_NAME);
  if (existsSync(local)) return { file: local, source: 'cwd' };
  const builtin = { file: builtinProductFile(), source: 'builtin' as const };
  const root = packageRoot();
  const here = resolve(cwd);
  if (here === root || here.startsWith(root + sep)) return builtin;
  const found = findAppManifests(here);
  if (found.files.length === 0) return builtin;
  const shown = found.files.slice(0, 3).map((f) => relative(here, f));
  const more = found.files.length - shown.length;
  return {
    ...builtin,
    refusal:
      `no ${PRODUCT_FILE_NAME} here (${here}), but this folder holds app manifests (${shown.join(', ')}${more > 0 || found.truncated ? `, and ${found.truncated ? 'more' : `${more} more`}` : ''}): ` +
      `the built-in reference product's verdicts would say nothing about them. Write a product file for your apps with \`sevenfold init\`, or pass --product <file>; --product ${BUILTIN_PRODUCT_NAME} verifies the built-in reference product`,
  };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
