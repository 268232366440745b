/**
 * What kind of input a JSON file is, from the fields only that kind has: so that a product field naming a
 * file of another kind (an update design given as "platform", a hardware definition given as an app's
 * "manifest") is reported at that field, with the kind it is, and not as a score of "missing required field"
 * errors in the file it names, none of which points back at the product field that was wrong.
 * Each kind is told by two of the fields its schema requires (model/schema/*.schema.json) that no other kind
 * has; the hardware definition by its Metadata.Type, as the SDK tells it; the product and the app manifest as
 * `sevenfold lint` tells them (model/lint/lint.ts classify, which calls these).
 */
import { looksLikeHardwareDefinition } from '../../formats/hardware/hardware-definition.js';
import { hasKey, isObject, type JsonObject, type JsonValue } from '../../formats/json/located-json.js';

export type InputFileKind = 'product file' | 'platform design' | 'update design' | 'protocol design' | 'requirement profile' | 'app manifest' | 'hardware definition';

const has = (v: JsonObject, ...keys: string[]) => keys.every((k) => hasKey(v, k));

export function looksLikeProductFile(v: JsonValue | undefined): boolean {
  return isObject(v) && has(v, 'apps', 'chip', 'schemaVersion');
}

export function looksLikeAppManifest(v: JsonValue | undefined): boolean {
  return isObject(v) && has(v, 'Capabilities') && ['SchemaVersion', 'ComponentId', 'EntryPoint'].some((k) => has(v, k));
}

/** The kind `value` is, or undefined when it has the marks of none (a file of its own kind with errors, or something else). */
export function inputFileKind(value: JsonValue | undefined): InputFileKind | undefined {
  if (!isObject(value)) return undefined;
  if (looksLikeHardwareDefinition(value)) return 'hardware definition';
  if (looksLikeProductFile(value)) return 'product file';
  if (looksLikeAppManifest(value)) return 'app manifest';
  if (has(value, 'components', 'boot')) return 'platform design';
  if (has(value, 'deviceGroups', 'updateKinds')) return 'update design';
  if (has(value, 'attestation', 'deviceCertificate')) return 'protocol design';
  if (has(value, 'requirements', 'version')) return 'requirement profile';
  return undefined;
}

const article = (kind: string) => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/**
 * Why the file a product field names is not the `expected` kind, when it is recognisably another kind;
 * undefined when it is of that kind or of no kind recognised (its own loader then reports what is wrong in it).
 */
export function wrongKindMessage(written: string, value: JsonValue | undefined, expected: InputFileKind): string | undefined {
  const kind = inputFileKind(value);
  if (kind === undefined || kind === expected) return undefined;
  return `${written} is ${article(kind)} ${kind}, not ${article(expected)} ${expected}: name the ${expected} here`;
}
