/**
 * One missing import is one error. Every name the missing file would have defined is unknown, so the
 * mappings into it and the "$NAME" references through it are "not checked" (one note per manifest),
 * not a cascade of HwUnknownMapping and UnresolvedReference errors. So is an import that is found but has errors of
 * its own (not JSON, a comment, not a hardware definition, a peripheral list of the wrong shape): its own error,
 * naming its file and field, is the one error.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lint } from '../../model/lint/lint.js';
import { loadProduct } from '../../model/product/product.js';
import { BOARD_DEFINITION, CHIP_DEFINITION, VALID_MANIFEST, expectLocated, hardwareDefinition, makeTempDir, named, positionOf, pretty, removeTempDir, writeInput } from './helpers.js';
import { mkdirSync } from 'node:fs';

let root: string;
let counter = 0;
const caseDir = (): string => {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  return dir;
};
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

const MANIFEST = { ...VALID_MANIFEST, Capabilities: { Gpio: ['$LED', '$BUTTON'], Uart: ['$DEBUG_UART'], Pwm: ['$NOT_ANYWHERE'] } };

describe('a missing import', () => {
  test('is one error; mappings into it and references through it are not checked, not errors', () => {
    const dir = caseDir();
    const boardText = pretty(BOARD_DEFINITION); // imports chip.json, which is not there
    const board = writeInput(dir, 'board.json', boardText);
    const manifestText = pretty(MANIFEST);
    const manifest = writeInput(dir, 'app_manifest.json', manifestText);
    const result = lint([manifest], { hardware: board });

    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.name)).toEqual(['HwMissingImport']);
    expectLocated(result, { name: 'HwMissingImport', file: board, pointer: '/Imports/0/Path', position: positionOf(boardText, '"Path"') });
    expect(named(result, 'HwUnknownMapping')).toEqual([]);
    expect(named(result, 'UnresolvedReference')).toEqual([]);
    const note = expectLocated(result, { name: 'ReferenceNotChecked', file: manifest, pointer: '/Capabilities/Gpio/0', position: positionOf(manifestText, '"$LED"') });
    expect(note.message).toMatch(/4 "\$NAME" references were not checked/);
    expect(note.message).toContain('chip.json');
    expect(result.files[0]!.manifest!.peripherals.every((p) => p.value === undefined)).toBe(true);
  });

  test('a missing import two levels down is still one error', () => {
    const dir = caseDir();
    const app = writeInput(dir, 'app.json', pretty(hardwareDefinition('app', ['board.json'], [{ Name: 'APP_LED', Type: 'Gpio', Mapping: 'LED' }])));
    writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
    const manifest = writeInput(dir, 'app_manifest.json', pretty({ ...VALID_MANIFEST, Capabilities: { Gpio: ['$APP_LED'] } }));
    const result = lint([manifest], { hardware: app });
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.name} ${d.file}`)).toEqual([`HwMissingImport ${join(dir, 'board.json')}`]);
    expect(named(result, 'ReferenceNotChecked')).toHaveLength(1);
  });

  test('with every import found, an unknown mapping and an unknown reference are still errors', () => {
    const dir = caseDir();
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const board = writeInput(dir, 'board.json', pretty(hardwareDefinition('board', ['chip.json'], [{ Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO99' }])));
    const manifest = writeInput(dir, 'app_manifest.json', pretty({ ...VALID_MANIFEST, Capabilities: { Gpio: ['$LED', '$NOPE'] } }));
    const result = lint([manifest], { hardware: board });
    expect(named(result, 'HwUnknownMapping')).toHaveLength(1);
    expect(named(result, 'UnresolvedReference').map((d) => d.pointer)).toEqual(['/Capabilities/Gpio/0', '/Capabilities/Gpio/1']);
    expect(named(result, 'ReferenceNotChecked')).toEqual([]);
  });
});

describe('where the missing import is to be looked for', () => {
  // verify, report, query and diff have no --hardware-path: a product's imports are searched through its
  // "hardwarePath". The hints sent a maker running verify to an option it refuses (unknown option).
  test('lint names its option; a product names its field "hardwarePath", never --hardware-path', () => {
    const dir = caseDir();
    const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION)); // imports chip.json, which is not there
    const manifest = writeInput(dir, 'app_manifest.json', pretty(MANIFEST));
    const linted = lint([manifest], { hardware: board });
    const lintHints = [...named(linted, 'HwMissingImport'), ...named(linted, 'ReferenceNotChecked')];
    expect(lintHints).toHaveLength(2);
    for (const d of lintHints) expect(`${d.message} ${d.hint}`).toContain('--hardware-path');

    writeInput(dir, 'sevenfold.json', pretty({ schemaVersion: 1, name: 'p', chip: 'mt3620', hardwareDefinition: 'board.json', apps: [{ manifest: 'app_manifest.json' }] }));
    const loaded = loadProduct(join(dir, 'sevenfold.json'));
    const missing = loaded.diagnostics.find((d) => d.name === 'HwMissingImport');
    const notChecked = loaded.diagnostics.find((d) => d.name === 'ReferenceNotChecked');
    expect(missing?.file).toBe(board);
    expect(missing?.message).toContain('the product file states no "hardwarePath"');
    for (const d of [missing!, notChecked!]) {
      expect(d.hint).toContain('"hardwarePath" in the product file');
      expect(`${d.message} ${d.hint}`).not.toContain('--hardware-path');
    }
  });
});

describe('an import found with errors of its own', () => {
  // Each breaks chip.json in another way; the board maps LED, BUTTON and DEBUG_UART into it.
  const broken: [string, string, string][] = [
    ['a comment', '// chip\n' + pretty(CHIP_DEFINITION), 'HwInvalidJson'],
    ['a truncated file', pretty(CHIP_DEFINITION).slice(0, 60), 'HwInvalidJson'],
    ['not a hardware definition', pretty({ Description: { Name: 'chip' } }), 'HwMissingMetadata'],
    ['peripherals of the wrong shape', pretty({ ...(CHIP_DEFINITION as Record<string, unknown>), Peripherals: { CHIP_GPIO8: 8 } }), ''],
  ];
  for (const [what, chipText, code] of broken) {
    test(`${what}: the imported file's error is the one error; the board's mappings and the app's references are not checked`, () => {
      const dir = caseDir();
      const chip = writeInput(dir, 'chip.json', chipText);
      const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
      const manifest = writeInput(dir, 'app_manifest.json', pretty(MANIFEST));
      const result = lint([manifest], { hardware: board });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.every((d) => d.file === chip), errors.map((d) => `${d.name} ${d.file} ${d.pointer}`).join('\n')).toBe(true);
      if (code) expect(errors.map((d) => d.name)).toContain(code);
      expect(named(result, 'HwUnknownMapping')).toEqual([]);
      expect(named(result, 'UnresolvedReference')).toEqual([]);
      const note = expectLocated(result, { name: 'ReferenceNotChecked', file: manifest, pointer: '/Capabilities/Gpio/0' });
      expect(note.message).toMatch(/imports "chip.json", which has errors/);
    });
  }

  test('a name the importer maps into a sound import is still an error', () => {
    const dir = caseDir();
    writeInput(dir, 'chip.json', pretty(CHIP_DEFINITION));
    const board = writeInput(dir, 'board.json', pretty(hardwareDefinition('board', ['chip.json'], [{ Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO99' }])));
    const manifest = writeInput(dir, 'app_manifest.json', pretty({ ...VALID_MANIFEST, Capabilities: { Gpio: ['$LED'] } }));
    const result = lint([manifest], { hardware: board });
    expect(named(result, 'HwUnknownMapping')).toHaveLength(1);
    expect(named(result, 'ReferenceNotChecked')).toEqual([]);
  });
});

/**
 * A product's definitions are searched in the product file's "hardwarePath", and verify, report and the other
 * product commands take no --hardware-path option: a message about a missing import names the field the maker can
 * change. It told them to pass --hardware-path, which verify refuses (s33: the Learning Path's avnet definition,
 * whose board import the product's hardwarePath did not hold).
 */
describe('a missing import in a product', () => {
  const productWith = (dir: string, fields: Record<string, unknown>): string =>
    writeInput(dir, 'sevenfold.json', pretty({ schemaVersion: 1, name: 'missing-import', chip: 'mt3620', apps: [{ manifest: 'app_manifest.json' }], ...fields }));

  test('names the product file\'s "hardwarePath", never an option verify does not have', () => {
    const dir = caseDir();
    writeInput(dir, 'board.json', pretty(BOARD_DEFINITION)); // imports chip.json, which is not there
    writeInput(dir, 'app_manifest.json', pretty(MANIFEST));
    const { diagnostics } = loadProduct(productWith(dir, { hardwareDefinition: 'board.json' }));
    const missing = diagnostics.find((d) => d.name === 'HwMissingImport')!;
    const note = diagnostics.find((d) => d.name === 'ReferenceNotChecked')!;
    for (const d of [missing, note]) {
      expect(`${d.message} ${d.hint}`).not.toContain('--hardware-path');
      expect(`${d.message} ${d.hint}`).toContain('"hardwarePath" in the product file');
    }
    expect(missing.message).toContain('the product file states no "hardwarePath"');
  });

  test('lint, which takes --hardware-path, still names the option', () => {
    const dir = caseDir();
    const board = writeInput(dir, 'board.json', pretty(BOARD_DEFINITION));
    const manifest = writeInput(dir, 'app_manifest.json', pretty(MANIFEST));
    const missing = named(lint([manifest], { hardware: board }), 'HwMissingImport')[0]!;
    expect(`${missing.message} ${missing.hint}`).toContain('--hardware-path');
  });
});
