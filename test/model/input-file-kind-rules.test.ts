/**
 * The rules of model/product/input-file-kind.ts, each on its own: every kind of input is told by its own marks, a file
 * with errors keeps the marks it has, and a file of no kind recognised is left to its own loader. s38-mutants:
 * mutation testing (npm run mutate model/product/input-file-kind.ts) against the CLI test alone
 * (test/cli/wrong-kind-input-files.test.ts) left 18 mutants alive, among them: a requirement profile or a protocol
 * design recognised as nothing (a design given as /platform then read as a platform design: a score of "missing
 * required field" errors none of which names the product field), every unrecognised file reported as "a undefined"
 * instead of its own loader's errors, an app manifest with errors no longer recognised, and a file that is not JSON
 * crashing the recogniser (a stack trace instead of an input error).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../formats/json/located-json.js';
import { inputFileKind, looksLikeAppManifest, looksLikeProductFile, wrongKindMessage, type InputFileKind } from '../../model/product/input-file-kind.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const reference = join(root, 'products/mt3620-reference');
const read = (file: string): JsonValue => JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
/** One real file of each kind: the built-in designs and profile, the reference product, one of its manifests and its board. */
const REAL: Record<InputFileKind, string> = {
  'platform design': join(root, 'model/designs/azure-sphere-mt3620.json'),
  'update design': join(root, 'model/designs/azure-sphere-update.json'),
  'protocol design': join(root, 'model/designs/azure-sphere-attestation.json'),
  'product file': join(reference, 'sevenfold.json'),
  'requirement profile': join(root, 'model/requirements/profiles/seven-properties-azure-sphere.json'),
  'app manifest': join(reference, 'apps/thermostat-hl/app_manifest.json'),
  'hardware definition': join(reference, 'hardware/sevenfold_thermostat.json'),
};
const KINDS = Object.keys(REAL) as InputFileKind[];
const without = (value: JsonValue, ...keys: string[]): JsonValue => Object.fromEntries(Object.entries(value as Record<string, JsonValue>).filter(([k]) => !keys.includes(k)));

describe('inputFileKind', () => {
  it.each(KINDS)('a real %s is recognised as that kind, and as no other', (kind) => {
    const value = read(REAL[kind]);
    expect(inputFileKind(value)).toBe(kind);
    for (const other of KINDS) expect(wrongKindMessage('f.json', value, other), other).toBe(other === kind ? undefined : `f.json is ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}, not ${/^[aeiou]/.test(other) ? 'an' : 'a'} ${other}: name the ${other} here`);
  });

  it('an app manifest with errors keeps its marks: Capabilities and any one of SchemaVersion, ComponentId, EntryPoint', () => {
    const manifest = read(REAL['app manifest']);
    for (const kept of ['SchemaVersion', 'ComponentId', 'EntryPoint']) {
      const one = without(manifest, ...['SchemaVersion', 'ComponentId', 'EntryPoint'].filter((k) => k !== kept));
      expect(looksLikeAppManifest(one), kept).toBe(true);
      expect(inputFileKind(one), kept).toBe('app manifest');
    }
    // Without Capabilities, or with Capabilities alone, nothing says it is a manifest.
    expect(inputFileKind(without(manifest, 'Capabilities'))).toBeUndefined();
    expect(inputFileKind(without(manifest, 'SchemaVersion', 'ComponentId', 'EntryPoint'))).toBeUndefined();
    expect(looksLikeProductFile(without(read(REAL['product file']), 'chip'))).toBe(false);
  });

  it('a file of no kind recognised is left to its own loader (no message), whatever the field asks for', () => {
    // A platform design with an error (no boot chain), an update design without deviceGroups, a protocol design without
    // its device certificate, a profile without its version: each has the marks of no kind.
    const broken: [InputFileKind, JsonValue][] = [
      ['platform design', without(read(REAL['platform design']), 'boot')],
      ['update design', without(read(REAL['update design']), 'deviceGroups')],
      ['protocol design', without(read(REAL['protocol design']), 'deviceCertificate')],
      ['requirement profile', without(read(REAL['requirement profile']), 'version')],
    ];
    for (const [kind, value] of broken) {
      expect(inputFileKind(value), kind).toBeUndefined();
      for (const asked of KINDS) expect(wrongKindMessage('f.json', value, asked), `${kind} as ${asked}`).toBeUndefined();
    }
  });

  it('a file that is not a JSON object (unparsable, an array, a string, null) is of no kind, and is no crash', () => {
    for (const value of [undefined, null, [], 'platform', 7] as (JsonValue | undefined)[]) {
      expect(inputFileKind(value), JSON.stringify(value)).toBeUndefined();
      expect(wrongKindMessage('f.json', value, 'platform design'), JSON.stringify(value)).toBeUndefined();
    }
  });
});
