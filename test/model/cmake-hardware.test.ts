/**
 * Lint finds each app's hardware definition from the CMakeLists.txt beside its manifest, the way the
 * Azure Sphere SDK does. Fixtures: test/fixtures/cmake (one small project per form found in real
 * repositories; see its README). "$APP_LED" resolves to GPIO 8 on board A, 9 on board B and 12 with the
 * SDK's definition, so the value shows which definition lint picked.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../cli/program.js';
import { lint, type LintOptions, type LintResult } from '../../model/lint/lint.js';
import { captureIo } from '../helpers.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/cmake');
const SDK = join(FIXTURES, 'sdk', 'HardwareDefinitions');
const BOARD_A = join(FIXTURES, 'HardwareDefinitions', 'board_a', 'app_hw.json');
const BOARD_B = join(FIXTURES, 'HardwareDefinitions', 'board_b', 'app_hw.json');
const app = (name: string) => join(FIXTURES, 'apps', name);

function lintApp(name: string, options: LintOptions = {}, defines: Record<string, string> = {}): LintResult {
  return lint([join(app(name), 'app_manifest.json')], { hardwarePath: [SDK], defines: new Map(Object.entries(defines)), ...options });
}

function appLed(result: LintResult): string | number | undefined {
  return result.files[0]!.manifest!.peripherals.find((p) => p.reference === 'APP_LED')?.value;
}

const names = (result: LintResult) => result.diagnostics.map((d) => d.name);

describe('the definition a CMakeLists.txt names', () => {
  test.each([
    ['literal', 8, BOARD_A, 'a TARGET_DIRECTORY relative to the CMakeLists.txt folder'],
    ['source-dir', 9, join(app('source-dir'), 'HardwareDefinitions', 'board_b', 'app_hw.json'), '${CMAKE_SOURCE_DIR} inside if(SEEED_STUDIO_RDB), set at the top'],
    ['current-source-dir', 9, BOARD_B, '${CMAKE_CURRENT_SOURCE_DIR} over several lines'],
    ['set-variables', 8, BOARD_A, 'set() variables in TARGET_DIRECTORY and TARGET_DEFINITION'],
    ['find-path', 9, BOARD_B, 'a directory found by find_path(... NAMES ... PATHS ...)'],
    ['spellings', 8, BOARD_A, 'upper case, keywords swapped, unquoted and bracket arguments, several directories, commented-out calls'],
    ['include', 8, BOARD_A, 'a board chosen in an included file'],
  ])('%s: $APP_LED = %s (%s)', (name, value, definition) => {
    const result = lintApp(name);
    expect(appLed(result)).toBe(value);
    expect(result.files[0]!.hardware).toMatchObject({ file: definition, from: 'cmake', cmakeFile: join(app(name), 'CMakeLists.txt') });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(names(result)).not.toContain('ReferenceNotChecked');
    expect(names(result)).not.toContain('UnresolvedReference');
  });

  test('the definition is located at its call: line of the call in the CMakeLists.txt', () => {
    const result = lintApp('set-variables');
    expect(result.files[0]!.hardware!.line).toBe(12);
  });
});

describe('board conditions', () => {
  test('the board the file selects is used, and the condition is reported with the alternatives', () => {
    const result = lintApp('boards');
    expect(appLed(result)).toBe(8);
    expect(result.files[0]!.hardware!.conditions).toEqual(['if(AVNET)']);
    const note = result.diagnostics.find((d) => d.name === 'CmakeHardwareDefinitionConditional')!;
    expect(note.severity).toBe('info');
    expect(note.file).toBe(join(app('boards'), 'CMakeLists.txt'));
    expect(note.position.line).toBe(22);
    expect(note.message).toContain('if(AVNET) is true');
    expect(note.message).toContain('if(SEEED_STUDIO_RDB) is false');
    expect(note.message).toContain('--define SEEED_STUDIO_RDB');
  });

  test('--define selects another board; a define the file also sets is not overridden by it', () => {
    expect(appLed(lintApp('boards', {}, { SEEED_STUDIO_RDB: 'TRUE', AVNET: 'OFF' }))).toBe(9);
    // Both boards on: the SDK keeps the last call, and lint says so.
    const both = lintApp('boards', {}, { SEEED_STUDIO_RDB: 'TRUE' });
    expect(appLed(both)).toBe(9);
    expect(both.diagnostics.find((d) => d.name === 'CmakeHardwareDefinitionConditional')!.message).toMatch(/2 calls apply and the SDK keeps the last/);
  });

  test('else() branches count: no AVNET, so the else branch names board B', () => {
    expect(appLed(lintApp('else-branch'))).toBe(9);
    expect(appLed(lintApp('else-branch', {}, { AVNET: 'TRUE' }))).toBe(8);
  });

  test('no board selected: the conditions are reported, references are not checked (no false unresolved errors)', () => {
    const result = lintApp('no-board-selected');
    expect(appLed(result)).toBeUndefined();
    expect(result.counts.error).toBe(0);
    const note = result.diagnostics.find((d) => d.name === 'ReferenceNotChecked')!;
    expect(note.message).toMatch(/no azsphere_target_hardware_definition call .* applies/);
    expect(result.diagnostics.find((d) => d.name === 'CmakeHardwareDefinitionConditional')!.message).toMatch(/--define AVNET or --define AVNET_REV_2/);
    expect(appLed(lintApp('no-board-selected', {}, { AVNET_REV_2: 'ON' }))).toBe(9);
  });

  test('a condition on a value only the build passes in (${PRODUCT}) cannot be decided without --define', () => {
    const unknown = lintApp('product-condition');
    expect(appLed(unknown)).toBeUndefined();
    expect(unknown.diagnostics.find((d) => d.name === 'CmakeHardwareDefinitionConditional')!.message).toMatch(/is unknown \(PRODUCT not defined\)/);
    expect(appLed(lintApp('product-condition', {}, { PRODUCT: 'mt3620-idc' }))).toBe(8);
    expect(appLed(lintApp('product-condition', {}, { PRODUCT: 'other-board' }))).toBeUndefined();
  });
});

describe('the SDK folder, missing files and broken files', () => {
  test('${AZURE_SPHERE_SDK_PATH}: found in --hardware-path (the SDK folder) by name, or through --define', () => {
    expect(appLed(lintApp('sdk-path'))).toBe(12);
    expect(appLed(lintApp('sdk-path', { hardwarePath: [] }, { AZURE_SPHERE_SDK_PATH: join(FIXTURES, 'sdk') }))).toBe(12);
  });

  test('${AZURE_SPHERE_SDK_PATH} with no SDK given: a note that says how to give it, no error', () => {
    const result = lintApp('sdk-path', { hardwarePath: [] });
    expect(appLed(result)).toBeUndefined();
    const note = result.diagnostics.find((d) => d.name === 'CmakeHardwareDefinitionUnknown')!;
    expect(note.message).toContain('AZURE_SPHERE_SDK_PATH');
    expect(result.counts.error).toBe(0);
  });

  test('a definition that is not there is an error at the call', () => {
    const result = lintApp('missing');
    const d = result.diagnostics.find((x) => x.name === 'CmakeHardwareDefinitionMissing')!;
    expect(d.severity).toBe('error');
    expect(d.file).toBe(join(app('missing'), 'CMakeLists.txt'));
    expect(d.position).toEqual({ line: 8, column: 1 });
    expect(d.message).toContain('board_c');
  });

  test('a CMakeLists.txt lint cannot read is a located warning, and nothing is guessed', () => {
    const result = lintApp('unreadable');
    const d = result.diagnostics.find((x) => x.name === 'CmakeUnreadable')!;
    expect(d.position.line).toBe(8);
    expect(appLed(result)).toBeUndefined();
  });

  test('a CMakeLists.txt without the call: references are not checked, and the note says why', () => {
    const result = lintApp('no-call');
    expect(result.diagnostics.find((d) => d.name === 'ReferenceNotChecked')!.message).toMatch(/names no hardware definition/);
  });

  test('--hardware overrides every CMakeLists.txt', () => {
    const result = lintApp('boards', { hardware: BOARD_B });
    expect(appLed(result)).toBe(9);
    expect(result.files[0]!.hardware).toEqual({ file: BOARD_B, from: 'option' });
  });
});

describe('one run over a tree of apps', () => {
  test('each app resolves against its own definition', () => {
    const result = lint([join(FIXTURES, 'apps')], { hardwarePath: [SDK] });
    const value = (name: string) => result.files.find((f) => f.file === join(app(name), 'app_manifest.json'))!.manifest!.peripherals[0]!.value;
    expect(['literal', 'boards', 'set-variables', 'include'].map(value)).toEqual([8, 8, 8, 8]);
    expect(['find-path', 'current-source-dir', 'source-dir', 'else-branch'].map(value)).toEqual([9, 9, 9, 9]);
    expect(value('sdk-path')).toBe(12);
    expect(result.diagnostics.filter((d) => d.name === 'UnresolvedReference')).toEqual([]);
  });
});

describe('the command line', () => {
  test('--define NAME and NAME=VALUE, repeated', async () => {
    const io = captureIo();
    const code = await runCli(['lint', join(app('boards'), 'app_manifest.json'), '--hardware-path', SDK, '--define', 'SEEED_STUDIO_RDB', '--define', 'AVNET=OFF', '--show-resolved'], io);
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/Gpio \$APP_LED = 9/);
  });

  test.each(['', '=x', '1ABC', 'A B'])('--define %j is a usage error', async (bad) => {
    const io = captureIo();
    expect(await runCli(['lint', app('literal'), '--define', bad], io)).toBe(2);
    expect(io.stderr()).toMatch(/--define/);
  });

  test('the JSON output says where each app\'s definition came from', async () => {
    const io = captureIo();
    await runCli(['lint', join(app('boards'), 'app_manifest.json'), '--hardware-path', SDK, '--format', 'json'], io);
    const out = JSON.parse(io.stdout()) as { files: { hardwareDefinition?: { from: string; cmake?: string; conditions?: string[] } }[] };
    expect(out.files[0]!.hardwareDefinition).toMatchObject({ from: 'cmake', conditions: ['if(AVNET)'] });
    expect(out.files[0]!.hardwareDefinition!.cmake).toMatch(/CMakeLists\.txt:22$/);
  });
});
