/**
 * Design files (protocol, update, ...): JSON with locations, a JSON Schema, then the rules a schema
 * cannot say. One loader, so every design reports its problems the same way: file, pointer, line:column.
 */
import { resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { joinPointer } from '../diagnostics/diagnostic.js';
import { displayPath } from '../diagnostics/display-path.js';
import { refuseDuplicateKeys } from './duplicate-keys.js';
import { readLocatedJson } from './read-input.js';
import { describeSchemaError } from './schema-errors.js';

export interface LocatedError {
  file: string;
  pointer: string;
  line: number;
  column: number;
  message: string;
}

export interface LoadedDesign<T> {
  file: string;
  design?: T;
  errors: LocatedError[];
}

export type RuleReporter = (pointer: string, message: string) => void;

/**
 * Runs a schema on a value read by the located JSON reader; the schema's errors, none when it accepts.
 * Ajv's `uniqueItems` and `enum` compare objects with fast-deep-equal, which calls an object's valueOf or
 * toString when it is not Object.prototype's. Two things follow:
 * - the reader builds objects without a prototype (no key of a file can reach Object.prototype), on which
 *   valueOf is missing: the schema sees a structured clone, ordinary objects with the same values;
 * - a member *named* like a method of Object.prototype ("toString": "") shadows it, and the comparison called a
 *   string (a TypeError out of the loader: protocol-design fuzz campaign, quoteFields). No field of any design
 *   has such a name, so such members are refused here, at their pointers, before the schema runs.
 */
export function schemaErrors(validate: ValidateFunction, value: unknown): ErrorObject[] {
  const shadowing = membersNamedLikeObjectMethods(value, '');
  if (shadowing.length) return shadowing;
  return validate(structuredClone(value)) ? [] : [...(validate.errors ?? [])];
}

const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

function membersNamedLikeObjectMethods(value: unknown, pointer: string): ErrorObject[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => membersNamedLikeObjectMethods(item, `${pointer}/${i}`));
  return Object.keys(value).flatMap((key) => {
    const at = joinPointer(pointer, key);
    if (!OBJECT_MEMBER_NAMES.has(key)) return membersNamedLikeObjectMethods((value as Record<string, unknown>)[key], at);
    return [{ instancePath: at, schemaPath: '', keyword: 'objectMemberName', params: { name: key }, message: 'is named like a member every JavaScript object has; no field of any Sevenfold file has that name' }];
  });
}

export function formatLocatedError(e: LocatedError): string {
  return `${displayPath(e.file)}:${e.line}:${e.column}: ${e.message}${e.pointer ? ` [${e.pointer}]` : ''}`;
}

export function loadDesignFile<T>(file: string, validate: ValidateFunction, what: string, checkRules: (design: T, report: RuleReporter) => void): LoadedDesign<T> {
  const path = resolve(file);
  const doc = readLocatedJson(path);
  refuseDuplicateKeys(doc);
  const errors: LocatedError[] = [];
  const report: RuleReporter = (pointer, message) => {
    const { line, column } = doc.positionOf(pointer);
    errors.push({ file: path, pointer, line, column, message });
  };
  // The JSON reader's errors (a syntax error, too deep a nesting, a reserved key such as "__proto__", which it
  // drops from the value it returns, a key written twice): a design read from a file with one of them would not be
  // the file's design.
  for (const d of doc.diagnostics) {
    if (d.severity === 'error') errors.push({ file: path, pointer: d.pointer, line: d.position.line, column: d.position.column, message: d.message });
  }
  if (doc.value === undefined) return { file: path, errors };
  const schemaFound = schemaErrors(validate, doc.value);
  if (schemaFound.length) {
    for (const e of schemaFound) {
      const { pointer, message } = describeSchemaError(e, what);
      report(pointer, message);
    }
    return { file: path, errors };
  }
  const design = doc.value as unknown as T;
  checkRules(design, report);
  return errors.length ? { file: path, errors } : { file: path, design, errors };
}

/** The same checks for a design given as a value (tests, variants built in code): one "pointer: message" line each. */
export function designProblems<T>(value: unknown, validate: ValidateFunction, what: string, checkRules: (design: T, report: RuleReporter) => void): string[] {
  const schemaFound = schemaErrors(validate, value);
  if (schemaFound.length) return schemaFound.map((e) => Object.values(describeSchemaError(e, what)).join(': '));
  const messages: string[] = [];
  checkRules(value as T, (pointer, message) => messages.push(`${pointer}: ${message}`));
  return messages;
}
