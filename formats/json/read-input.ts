/**
 * Reading an input file into a located document, turning every file-system failure into a diagnostic.
 */
import { readFileSync, statSync } from 'node:fs';
import { LocatedJson, makeDiagnostic, parseLocatedJson } from './located-json.js';

/** Real manifests and hardware definitions are under 40 KB; refusing huge files keeps lint fast on hostile input. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export interface InputFileProblem {
  name: 'ErrorReadingFile' | 'NotAFile' | 'FileTooLarge' | 'PathNotFound';
  message: string;
}

/**
 * Why a path cannot be read as an input file, or undefined when it can: not there, a folder or device, a symbolic
 * link that loops (ELOOP), unreadable, or too large. One reading for every file a command or a product names.
 */
export function inputFileProblem(file: string): InputFileProblem | undefined {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return { name: 'NotAFile', message: 'is a directory, not a file' };
    if (!stat.isFile()) return { name: 'NotAFile', message: 'is not a regular file' };
    size = stat.size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { name: 'PathNotFound', message: 'file not found' };
    return { name: 'ErrorReadingFile', message: `cannot read file (${code === 'ELOOP' ? 'ELOOP: a symbolic link that loops' : code ?? String(err)})` };
  }
  if (size > MAX_INPUT_BYTES) {
    return { name: 'FileTooLarge', message: `file is ${formatBytes(size)}; inputs larger than ${formatBytes(MAX_INPUT_BYTES)} are refused` };
  }
  return undefined;
}

export function readLocatedJson(file: string): LocatedJson {
  const fail = ({ name, message }: InputFileProblem) => {
    const doc = new LocatedJson(file);
    doc.diagnostics.push(makeDiagnostic(name, file, '', { line: 1, column: 1 }, message));
    return doc;
  };
  const problem = inputFileProblem(file);
  if (problem) return fail(problem);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return fail({ name: 'ErrorReadingFile', message: `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})` });
  }
  return parseLocatedJson(file, bytes);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
