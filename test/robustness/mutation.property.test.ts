/**
 * Property: whatever happens to a valid manifest or a valid hardware definition — a value replaced,
 * deleted or inserted anywhere (reserved keys included), or bytes truncated, flipped, inserted or
 * deleted — lint returns well-formed, located diagnostics and never throws. Invalid JSON is always
 * reported as an error on the file that holds it, and Object.prototype is never touched.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { lint } from '../../model/lint/lint.js';
import {
  BOARD_DEFINITION,
  CHIP_DEFINITION,
  VALID_MANIFEST,
  makeTempDir,
  outsideTextProblem,
  removeTempDir,
  shapeProblems,
  writeInput,
  type Json,
} from './helpers.js';

const RUNS = 500;

let dir: string;
/** The input left mutated by the previous run, if any. */
let dirty: Target | undefined;
beforeAll(() => {
  dir = makeTempDir();
  for (const name of Object.keys(BASE) as Target[]) writeInput(dir, name, BASE_TEXT(name));
});
afterAll(() => removeTempDir(dir));

// ---------------------------------------------------------------------------------------------------
// Structural mutations

type Op = 'replace' | 'delete' | 'insert';
interface Mutation {
  /** Child choices, taken modulo the number of children at each level; stops early at a leaf. */
  path: number[];
  op: Op;
  key: string;
  value: Json;
}

/** Sets an own, enumerable data property, even for "__proto__" (plain assignment would set the prototype). */
function define(obj: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function clone(value: Json): Json {
  if (Array.isArray(value)) return value.map(clone);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) define(out, k, clone(v));
    return out;
  }
  return value;
}

function children(value: Json): (string | number)[] {
  if (Array.isArray(value)) return value.map((_, i) => i);
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [];
}

function getChild(value: Json, key: string | number): Json {
  return (value as Record<string | number, Json>)[key]!;
}

/** Applies one mutation in place below `holder.root` (the holder lets the root itself be replaced). */
function applyMutation(holder: { root: Json }, mutation: Mutation): void {
  // Values come from shared constants: copy them, or an insert into one would leak into later runs (and can make cycles).
  const m = { ...mutation, value: structuredClone(mutation.value) };
  let parent: Json | undefined;
  let parentKey: string | number | undefined;
  let node = holder.root;
  for (const step of m.path) {
    const keys = children(node);
    if (keys.length === 0) break;
    parent = node;
    parentKey = keys[step % keys.length]!;
    node = getChild(node, parentKey);
  }
  const set = (v: Json) => {
    if (parent === undefined) holder.root = v;
    else if (Array.isArray(parent)) parent[parentKey as number] = v;
    else define(parent as Record<string, Json>, parentKey as string, v);
  };
  switch (m.op) {
    case 'replace':
      set(m.value);
      return;
    case 'delete':
      if (parent === undefined) holder.root = {};
      else if (Array.isArray(parent)) parent.splice(parentKey as number, 1);
      else delete (parent as Record<string, Json>)[parentKey as string];
      return;
    case 'insert':
      if (Array.isArray(node)) node.splice(m.key.length % (node.length + 1), 0, m.value);
      else if (node !== null && typeof node === 'object') define(node, m.key, m.value);
      else set(m.value);
      return;
  }
}

/** Keys that name something on Object.prototype (the reserved ones are dropped by the parser). */
const prototypeKeys_ = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf'];
const schemaKeys = [
  'SchemaVersion', 'Name', 'ComponentId', 'EntryPoint', 'CmdArgs', 'Capabilities', 'ApplicationType', 'MallocVersion',
  'Gpio', 'Uart', 'Pwm', 'Adc', 'I2cMaster', 'SpiMaster', 'I2sSubordinate', 'ExternalInterrupt', 'MutableStorage', 'SizeKB',
  'PowerControls', 'AllowedTcpServerPorts', 'AllowedUdpServerPorts', 'DeviceAuthentication', 'AllowedConnections',
  'AllowedApplicationConnections', 'SoftwareUpdateDeferral', 'SystemEventNotifications',
  'Metadata', 'Type', 'Version', 'Description', 'MainCoreHeaderFileTopContent', 'Imports', 'Path', 'Peripherals',
  'Mapping', 'AppManifestValue', 'MainCoreHeaderValue', 'Comment',
];
const interestingValues: Json[] = [
  '$LED', '$BUTTON', '$DEBUG_UART', '$LED_PWM', '$LED_PWM_CHANNEL', '$CHIP_GPIO8', '$NOPE', '$', '$__proto__', '$toString',
  'ISU0', 'ISU9', 'PWM-CONTROLLER-0', 'ADC-CONTROLLER-0', 'Gpio', 'Uart', 'int', 'RealTimeCapable', 'Default',
  'chip.json', 'board.json', 'app_manifest.json', '../chip.json', '/etc/passwd', '', ' ',
  'LED', 'CHIP_GPIO8', 'CHIP_PWM0_CHANNEL0', '(8)', '(-1)', '8',
  'Azure Sphere Hardware Definition', '005180BC-402F-4CB3-A662-72937DBCDE47', '{1689d8b2-c835-2e27-27ad-e894d6d15fa9}',
  0, -1, 1, 8, 64, 65, 65535, 65536, 70000, 1.5, 1e308, -0, true, false, null, [], {},
  { Path: 'board.json' }, { Path: 'chip.json' }, { SizeKB: 8 }, { Name: 'LED', Type: 'Gpio', Mapping: 'LED' },
  { Name: 'X', Type: 'Gpio', MainCoreHeaderValue: '(1)', AppManifestValue: 1 }, { Type: 'Azure Sphere Hardware Definition', Version: 1 },
];

const keyArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...prototypeKeys_) },
  { weight: 3, arbitrary: fc.constantFrom(...schemaKeys) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...interestingValues) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json> },
);
// Shallow paths are as likely as deep ones, so that the top level and Capabilities get their share.
const pathArb = fc.integer({ min: 0, max: 4 }).chain((depth) => fc.array(fc.nat(), { minLength: depth, maxLength: depth }));
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: pathArb,
  op: fc.constantFrom<Op>('replace', 'delete', 'insert'),
  key: keyArb,
  value: valueArb,
});
const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 4 });
const indentArb = fc.constantFrom<number | string>(0, 2, '\t');

function mutate(base: Json, mutations: Mutation[]): Json {
  const holder = { root: clone(base) };
  for (const m of mutations) applyMutation(holder, m);
  return holder.root;
}

// ---------------------------------------------------------------------------------------------------
// Byte-level mutations

type ByteOp =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; length: number };

const tokenBytes = ['{', '}', '[', ']', '"', ',', ':', '\\', '\n', '/*', '//', '\\u', '\ufeff', 'é', '😀', 'true', '-', '1e', '$LED']
  .map((t) => [...Buffer.from(t)]);
const byteOpArb: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.oneof(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }), fc.constantFrom(...tokenBytes)),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
);
const byteOpsArb = fc.array(byteOpArb, { minLength: 1, maxLength: 5 });

function mutateBytes(base: Uint8Array, ops: ByteOp[]): Buffer {
  let bytes = Buffer.from(base);
  for (const op of ops) {
    const at = op.at % (bytes.length + 1);
    switch (op.kind) {
      case 'truncate':
        bytes = bytes.subarray(0, at);
        break;
      case 'flip':
        if (at < bytes.length) bytes[at]! ^= op.mask;
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(op.bytes), bytes.subarray(at)]);
        break;
      case 'delete':
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + op.length)]);
        break;
    }
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------
// Running lint on a mutated set of inputs and checking the result

type Target = 'app_manifest.json' | 'board.json' | 'chip.json';
const BASE: Record<Target, Json> = { 'app_manifest.json': VALID_MANIFEST, 'board.json': BOARD_DEFINITION, 'chip.json': CHIP_DEFINITION };
const BASE_TEXT = (target: Target, indent: number | string = 2) => JSON.stringify(BASE[target], null, indent);

/** Strict reading: UTF-8 (a leading BOM allowed) and RFC 8259 JSON. */
function isStrictJson(bytes: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return true;
  } catch {
    return false;
  }
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

/** Writes all three inputs (one of them mutated), lints the folder against the board, checks the result. */
function lintMutated(target: Target, bytes: Uint8Array): void {
  // Only the mutated file is written; the one mutated by the previous run (if another) is restored.
  if (dirty !== undefined && dirty !== target) writeInput(dir, dirty, BASE_TEXT(dirty));
  writeInput(dir, target, bytes);
  dirty = target;
  const files = Object.fromEntries((Object.keys(BASE) as Target[]).map((name) => [name, join(dir, name)])) as Record<Target, string>;

  let result: ReturnType<typeof lint>;
  expect(() => {
    result = lint([dir], { hardware: files['board.json'] });
  }).not.toThrow();
  result = result!;

  expect(Array.isArray(result.diagnostics)).toBe(true);
  expect(result.counts.error + result.counts.warning + result.counts.info).toBe(result.diagnostics.length);
  expect(result.files.map((f) => f.file).sort()).toEqual(Object.values(files).sort());

  const texts = new Map(Object.values(files).map((f) => [f, new TextDecoder().decode(readFileSync(f))]));
  const problems: string[] = [];
  for (const d of result.diagnostics) {
    problems.push(...shapeProblems(d));
    // A mutated import path can name any file on disk (e.g. /etc/passwd): its diagnostics are located in that file.
    const text = texts.get(d.file) ?? readIfFile(d.file);
    if (text === undefined) problems.push(`diagnostic for an unexpected file ${d.file}`);
    else problems.push(...[outsideTextProblem(d, text)].filter((p): p is string => p !== undefined));
  }
  expect(problems).toEqual([]);

  const mutated = files[target];
  const onMutated = result.diagnostics.filter((d) => d.file === mutated);
  const syntaxNames = ['InvalidJson', 'InvalidUtf8', 'NestingTooDeep'];
  if (isStrictJson(bytes)) {
    const syntax = onMutated.filter((d) => syntaxNames.includes(d.name) && !/must be a JSON object/.test(d.message));
    expect(syntax, 'valid JSON reported as unreadable').toEqual([]);
  } else {
    const errors = onMutated.filter((d) => d.severity === 'error' && d.pointer === '');
    expect(errors.length, `invalid JSON without an error: ${JSON.stringify(new TextDecoder().decode(bytes))}`).toBeGreaterThan(0);
  }

  // While the board and chip are intact, a "$LED" GPIO request anywhere in the manifest resolves to 8.
  if (target === 'app_manifest.json') {
    const led = result.files.find((f) => f.file === mutated)?.manifest?.peripherals.filter((p) => p.reference === 'LED' && p.capability === 'Gpio') ?? [];
    for (const p of led) expect(p.value).toBe(8);
  }

  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}

const targetArb = fc.constantFrom<Target>('board.json', 'chip.json');

describe('lint never throws on mutated inputs', () => {
  test('the unmutated inputs are clean', () => {
    for (const name of Object.keys(BASE) as Target[]) writeInput(dir, name, BASE_TEXT(name));
    dirty = undefined;
    const result = lint([dir], { hardware: join(dir, 'board.json') });
    expect(result.counts.error).toBe(0);
    expect(result.diagnostics).toEqual([]);
  });

  test.prop([mutationsArb, indentArb], { numRuns: RUNS })('manifest, structural mutations', (mutations, indent) => {
    const text = JSON.stringify(mutate(VALID_MANIFEST, mutations), null, indent) ?? 'null';
    lintMutated('app_manifest.json', Buffer.from(text));
  });

  test.prop([targetArb, mutationsArb, indentArb], { numRuns: RUNS })('hardware definition, structural mutations', (target, mutations, indent) => {
    const text = JSON.stringify(mutate(BASE[target], mutations), null, indent) ?? 'null';
    lintMutated(target, Buffer.from(text));
  });

  test.prop([byteOpsArb, indentArb], { numRuns: RUNS })('manifest, byte-level mutations', (ops, indent) => {
    lintMutated('app_manifest.json', mutateBytes(Buffer.from(BASE_TEXT('app_manifest.json', indent)), ops));
  });

  test.prop([targetArb, byteOpsArb, indentArb], { numRuns: RUNS })('hardware definition, byte-level mutations', (target, ops, indent) => {
    lintMutated(target, mutateBytes(Buffer.from(BASE_TEXT(target, indent)), ops));
  });
});

describe('the mutators themselves', () => {
  test('insert defines "__proto__" as an own key that JSON.stringify writes out', () => {
    const out = mutate({ a: 1 }, [{ path: [], op: 'insert', key: '__proto__', value: { polluted: true } }]);
    expect(JSON.stringify(out)).toBe('{"a":1,"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  test('replace, delete and insert reach nested values', () => {
    expect(mutate(VALID_MANIFEST, [{ path: [5, 0, 1], op: 'replace', key: '', value: '$X' }])).toMatchObject({ Capabilities: { Gpio: [8, '$X'] } });
    const deleted = mutate(VALID_MANIFEST, [{ path: [5, 3], op: 'delete', key: '', value: null }]) as { Capabilities: Record<string, Json> };
    expect(Object.keys(deleted.Capabilities)).not.toContain('MutableStorage');
    expect(mutate(VALID_MANIFEST, [{ path: [4], op: 'insert', key: '', value: 'x' }])).toMatchObject({ CmdArgs: ['x'] });
  });

  test('byte mutations truncate, flip, insert and delete', () => {
    const base = Buffer.from('abcdef');
    expect(mutateBytes(base, [{ kind: 'truncate', at: 3 }]).toString()).toBe('abc');
    expect(mutateBytes(base, [{ kind: 'flip', at: 0, mask: 0x20 }]).toString()).toBe('Abcdef');
    expect(mutateBytes(base, [{ kind: 'insert', at: 6, bytes: [0x21] }]).toString()).toBe('abcdef!');
    expect(mutateBytes(base, [{ kind: 'delete', at: 1, length: 2 }]).toString()).toBe('adef');
  });
});

function readIfFile(file: string): string | undefined {
  try {
    return statSync(file).isFile() ? new TextDecoder().decode(readFileSync(file)) : undefined;
  } catch {
    return undefined;
  }
}
