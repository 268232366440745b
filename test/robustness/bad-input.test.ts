/**
 * Hostile and broken inputs: every one must come back as a located diagnostic (right name, file and
 * line:column), never as an exception, a hang or a polluted Object.prototype.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lint, type LintResult } from '../../model/lint/lint.js';
import {
  BOARD_DEFINITION,
  CHIP_DEFINITION,
  VALID_MANIFEST,
  checkDiagnosticShape,
  expectInsideText,
  expectLocated,
  hardwareDefinition,
  makeTempDir,
  named,
  offsetToPosition,
  positionOf,
  pretty,
  removeTempDir,
  writeInput,
  type Json,
} from './helpers.js';

const FAST = 5_000; // ms: a hang shows up as a timeout, not as a stuck run

let root: string;
let counter = 0;
/** A fresh folder per case, so that walking one folder never picks up another case's files. */
const caseDir = (): string => {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
};

beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

function lintChecked(paths: string[], options: Parameters<typeof lint>[1] = {}): LintResult {
  const result = lint(paths, options);
  for (const d of result.diagnostics) checkDiagnosticShape(d);
  expect(result.counts.error + result.counts.warning + result.counts.info).toBe(result.diagnostics.length);
  return result;
}

/** Lints one manifest text written as app_manifest.json; returns the result, the file and the text. */
function lintManifestText(text: string | Uint8Array, options: Parameters<typeof lint>[1] = {}) {
  const file = writeInput(caseDir(), 'app_manifest.json', text);
  return { result: lintChecked([file], options), file };
}

function withManifest(edit: (m: Record<string, Json>) => void): string {
  const m = structuredClone(VALID_MANIFEST) as unknown as Record<string, Json>;
  edit(m);
  return pretty(m);
}

describe('the baseline inputs are clean', () => {
  test('valid manifest and board/chip pair give no errors', { timeout: FAST }, () => {
    const dir = caseDir();
    const manifest = writeInput(dir, 'app_manifest.json', pretty(VALID_MANIFEST));
    const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const result = lintChecked([dir], { hardware: board });
    expect(result.usageErrors).toEqual([]);
    expect(result.counts.error, JSON.stringify(result.diagnostics, null, 1)).toBe(0);
    expect(result.files.map((f) => f.kind).sort()).toEqual(['hardware-definition', 'hardware-definition', 'manifest']);
    const led = result.files.find((f) => f.file === manifest)!.manifest!.peripherals.find((p) => p.raw === '$LED');
    expect(led?.value).toBe(8);
  });
});

describe('truncated JSON', () => {
  const text = pretty(VALID_MANIFEST);

  test('every cut of a valid manifest is one InvalidJson at the end of the text or at the open string', { timeout: FAST }, () => {
    const dir = caseDir();
    const file = join(dir, 'app_manifest.json');
    for (let cut = 1; cut < text.trimEnd().length; cut++) {
      const truncated = text.slice(0, cut);
      writeInput(dir, 'app_manifest.json', truncated);
      const result = lintChecked([file]);
      expect(result.diagnostics.map((d) => d.name), `cut at ${cut}`).toEqual(['InvalidJson']);
      const d = result.diagnostics[0]!;
      expect(d.file).toBe(file);
      expect(d.severity).toBe('error');
      // The manifest has no escaped quotes, so an odd number of quotes means the cut is inside a string.
      const insideString = (truncated.match(/"/g) ?? []).length % 2 === 1;
      const expected = offsetToPosition(truncated, insideString ? truncated.lastIndexOf('"') : truncated.length);
      expect(d.position, `cut at ${cut}: ${JSON.stringify(truncated.slice(-15))}`).toEqual(expected);
      expect(d.message).toMatch(/^invalid JSON: /);
    }
  });

  test('an empty file and a whitespace-only file are InvalidJson at 1:1 / end', { timeout: FAST }, () => {
    const empty = lintManifestText('');
    expectLocated(empty.result, { name: 'InvalidJson', file: empty.file, pointer: '', position: { line: 1, column: 1 } });
    const blank = lintManifestText('\n\n  ');
    expect(named(blank.result, 'InvalidJson')).toHaveLength(1);
    expectInsideText(named(blank.result, 'InvalidJson')[0]!, '\n\n  ');
  });
});

describe('wrong types', () => {
  const topLevel: [key: string, value: Json, name: Parameters<typeof expectLocated>[1]['name']][] = [
    ['SchemaVersion', '1', 'IncompatibleSchemaVersion'],
    ['Name', 42, 'MissingName'],
    ['ComponentId', 42, 'InvalidComponentId'],
    ['EntryPoint', [], 'BadEntryPoint'],
    ['CmdArgs', '--verbose', 'CmdArgParseError'],
    ['Capabilities', [], 'MissingCapabilitiesList'],
    ['ApplicationType', 1, 'NonStringAppType'],
    ['MallocVersion', '2', 'MallocVersionParseError'],
  ];
  test.each(topLevel)('top-level %s = %j gives %s at the key', { timeout: FAST }, (key, value, name) => {
    const text = withManifest((m) => {
      m[key] = value;
    });
    const { result, file } = lintManifestText(text);
    expectLocated(result, { name, file, pointer: `/${key}`, position: positionOf(text, `"${key}":`) });
  });

  test('the manifest root must be an object', { timeout: FAST }, () => {
    for (const text of ['[]', '"app"', '42', 'null', 'true']) {
      const { result, file } = lintManifestText(text);
      const d = expectLocated(result, { name: 'InvalidJson', file, pointer: '', position: { line: 1, column: 1 } });
      expect(d.message).toMatch(/must be a JSON object/);
    }
  });

  const capabilities: [key: string, value: Json, name: Parameters<typeof expectLocated>[1]['name'], item: string | undefined][] = [
    ['Gpio', '8', 'GpioParseError', undefined],
    ['Gpio', [true], 'GpioParseError', 'true'],
    ['Gpio', [8.5], 'GpioParseError', '8.5'],
    ['MutableStorage', 8, 'NonObjectMutableStorageType', undefined],
    ['MutableStorage', {}, 'MutableStorageMissingRequiredField', undefined],
    ['PowerControls', [], 'PowerControlsEmptyParseError', undefined],
    ['PowerControls', 'ForceReboot', 'PowerControlsMalformedParseError', undefined],
    ['PowerControls', ['ForceReboot', 'Explode'], 'PowerControlsInvalidEntryParseError', '"Explode"'],
    ['AllowedTcpServerPorts', [70000], 'IllegalTcpPortsValue', '70000'],
    ['AllowedTcpServerPorts', 80, 'AllowedTcpPortsParseError', undefined],
    ['AllowedUdpServerPorts', ['53'], 'AllowedUdpPortsParseError', '"53"'],
    ['AllowedUdpServerPorts', [0], 'IllegalUdpPortsValue', '0'],
    ['DeviceAuthentication', 5, 'DeviceAuthTenantIdParseError', undefined],
    ['DeviceAuthentication', 'not-a-guid', 'DeviceAuthTenantIdParseError', undefined],
    ['AllowedConnections', 'example.net', 'ConnectionsParseError', undefined],
    ['AllowedConnections', [''], 'EmptyHostName', '""'],
    ['AllowedApplicationConnections', [5], 'AllowedApplicationConnectionsParseError', '5'],
    ['AllowedApplicationConnections', ['app'], 'NonGuidPartner', '"app"'],
    ['Uart', [0], 'PeripheralParseError', '0'],
    ['Uart', ['ISU9'], 'UartNotAvailable', '"ISU9"'],
    ['I2cMaster', {}, 'PeripheralParseError', undefined],
    ['WifiConfig', 'true', 'WifiParseError', undefined],
    ['SystemTime', 1, 'SystemTimeParseError', undefined],
    ['NetworkConfig', null, 'NetworkConfigParseError', undefined],
  ];
  test.each(capabilities)('Capabilities.%s = %j gives %s', { timeout: FAST }, (key, value, name, item) => {
    const text = withManifest((m) => {
      (m['Capabilities'] as Record<string, Json>)[key] = value;
    });
    const { result, file } = lintManifestText(text);
    const anchor = { from: `"${key}":` };
    const pointer = item === undefined ? `/Capabilities/${key}` : `/Capabilities/${key}/${(value as Json[]).findIndex((v) => JSON.stringify(v) === item)}`;
    const position = item === undefined ? positionOf(text, `"${key}":`) : positionOf(text, item, anchor);
    expectLocated(result, { name, file, pointer, position });
  });

  test('MutableStorage.SizeKB of the wrong type is located at SizeKB', { timeout: FAST }, () => {
    const text = withManifest((m) => {
      (m['Capabilities'] as Record<string, Json>)['MutableStorage'] = { SizeKB: '8' };
    });
    const { result, file } = lintManifestText(text);
    expectLocated(result, { name: 'ErrorParsingMutableStorageField', file, pointer: '/Capabilities/MutableStorage/SizeKB', position: positionOf(text, '"SizeKB":') });
  });

  test('capability keys named like Object.prototype members are unknown capabilities, not a crash', { timeout: FAST }, () => {
    for (const key of ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'toLocaleString']) {
      const text = withManifest((m) => {
        (m['Capabilities'] as Record<string, Json>)[key] = true;
        m[key] = 1;
      });
      const { result, file } = lintManifestText(text);
      expectLocated(result, { name: 'UnknownCapability', file, pointer: `/Capabilities/${key}`, position: positionOf(text, `"${key}":`, { from: '"Capabilities"' }) });
      expectLocated(result, { name: 'UnknownField', file, pointer: `/${key}`, position: positionOf(text, `"${key}":`, { from: '"ApplicationType"' }) });
    }
  });
});

describe('reserved keys', () => {
  const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();

  test('__proto__ and constructor at top level and in Capabilities are ReservedKey, and nothing is polluted', { timeout: FAST }, () => {
    const before = prototypeKeys();
    const text = [
      '{',
      '  "SchemaVersion": 1,',
      '  "__proto__": { "polluted": "top", "Capabilities": { "Gpio": [99] } },',
      '  "Name": "Blink",',
      '  "ComponentId": "1689d8b2-c835-2e27-27ad-e894d6d15fa9",',
      '  "EntryPoint": "/bin/app",',
      '  "CmdArgs": [],',
      '  "constructor": { "prototype": { "polluted": "constructor" } },',
      '  "Capabilities": {',
      '    "__proto__": { "Gpio": [99], "polluted": "caps" },',
      '    "constructor": { "prototype": { "polluted": "caps-constructor" } },',
      '    "Gpio": [8]',
      '  }',
      '}',
    ].join('\n');
    const { result, file } = lintManifestText(text);
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/__proto__', position: { line: 3, column: 3 } });
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/constructor', position: { line: 8, column: 3 } });
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/Capabilities/__proto__', position: { line: 10, column: 5 } });
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/Capabilities/constructor', position: { line: 11, column: 5 } });

    // The reserved members were dropped, not merged: only GPIO 8 is requested.
    const manifest = result.files[0]!.manifest!;
    expect(manifest.peripherals.map((p) => p.raw)).toEqual([8]);
    expect(manifest.name).toBe('Blink');

    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>)['Capabilities']).toBeUndefined();
  });

  test('"prototype" and reserved keys inside a hardware definition are ReservedKey too', { timeout: FAST }, () => {
    const dir = caseDir();
    const before = prototypeKeys();
    const text = [
      '{',
      '  "Metadata": { "Type": "Azure Sphere Hardware Definition", "Version": 1 },',
      '  "Description": { "Name": "x", "MainCoreHeaderFileTopContent": [] },',
      '  "Peripherals": [',
      '    { "Name": "A", "Type": "Gpio", "__proto__": { "polluted": 1 }, "MainCoreHeaderValue": "(8)", "AppManifestValue": 8 },',
      '    { "Name": "B", "Type": "Gpio", "prototype": 1, "MainCoreHeaderValue": "(9)", "AppManifestValue": 9 }',
      '  ]',
      '}',
    ].join('\n');
    const file = writeInput(dir, 'chip.json', text);
    const result = lintChecked([file], { hardware: file });
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/Peripherals/0/__proto__', position: positionOf(text, '"__proto__"') });
    expectLocated(result, { name: 'ReservedKey', file, pointer: '/Peripherals/1/prototype', position: positionOf(text, '"prototype"') });
    expect(result.hardware?.lookup('A')?.resolution).toMatchObject({ ok: true, value: 8 });
    expect(prototypeKeys()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('files that are too large, not UTF-8, or not files', () => {
  test('a 10 MB manifest is FileTooLarge, quickly', { timeout: FAST }, () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    Buffer.from(pretty(VALID_MANIFEST)).copy(big);
    const started = performance.now();
    const { result, file } = lintManifestText(big);
    expect(performance.now() - started).toBeLessThan(2_000);
    const d = expectLocated(result, { name: 'FileTooLarge', file, pointer: '', position: { line: 1, column: 1 } });
    expect(d.message).toMatch(/10\.0 MiB/);
    expect(result.diagnostics).toHaveLength(1);
  });

  test('a 10 MB imported chip definition is FileTooLarge on the chip file', { timeout: FAST }, () => {
    const dir = caseDir();
    const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
    const chip = writeInput(dir, 'chip.json', Buffer.alloc(10 * 1024 * 1024, 0x20));
    const result = lintChecked([board], { hardware: board });
    expectLocated(result, { name: 'FileTooLarge', file: chip, pointer: '', position: { line: 1, column: 1 } });
    // The chip file is the one error: the board's mappings into it are not checked (missing-import.test.ts).
    expect(named(result, 'HwUnknownMapping')).toEqual([]);
  });

  /** The manifest text with the character at `at` (in `needle`) replaced by the given raw bytes. */
  function withBadBytes(text: string, needle: string, bad: number[], prefix: number[] = []) {
    const offset = text.indexOf(needle);
    const bytes = Buffer.concat([Buffer.from(prefix), Buffer.from(text.slice(0, offset)), Buffer.from(bad), Buffer.from(text.slice(offset + 1))]);
    return { bytes, position: offsetToPosition(text, offset), byteOffset: prefix.length + Buffer.byteLength(text.slice(0, offset)) };
  }

  test.each([
    ['a lone 0xFF in an ASCII line', 'Blink', 'link', [0xff]],
    ['a stray continuation byte 0x80', 'Blink', 'link', [0x80]],
    ['an overlong encoding 0xC0 0xAF', 'Blink', 'link', [0xc0, 0xaf]],
    ['a truncated sequence 0xEF 0x41', 'Blink', 'link', [0xef, 0x41]],
    ['a truncated sequence 0xE2 0x82 before ASCII', 'Blink', 'link', [0xe2, 0x82, 0x41]],
    ['an encoded surrogate 0xED 0xA0 0x80', 'Blink', 'link', [0xed, 0xa0, 0x80]],
    ['0xFF after a two-byte character on the same line', 'Blïnk', 'nk', [0xff]],
    ['0xFF after an astral character (two UTF-16 units)', 'Bl😀nk', 'nk', [0xff]],
  ])('InvalidUtf8 with the line:column of the bad byte: %s', { timeout: FAST }, (_label, name, needle, bad) => {
    const text = withManifest((m) => {
      m['Name'] = name;
    });
    const { bytes, position, byteOffset } = withBadBytes(text, needle, bad);
    const { result, file } = lintManifestText(bytes);
    const d = expectLocated(result, { name: 'InvalidUtf8', file, pointer: '', position });
    expect(d.message).toBe(`invalid UTF-8 byte 0x${bad[0]!.toString(16).padStart(2, '0')} at byte ${byteOffset}`);
    expect(result.diagnostics).toHaveLength(1);
  });

  test('InvalidUtf8 after a byte-order mark: the column does not count the BOM', { timeout: FAST }, () => {
    const text = JSON.stringify(VALID_MANIFEST); // one line, so the BOM would shift the column
    const { bytes, position, byteOffset } = withBadBytes(text, 'link', [0xff], [0xef, 0xbb, 0xbf]);
    const { result, file } = lintManifestText(bytes);
    const d = expectLocated(result, { name: 'InvalidUtf8', file, pointer: '', position });
    expect(d.message).toBe(`invalid UTF-8 byte 0xff at byte ${byteOffset}`);
  });

  test('InvalidUtf8 on the first line of a minified file', { timeout: FAST }, () => {
    const text = JSON.stringify(VALID_MANIFEST);
    const { bytes, position } = withBadBytes(text, 'ISU0', [0xfe]);
    const { result, file } = lintManifestText(bytes);
    expect(position.line).toBe(1);
    expectLocated(result, { name: 'InvalidUtf8', file, pointer: '', position });
  });

  test('a UTF-8 byte-order mark is accepted and does not shift columns', { timeout: FAST }, () => {
    const text = withManifest((m) => {
      m['Colour'] = 'blue';
    });
    const { result, file } = lintManifestText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(result.counts.error, JSON.stringify(result.diagnostics)).toBe(0);
    expect(result.files[0]!.manifest?.name).toBe('Blink');
    expectLocated(result, { name: 'UnknownField', file, pointer: '/Colour', position: positionOf(text, '"Colour"') });

    const dir = caseDir();
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const board = writeInput(dir, 'board.json', Buffer.concat([bom, Buffer.from(pretty(BOARD_DEFINITION))]));
    writeInput(dir, 'chip.json', Buffer.concat([bom, Buffer.from(pretty(CHIP_DEFINITION))]));
    const hw = lintChecked([dir], { hardware: board });
    expect(hw.counts.error).toBe(0);
    expect(hw.hardware?.lookup('LED')?.resolution).toMatchObject({ ok: true, value: 8 });
  });

  test('a directory named app_manifest.json is NotAFile, whether walked or named', { timeout: FAST }, () => {
    const dir = caseDir();
    const fake = join(dir, 'app_manifest.json');
    mkdirSync(fake);
    writeInput(fake, 'inner.txt', 'not json');
    for (const paths of [[dir], [fake]]) {
      const result = lintChecked(paths);
      expectLocated(result, { name: 'NotAFile', file: fake, pointer: '', position: { line: 1, column: 1 } });
      expect(result.files).toEqual([]);
    }
    const asHardware = lintChecked([], { hardware: fake });
    expect(asHardware.usageErrors).toHaveLength(1);
    expect(asHardware.usageErrors[0]).toMatch(/directory/);
  });

  test('a missing path is a usage error and PathNotFound, not a throw', { timeout: FAST }, () => {
    const missing = join(caseDir(), 'nope', 'app_manifest.json');
    const result = lintChecked([missing]);
    expect(result.usageErrors).toEqual([`${missing}: no such file or folder`]);
    expectLocated(result, { name: 'PathNotFound', file: missing, pointer: '' });
  });
});

describe('deep nesting', () => {
  test("'['.repeat(100000) is NestingTooDeep at the 65th bracket, without a stack overflow", { timeout: FAST }, () => {
    const { result, file } = lintManifestText('['.repeat(100_000));
    expectLocated(result, { name: 'NestingTooDeep', file, pointer: '', position: { line: 1, column: 65 } });
    expect(result.diagnostics).toHaveLength(1);
  });

  test('deep objects, and deep nesting inside a valid manifest, are NestingTooDeep', { timeout: FAST }, () => {
    const objects = lintManifestText('{"a":'.repeat(100_000));
    expectLocated(objects.result, { name: 'NestingTooDeep', file: objects.file, pointer: '', position: { line: 1, column: 5 * 64 + 1 } });

    const text = withManifest((m) => {
      m['CmdArgs'] = ['@@'];
    }).replace('"@@"', '['.repeat(70) + ']'.repeat(70));
    const inside = lintManifestText(text);
    // The root object and CmdArgs are levels 1 and 2, so level 65 is the 63rd bracket of the run.
    const run = text.indexOf('['.repeat(70));
    expectLocated(inside.result, { name: 'NestingTooDeep', file: inside.file, pointer: '', position: offsetToPosition(text, run + 62) });
  });

  test('64 levels are allowed, and brackets inside strings do not count', { timeout: FAST }, () => {
    const limit = lintManifestText('['.repeat(64) + ']'.repeat(64));
    expect(named(limit.result, 'NestingTooDeep')).toEqual([]);
    expect(named(limit.result, 'InvalidJson')[0]?.message).toMatch(/must be a JSON object/);

    const text = withManifest((m) => {
      m['CmdArgs'] = ['['.repeat(10_000), '{'.repeat(10_000)];
    });
    const strings = lintManifestText(text);
    expect(strings.result.counts.error, JSON.stringify(strings.result.diagnostics)).toBe(0);
  });

  // Inputs where a naive bracket count disagrees with the parser's view of the text; each one used to
  // overflow the parser's stack.
  test.each([
    ['brackets hidden from the count in a comment', '/*' + ']'.repeat(100_000) + '*/' + '['.repeat(100_000), 2 + 100_000 + 2 + 64],
    ['an unterminated string that ends at a line break', '["\n' + '['.repeat(100_000), 3 + 63],
    ['closers the parser skips while recovering', '{"a":],"b":'.repeat(50_000), 11 * 64],
  ])('NestingTooDeep, not a stack overflow, for %s', { timeout: FAST }, (_label, text, offset) => {
    const { result, file } = lintManifestText(text);
    expectLocated(result, { name: 'NestingTooDeep', file, pointer: '', position: offsetToPosition(text, offset) });
  });
});

describe('hardware definitions', () => {
  test('an import cycle between two definitions is HwImportCycle, and lint terminates', { timeout: FAST }, () => {
    const dir = caseDir();
    const aText = pretty(hardwareDefinition('a', ['b.json'], [{ Name: 'A', Type: 'Gpio', MainCoreHeaderValue: '(1)', AppManifestValue: 1 }]));
    const bText = pretty(hardwareDefinition('b', ['a.json'], [{ Name: 'B', Type: 'Gpio', Mapping: 'A' }]));
    const a = writeInput(dir, 'a.json', aText);
    const b = writeInput(dir, 'b.json', bText);
    const result = lintChecked([dir], { hardware: a });
    const cycles = named(result, 'HwImportCycle');
    expect(cycles.length).toBeGreaterThanOrEqual(1);
    for (const d of cycles) {
      expect([a, b]).toContain(d.file);
      expect(d.pointer).toBe('/Imports/0/Path');
      expect(d.position).toEqual(positionOf(d.file === a ? aText : bText, '"Path"'));
      expect(d.message).toMatch(/a\.json.*b\.json.*a\.json|b\.json.*a\.json.*b\.json/);
    }
    expect(cycles.map((d) => d.file)).toContain(b); // opening a: a → b → a, reported where the cycle closes
    // Names still resolve across the cycle.
    expect(result.hardware?.lookup('B')?.resolution).toMatchObject({ ok: true, value: 1 });
  });

  test('a definition that imports itself is HwImportCycle', { timeout: FAST }, () => {
    const dir = caseDir();
    const text = pretty(hardwareDefinition('self', ['self.json'], [{ Name: 'A', Type: 'Gpio', MainCoreHeaderValue: '(1)', AppManifestValue: 1 }]));
    const file = writeInput(dir, 'self.json', text);
    const result = lintChecked([file], { hardware: file });
    expectLocated(result, { name: 'HwImportCycle', file, pointer: '/Imports/0/Path', position: positionOf(text, '"Path"') });
  });

  test('a missing import is HwMissingImport at the import, and its mappings are not checked (no cascade)', { timeout: FAST }, () => {
    const dir = caseDir();
    const text = pretty(hardwareDefinition('board', ['nope.json'], [{ Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO8' }]));
    const board = writeInput(dir, 'board.json', text);
    const result = lintChecked([board], { hardware: board });
    const d = expectLocated(result, { name: 'HwMissingImport', file: board, pointer: '/Imports/0/Path', position: positionOf(text, '"Path"') });
    expect(d.message).toContain('nope.json');
    expect(named(result, 'HwUnknownMapping')).toEqual([]);
  });

  test('a name defined both in a definition and in its import is HwDuplicateName on the importer', { timeout: FAST }, () => {
    const dir = caseDir();
    const chipText = pretty(hardwareDefinition('chip', [], [
      { Name: 'CHIP_GPIO8', Type: 'Gpio', MainCoreHeaderValue: '(8)', AppManifestValue: 8 },
      { Name: 'LED', Type: 'Gpio', MainCoreHeaderValue: '(9)', AppManifestValue: 9 },
    ]));
    const boardText = pretty(hardwareDefinition('board', ['chip.json'], [
      { Name: 'BUTTON', Type: 'Gpio', Mapping: 'CHIP_GPIO8' },
      { Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO8' },
    ]));
    const chip = writeInput(dir, 'chip.json', chipText);
    const board = writeInput(dir, 'board.json', boardText);
    const result = lintChecked([dir], { hardware: board });
    // The duplicate entry starts at the '{' just before its "Name": "LED"; the message points at the chip's LED.
    const ledBrace = boardText.lastIndexOf('{', boardText.indexOf('"Name": "LED"'));
    const d = expectLocated(result, { name: 'HwDuplicateName', file: board, pointer: '/Peripherals/1', position: offsetToPosition(boardText, ledBrace) });
    const chipLed = offsetToPosition(chipText, chipText.lastIndexOf('{', chipText.indexOf('"Name": "LED"')));
    expect(d.message).toContain(`chip.json:${chipLed.line}:${chipLed.column}`);
    expect(named(result, 'HwDuplicateName')).toHaveLength(1);
    expect(result.files.map((f) => f.file).sort()).toEqual([board, chip].sort());
  });

  test('a Mapping to an unknown name is HwUnknownMapping at the Mapping', { timeout: FAST }, () => {
    const dir = caseDir();
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const text = pretty(hardwareDefinition('board', ['chip.json'], [
      { Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO8' },
      { Name: 'BUZZER', Type: 'Gpio', Mapping: 'CHIP_GPIO99' },
    ]));
    const board = writeInput(dir, 'board.json', text);
    const result = lintChecked([board], { hardware: board });
    const d = expectLocated(result, { name: 'HwUnknownMapping', file: board, pointer: '/Peripherals/1/Mapping', position: positionOf(text, '"Mapping"', { from: '"BUZZER"' }) });
    expect(d.message).toContain('CHIP_GPIO99');
    expect(result.hardware?.lookup('BUZZER')?.resolution.ok).toBe(false);
  });

  test('a Type change along a Mapping is HwMappingTypeMismatch at the Type', { timeout: FAST }, () => {
    const dir = caseDir();
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const text = pretty(hardwareDefinition('board', ['chip.json'], [
      { Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO8' },
      { Name: 'CONSOLE', Type: 'Uart', Mapping: 'CHIP_GPIO9' },
    ]));
    const board = writeInput(dir, 'board.json', text);
    const result = lintChecked([board], { hardware: board });
    const d = expectLocated(result, { name: 'HwMappingTypeMismatch', file: board, pointer: '/Peripherals/1/Type', position: positionOf(text, '"Type"', { from: '"CONSOLE"' }) });
    expect(d.message).toMatch(/Uart.*CHIP_GPIO9.*Gpio/);
  });

  test('a $NAME that resolves to an int entry is IntPeripheralInManifest in the manifest', { timeout: FAST }, () => {
    const dir = caseDir();
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
    const text = withManifest((m) => {
      (m['Capabilities'] as Record<string, Json>)['Pwm'] = ['$LED_PWM', '$LED_PWM_CHANNEL'];
    });
    const manifest = writeInput(dir, 'app_manifest.json', text);
    const result = lintChecked([manifest], { hardware: board });
    const d = expectLocated(result, { name: 'IntPeripheralInManifest', file: manifest, pointer: '/Capabilities/Pwm/1', position: positionOf(text, '"$LED_PWM_CHANNEL"') });
    expect(d.message).toMatch(/int/);
    const pwm = result.files[0]!.manifest!.peripherals.filter((p) => p.capability === 'Pwm');
    expect(pwm.map((p) => p.value)).toEqual(['PWM-CONTROLLER-0', undefined]);
    expect(result.counts.error).toBe(1);
  });

  // A hostile definition well under the 1 MiB limit: each entry maps to the next. Resolving every entry
  // used to walk the whole rest of the chain with a linear search at each hop (minutes for 5,000 entries).
  test.each([
    ['in file order', false],
    ['in reverse file order', true],
  // No wall-clock assertion (machines are shared and noisy; speed lives in `npm run bench`): a chain
  // walked once per entry would be quadratic, 25 million steps, and run past the test's time limit.
  ])('a 5,000-hop Mapping chain (%s) is reported at the Mapping', { timeout: 60_000 }, (_label, reverse) => {
    const n = 5_000;
    const entries: Json[] = [];
    for (let i = 0; i < n; i++) {
      entries.push(i === n - 1 ? { Name: `P${i}`, Type: 'Gpio', MainCoreHeaderValue: '(8)', AppManifestValue: 8 } : { Name: `P${i}`, Type: 'Gpio', Mapping: `P${i + 1}` });
    }
    if (reverse) entries.reverse();
    const text = JSON.stringify(hardwareDefinition('chain', [], entries));
    const file = writeInput(caseDir(), 'chain.json', text);
    const result = lintChecked([file], { hardware: file });
    const p0 = reverse ? n - 1 : 0;
    const d = expectLocated(result, { name: 'HwMappingTooLong', file, pointer: `/Peripherals/${p0}/Mapping`, position: positionOf(text, '"Mapping":"P1"') });
    expect(d.message).toMatch(/P0.*longer than/);
    expect(result.hardware?.lookup('P0')?.resolution.ok).toBe(false);
    // The end of the chain is short enough to resolve.
    expect(result.hardware?.lookup(`P${n - 3}`)?.resolution).toMatchObject({ ok: true, value: 8 });
    expect(result.diagnostics.length).toBeLessThan(n);
  });

  test('hardware definitions with wrong shapes are located diagnostics', { timeout: FAST }, () => {
    const dir = caseDir();
    const text = pretty({
      Metadata: { Type: 'Azure Sphere Hardware Definition', Version: 2 },
      Description: 'board',
      Imports: { Path: 'chip.json' },
      Peripherals: [5, { Name: 'X' }, { Name: 'Y', Type: 'Gpio', MainCoreHeaderValue: 8, AppManifestValue: 8 }],
    });
    const file = writeInput(dir, 'board.json', text);
    const result = lintChecked([file], { hardware: file });
    expectLocated(result, { name: 'HwBadMetadata', file, pointer: '/Metadata/Version', position: positionOf(text, '"Version"') });
    expectLocated(result, { name: 'HwBadDescription', file, pointer: '/Description', position: positionOf(text, '"Description"') });
    expectLocated(result, { name: 'HwBadImports', file, pointer: '/Imports', position: positionOf(text, '"Imports"') });
    expectLocated(result, { name: 'HwBadHeaderValue', file, pointer: '/Peripherals/2/MainCoreHeaderValue', position: positionOf(text, '"MainCoreHeaderValue"') });
    const bad = named(result, 'HwBadPeripheral').map((d) => d.pointer).sort();
    expect(bad).toEqual(['/Peripherals/0', '/Peripherals/1']);
    expect(named(result, 'HwBadPeripheral')[0]!.position).toEqual(positionOf(text, '5', { from: '"Peripherals"' }));
  });
});

describe('GUIDs', () => {
  test('component IDs, partner IDs and tenant IDs are compared without regard to case', { timeout: FAST }, () => {
    const text = withManifest((m) => {
      m['ComponentId'] = '{1689D8B2-C835-2E27-27AD-E894D6D15FA9}';
      const caps = m['Capabilities'] as Record<string, Json>;
      caps['AllowedApplicationConnections'] = ['005180BC-402F-4CB3-A662-72937DBCDE47', '005180bc-402f-4cb3-a662-72937dbcde47', '{A6B2A9C3-4D5E-4F60-8172-93A4B5C6D7E8}'];
      caps['DeviceAuthentication'] = 'ABCDEF01-2345-6789-ABCD-EF0123456789';
    });
    const { result, file } = lintManifestText(text);
    const manifest = result.files[0]!.manifest!;
    expect(manifest.componentId).toBe('1689d8b2-c835-2e27-27ad-e894d6d15fa9');
    expect(manifest.deviceAuthentication).toBe('abcdef01-2345-6789-abcd-ef0123456789');
    expect(manifest.partners.map((p) => p.componentId)).toEqual([
      '005180bc-402f-4cb3-a662-72937dbcde47',
      '005180bc-402f-4cb3-a662-72937dbcde47',
      'a6b2a9c3-4d5e-4f60-8172-93a4b5c6d7e8',
    ]);
    const dup = expectLocated(result, {
      name: 'DuplicateEntry',
      file,
      pointer: '/Capabilities/AllowedApplicationConnections/1',
      position: positionOf(text, '"005180bc-402f'),
    });
    expect(dup.message).toMatch(/index 0/);
    expect(result.counts.error).toBe(0);
  });

  test('mismatched braces are not a GUID', { timeout: FAST }, () => {
    const text = withManifest((m) => {
      m['ComponentId'] = '{1689d8b2-c835-2e27-27ad-e894d6d15fa9';
    });
    const { result, file } = lintManifestText(text);
    expectLocated(result, { name: 'InvalidComponentId', file, pointer: '/ComponentId', position: positionOf(text, '"ComponentId"') });
  });
});
