/**
 * ajv's errors, turned into located diagnostics that name the field in words a person uses.
 */
import type { ErrorObject } from 'ajv';
import type { CodeName } from '../diagnostics/codes.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import type { LocatedJson } from './located-json.js';

export function reportSchemaErrors(doc: LocatedJson, errors: readonly ErrorObject[], code: (pointer: string) => CodeName, what: string): void {
  // With allErrors, ajv reports the failing branch and its parent; one message per location is enough.
  const seen = new Set<string>();
  for (const error of errors) {
    const { pointer, message } = describeSchemaError(error, what);
    const key = `${pointer}#${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    doc.report(code(error.instancePath), pointer, message);
  }
}

/** The location and a sentence for one ajv error; `what` names the document when the error is at its root. */
export function describeSchemaError(error: ErrorObject, what: string): { pointer: string; message: string } {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const field = pointer ? `"${pointer.slice(1).replace(/\//g, '.')}"` : what;
  switch (error.keyword) {
    case 'additionalProperties':
      return { pointer: joinPointer(pointer, String(params['additionalProperty'])), message: `unknown field "${String(params['additionalProperty'])}"` };
    case 'required':
      return { pointer, message: `missing required field "${String(params['missingProperty'])}"` };
    case 'enum':
      return { pointer, message: `${field} must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { pointer, message: `${field} must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { pointer, message: `${field} ${error.message ?? 'is invalid'}` };
  }
}
