/**
 * Every kind of input file a verdict reads (the product file, an app manifest, a hardware definition and its imports,
 * an app image, the platform, update and protocol designs, the requirement profile), each broken in the ways a maker's
 * editor or checkout breaks files: UTF-16, comments, a trailing comma, empty, a folder, missing, a symbolic link that
 * loops, too large, a key twice, "__proto__", an array at the top, a number no double holds exactly. Each must be an input error that names the broken
 * file (or the product's field naming it), never an exception; a UTF-8 byte-order mark is accepted, as Azure Sphere's
 * tools accept it (facts §9 check 1). The survey behind it: /work/notes/s30-inputs-cases.md.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { parseLocatedJson } from '../../formats/json/located-json.js';
import { builtinProtocolFile } from '../../model/attestation/load-protocol.js';
import { builtinPlatformFile } from '../../model/platform/load-platform.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { tempDir } from '../helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const t = tempDir();
afterAll(() => t.cleanup());

type Breakage = (file: string) => void;
const rewrite = (f: (text: string) => string | Buffer): Breakage => (file) => writeFileSync(file, f(readFileSync(file, 'utf8')));
const CASES: Record<string, Breakage> = {
  'UTF-16 LE with a byte-order mark': rewrite((s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])),
  'UTF-16 LE without one': rewrite((s) => Buffer.from(s, 'utf16le')),
  'a line comment': rewrite((s) => s.replace('{', '{\n  // a comment\n')),
  'a trailing comma': rewrite((s) => s.replace(/\s*}\s*$/, ',\n}\n')),
  empty: rewrite(() => ''),
  'a folder': (file) => mkdirSync(file),
  missing: () => {},
  'a symbolic link that loops': (file) => symlinkSync(basename(file), file),
  'too large': rewrite((s) => s.replace(/\s*}\s*$/, `${' '.repeat(1100 * 1024)}}`)),
  // The first key written again with its own value: nothing but the repetition is wrong.
  'a key twice': rewrite((s) => {
    const [key, value] = Object.entries(JSON.parse(s) as Record<string, unknown>)[0]!;
    return s.replace(/\s*}\s*$/, `,\n  ${JSON.stringify(key)}: ${JSON.stringify(value)}\n}\n`);
  }),
  '"__proto__"': rewrite((s) => s.replace('{', '{\n  "__proto__": { "polluted": true },\n')),
  'an array at the top': rewrite((s) => `[${s}]`),
  // The first integer of the file (a schema or metadata version) written past what a double holds.
  'an integer beyond 2^53': rewrite((s) => s.replace(/(:\s*)\d+/, '$19007199254740993')),
  'a number beyond the largest double': rewrite((s) => s.replace(/(:\s*)\d+/, '$11e400')),
};

/** A copy of the reference product naming every design and its own profile; `kind`'s file is the one to break. */
function setup(kind: string, label: string): { product: string; profile: string; broken: string } {
  const dir = join(t.dir, `${kind}-${label.replace(/\W+/g, '-')}`);
  cpSync(join(ROOT, 'products', 'mt3620-reference'), dir, { recursive: true });
  for (const [name, from] of [['platform.json', builtinPlatformFile()], ['update.json', builtinUpdateFile()], ['protocol.json', builtinProtocolFile()], ['profile.json', builtinRequirementsFile()]] as const) {
    writeFileSync(join(dir, name), readFileSync(from, 'utf8'));
  }
  const product = join(dir, 'sevenfold.json');
  const spec = JSON.parse(readFileSync(product, 'utf8')) as Record<string, unknown>;
  Object.assign(spec, { platform: 'platform.json', update: 'update.json', protocol: 'protocol.json' });
  if (kind === 'image') {
    // examples/test-signed-image's app and image, named from this folder.
    const example = join(ROOT, 'examples', 'test-signed-image');
    cpSync(join(example, 'images', 'MutableStorage.imagepackage'), join(dir, 'app.imagepackage'));
    Object.assign(spec, {
      hardwareDefinition: relative(dir, join(ROOT, 'examples', 'hardware', 'mt3620_rdb', 'sample_appliance.json')),
      testImageCertificates: [relative(dir, join(ROOT, 'examples', 'keys', 'development-signing-cert.pem'))],
      apps: [{ manifest: relative(dir, join(example, 'apps', 'MutableStorage', 'app_manifest.json')), image: 'app.imagepackage' }],
    });
  }
  writeFileSync(product, JSON.stringify(spec, null, 2));
  const broken = {
    product,
    manifest: join(dir, 'apps', 'thermostat-hl', 'app_manifest.json'),
    hardware: join(dir, 'hardware', 'sevenfold_thermostat.json'),
    'hardware import': join(dir, 'hardware', 'mt3620.json'),
    image: join(dir, 'app.imagepackage'),
    platform: join(dir, 'platform.json'),
    update: join(dir, 'update.json'),
    protocol: join(dir, 'protocol.json'),
    profile: join(dir, 'profile.json'),
  }[kind]!;
  return { product, profile: join(dir, 'profile.json'), broken };
}

/** Where the error must be: the broken file itself, or the field that names it (in the product file, or an import's Path). */
function namesTheFile(diagnostics: Diagnostic[], product: string, broken: string): boolean {
  return diagnostics.some(
    (d) =>
      d.severity === 'error' &&
      (d.file === broken ||
        (d.file === product && d.message.startsWith(relative(dirname(product), broken))) ||
        (d.pointer.endsWith('/Path') && d.message.includes(`"${basename(broken)}"`))),
  );
}

const KINDS = ['product', 'manifest', 'hardware', 'hardware import', 'platform', 'update', 'protocol', 'profile'];

describe.each(KINDS)('the %s file', (kind) => {
  test.each(Object.keys(CASES))('%s: an input error naming the file', (label) => {
    const { product, profile, broken } = setup(kind, label);
    // A folder, a missing file or a looping link takes the file's place.
    if (label === 'missing' || label === 'a folder' || label === 'a symbolic link that loops') rmSync(broken);
    CASES[label]!(broken);
    // The message says what is wrong with the file, not only that it could not be used.
    const says = { 'a folder': /is a directory, not a file/, 'a symbolic link that loops': /ELOOP/, 'UTF-16 LE with a byte-order mark': /is UTF-16/, 'UTF-16 LE without one': /is UTF-16/, 'a key twice': /is written twice in this file/, 'an integer beyond 2^53': /the number 9007199254740993 cannot be read exactly/, 'a number beyond the largest double': /the number 1e400 is beyond/ }[label];
    if (kind === 'profile') {
      const loaded = loadRequirements(profile);
      expect(loaded.design).toBeUndefined();
      expect(loaded.errors.some((e) => e.file === broken)).toBe(true);
      if (says) expect(loaded.errors.map((e) => e.message).join('\n')).toMatch(says);
      return;
    }
    const loaded = loadProduct(product);
    expect(loaded.hasErrors).toBe(true);
    const shown = loaded.diagnostics.map((d) => `${d.file} ${d.pointer} ${d.message}`).join('\n');
    expect(namesTheFile(loaded.diagnostics, product, broken), shown).toBe(true);
    if (says) expect(shown).toMatch(says);
  });

  test('a UTF-8 byte-order mark is accepted', () => {
    const { product, profile, broken } = setup(kind, 'bom');
    writeFileSync(broken, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(broken)]));
    if (kind === 'profile') expect(loadRequirements(profile).errors).toEqual([]);
    else expect(loadProduct(product).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('the app image file', () => {
  test.each(['empty', 'a folder', 'missing', 'a symbolic link that loops', 'too large'])('%s: an input error at /apps/0/image', (label) => {
    const { product, broken } = setup('image', label);
    rmSync(broken);
    if (label === 'empty') writeFileSync(broken, '');
    else if (label === 'too large') writeFileSync(broken, Buffer.alloc(3 * 1024 * 1024));
    else CASES[label]!(broken);
    const loaded = loadProduct(product);
    expect(loaded.hasErrors).toBe(true);
    expect(loaded.diagnostics.some((d) => d.severity === 'error' && d.file === product && d.pointer === '/apps/0/image')).toBe(true);
  });
});

describe('UTF-16 is named only where the bytes are UTF-16', () => {
  const text = '{ "SchemaVersion": 1 }';
  const bigEndian = (s: string) => Buffer.from(Buffer.from(s, 'utf16le').map((_, i, b) => b[i ^ 1]!));
  test.each([
    ['UTF-16 BE without a byte-order mark', bigEndian(text), /^the file is UTF-16 \(big-endian, no byte-order mark\)/],
    ['UTF-16 LE without a byte-order mark', Buffer.from(text, 'utf16le'), /^the file is UTF-16 \(little-endian, no byte-order mark\)/],
    ['binary bytes starting with a zero', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80]), /^invalid UTF-8 byte 0xff at byte 1$/],
  ])('%s', (_label, bytes, message) => {
    expect(parseLocatedJson('x.json', bytes).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(message)]);
  });
});
