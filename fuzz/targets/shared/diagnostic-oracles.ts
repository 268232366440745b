/**
 * Oracles on located diagnostics, shared by the JSON readers' targets: every diagnostic is well formed
 * (a known code, a severity, a position inside the file, a JSON pointer, a message), and a message never
 * shows a placeholder ("undefined", "NaN", "[object Object]") that the input did not contain, nor calls a number null.
 */
import { CODES } from '../../../formats/diagnostics/codes.js';
import type { Diagnostic } from '../../../formats/diagnostics/diagnostic.js';
import type { InputText } from '../../core/line-starts.js';
import { check } from '../../core/oracle.js';
import { unmarkFreeText } from '../../../formats/json/free-text.js';

const SEVERITIES = new Set(['error', 'warning', 'info']);
const PLACEHOLDERS = ['undefined', 'NaN', '[object Object]', '[object Map]', 'function ', '=>'];

export interface DiagnosticContext {
  /** Input text per file name (diagnostic.file); a file missing here is not position-checked. */
  texts: ReadonlyMap<string, InputText>;
}

/**
 * The oracles every located finding (a reader's diagnostic, a loader's issue) gets on where it points and what
 * it says: its line and column inside its file's text (the column may point just past the line's end), and a
 * message that shows no placeholder ("undefined", "NaN", "[object Object]") the input did not contain, nor
 * calls a number null. The input is read only when a finding needs it: line 1, column 1 is inside any text,
 * and a message without a placeholder needs no text. `oracle` names the finding's kind ('diagnostic', 'issue').
 */
export function checkPlaceAndMessage(oracle: string, what: string, finding: { file: string; line: number; column: number; message: string }, texts: ReadonlyMap<string, InputText>): void {
  const { line, column, message } = finding;
  if (line > 1 || column > 1) {
    const input = texts.get(finding.file);
    if (input?.readable()) {
      check(line <= input.lineCount(), `${oracle}.position`, () => `${what} at line ${line}, but the file has ${input.lineCount()} lines`);
      check(column <= input.lineLength(line) + 1, `${oracle}.position`, () => `${what} at ${line}:${column}, past the end of that line (${input.lineLength(line)} characters)`);
    }
  }
  // JSON.stringify writes Infinity (from 1e400) as null: a message calling a number null misreports the input.
  check(!(message.includes('number null') && /\bnumber null\b/.test(message)), `${oracle}.placeholder`, () => `${what} message calls a number null: ${message}`);
  for (const placeholder of PLACEHOLDERS) {
    if (!message.includes(placeholder)) continue;
    let inInput = false;
    for (const input of texts.values()) if (input.readable() && input.includes(placeholder)) inInput = true;
    check(inInput, `${oracle}.placeholder`, () => `${what} message shows ${JSON.stringify(placeholder)}, which is not in the input: ${message}`);
  }
}

export function checkDiagnostics(diagnostics: readonly Diagnostic[], context: DiagnosticContext): void {
  for (const d of diagnostics) {
    const info = (CODES as Record<string, { code: number | string; severity: string } | undefined>)[d.name];
    check(info !== undefined && Object.hasOwn(CODES, d.name), 'diagnostic.code', () => `unknown diagnostic name ${JSON.stringify(d.name)}`);
    check(info.code === d.code, 'diagnostic.code', () => `${d.name} carries code ${String(d.code)}, expected ${String(info.code)}`);
    check(SEVERITIES.has(d.severity), 'diagnostic.severity', () => `${d.name} has severity ${JSON.stringify(d.severity)}`);
    check(typeof d.message === 'string' && d.message.length > 0, 'diagnostic.message', () => `${d.name} has an empty message`);
    check(d.pointer === '' || d.pointer.startsWith('/'), 'diagnostic.pointer', () => `${d.name} has pointer ${JSON.stringify(d.pointer)}, not a JSON pointer`);
    const { line, column } = d.position;
    check(Number.isInteger(line) && Number.isInteger(column) && line >= 1 && column >= 1, 'diagnostic.position', () => `${d.name} at ${line}:${column}`);
    checkPlaceAndMessage('diagnostic', d.name, { file: d.file, line, column, message: d.message }, context.texts);
  }
}

/** A diagnostic without its position, and with file:line:column references in its message dropped: what a re-serialised input must reproduce. */
export function diagnosticShape(d: Diagnostic, fileLabel: (file: string) => string = (f) => f): string {
  return `${d.severity} ${d.name} ${fileLabel(d.file)}#${d.pointer} ${d.message.replace(/:\d+:\d+/g, '')}`;
}

/** Diagnostics that depend on how the JSON was written rather than on its value (a duplicate is refused as SF0009/SF3005 too; a number written past what a double holds exactly reads back as the rounded one). */
export const SYNTAX_ONLY = new Set(['DuplicateKey', 'ReservedKey', 'InputDuplicateKey', 'ProductManifestDuplicateKey', 'NumberNotExact']);

/**
 * Canonical JSON of a located value, for the round-trip oracle. Unlike JSON.stringify it keeps the values
 * that JSON.stringify cannot write (Infinity from 1e400, -0), so the re-read value is the same. Strings and keys are
 * written as the maker wrote them: the reader marks a maker's line feeds (formats/json/free-text.ts), and written
 * marked they would read back as the maker's own U+FDD0.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) return 'null';
      if (!Number.isFinite(value)) return value > 0 ? '1e999' : '-1e999';
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'string':
      return JSON.stringify(unmarkFreeText(value));
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      return `{${Object.keys(value as object).map((k) => `${JSON.stringify(unmarkFreeText(k))}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
    default:
      return 'null';
  }
}
