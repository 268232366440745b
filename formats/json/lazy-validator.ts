/**
 * A schema validator made on its first use. Behaves as Ajv's ValidateFunction where the loaders use it:
 * called with a value, then `errors` read.
 *
 * The build writes each design schema's validator as a module (precompile-validators.ts): loading it
 * costs about a millisecond, where loading Ajv's compiler and compiling the five design schemas cost
 * about 0.5 s of every run. A validator is found by a digest of the schema and of Ajv's options
 * (schema-key.ts), so only one generated from this very schema is used. Where there is none (the source
 * tree, under tsx or vitest; a schema given in code), Ajv compiles the schema here, as before.
 * One Ajv instance serves every schema it compiles (each has its own $id): a new instance compiles the
 * JSON Schema meta-schema again before it checks the schema it is given.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { AJV_OPTIONS, precompiledValidatorName } from './schema-key.js';
import { precompiledValidatorsFolder, requireFromJsonReaders } from './module-require.mjs';

let shared: Ajv | undefined;

/** The validator the build generated from exactly this schema, if `folder` holds one. */
export function loadPrecompiledValidator(schema: object, folder: string): ValidateFunction | undefined {
  const file = join(folder, precompiledValidatorName(schema));
  return existsSync(file) ? (requireFromJsonReaders(file) as ValidateFunction) : undefined;
}

/** Ajv's compiler is loaded only when a schema has no precompiled validator. */
export function compileSchema(schema: object): ValidateFunction {
  if (!shared) {
    const { Ajv: AjvClass } = requireFromJsonReaders('ajv') as typeof import('ajv');
    shared = new AjvClass(AJV_OPTIONS);
  }
  return shared.compile(schema);
}

export function lazyValidator(schema: object, folder: string = precompiledValidatorsFolder): ValidateFunction {
  let made: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    made ??= loadPrecompiledValidator(schema, folder) ?? compileSchema(schema);
    return made(data);
  }) as ValidateFunction;
  Object.defineProperty(validate, 'errors', { get: () => made?.errors ?? null });
  return validate;
}
