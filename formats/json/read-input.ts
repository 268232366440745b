/**
 * Reading an input file into a located document, turning every file-system failure into a diagnostic.
 */
import { readFileSync, statSync } from 'node:fs';
import { LocatedJson, makeDiagnostic, parseLocatedJson } from './located-json.js';

/** Real manifests and hardware definitions are under 40 KB; refusing huge files keeps lint fast on hostile input. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export function readLocatedJson(file: string): LocatedJson {
  const fail = (name: 'ErrorReadingFile' | 'NotAFile' | 'FileTooLarge' | 'PathNotFound', message: string) => {
    const doc = new LocatedJson(file);
    doc.diagnostics.push(makeDiagnostic(name, file, '', { line: 1, column: 1 }, message));
    return doc;
  };
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return fail('NotAFile', 'is a directory, not a file');
    if (!stat.isFile()) return fail('NotAFile', 'is not a regular file');
    size = stat.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('PathNotFound', 'file not found');
    return fail('ErrorReadingFile', `cannot read file (${code ?? String(err)})`);
  }
  if (size > MAX_INPUT_BYTES) {
    return fail('FileTooLarge', `file is ${formatBytes(size)}; inputs larger than ${formatBytes(MAX_INPUT_BYTES)} are refused`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return fail('ErrorReadingFile', `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseLocatedJson(file, bytes);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
