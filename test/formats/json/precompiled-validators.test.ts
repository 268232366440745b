/**
 * Precompiled schema validators (formats/json/precompile-validators.ts, lazy-validator.ts): the build writes
 * each schema's validator as a module, and a run loads it instead of compiling the schema. Held here: a
 * precompiled validator decides and reports exactly as Ajv compiling the schema does, on the shipped documents
 * and on broken variants of them; and one generated from another version of a schema is never used.
 */
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compileSchema, lazyValidator, loadPrecompiledValidator } from '../../../formats/json/lazy-validator.js';
import { writePrecompiledValidators } from '../../../formats/json/precompile-validators.js';
import { tempDir } from '../../helpers.js';

const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
const profiles = readdirSync(join(root, 'model/requirements/profiles')).filter((n) => n.endsWith('.json')).map((n) => `model/requirements/profiles/${n}`);

/** Every schema the build precompiles, with the shipped documents it must accept. */
const SCHEMAS: [schema: string, documents: string[]][] = [
  ['model/schema/product.schema.json', ['products/mt3620-reference/sevenfold.json']],
  ['model/schema/platform.schema.json', ['model/designs/azure-sphere-mt3620.json']],
  ['model/schema/update.schema.json', ['model/designs/azure-sphere-update.json']],
  ['model/schema/protocol.schema.json', ['model/designs/azure-sphere-attestation.json']],
  ['model/schema/requirements.schema.json', profiles],
  ['model/compliance/clauses.schema.json', ['model/compliance/clauses.json']],
  ['model/compliance/evidence.schema.json', ['model/compliance/evidence.json']],
];

/** Broken copies of a document: at each object, an unknown member, a member removed, a member of the wrong type. */
function brokenVariants(doc: unknown): unknown[] {
  const variants: unknown[] = [];
  const visit = (node: unknown, edit: (change: (copy: Record<string, unknown>) => void) => unknown) => {
    if (Array.isArray(node)) {
      node.slice(0, 3).forEach((item, i) => visit(item, (change) => edit((copy) => change((copy as unknown as unknown[])[i] as Record<string, unknown>))));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    variants.push(edit((o) => (o['notAField'] = 1)));
    if (keys[0] !== undefined) variants.push(edit((o) => delete o[keys[0]!]));
    if (keys[1] !== undefined) variants.push(edit((o) => (o[keys[1]!] = typeof o[keys[1]!] === 'string' ? 7 : 'seven')));
    for (const key of keys) visit((node as Record<string, unknown>)[key], (change) => edit((copy) => change(copy[key] as Record<string, unknown>)));
  };
  visit(doc, (change) => {
    const copy = structuredClone(doc) as Record<string, unknown>;
    change(copy);
    return copy;
  });
  return variants;
}

// The generated modules require Ajv's runtime helpers (ajv/dist/runtime/…), which resolve from the folder they are in.
const temp = tempDir();
afterAll(() => temp.cleanup());
symlinkSync(join(root, 'node_modules'), join(temp.dir, 'node_modules'), 'junction');
const folder = { dir: join(temp.dir, 'validators') };
const written = writePrecompiledValidators(['model/schema', 'model/compliance'].map((f) => join(root, f)), folder.dir);

describe('precompiled schema validators', () => {
  it('are written for every design schema and both compliance schemas', () => {
    expect(written.map((f) => f.slice(root.length + 1)).sort()).toEqual(SCHEMAS.map(([schema]) => schema).sort());
  });

  describe.each(SCHEMAS)('%s', (schemaFile, documents) => {
    const schema = readJson(schemaFile) as object;
    const precompiled = loadPrecompiledValidator(schema, folder.dir);
    const compiled = compileSchema(schema);

    it('is found by the schema it was generated from', () => {
      expect(precompiled).toBeTypeOf('function');
    });

    it('accepts the shipped documents, and rejects their broken variants with the errors Ajv compiling the schema gives', () => {
      let rejected = 0;
      for (const path of documents) {
        const doc = readJson(path);
        expect(precompiled!(doc), path).toBe(true);
        for (const variant of brokenVariants(doc)) {
          const verdict = compiled(variant);
          expect(precompiled!(variant)).toBe(verdict);
          expect(precompiled!.errors ?? null).toEqual(compiled.errors ?? null);
          if (!verdict) rejected += 1;
        }
      }
      expect(rejected).toBeGreaterThan(documents.length * 5);
    });
  });

  it('is not used for another version of its schema: a schema that gained a required field rejects a document without it', () => {
    const schema = readJson('model/schema/requirements.schema.json') as { required: string[]; properties: object };
    const profile = readJson(profiles[0]!);
    const stricter = { ...schema, required: [...schema.required, 'reviewedBy'], properties: { ...schema.properties, reviewedBy: { type: 'string' } } };
    expect(loadPrecompiledValidator(stricter, folder.dir)).toBeUndefined();
    const validate = lazyValidator(stricter, folder.dir);
    expect(validate(profile)).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toEqual(["must have required property 'reviewedBy'"]);
  });
});
