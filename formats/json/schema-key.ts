/**
 * The name of a schema's precompiled validator: a digest of the schema as the loader holds it and of the
 * options Ajv compiles it with. A validator is looked up by this name only, so one generated from another
 * version of the schema (a build older than the source, a schema edited since) is never found, and the
 * schema is compiled instead: a stale validator could accept a file the schema now rejects.
 */
import { createHash } from 'node:crypto';

/**
 * The options every design schema is compiled with, at build time and at run time alike. addUsedSchema:
 * false keeps a compiled schema out of Ajv's registry of $ids, so another version of a schema (same $id)
 * is compiled as itself rather than refused, or answered by the version registered first.
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, addUsedSchema: false } as const;

export function precompiledValidatorName(schema: object): string {
  return `${createHash('sha256').update(JSON.stringify({ options: AJV_OPTIONS, schema })).digest('hex').slice(0, 32)}.cjs`;
}
