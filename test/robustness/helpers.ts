/**
 * Shared inputs and checks for the robustness tests: a valid manifest, a board/chip hardware-definition
 * pair, temp-dir handling, and independent text → line:column arithmetic to compare diagnostics with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import type { Diagnostic, SourcePosition } from '../../formats/diagnostics/diagnostic.js';
import type { LintResult } from '../../model/lint/lint.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export const VALID_MANIFEST = {
  SchemaVersion: 1,
  Name: 'Blink',
  ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9',
  EntryPoint: '/bin/app',
  CmdArgs: [],
  Capabilities: {
    Gpio: [8, '$LED'],
    Uart: ['ISU0'],
    AllowedConnections: ['contoso-hub.azure-devices.net'],
    MutableStorage: { SizeKB: 8 },
    AllowedApplicationConnections: ['005180BC-402F-4CB3-A662-72937DBCDE47'],
  },
  ApplicationType: 'Default',
} satisfies Json;

export const HW_METADATA = { Type: 'Azure Sphere Hardware Definition', Version: 1 };

export function hardwareDefinition(name: string, imports: string[], peripherals: Json[]): Json {
  return {
    Metadata: HW_METADATA,
    Description: { Name: name, MainCoreHeaderFileTopContent: [] },
    ...(imports.length ? { Imports: imports.map((p) => ({ Path: p })) } : {}),
    Peripherals: peripherals,
  };
}

export const CHIP_DEFINITION = hardwareDefinition('chip', [], [
  { Name: 'CHIP_GPIO8', Type: 'Gpio', MainCoreHeaderValue: '(8)', AppManifestValue: 8 },
  { Name: 'CHIP_GPIO9', Type: 'Gpio', MainCoreHeaderValue: '(9)', AppManifestValue: 9 },
  { Name: 'CHIP_ISU0_UART', Type: 'Uart', MainCoreHeaderValue: '(4)', AppManifestValue: 'ISU0' },
  { Name: 'CHIP_PWM_CONTROLLER0', Type: 'Pwm', MainCoreHeaderValue: '(0)', AppManifestValue: 'PWM-CONTROLLER-0' },
  { Name: 'CHIP_PWM0_CHANNEL0', Type: 'int', MainCoreHeaderValue: '(0)' },
]);

export const BOARD_DEFINITION = hardwareDefinition('board', ['chip.json'], [
  { Name: 'LED', Type: 'Gpio', Mapping: 'CHIP_GPIO8' },
  { Name: 'BUTTON', Type: 'Gpio', Mapping: 'CHIP_GPIO9' },
  { Name: 'DEBUG_UART', Type: 'Uart', Mapping: 'CHIP_ISU0_UART' },
  { Name: 'LED_PWM', Type: 'Pwm', Mapping: 'CHIP_PWM_CONTROLLER0' },
  { Name: 'LED_PWM_CHANNEL', Type: 'int', Mapping: 'CHIP_PWM0_CHANNEL0' },
]);

export const pretty = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sevenfold-robustness-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes text or bytes to dir/name and returns the absolute path. */
export function writeInput(dir: string, name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** 1-based line and UTF-16 column of an offset, counted independently of the code under test. */
export function offsetToPosition(text: string, offset: number): SourcePosition {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** Position of the n-th (0-based) occurrence of needle at or after `from`; fails the test if absent. */
export function positionOf(text: string, needle: string, options: { from?: string; occurrence?: number } = {}): SourcePosition {
  let offset = options.from ? text.indexOf(options.from) : 0;
  expect(offset, `anchor ${options.from} not found`).toBeGreaterThanOrEqual(0);
  for (let n = 0; n <= (options.occurrence ?? 0); n++) {
    offset = text.indexOf(needle, n === 0 ? offset : offset + 1);
    expect(offset, `${needle} not found`).toBeGreaterThanOrEqual(0);
  }
  return offsetToPosition(text, offset);
}

export function named(result: LintResult, name: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.name === name);
}

/** Exactly one diagnostic called `name` at the given place, with the code and severity the catalogue gives it. */
export function expectLocated(
  result: LintResult,
  expected: { name: keyof typeof CODES; file: string; pointer: string; position?: SourcePosition; severity?: Diagnostic['severity'] },
): Diagnostic {
  const matches = named(result, expected.name).filter((d) => d.file === expected.file && d.pointer === expected.pointer);
  const summary = result.diagnostics.map((d) => `${d.name} ${d.file}#${d.pointer} ${d.position.line}:${d.position.column}`).join('\n');
  expect(matches, `expected one ${expected.name} at ${expected.file}#${expected.pointer}; got:\n${summary}`).toHaveLength(1);
  const d = matches[0]!;
  if (expected.position) expect(d.position).toEqual(expected.position);
  expect(d.code).toBe(CODES[expected.name].code);
  expect(d.severity).toBe(expected.severity ?? CODES[expected.name].severity);
  expect(d.message.length).toBeGreaterThan(0);
  return d;
}

const CODE_NAMES = new Set(Object.keys(CODES));

/** What is wrong with a diagnostic's shape, whatever the input (empty when nothing is). */
export function shapeProblems(d: Diagnostic): string[] {
  const problems: string[] = [];
  const where = `${d.name} ${d.file}#${d.pointer}`;
  if (!CODE_NAMES.has(d.name)) problems.push(`${where}: unknown name`);
  else if (d.code !== CODES[d.name as keyof typeof CODES].code) problems.push(`${where}: code ${d.code}`);
  if (!['error', 'warning', 'info'].includes(d.severity)) problems.push(`${where}: severity ${d.severity}`);
  if (typeof d.file !== 'string' || d.file.length === 0) problems.push(`${where}: no file`);
  if (typeof d.pointer !== 'string' || (d.pointer !== '' && !d.pointer.startsWith('/'))) problems.push(`${where}: pointer`);
  if (!Number.isInteger(d.position?.line) || d.position.line < 1) problems.push(`${where}: line ${d.position?.line}`);
  if (!Number.isInteger(d.position?.column) || d.position.column < 1) problems.push(`${where}: column ${d.position?.column}`);
  if (typeof d.message !== 'string' || d.message.trim().length === 0) problems.push(`${where}: empty message`);
  return problems;
}

/** The shape every diagnostic must have, whatever the input. */
export function checkDiagnosticShape(d: Diagnostic): void {
  expect(shapeProblems(d)).toEqual([]);
}

/** Why a diagnostic's position is not inside the text (the column may point just past the end of its line). */
export function outsideTextProblem(d: Diagnostic, text: string): string | undefined {
  const lines = text.split('\n');
  const line = lines[d.position.line - 1];
  if (line === undefined || d.position.column > line.length + 1) {
    return `${d.name} ${d.file}#${d.pointer} at ${d.position.line}:${d.position.column} is outside the text (${lines.length} lines)`;
  }
  return undefined;
}

export function expectInsideText(d: Diagnostic, text: string): void {
  expect(outsideTextProblem(d, text)).toBeUndefined();
}
