/**
 * Every field an input can state, named as input-field-readers.json names it: each property of the five design and
 * profile schemas (model/schema/*.schema.json, arrays as "*", "platform /components/*\/untrusted"), each top-level field
 * and capability of the app manifest (formats/manifest/capabilities.ts: "manifest /Capabilities/CertStore"), and each
 * metadata section of an image package plus the files its file system carries (formats/image-package/layout.ts:
 * "image-package section TemporaryImage", "image-package files"). Read from the sources themselves, so a field added
 * there is a field this list has.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPABILITIES, LEGACY_FIELDS, TOP_LEVEL_FIELDS } from '../../formats/manifest/capabilities.js';
import { SECTION_TAG } from '../../formats/image-package/layout.js';
import { PERIPHERAL_FIELDS, TOP_FIELDS as HARDWARE_TOP_FIELDS } from '../../formats/hardware/hardware-definition.js';

export const SCHEMAS = ['platform', 'update', 'protocol', 'product', 'requirements'] as const;

type Schema = { $ref?: string; properties?: Record<string, Schema>; items?: Schema; oneOf?: Schema[]; additionalProperties?: Schema | boolean };

function schemaFields(root: Schema, kind: string): string[] {
  const out: string[] = [];
  const resolve = (ref: string): Schema => ref.replace(/^#\//, '').split('/').reduce<Schema>((s, k) => (s as Record<string, Schema>)[k]!, root);
  const walk = (schema: Schema | undefined, pointer: string): void => {
    if (!schema) return;
    if (schema.$ref) return walk(resolve(schema.$ref), pointer);
    for (const alternative of schema.oneOf ?? []) walk(alternative, pointer);
    for (const [key, value] of Object.entries(schema.properties ?? {})) {
      out.push(`${kind} ${pointer}/${key}`);
      walk(value, `${pointer}/${key}`);
    }
    walk(schema.items, `${pointer}/*`);
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${pointer}/*`);
  };
  walk(root, '');
  return out;
}

export function inputFields(root: string): string[] {
  const fields = SCHEMAS.flatMap((kind) => schemaFields(JSON.parse(readFileSync(join(root, 'model/schema', `${kind}.schema.json`), 'utf8')) as Schema, kind));
  fields.push(...[...TOP_LEVEL_FIELDS, ...LEGACY_FIELDS].map((f) => `manifest /${f}`));
  fields.push(...Object.keys(CAPABILITIES).map((c) => `manifest /Capabilities/${c}`));
  fields.push(...[...HARDWARE_TOP_FIELDS].map((f) => `hardware-definition /${f}`), ...[...PERIPHERAL_FIELDS].map((f) => `hardware-definition /Peripherals/*/${f}`));
  fields.push(...Object.keys(SECTION_TAG).map((s) => `image-package section ${s}`), 'image-package files');
  return [...new Set(fields)].sort();
}

/** The name a reader of the field uses for it: its last key ("untrusted", "CertStore", "TemporaryImage"). */
export function fieldKey(field: string): string {
  const segments = field.split(/[ /]/).filter((s) => s && s !== '*');
  return segments[segments.length - 1]!;
}
