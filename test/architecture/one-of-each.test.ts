/**
 * One of each concept (issue 13): one DER reader, one Pluton, one quote format, one emulated SDK test
 * key and one holder of the vendor's keys, and file names that say which device or lab a file is,
 * read from the source files, so a second copy cannot come
 * back in a new file unnoticed. The behaviour behind each is tested beside it: test/attestation/
 * der-reader.test.ts, one-pluton.test.ts, test/update/one-vendor.test.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFilesUnder } from './source-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_FOLDERS = ['formats', 'model', 'emulator', 'proofs', 'properties', 'reports', 'cli', 'fuzz'];

const sources = sourceFilesUnder;

const files = SOURCE_FOLDERS.flatMap((folder) => {
  try {
    return sources(join(root, folder));
  } catch {
    return [];
  }
}).map((path) => ({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') }));

const declaring = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.path);

/** The repository path each relative import of `file` names (".js" specifiers name ".ts" sources). */
function importsOf(file: string): string[] {
  const text = files.find((f) => f.path === file)?.text ?? '';
  return [...text.matchAll(/from\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => relative(root, resolve(root, dirname(file), m[1]!.replace(/\.js$/, '.ts'))).split(sep).join('/'));
}

describe('one of each concept', () => {
  it('one DER reader, which both certificate readings import', () => {
    const readers = declaring(/\b(?:function|class)\s+(?:readDer|readTlv|derChildren|children|DerError)\b/);
    expect(readers).toHaveLength(1);
    const [der] = readers;
    expect(der).toMatch(/\/der\.ts$/);
    // The boot emulator's key certificates and key store, and the attestation parties' certificates (found by name, wherever the layers put them).
    for (const name of ['key-certificate.ts', 'key-store.ts', 'certificates.ts']) {
      const [path, ...more] = files.filter((f) => f.path.endsWith(`/${name}`)).map((f) => f.path);
      expect(more, name).toEqual([]);
      expect(importsOf(path!), path).toContain(der);
    }
  });

  it('one Pluton, which the attestation parties get their quotes from', () => {
    const plutons = declaring(/\bclass\s+\w*Pluton\b/);
    expect(plutons).toEqual(['emulator/boot/pluton.ts']);
    const attesting = files.filter((f) => f.path.startsWith('emulator/attestation/') && /\bPluton\b/.test(f.text)).map((f) => f.path);
    expect(attesting.length).toBeGreaterThan(0);
    for (const path of attesting) expect(importsOf(path), path).toContain('emulator/boot/pluton.ts');
    // No interface of its own that a second Pluton could implement.
    expect(declaring(/\binterface\s+\w*(?:Pluton|KeyHolder)\b/)).toEqual([]);
  });

  it('one quote format: its label is written once, and nothing else encodes a quote', () => {
    expect(declaring(/['"]sevenfold\/attestation\/quote\/v1['"]/)).toHaveLength(1);
    expect(declaring(/['"]SVFQ['"]/)).toEqual([]);
  });

  it('one emulated SDK test key, and the vendor\'s keys drawn only by the vendor', () => {
    // A key drawn from a seeded stream whose label names the SDK: HmacDrbg(seed, '… sdk … key …').
    const sdkKeys = declaring(/HmacDrbg\(\s*[\w.]+\s*,\s*(['"`])[^'"`\n]*sdk[^'"`\n]*\1/i);
    expect(sdkKeys).toEqual(['emulator/boot/sdk-test-signer.ts']);
    expect(declaring(/vendor signing keys of/)).toEqual(['emulator/boot/vendor.ts']);
  });

  it('names say what each file is: no file named just device.ts or lab.ts, no lab/ folder, one pluton.ts', () => {
    const named = (name: string) => files.filter((f) => f.path.split('/').slice(-1)[0] === name).map((f) => f.path);
    // A bare "device.ts" or "lab.ts" says nothing about which device or lab: every one says it (app-device, boot-device, update-lab …).
    expect([...named('device.ts'), ...named('lab.ts')]).toEqual([]);
    expect(named('pluton.ts')).toHaveLength(1);
    expect(files.filter((f) => /(?:^|\/)lab\//.test(f.path)).map((f) => f.path)).toEqual([]);
  });
});
