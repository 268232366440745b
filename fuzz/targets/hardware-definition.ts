/**
 * Target hardware-definition: a definition and the board definition it may import, read and resolved
 * the way `sevenfold lint --hardware` does (HardwareSet.open: imports through the hardware path, cycles,
 * duplicate names, Mapping chains down to AppManifestValue), then a manifest naming every definition is
 * resolved against it.
 *
 * Input: the definition's JSON, optionally followed by a NUL byte and the JSON of board.json. Both are
 * written to a temp folder (so imports of root.json or board.json find them) that also holds the real
 * MT3620 chip definition under sdk/, the --hardware-path.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { MT3620 } from '../../formats/chips/mt3620.js';
import type { Diagnostic } from '../../formats/diagnostics/diagnostic.js';
import { parseLocatedJson, type LocatedJson } from '../../formats/json/located-json.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { HARDWARE_DEFINITION_TYPE, PERIPHERAL_TYPES } from '../../formats/hardware/hardware-definition.js';
import { HardwareSet, MAX_MAPPING_HOPS, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { resolveReferences } from '../../formats/manifest/resolve-references.js';
import { CAPABILITIES } from '../../formats/manifest/capabilities.js';
import { InputText } from '../core/line-starts.js';
import { check, deepFreeze, multisetDifference } from '../core/oracle.js';
import { fromValue, jarr, jnum, jobj, jstr, member, parseJsonTree, printJsonTree, randomStyle, PRETTY, type JNode, type PrintStyle } from '../core/json-tree.js';
import { mutateJson, type JsonDictionary, type JsonPath } from '../core/json-mutate.js';
import type { Rng } from '../core/rng.js';
import { projectRoot } from '../core/project-root.js';
import { HARDWARE_THOROUGH_SAMPLE, stagedRunner } from '../core/staged-run.js';
import { decodeUtf8, utf8, type FuzzTarget, type NamedInput, type TargetRunner } from '../core/target.js';
import { canonicalJson, checkDiagnostics, diagnosticShape, SYNTAX_ONLY } from './shared/diagnostic-oracles.js';
import { shrinkJson } from './app-manifest.js';
import { makeScratchFolder } from './shared/scratch-folder.js';

const CHIP_FILE = ['products', 'mt3620-reference', 'hardware', 'mt3620.json'];
const THERMOSTAT_FILE = ['products', 'mt3620-reference', 'hardware', 'sevenfold_thermostat.json'];
const SEPARATOR = 0;
const TEMP_PREFIX = 'sevenfold-fuzz-hw-';

export interface HardwareStructure {
  root: JNode;
  board?: JNode;
  style: PrintStyle;
}

/** Splits an input into the definition and the optional board.json. */
export function splitHardwareInput(input: Uint8Array): { root: Uint8Array; board?: Uint8Array } {
  const at = input.indexOf(SEPARATOR);
  return at < 0 ? { root: input } : { root: input.subarray(0, at), board: input.subarray(at + 1) };
}

export function joinHardwareInput(root: Uint8Array, board?: Uint8Array): Uint8Array {
  if (!board) return root;
  const out = new Uint8Array(root.length + 1 + board.length);
  out.set(root, 0);
  out[root.length] = SEPARATOR;
  out.set(board, root.length + 1);
  return out;
}

interface Workspace {
  dir: string;
  rootFile: string;
  boardFile: string;
  sdkDir: string;
  chipFile: string;
  chipText: string;
  /** The chip definition as the position oracle reads it (its lines found once for the process). */
  chipInput: InputText;
}

function makeWorkspace(): Workspace {
  const dir = makeScratchFolder(TEMP_PREFIX);
  const sdkDir = join(dir, 'sdk');
  const chipDir = join(sdkDir, 'HardwareDefinitions', 'mt3620');
  mkdirSync(chipDir, { recursive: true });
  const chipText = trimmedChipDefinition();
  const chipFile = join(chipDir, 'mt3620.json');
  writeFileSync(chipFile, chipText);
  return { dir, rootFile: join(dir, 'root.json'), boardFile: join(dir, 'board.json'), sdkDir, chipFile, chipText, chipInput: new InputText(chipText) };
}

/**
 * The reference MT3620 definition cut to the entries the seeds and the dictionary name (every ISU function,
 * controller and channel, a dozen GPIOs): the file is read twice per input, and the full 101 entries would
 * make that most of the cost.
 */
export function trimmedChipDefinition(): string {
  const chip = JSON.parse(readFileSync(join(projectRoot(), ...CHIP_FILE), 'utf8')) as { Metadata: unknown; Description: unknown; Peripherals: { Name: string; Type: string }[] };
  const gpios = new Set([0, 1, 2, 4, 5, 8, 12, 13, 16, 20, 41, 80].map((n) => `MT3620_GPIO${n}`));
  chip.Peripherals = chip.Peripherals.filter((p) => !p.Name.startsWith('MT3620_GPIO') || gpios.has(p.Name));
  return `{\n  "Metadata": ${JSON.stringify(chip.Metadata)},\n  "Description": ${JSON.stringify(chip.Description)},\n  "Peripherals": [\n${chip.Peripherals.map((p) => '    ' + JSON.stringify(p)).join(',\n')}\n  ]\n}\n`;
}

interface ReadResult {
  set: HardwareSet;
  resolved: ResolvedHardware;
  diagnostics: Diagnostic[];
  manifestDiagnostics: Diagnostic[];
  resolutions: string[];
}

/**
 * The code under test: writes the files, opens the definition as lint --hardware does, and resolves a
 * manifest naming (up to twelve of) its peripherals against it. The benchmark's plain loop runs exactly this.
 */
function openAndResolve(ws: Workspace, root: Uint8Array, board: Uint8Array | undefined): { set: HardwareSet; resolved: ResolvedHardware; manifestDoc: LocatedJson; manifest: AppManifest | undefined } {
  writeFileSync(ws.rootFile, root);
  if (board) writeFileSync(ws.boardFile, board);
  else if (existsSync(ws.boardFile)) rmSync(ws.boardFile);
  const set = new HardwareSet([ws.sdkDir]);
  const resolved = set.open(ws.rootFile, parseLocatedJson(ws.rootFile, root));
  const names = resolved.names().filter((n) => !n.startsWith('MT3620_')).slice(0, 12);
  const caps: Record<string, string[]> = {};
  for (const name of names) {
    const type = resolved.lookup(name)?.entry.type ?? 'Gpio';
    const cap = Object.hasOwn(CAPABILITIES, type) && CAPABILITIES[type]!.shape.kind === 'peripherals' ? type : 'Gpio';
    (caps[cap] ??= []).push(`$${name}`);
  }
  const manifestDoc = parseLocatedJson('app_manifest.json', utf8(JSON.stringify({ SchemaVersion: 1, Name: 'Probe', ComponentId: '1689d8b2-c835-2e27-27ad-e894d6d15fa9', EntryPoint: '/bin/app', CmdArgs: [], Capabilities: caps })));
  const manifest = readManifest(manifestDoc, MT3620);
  if (manifest) resolveReferences(manifestDoc, manifest, resolved, MT3620);
  return { set, resolved, manifestDoc, manifest };
}

/** The code under test and the checks of its resolutions (every name's chain, the manifest's $NAMEs). */
function readDefinition(ws: Workspace, root: Uint8Array, board: Uint8Array | undefined): ReadResult {
  const { set, resolved, manifestDoc, manifest } = openAndResolve(ws, root, board);
  const resolutions = checkResolutions(set, resolved);
  if (manifest) {
    for (const p of manifest.peripherals) {
      if (p.value === undefined || p.reference === undefined) continue;
      const found = resolved.lookup(p.reference);
      check(found?.resolution.ok === true && found.resolution.value === p.value, 'resolve.manifest', () => `$${p.reference} resolved to ${JSON.stringify(p.value)} but the definition resolves it to ${JSON.stringify(found?.resolution)}`);
      check(p.resolvedVia?.length === found.resolution.chain.length, 'resolve.manifest', () => `$${p.reference} shows a chain of ${p.resolvedVia?.length} names, the resolution has ${found.resolution.chain.length}`);
    }
  }
  const diagnostics = [...set.documents().flatMap((d) => d.diagnostics), ...set.diagnostics];
  return { set, resolved, diagnostics, manifestDiagnostics: manifestDoc.diagnostics, resolutions };
}

/** Every name in scope resolves along a real chain: each hop is the Mapping of the one before, no hop twice, within the hop limit. */
function checkResolutions(set: HardwareSet, resolved: ResolvedHardware): string[] {
  const out: string[] = [];
  const mappingDiagnostics = () => set.diagnostics.some((d) => ['HwUnknownMapping', 'HwMappingCycle', 'HwMappingTooLong'].includes(d.name));
  for (const name of resolved.names()) {
    const found = resolved.lookup(name);
    check(found !== undefined && found.entry.name === name, 'resolve.lookup', () => `names() lists ${name} but lookup gives ${found?.entry.name}`);
    const { entry, resolution } = found;
    const chain = resolution.chain;
    check(chain[0] === entry, 'resolve.chain', () => `the chain of ${name} starts at ${chain[0]?.name}`);
    check(chain.length <= MAX_MAPPING_HOPS + 1, 'resolve.chain', () => `the chain of ${name} has ${chain.length} entries, more than the ${MAX_MAPPING_HOPS}-hop limit`);
    // A failed resolution may show a cycle closing on itself (B → A → B); a successful one never repeats.
    if (resolution.ok) check(new Set(chain).size === chain.length, 'resolve.chain', () => `the chain of ${name} visits an entry twice: ${chain.map((e) => e.name).join(' → ')}`);
    for (let i = 0; i + 1 < chain.length; i++) {
      check(chain[i]!.mapping === chain[i + 1]!.name, 'resolve.chain', () => `in the chain of ${name}, ${chain[i]!.name} maps to ${chain[i]!.mapping} but is followed by ${chain[i + 1]!.name}`);
    }
    if (resolution.ok) {
      const last = chain.at(-1)!;
      check(last.mapping === undefined, 'resolve.value', () => `${name} resolves ok but its chain ends at ${last.name}, which maps on to ${last.mapping}`);
      check(resolution.value === last.appManifestValue, 'resolve.value', () => `${name} resolves to ${JSON.stringify(resolution.value)} but ${last.name} has AppManifestValue ${JSON.stringify(last.appManifestValue)}`);
      check(resolution.type === entry.type, 'resolve.type', () => `${name} is Type ${entry.type} but resolves as ${resolution.type}`);
    } else {
      // A name that a missing or broken import may define is not checked: the import's own error is the one diagnostic.
      const importError = () => set.diagnostics.some((d) => d.name === 'HwMissingImport') || set.documents().some((doc) => doc.diagnostics.some((d) => d.severity === 'error'));
      const explained = resolution.notChecked ? importError() : mappingDiagnostics();
      check(explained, 'resolve.reported', () => `${name} does not resolve (${resolution.reason}) and no diagnostic says why`);
    }
    check(set.resolve(entry) === resolution, 'resolve.cache', () => `resolving ${name} twice gives two answers`);
    out.push(`${name}=${resolution.ok ? `ok:${JSON.stringify(resolution.value)}:${resolution.type}` : `no:${resolution.reason}`}:${chain.map((e) => e.name).join('>')}`);
  }
  return out.sort();
}

function setup(): TargetRunner {
  const ws = makeWorkspace();
  deepFreeze(PERIPHERAL_TYPES);
  deepFreeze(MT3620);
  const label = (file: string) => (file.startsWith(ws.dir) ? basename(file) : file);
  const shapes = (r: ReadResult) => [...r.diagnostics, ...r.manifestDiagnostics].filter((d) => !SYNTAX_ONLY.has(d.name)).map((d) => diagnosticShape(d, label));

  return stagedRunner({
    thoroughSample: HARDWARE_THOROUGH_SAMPLE,
    codeUnderTest(input) {
      const parts = splitHardwareInput(input);
      openAndResolve(ws, parts.root, parts.board);
    },
    stage(input) {
      const parts = splitHardwareInput(input);
      const first = readDefinition(ws, parts.root, parts.board);
      const texts = new Map<string, InputText>([[ws.chipFile, ws.chipInput], [ws.rootFile, new InputText(parts.root)]]);
      if (parts.board) texts.set(ws.boardFile, new InputText(parts.board));
      checkDiagnostics(first.diagnostics, { texts });
      checkDiagnostics(first.manifestDiagnostics, { texts: new Map() });
      const features = first.diagnostics.map((d) => `d:${d.name}`);
      for (const r of first.resolutions) features.push(`r:${r.split('=')[1]!.split(':')[0]}:${r.includes(':no:') ? r.split(':no:')[1]!.slice(0, 20) : ''}`);
      features.push(`files:${first.resolved.files.length}`);
      return {
        features,
        // The round trip reads every definition a second time: the expensive oracle (core/staged-run.ts).
        thorough() {
          // serialize(parse(x)): the definitions re-written from their values read back the same.
          const rootValue = first.set.documents().find((d) => d.file === ws.rootFile)?.value;
          const boardValue = parts.board ? first.set.documents().find((d) => d.file === ws.boardFile)?.value : undefined;
          // A definition whose fault is in how its JSON was written (a duplicate or reserved key) is, imported, an
          // import with errors of its own: what imports it is not checked (hardware-set.ts missingImportBelow; the board
          // or the root itself, which may import its own file). Written again from its value the fault is gone and the
          // importer is checked against it, so the two readings rightly differ.
          const syntaxOnlyError = first.diagnostics.some((d) => d.severity === 'error' && SYNTAX_ONLY.has(d.name));
          if (rootValue !== undefined && !syntaxOnlyError) {
            const again = readDefinition(ws, utf8(canonicalJson(rootValue)), boardValue === undefined ? parts.board : utf8(canonicalJson(boardValue)));
            const diff = multisetDifference(shapes(first), shapes(again));
            check(diff.onlyA.length === 0 && diff.onlyB.length === 0, 'roundtrip.diagnostics', () => `re-serialised definitions read differently: only in the original ${JSON.stringify(diff.onlyA)}; only in the re-serialised ${JSON.stringify(diff.onlyB)}`);
            check(first.resolutions.join('\n') === again.resolutions.join('\n'), 'roundtrip.resolutions', () => `re-serialised definitions resolve differently:\n${first.resolutions.join('\n')}\n---\n${again.resolutions.join('\n')}`);
          }
          return [];
        },
      };
    },
  });
}

// --- seeds ---

const meta = { Type: HARDWARE_DEFINITION_TYPE, Version: 1 };
const description = (name: string) => ({ Name: name, MainCoreHeaderFileTopContent: ['/* generated */', '#include "mt3620.h"'] });

function generatedDefinitions(): { name: string; root: unknown; board?: unknown }[] {
  const board = {
    Metadata: meta,
    Description: description('Board on MT3620'),
    Imports: [{ Path: 'mt3620.json' }],
    Peripherals: [
      { Name: 'BOARD_LED_RED', Type: 'Gpio', Mapping: 'MT3620_GPIO8' },
      { Name: 'BOARD_BUTTON_A', Type: 'Gpio', Mapping: 'MT3620_GPIO12' },
      { Name: 'BOARD_ISU0_UART', Type: 'Uart', Mapping: 'MT3620_ISU0_UART' },
      { Name: 'BOARD_ISU1_SPI', Type: 'SpiMaster', Mapping: 'MT3620_ISU1_SPI' },
      { Name: 'BOARD_PWM1', Type: 'Pwm', Mapping: 'MT3620_PWM_CONTROLLER1' },
      { Name: 'BOARD_ADC0', Type: 'Adc', Mapping: 'MT3620_ADC_CONTROLLER0' },
      { Name: 'BOARD_CS', Type: 'int', Mapping: 'MT3620_SPI_CS_A' },
    ],
  };
  const appOnBoard = {
    Metadata: meta,
    Description: description('Appliance on the board'),
    Imports: [{ Path: 'board.json' }],
    Peripherals: [
      { Name: 'APP_STATUS_LED', Type: 'Gpio', Mapping: 'BOARD_LED_RED', Comment: 'status' },
      { Name: 'APP_BUTTON', Type: 'Gpio', Mapping: 'BOARD_BUTTON_A' },
      { Name: 'APP_CONSOLE', Type: 'Uart', Mapping: 'BOARD_ISU0_UART' },
      { Name: 'APP_SENSOR_SPI', Type: 'SpiMaster', Mapping: 'BOARD_ISU1_SPI' },
      { Name: 'APP_FAN', Type: 'Pwm', Mapping: 'BOARD_PWM1' },
      { Name: 'APP_CS', Type: 'int', Mapping: 'BOARD_CS' },
    ],
  };
  const everyType = {
    Metadata: meta,
    Description: description('Every peripheral type, raw values'),
    Peripherals: [
      ...PERIPHERAL_TYPES.map((type, i) => ({
        Name: `RAW_${type.toUpperCase()}`,
        Type: type,
        ...(type === 'int' ? {} : { AppManifestValue: type === 'Gpio' ? i : type === 'Pwm' ? 'PWM-CONTROLLER-0' : type === 'Adc' ? 'ADC-CONTROLLER-0' : type === 'I2sSubordinate' ? 'I2S0' : type === 'ExternalInterrupt' ? 'EINT3' : 'ISU3' }),
        MainCoreHeaderValue: `(${i})`,
      })),
    ],
  };
  const chain = {
    Metadata: meta,
    Description: { Name: 'Mapping chain inside one file' },
    Imports: [{ Path: 'mt3620.json' }],
    Peripherals: [
      { Name: 'CHAIN_A', Type: 'Gpio', Mapping: 'CHAIN_B' },
      { Name: 'CHAIN_B', Type: 'Gpio', Mapping: 'CHAIN_C' },
      { Name: 'CHAIN_C', Type: 'Gpio', Mapping: 'MT3620_GPIO0' },
      { Name: 'CHAIN_UART', Type: 'Uart', Mapping: 'MT3620_ISU2_UART' },
    ],
  };
  const both = { ...appOnBoard, Description: { Name: 'Imports the board and the chip' }, Imports: [{ Path: 'board.json' }, { Path: 'mt3620.json' }] };
  return [
    { name: 'app-on-board', root: appOnBoard, board },
    { name: 'every-type', root: everyType },
    { name: 'chain', root: chain },
    { name: 'board-and-chip', root: both, board },
    { name: 'board-alone', root: board },
  ];
}

function seeds(): NamedInput[] {
  const thermostat = new Uint8Array(readFileSync(join(projectRoot(), ...THERMOSTAT_FILE)));
  return [
    { name: 'sevenfold_thermostat.json', bytes: thermostat },
    ...generatedDefinitions().map((d, i) => ({
      name: `generated-${d.name}`,
      bytes: joinHardwareInput(utf8(JSON.stringify(d.root, null, i % 2 ? undefined : 2)), d.board === undefined ? undefined : utf8(JSON.stringify(d.board, null, 2))),
    })),
  ];
}

// --- structure ---

let dictionaryCache: JsonDictionary | undefined;
let chipNames: string[] = [];

function dictionary(): JsonDictionary {
  if (dictionaryCache) return dictionaryCache;
  try {
    const chip = JSON.parse(trimmedChipDefinition()) as { Peripherals: { Name: string }[] };
    chipNames = chip.Peripherals.map((p) => p.Name);
  } catch {
    chipNames = ['MT3620_GPIO0', 'MT3620_ISU0_UART'];
  }
  const boardNames = ['BOARD_LED_RED', 'BOARD_BUTTON_A', 'BOARD_ISU0_UART', 'BOARD_CS', 'APP_STATUS_LED', 'CHAIN_A', 'CHAIN_B'];
  const paths = ['mt3620.json', 'board.json', 'root.json', 'missing.json', 'sdk/HardwareDefinitions/mt3620/mt3620.json', 'HardwareDefinitions/mt3620/mt3620.json', '../board.json', './board.json', 'mt3620', '', ' '];
  const appValues = ['ISU0', 'ISU4', 'PWM-CONTROLLER-0', 'ADC-CONTROLLER-0', 'I2S0', 'EINT3', 'GPIO8'];
  const name = (rng: Rng) => (rng.chance(0.6) ? rng.pick(chipNames) : rng.pick(boardNames));
  const peripheral = (rng: Rng): JNode => {
    const type = rng.pick([...PERIPHERAL_TYPES, 'gpio', 'Spi']);
    const fields: [string, JNode][] = [['Name', jstr(rng.chance(0.3) ? name(rng) : `NEW_${rng.int(1000)}`)], ['Type', jstr(type)]];
    if (rng.chance(0.6)) fields.push(['Mapping', jstr(name(rng))]);
    else {
      fields.push(['AppManifestValue', rng.chance(0.5) ? jnum(String(rng.int(100))) : jstr(rng.pick(appValues))]);
      fields.push(['MainCoreHeaderValue', jstr(`(${rng.int(100)})`)]);
    }
    return jobj(fields);
  };
  dictionaryCache = {
    keys: ['Metadata', 'Type', 'Version', 'Description', 'Name', 'MainCoreHeaderFileTopContent', 'Imports', 'Path', 'Peripherals', 'Mapping', 'AppManifestValue', 'MainCoreHeaderValue', 'Comment'],
    strings: [...PERIPHERAL_TYPES, HARDWARE_DEFINITION_TYPE, ...paths, ...appValues, ...boardNames, '(8)', '(-1)', '8', '()'],
    numbers: ['1', '0', '2', '8', '80', '-1', '1.5', '1e999'],
    valueAt(path: JsonPath, rng: Rng): JNode | undefined {
      const [top, index, field] = path;
      if (top === 'Metadata' && path.length === 1) return jobj([['Type', jstr(HARDWARE_DEFINITION_TYPE)], ['Version', jnum('1')]]);
      if (top === 'Metadata' && index === 'Type') return jstr(rng.pick([HARDWARE_DEFINITION_TYPE, HARDWARE_DEFINITION_TYPE.toLowerCase(), '']));
      if (top === 'Metadata' && index === 'Version') return jnum(rng.pick(['1', '2', '0', '1.0']));
      if (top === 'Imports' && path.length === 2) return jobj([['Path', jstr(rng.pick(paths))]]);
      if (top === 'Imports' && field === 'Path') return jstr(rng.pick(paths));
      if (top === 'Peripherals' && path.length === 2) return peripheral(rng);
      if (top === 'Peripherals' && path.length === 3) {
        switch (field) {
          case 'Name':
          case 'Mapping':
            return jstr(name(rng));
          case 'Type':
            return jstr(rng.pick(PERIPHERAL_TYPES));
          case 'AppManifestValue':
            return rng.chance(0.5) ? jnum(rng.pick(['0', '8', '80', '-1', '1.5', '96'])) : jstr(rng.pick(appValues));
          case 'MainCoreHeaderValue':
            return jstr(rng.pick(['(8)', '(-1)', '8', '()', '(0x1)', '(1)(2)']));
        }
      }
      return undefined;
    },
    memberAt(path: JsonPath, rng: Rng): [string, JNode] | undefined {
      if (path.length === 2 && path[0] === 'Peripherals') {
        const key = rng.pick(['Mapping', 'AppManifestValue', 'MainCoreHeaderValue', 'Comment', 'Type']);
        return [key, this.valueAt!(['Peripherals', 0, key], rng) ?? jstr('x')];
      }
      if (path.length === 0) {
        const key = rng.pick(['Imports', 'Peripherals', 'Description', 'Metadata']);
        return [key, key === 'Imports' ? jarr([jobj([['Path', jstr(rng.pick(paths))]])]) : (this.valueAt!([key], rng) ?? jarr([peripheral(rng)]))];
      }
      return undefined;
    },
  };
  return dictionaryCache;
}

/** The peripheral entries (objects under Peripherals) of a definition tree. */
function entries(tree: JNode | undefined): (JNode & { k: 'obj' })[] {
  const list = member(tree, 'Peripherals');
  return list?.k === 'arr' ? list.a.filter((e): e is JNode & { k: 'obj' } => e.k === 'obj') : [];
}

const nameOf = (e: JNode & { k: 'obj' }): string | undefined => {
  const n = member(e, 'Name');
  return n?.k === 'str' ? n.v : undefined;
};

/** A copy of an entry with a field set, replaced or (value undefined) removed; the entry itself is not written. */
function withField(e: JNode & { k: 'obj' }, key: string, value: JNode | undefined): JNode & { k: 'obj' } {
  const m = e.m.slice();
  const i = m.findIndex(([k]) => k === key);
  if (value === undefined) {
    if (i >= 0) m.splice(i, 1);
  } else if (i >= 0) m[i] = [key, value];
  else m.push([key, value]);
  return { k: 'obj', m };
}

/**
 * A definition's top level made its own, for edits in place: the root object, its Peripherals list and its
 * Imports list copied (their items shared). The structure shares its trees with its parent (a corpus entry) and
 * its subtrees with other entries (copy-on-write, core/json-mutate.ts), so nothing else of it may be written.
 */
function ownTopLevel(tree: JNode): JNode {
  if (tree.k !== 'obj') return tree;
  return { k: 'obj', m: tree.m.map(([k, v]) => [k, (k === 'Peripherals' || k === 'Imports') && v.k === 'arr' ? jarr(v.a.slice()) : v]) };
}

/** Mutations that know what a definition means: mappings retargeted to names that exist, chains, cycles, imports. */
function mutateDefinition(s: HardwareStructure, rng: Rng): void {
  const trees = s.board ? [s.root, s.board] : [s.root];
  const all = trees.flatMap(entries);
  const names = [...all.map(nameOf).filter((n): n is string => n !== undefined), ...chipNames.slice(0, 40)];
  // By place, not by identity: the board may be the very tree the root is (a donor's root put in its place).
  const which = rng.int(trees.length);
  const tree = ownTopLevel(trees[which]!);
  if (which === 0) s.root = tree;
  else s.board = tree;
  const list = member(tree, 'Peripherals');
  // The entries with their places in the (copied) list: an entry is replaced there by an edited copy.
  const local = list?.k === 'arr' ? list.a.flatMap((e, i) => (e.k === 'obj' ? [{ e, i }] : [])) : [];
  const edit = (at: { e: JNode & { k: 'obj' }; i: number }, key: string, value: JNode | undefined) => {
    const edited = withField((list as JNode & { k: 'arr' }).a[at.i] as JNode & { k: 'obj' }, key, value);
    (list as JNode & { k: 'arr' }).a[at.i] = edited;
  };
  switch (rng.int(6)) {
    case 0: {
      // Retarget a Mapping: to an existing name (a longer chain, a cycle, a type change) or to itself.
      if (local.length === 0 || names.length === 0) return;
      const at = rng.pick(local);
      edit(at, 'Mapping', jstr(rng.chance(0.15) ? (nameOf(at.e) ?? 'X') : rng.pick(names)));
      edit(at, 'AppManifestValue', undefined);
      edit(at, 'MainCoreHeaderValue', undefined);
      return;
    }
    case 1: {
      // A new entry mapping to an existing name, or a copy of one (a duplicate name; shared, as the mutator shares).
      if (list?.k !== 'arr') return;
      const copy = local.length && rng.chance(0.4) ? rng.pick(local).e : jobj([['Name', jstr(`NEW_${rng.int(50)}`)], ['Type', jstr(rng.pick(PERIPHERAL_TYPES))], ['Mapping', jstr(names.length ? rng.pick(names) : 'MT3620_GPIO0')]]);
      list.a.splice(rng.int(list.a.length + 1), 0, copy);
      return;
    }
    case 2: {
      // A long chain: N entries each mapping to the next.
      if (list?.k !== 'arr' || list.a.length > 60 || rng.chance(0.5)) return;
      const n = rng.pick([3, MAX_MAPPING_HOPS - 1, MAX_MAPPING_HOPS, MAX_MAPPING_HOPS + 1, MAX_MAPPING_HOPS + 2]);
      const end = rng.chance(0.7) && names.length ? rng.pick(names) : `LONG_0`;
      for (let i = n; i >= 1; i--) list.a.push(jobj([['Name', jstr(`LONG_${i}`)], ['Type', jstr('Gpio')], ['Mapping', jstr(i === n ? end : `LONG_${i + 1}`)]]));
      list.a.push(jobj([['Name', jstr('LONG_0')], ['Type', jstr('Gpio')], ['Mapping', jstr('LONG_1')]]));
      return;
    }
    case 3: {
      // Imports: add, drop or redirect (self-imports and cycles through board.json included).
      const imports = member(tree, 'Imports');
      const path = jstr(rng.pick(['mt3620.json', 'board.json', 'root.json', 'missing.json', 'HardwareDefinitions/mt3620/mt3620.json']));
      if (imports?.k === 'arr' && imports.a.length && rng.chance(0.5)) imports.a[rng.int(imports.a.length)] = jobj([['Path', path]]);
      else if (imports?.k === 'arr') imports.a.push(jobj([['Path', path]]));
      else if (tree.k === 'obj') tree.m.push(['Imports', jarr([jobj([['Path', path]])])]);
      return;
    }
    case 4: {
      // Change a Type (mapping type mismatches, int entries used as peripherals).
      if (local.length === 0) return;
      edit(rng.pick(local), 'Type', jstr(rng.pick(PERIPHERAL_TYPES)));
      return;
    }
    default: {
      // Give or take a board.json.
      if (s.board && rng.chance(0.3)) delete s.board;
      else if (!s.board) s.board = fromValue(generatedDefinitions()[0]!.board);
    }
  }
}

const codec: FuzzTarget<HardwareStructure>['structure'] = {
  decode(bytes) {
    const parts = splitHardwareInput(bytes);
    const rootText = decodeUtf8(parts.root);
    const root = rootText === undefined ? undefined : parseJsonTree(rootText);
    if (!root) return undefined;
    const boardText = parts.board && decodeUtf8(parts.board);
    const board = boardText ? parseJsonTree(boardText) : undefined;
    return board ? { root, board, style: PRETTY } : { root, style: PRETTY };
  },
  encode: (s) => joinHardwareInput(utf8(printJsonTree(s.root, s.style)), s.board ? utf8(printJsonTree(s.board, s.style)) : undefined),
  // The trees are shared, not copied: every edit copies what it changes (copy-on-write: core/json-mutate.ts, ownTopLevel).
  clone: (s) => ({ root: s.root, ...(s.board ? { board: s.board } : {}), style: { ...s.style } }),
  mutate(s, rng, donor) {
    dictionary();
    const n = rng.geometric(6);
    for (let i = 0; i < n; i++) {
      if (rng.chance(0.35)) mutateDefinition(s, rng);
      else if (s.board && rng.chance(0.3)) s.board = mutateJson(s.board, rng, dictionary(), () => donor()?.board ?? donor()?.root);
      else s.root = mutateJson(s.root, rng, dictionary(), () => donor()?.root);
    }
    if (rng.chance(0.05)) s.style = randomStyle(rng);
    return s;
  },
  *shrink(s) {
    if (s.board) {
      yield { root: s.root, style: s.style };
      for (const b of shrinkJson({ tree: s.board, style: s.style })) yield { root: s.root, board: b.tree, style: s.style };
    }
    for (const r of shrinkJson({ tree: s.root, style: s.style })) yield { ...s, root: r.tree, style: r.style };
  },
};

export const hardwareDefinitionTarget: FuzzTarget<HardwareStructure> = {
  id: 'hardware-definition',
  title: 'hardware-definition reader and resolver: imports via the hardware path, cycles, duplicates, Mapping chains, $NAME resolution',
  oracles: [
    'no exception escapes the reader or the resolver',
    'every diagnostic is well formed (code, severity, pointer, position inside its file, no placeholder text)',
    'every name in scope resolves along a real chain: each hop is the Mapping of the one before, no hop twice, within the hop limit; an ok resolution ends at the AppManifestValue; a failed one is reported',
    'a manifest naming the definitions resolves each $NAME to the value and chain the definition gives',
    'serialize(parse(x)) of both files reads back to the same diagnostics and the same resolutions',
    'shared state (the chip profile, the peripheral types) is never written',
  ],
  maxInputBytes: 4096,
  setup,
  seeds,
  structure: codec,
};
