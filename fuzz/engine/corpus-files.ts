/** Corpus folders: one input per file, named by the SHA-256 of its bytes (as jsfuzz names them), so folders merge by copying. */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const inputName = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Writes an input unless the folder has it already; returns true when it was new. */
export function saveInput(dir: string, bytes: Uint8Array): boolean {
  const file = join(dir, inputName(bytes));
  if (existsSync(file)) return false;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, bytes);
  return true;
}

/** Every regular file in a folder (not recursive), sorted by name for a stable order; [] when there is no folder. */
export function readInputs(dir: string, maxBytes = 1 << 20): { name: string; bytes: Uint8Array }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => !name.startsWith('.'))
    .map((name) => ({ name, file: join(dir, name) }))
    .filter(({ file }) => {
      const st = statSync(file);
      return st.isFile() && st.size <= maxBytes;
    })
    .map(({ name, file }) => ({ name, bytes: new Uint8Array(readFileSync(file)) }));
}

/** Copies the inputs of `from` that `to` lacks into `to`; returns how many were added. */
export function mergeCorpus(from: string, to: string): number {
  let added = 0;
  for (const { bytes } of readInputs(from)) if (saveInput(to, bytes)) added++;
  return added;
}

export function countInputs(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((n) => !n.startsWith('.')).length;
}
