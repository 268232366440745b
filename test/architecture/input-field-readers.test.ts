/**
 * Every field an input can state has a reader, or a recorded reason why it has no security meaning
 * (input-field-readers.json). A field the schema accepts and no rule reads lets a design or product state something
 * insecure there and keep its verdict: before s38 an app holding CertStore held certificate-authentication because no
 * rule read the capability (products/cert-app-holds-cert-store). So a new field (a schema property, a manifest
 * capability or top-level field, an image section: input-fields.ts reads them from their sources) fails here until
 * the table names the files that read it or says why it decides nothing; a field that has security meaning but no
 * public fact to judge it by gets a reader that makes the affected property unknown naming it, never silence.
 *
 * A reader named must exist and mention the field's key in its code (comments aside), so a rule removed or renamed
 * leaves its row failing too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldKey, inputFields } from './input-fields.js';

const root = resolve(import.meta.dirname, '../..');
/** readers: files whose code reads the field (key: the name they read it by, when not the field's own); none: why it decides nothing. */
type Row = { readers: string[]; key?: string; note?: string } | { none: string };
const TABLE = join(import.meta.dirname, 'input-field-readers.json');
const table = JSON.parse(readFileSync(TABLE, 'utf8')) as Record<string, Row>;

/** A reader's code without its comments: a rule mentions the field in what it runs, not in what it says about it. */
const code = (file: string) => {
  const text = readFileSync(join(root, file), 'utf8');
  return file.endsWith('.ts') ? text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '') : text;
};

/** The key as a whole word: "untrusted" in `c.untrusted`, "CertStore" in `'CertStore'`, not in "CertStoreParseError". */
const mentions = (text: string, key: string) => new RegExp(`(^|[^A-Za-z0-9_-])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`).test(text);

describe('every input field has a reader or a reason', () => {
  const fields = inputFields(root);

  it('lists the fields of every schema, the manifest and the image package', () => {
    // A guard of nothing passes: the enumeration must reach each source.
    for (const sample of ['platform /components/*/untrusted', 'update /metadata/keyRotation', 'protocol /device/serverNames', 'product /apps/*/certificateKeys', 'requirements /requirements/small-tcb/*/value', 'manifest /Capabilities/CertStore', 'manifest /EntryPoint', 'image-package section TemporaryImage', 'image-package files']) {
      expect(fields).toContain(sample);
    }
  });

  it('every field is in the table (add a row to test/architecture/input-field-readers.json: its readers, or why it decides nothing)', () => {
    expect(fields.filter((f) => !(f in table))).toEqual([]);
  });

  it('the table has no row for a field that no longer exists', () => {
    expect(Object.keys(table).filter((f) => !fields.includes(f))).toEqual([]);
  });

  it('each reader exists and mentions the field; each reason says something', () => {
    const problems: string[] = [];
    for (const [field, row] of Object.entries(table)) {
      if ('none' in row) {
        if (row.none.trim().length < 30) problems.push(`${field}: the reason "${row.none}" is too short to say why the field decides nothing`);
        continue;
      }
      if (!row.readers.length) problems.push(`${field}: no reader and no reason`);
      const key = row.key ?? fieldKey(field);
      for (const reader of row.readers) if (!existsSync(join(root, reader))) problems.push(`${field}: reader ${reader} does not exist`);
      if (row.readers.every((reader) => !existsSync(join(root, reader)) || !mentions(code(reader), key))) problems.push(`${field}: none of ${row.readers.join(', ')} mentions "${key}"`);
    }
    expect(problems).toEqual([]);
  });
});
