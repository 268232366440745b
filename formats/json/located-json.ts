/**
 * JSON with locations. Azure Sphere inputs are plain JSON, but a verifier has to say *where* a value
 * is, so we parse to a syntax tree (jsonc-parser, which never throws) and keep a JSON-pointer →
 * offset table beside the plain value.
 *
 * Line feeds inside strings and keys are marked (free-text.ts): a file path read from the value is unmarked
 * (`unmarkFreeText`) before the file system sees it.
 *
 * The plain value is built from null-prototype objects, so keys such as "__proto__" in hostile input
 * can never reach Object.prototype.
 */
import { createScanner, parseTree, type Node, type ParseError, type SyntaxKind } from 'jsonc-parser';
import { CODES, type CodeName } from '../diagnostics/codes.js';
import { joinPointer, type Diagnostic, type Severity, type SourcePosition } from '../diagnostics/diagnostic.js';
import { decodeUtf8 } from './decode-utf8.js';
import { markFreeText } from './free-text.js';
import { LineIndex, positionOfByte } from './source-text.js';
import { describeSyntaxErrors } from './syntax-errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Deeper nesting than this is refused before parsing: the parser recurses, and no real input nests past 6. */
export const MAX_NESTING = 64;
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class LocatedJson {
  readonly diagnostics: Diagnostic[] = [];
  /** Undefined when the file is not valid JSON (its diagnostics say why). */
  value: JsonValue | undefined;
  private readonly offsets = new Map<string, number>();
  /** Length of the text at each recorded offset: an object member's `"key": value`, an array element's value. */
  private readonly lengths = new Map<string, number>();
  private lines: LineIndex | undefined;

  constructor(readonly file: string) {}

  /** Position of the value (or, for object members, the key) at a pointer; the nearest ancestor if absent. */
  positionOf(pointer: string): SourcePosition {
    let p = pointer;
    for (;;) {
      const offset = this.offsets.get(p);
      if (offset !== undefined && this.lines) return this.lines.positionAt(offset);
      if (p === '') return { line: 1, column: 1 };
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  /**
   * The span of the value at a pointer (for object members, `"key": value`), or of its nearest recorded
   * ancestor: start and end (the position just after the last character, as SARIF regions count it).
   * Undefined when nothing on the way up was recorded (the whole document).
   */
  regionOf(pointer: string): { start: SourcePosition; end: SourcePosition } | undefined {
    let p = pointer;
    for (;;) {
      const offset = this.offsets.get(p);
      if (offset !== undefined && this.lines) {
        const length = this.lengths.get(p) ?? 0;
        return { start: this.lines.positionAt(offset), end: this.lines.positionAt(offset + length) };
      }
      if (p === '') return undefined;
      p = p.slice(0, p.lastIndexOf('/'));
    }
  }

  positionAtOffset(offset: number): SourcePosition {
    return this.lines ? this.lines.positionAt(offset) : { line: 1, column: 1 };
  }

  report(name: CodeName, pointer: string, message: string, opts: { severity?: Severity; hint?: string } = {}): void {
    this.diagnostics.push(makeDiagnostic(name, this.file, pointer, this.positionOf(pointer), message, opts));
  }

  /** Internal: called by the parser. */
  setText(text: string): void {
    this.lines = new LineIndex(text);
  }

  /** Internal: called by the parser. */
  record(pointer: string, offset: number, length?: number): void {
    this.offsets.set(pointer, offset);
    if (length !== undefined) this.lengths.set(pointer, length);
  }

  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }
}

export function makeDiagnostic(
  name: CodeName,
  file: string,
  pointer: string,
  position: SourcePosition,
  message: string,
  opts: { severity?: Severity; hint?: string } = {},
): Diagnostic {
  const info = CODES[name] as { code: number | string; severity: Severity; hint?: string };
  const hint = opts.hint ?? info.hint;
  return {
    severity: opts.severity ?? info.severity,
    code: info.code,
    name,
    file,
    pointer,
    position,
    message,
    ...(hint ? { hint } : {}),
  };
}

export function parseLocatedJson(file: string, bytes: Uint8Array): LocatedJson {
  const doc = new LocatedJson(file);
  const utf16 = utf16Order(bytes);
  if (utf16) {
    // Azure Sphere's tools read UTF-8 (facts §9 check 1: a UTF-8 byte-order mark is allowed); "invalid UTF-8 byte 0xff"
    // would not tell the maker that the editor saved the file as UTF-16.
    doc.diagnostics.push(makeDiagnostic('InvalidUtf8', file, '', { line: 1, column: 1 }, `the file is UTF-16 (${utf16}); inputs are read as UTF-8`));
    return doc;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    doc.diagnostics.push(
      makeDiagnostic('InvalidUtf8', file, '', positionOfByte(bytes, decoded.byteOffset),
        `invalid UTF-8 byte 0x${(bytes[decoded.byteOffset] ?? 0).toString(16).padStart(2, '0')} at byte ${decoded.byteOffset}`),
    );
    return doc;
  }
  return parseLocatedText(file, decoded.text, doc);
}

/**
 * UTF-16 by its byte-order mark, or by the zero bytes of ASCII text: a JSON file starts with ASCII (`{`, a space), so
 * its first two characters in UTF-16 are an ASCII byte and a zero each. Other bytes are left to the UTF-8 decoder.
 */
function utf16Order(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'little-endian, byte-order mark FF FE';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'big-endian, byte-order mark FE FF';
  const ascii = (i: number) => bytes[i]! >= 0x09 && bytes[i]! <= 0x7e;
  if (bytes.length < 4) return undefined;
  if (ascii(0) && bytes[1] === 0 && ascii(2) && bytes[3] === 0) return 'little-endian, no byte-order mark';
  if (bytes[0] === 0 && ascii(1) && bytes[2] === 0 && ascii(3)) return 'big-endian, no byte-order mark';
  return undefined;
}

export function parseLocatedText(file: string, text: string, doc = new LocatedJson(file)): LocatedJson {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  doc.setText(text);
  const tooDeep = findExcessiveNesting(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    doc.diagnostics.push(
      makeDiagnostic('NestingTooDeep', file, '', doc.positionAtOffset(tooDeep),
        `JSON nests deeper than ${MAX_NESTING} levels`),
    );
    return doc;
  }
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (err) {
    // Backstop: the parser recurses; the scan above should keep it shallow, but a stack overflow must
    // never escape as an exception.
    if (!(err instanceof RangeError)) throw err;
    doc.diagnostics.push(makeDiagnostic('NestingTooDeep', file, '', { line: 1, column: 1 }, 'JSON nests too deeply to parse'));
    return doc;
  }
  if (errors.length > 0 || root === undefined) {
    const described = describeSyntaxErrors(text, errors);
    doc.diagnostics.push(
      makeDiagnostic('InvalidJson', file, '', doc.positionAtOffset(described.offset), `invalid JSON: ${described.message}`, described.hint ? { hint: described.hint } : {}),
    );
    return doc;
  }
  doc.value = toValue(root, '', doc, text);
  return doc;
}

function toValue(node: Node, pointer: string, doc: LocatedJson, text: string): JsonValue {
  switch (node.type) {
    case 'object': {
      const obj = Object.create(null) as JsonObject;
      for (const member of node.children ?? []) {
        const [keyNode, valueNode] = member.children ?? [];
        if (!keyNode || !valueNode) continue;
        const key = markFreeText(String(keyNode.value));
        const childPointer = joinPointer(pointer, key);
        if (RESERVED_KEYS.has(key)) {
          doc.record(childPointer, member.offset, member.length);
          doc.report('ReservedKey', childPointer, `key "${key}" is not allowed`);
          continue;
        }
        if (Object.prototype.hasOwnProperty.call(obj, key)) {
          doc.record(childPointer, member.offset, member.length);
          doc.report('DuplicateKey', childPointer, `duplicate key "${key}"; the last value wins`);
        } else {
          doc.record(childPointer, member.offset, member.length);
        }
        obj[key] = toValue(valueNode, childPointer, doc, text);
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => {
        const childPointer = joinPointer(pointer, i);
        doc.record(childPointer, child.offset, child.length);
        return toValue(child, childPointer, doc, text);
      });
    case 'null':
      return null;
    default:
      if (pointer === '') doc.record('', node.offset, node.length);
      if (node.type === 'number') reportInexactNumber(node, pointer, doc, text);
      // A maker's line feed is marked, so no output shows it as a line break of Sevenfold's (free-text.ts).
      return typeof node.value === 'string' ? markFreeText(node.value) : (node.value as JsonValue);
  }
}

/**
 * A number the reader cannot hold as written: an integer beyond ±2^53 that a double rounds (9007199254740993 is read
 * as …992), or one beyond the largest double (1e400 is read as Infinity). Every number of every input is a small
 * count, port, size or bound, so no verdict may rest on another number than the one written, and a message quoting
 * the rounded value would misquote the file. Fractions are left alone: 0.1 is the closest double, as in every reader.
 */
function reportInexactNumber(node: Node, pointer: string, doc: LocatedJson, text: string): void {
  const value = node.value as number;
  const written = text.slice(node.offset, node.offset + node.length);
  if (!Number.isFinite(value)) {
    doc.report('NumberNotExact', pointer, `the number ${written} is beyond the largest number a JSON reader holds (about 1.8e308)`);
  } else if (/^-?(0|[1-9][0-9]*)$/.test(written) && !Number.isSafeInteger(value) && BigInt(written) !== BigInt(value)) {
    doc.report('NumberNotExact', pointer, `the number ${written} cannot be read exactly: beyond ±2^53 it is read as ${BigInt(value)}`);
  }
}

/**
 * Offset of the first bracket that opens level limit+1. The text is tokenised by the parser's own
 * scanner, so brackets inside comments or inside a string cut short by a line break count exactly as the
 * parser sees them; a closing bracket only closes an open bracket of its own kind, because the parser
 * skips mismatched closers while it recovers from an error (and would keep nesting).
 */
function findExcessiveNesting(text: string, limit: number): number | undefined {
  // jsonc-parser's SyntaxKind is a const enum, so its values are spelled out here.
  const OPEN_BRACE = 1 as SyntaxKind, CLOSE_BRACE = 2 as SyntaxKind, OPEN_BRACKET = 3 as SyntaxKind, CLOSE_BRACKET = 4 as SyntaxKind, EOF = 17 as SyntaxKind;
  const scanner = createScanner(text, true);
  const open: SyntaxKind[] = [];
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACKET || token === OPEN_BRACE) {
      open.push(token);
      if (open.length > limit) return scanner.getTokenOffset();
    } else if (token === CLOSE_BRACKET || token === CLOSE_BRACE) {
      if (open.at(-1) === (token === CLOSE_BRACKET ? OPEN_BRACKET : OPEN_BRACE)) open.pop();
    }
  }
  return undefined;
}

export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasKey(obj: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}
