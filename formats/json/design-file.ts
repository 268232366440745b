/**
 * Design files (protocol, update, ...): JSON with locations, a JSON Schema, then the rules a schema
 * cannot say. One loader, so every design reports its problems the same way: file, pointer, line:column.
 */
import { resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
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
 * Runs a schema on a value read by the located JSON reader. That reader builds objects without a prototype
 * (no key of a file can reach Object.prototype), and Ajv's uniqueItems compares array items with
 * fast-deep-equal, which calls valueOf on them: on two such objects it threw a TypeError out of the loader.
 * The schema therefore sees a structured clone, which has ordinary objects and the same values.
 */
export function schemaAccepts(validate: ValidateFunction, value: unknown): boolean {
  return validate(structuredClone(value));
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
  if (!schemaAccepts(validate, doc.value)) {
    for (const e of validate.errors ?? []) {
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
  if (!schemaAccepts(validate, value)) return (validate.errors ?? []).map((e) => Object.values(describeSchemaError(e, what)).join(': '));
  const messages: string[] = [];
  checkRules(value as T, (pointer, message) => messages.push(`${pointer}: ${message}`));
  return messages;
}
