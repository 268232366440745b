/**
 * A schema validator compiled on its first use. Compiling the five design schemas costs about 0.6 s at
 * start-up; a command that reads none of them (`--help`, `image`) should not pay it. Behaves as Ajv's
 * ValidateFunction where the loaders use it: called with a value, then `errors` read.
 * One Ajv instance serves every schema (each has its own $id): a new instance compiles the JSON Schema
 * meta-schema again before it checks the schema it is given.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ValidateFunction } from 'ajv';

let shared: AjvInstance | undefined;
/** Ajv itself is loaded on the first compile too (synchronously: it is a CommonJS package). */
const newAjv = (): AjvInstance => {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  return new Ajv({ allErrors: true, strict: true });
};

export function lazyValidator(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= (shared ??= newAjv()).compile(schema);
    return compiled(data);
  }) as ValidateFunction;
  Object.defineProperty(validate, 'errors', { get: () => compiled?.errors ?? null });
  return validate;
}
