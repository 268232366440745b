/**
 * Oracles on located diagnostics, shared by the JSON readers' targets: every diagnostic is well formed
 * (a known code, a severity, a position inside the file, a JSON pointer, a message), and a message never
 * shows a placeholder ("undefined", "NaN", "[object Object]") that the input did not contain, nor calls a number null.
 */
import { CODES } from '../../../formats/diagnostics/codes.js';
import type { Diagnostic } from '../../../formats/diagnostics/diagnostic.js';
import { lineLength, lineStarts } from '../../core/line-starts.js';
import { check } from '../../core/oracle.js';

const SEVERITIES = new Set(['error', 'warning', 'info']);
const PLACEHOLDERS = ['undefined', 'NaN', '[object Object]', '[object Map]', 'function ', '=>'];

export interface DiagnosticContext {
  /** Input text per file name (diagnostic.file); a file missing here is not position-checked. */
  texts: ReadonlyMap<string, string>;
}

export function checkDiagnostics(diagnostics: readonly Diagnostic[], context: DiagnosticContext): void {
  // Where each line starts, per file (the lines as strings, from split, were a copy of the text per input).
  const lineCache = new Map<string, number[]>();
  const linesOf = (file: string, text: string) => {
    let starts = lineCache.get(file);
    if (!starts) lineCache.set(file, (starts = lineStarts(text)));
    return starts;
  };
  for (const d of diagnostics) {
    const info = (CODES as Record<string, { code: number | string; severity: string } | undefined>)[d.name];
    check(info !== undefined && Object.hasOwn(CODES, d.name), 'diagnostic.code', () => `unknown diagnostic name ${JSON.stringify(d.name)}`);
    check(info.code === d.code, 'diagnostic.code', () => `${d.name} carries code ${String(d.code)}, expected ${String(info.code)}`);
    check(SEVERITIES.has(d.severity), 'diagnostic.severity', () => `${d.name} has severity ${JSON.stringify(d.severity)}`);
    check(typeof d.message === 'string' && d.message.length > 0, 'diagnostic.message', () => `${d.name} has an empty message`);
    check(d.pointer === '' || d.pointer.startsWith('/'), 'diagnostic.pointer', () => `${d.name} has pointer ${JSON.stringify(d.pointer)}, not a JSON pointer`);
    const { line, column } = d.position;
    check(Number.isInteger(line) && Number.isInteger(column) && line >= 1 && column >= 1, 'diagnostic.position', () => `${d.name} at ${line}:${column}`);
    const text = context.texts.get(d.file);
    if (text !== undefined) {
      const starts = linesOf(d.file, text);
      check(line <= starts.length, 'diagnostic.position', () => `${d.name} at line ${line}, but the file has ${starts.length} lines`);
      check(column <= lineLength(starts, text, line) + 1, 'diagnostic.position', () => `${d.name} at ${line}:${column}, past the end of that line (${lineLength(starts, text, line)} characters)`);
    }
    // JSON.stringify writes Infinity (from 1e400) as null: a message calling a number null misreports the input.
    check(!/\bnumber null\b/.test(d.message), 'diagnostic.placeholder', () => `${d.name} message calls a number null: ${d.message}`);
    for (const placeholder of PLACEHOLDERS) {
      if (!d.message.includes(placeholder)) continue;
      const inInput = [...context.texts.values()].some((t) => t.includes(placeholder));
      check(inInput, 'diagnostic.placeholder', () => `${d.name} message shows ${JSON.stringify(placeholder)}, which is not in the input: ${d.message}`);
    }
  }
}

/** A diagnostic without its position, and with file:line:column references in its message dropped: what a re-serialised input must reproduce. */
export function diagnosticShape(d: Diagnostic, fileLabel: (file: string) => string = (f) => f): string {
  return `${d.severity} ${d.name} ${fileLabel(d.file)}#${d.pointer} ${d.message.replace(/:\d+:\d+/g, '')}`;
}

/** Diagnostics that depend on how the JSON was written rather than on its value. */
export const SYNTAX_ONLY = new Set(['DuplicateKey', 'ReservedKey']);

/**
 * Canonical JSON of a located value, for the round-trip oracle. Unlike JSON.stringify it keeps the values
 * that JSON.stringify cannot write (Infinity from 1e400, -0), so the re-read value is the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'null';
      if (!Number.isFinite(value)) return value > 0 ? '1e999' : '-1e999';
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return `{${Object.keys(value as object).map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
    default:
      return 'null';
  }
}
