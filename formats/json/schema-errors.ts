/**
 * ajv's errors, turned into located diagnostics that name the field in words a person uses.
 */
import type { ErrorObject } from 'ajv';
import type { CodeName } from '../diagnostics/codes.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import type { LocatedJson } from './located-json.js';
import { nearestName } from './nearest-name.js';

/** `schema` (the one the errors come from) lets an unknown field name the known field it was likely meant to be. */
export function reportSchemaErrors(doc: LocatedJson, errors: readonly ErrorObject[], code: (pointer: string) => CodeName, what: string, schema?: object): void {
  // With allErrors, ajv reports the failing branch and its parent; one message per location is enough.
  const seen = new Set<string>();
  for (const error of errors) {
    const { pointer, message } = describeSchemaError(error, what, schema);
    const key = `${pointer}#${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    doc.report(code(error.instancePath), pointer, message);
  }
}

/** The location and a sentence for one ajv error; `what` names the document when the error is at its root. */
export function describeSchemaError(error: ErrorObject, what: string, schema?: object): { pointer: string; message: string } {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  const field = pointer ? `"${pointer.slice(1).replace(/\//g, '.')}"` : what;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const meant = schema ? nearestName(name, knownFields(schema, error.schemaPath)) : undefined;
      return { pointer: joinPointer(pointer, name), message: `unknown field "${name}"${meant ? `; did you mean "${meant}"?` : ''}` };
    }
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

/**
 * The fields the schema object holding a failed `additionalProperties` declares: its schemaPath is
 * "#/properties/apps/items/additionalProperties", so the object is at "#/properties/apps/items".
 */
function knownFields(schema: object, schemaPath: string): string[] {
  const segments = schemaPath.replace(/^#\/?/, '').split('/').slice(0, -1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = schema;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return [];
    node = (node as Record<string, unknown>)[segment];
  }
  const properties = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)['properties'] : undefined;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}
