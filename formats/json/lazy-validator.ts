/**
 * A schema validator compiled on its first use. Compiling the five design schemas costs about 0.6 s at
 * start-up; a command that reads none of them (`--help`, `image`) should not pay it. Behaves as Ajv's
 * ValidateFunction where the loaders use it: called with a value, then `errors` read.
 * One Ajv instance serves every schema (each has its own $id): a new instance compiles the JSON Schema
 * meta-schema again before it checks the schema it is given.
 */
import { Ajv, type ValidateFunction } from 'ajv';

// Ajv's module is imported statically: this file is also compiled to CommonJS for the fuzz build, where
// the import.meta a lazy createRequire needs is a syntax error. Commands that read no design never load
// this file (the CLI loads each command's work when it runs), so --help does not pay for Ajv.
let shared: Ajv | undefined;
const newAjv = (): Ajv => new Ajv({ allErrors: true, strict: true });

export function lazyValidator(schema: object): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const validate = ((data: unknown) => {
    compiled ??= (shared ??= newAjv()).compile(schema);
    return compiled(data);
  }) as ValidateFunction;
  Object.defineProperty(validate, 'errors', { get: () => compiled?.errors ?? null });
  return validate;
}
