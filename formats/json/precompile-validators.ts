/**
 * Build step: writes each schema's validator as a CommonJS module (Ajv's standalone code), named by
 * schema-key.ts, so that a run loads it instead of loading Ajv's compiler and compiling the schema.
 * Run by `npm run build` after tsc:
 *   node dist/formats/json/precompile-validators.js <schema folder>...
 * Every *.schema.json in the folders given is compiled; the output folder is emptied first, so a
 * validator of a schema that is gone does not linger (it could not be found anyway: names are digests).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { AJV_OPTIONS, precompiledValidatorName } from './schema-key.js';
import { precompiledValidatorsFolder } from './module-require.mjs';

/** The module text of one schema's validator: the code Ajv compiles, as a module. */
export function standaloneValidatorSource(schema: object): string {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  return `${standalone.default(ajv, ajv.compile(schema))}\n`;
}

/** Writes one validator per *.schema.json in `schemaFolders` to `outFolder`; returns the schema files. */
export function writePrecompiledValidators(schemaFolders: readonly string[], outFolder: string): string[] {
  rmSync(outFolder, { recursive: true, force: true });
  mkdirSync(outFolder, { recursive: true });
  const written: string[] = [];
  for (const folder of schemaFolders) {
    for (const name of readdirSync(folder).filter((n) => n.endsWith('.schema.json')).sort()) {
      const file = join(folder, name);
      const schema = JSON.parse(readFileSync(file, 'utf8')) as object;
      writeFileSync(join(outFolder, precompiledValidatorName(schema)), standaloneValidatorSource(schema));
      written.push(file);
    }
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const folders = process.argv.slice(2);
  if (folders.length === 0) {
    console.error('usage: node dist/formats/json/precompile-validators.js <schema folder>...');
    process.exit(2);
  }
  const written = writePrecompiledValidators(folders, precompiledValidatorsFolder);
  console.log(`precompiled ${written.length} schema validators into ${precompiledValidatorsFolder}`);
}
