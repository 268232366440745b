/**
 * Target app-manifest: one app_manifest.json read the way `sevenfold lint` reads it (located JSON,
 * readManifest, "$NAME" references resolved against the reference product's hardware definition, same-pin
 * conflicts), without the file system.
 *
 * lint() itself is not called: lint.ts imports the product loader, which needs import.meta (ESM only), and
 * jsfuzz instruments CommonJS only. The steps below are lint's per-manifest steps, in lint's order.
 */
import { join } from 'node:path';
import { MT3620 } from '../../formats/chips/mt3620.js';
import { isChipPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { parseLocatedJson, type LocatedJson } from '../../formats/json/located-json.js';
import { HardwareSet, type ResolvedHardware } from '../../formats/hardware/hardware-set.js';
import type { AppManifest } from '../../formats/manifest/app-manifest.js';
import { CAPABILITIES, LEGACY_FIELDS, POWER_CONTROLS, TOP_LEVEL_FIELDS } from '../../formats/manifest/capabilities.js';
import { readManifest } from '../../formats/manifest/read-manifest.js';
import { resolveReferences } from '../../formats/manifest/resolve-references.js';
import { manifestConflicts } from '../../model/isolation/manifest-conflicts.js';
import { readFileSync } from 'node:fs';
import { featureText } from '../core/feature-texts.js';
import { InputText } from '../core/line-starts.js';
import { check, deepFreeze, multisetDifference } from '../core/oracle.js';
import { cloneTree, jarr, jbool, jnum, jobj, jstr, parseJsonTree, printSharedJsonTree, randomStyle, rememberPrintedTexts, sites, COMPACT, PRETTY, type JNode, type PrintStyle } from '../core/json-tree.js';
import { mutateJson, type JsonDictionary, type JsonPath } from '../core/json-mutate.js';
import type { Rng } from '../core/rng.js';
import { projectRoot } from '../core/project-root.js';
import { MANIFEST_THOROUGH_SAMPLE, stagedRunner } from '../core/staged-run.js';
import { decodeUtf8, utf8, type FuzzTarget, type NamedInput, type TargetRunner } from '../core/target.js';
import { canonicalJson, checkDiagnostics, diagnosticShape, SYNTAX_ONLY } from './shared/diagnostic-oracles.js';

export const MANIFEST_FILE = 'app_manifest.json';
const REFERENCE_DIR = ['products', 'mt3620-reference'];
const HARDWARE_FILE = [...REFERENCE_DIR, 'hardware', 'sevenfold_thermostat.json'];

export interface JsonStructure {
  tree: JNode;
  style: PrintStyle;
}

/** The reference product's hardware definition, opened once per process like lint opens --hardware. */
function referenceHardware(): { set: HardwareSet; hardware: ResolvedHardware } {
  const set = new HardwareSet([]);
  const hardware = set.open(join(projectRoot(), ...HARDWARE_FILE));
  return { set, hardware };
}

/** lint's steps for one manifest. */
export function readOneManifest(bytes: Uint8Array, hardware: ResolvedHardware): { doc: LocatedJson; manifest: AppManifest | undefined } {
  const doc = parseLocatedJson(MANIFEST_FILE, bytes);
  const manifest = readManifest(doc, MT3620);
  if (manifest) {
    resolveReferences(doc, manifest, hardware, MT3620);
    for (const [a, b] of manifestConflicts(MT3620, manifest)) {
      const pins = a.block.gpios.length > 1 ? `GPIO ${a.block.gpios[0]}-${a.block.gpios.at(-1)}` : `GPIO ${a.block.gpios[0]}`;
      doc.report('RequestedPeripheralsRequireSamePin', b.pointer, `${b.capability} ${JSON.stringify(b.value)} and ${a.capability} ${JSON.stringify(a.value)} (${a.pointer}) both need block ${a.block.id} (${pins})`);
    }
  }
  return { doc, manifest };
}

/** The manifest model without positions: what a re-serialised manifest must give again. */
function manifestShape(m: AppManifest | undefined): string {
  if (!m) return 'none';
  return JSON.stringify({ ...m, file: undefined, peripherals: m.peripherals.map((p) => ({ ...p, position: undefined })) });
}

const GUID_LOWER = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function checkModel(doc: LocatedJson, m: AppManifest): void {
  // Made only when a kept value is not a chip peripheral (rare): every input with a manifest built this set.
  let errorsAt: Set<string> | undefined;
  const errorAt = (pointer: string) => (errorsAt ??= new Set(doc.diagnostics.filter((d) => d.severity === 'error').map((d) => d.pointer))).has(pointer);
  for (const p of m.peripherals) {
    if (p.value === undefined) continue;
    check(isChipPeripheral(MT3620, p.capability, p.value) || errorAt(p.pointer), 'model.peripheral', () => `${p.capability} ${JSON.stringify(p.value)} at ${p.pointer} is not an MT3620 peripheral, and no error says so`);
  }
  for (const port of [...m.tcpServerPorts, ...m.udpServerPorts]) check(Number.isInteger(port) && port >= 1 && port <= 65535, 'model.port', () => `port ${port} kept`);
  if (m.mutableStorageKB !== undefined) {
    const kb = m.mutableStorageKB;
    check(Number.isInteger(kb) && kb >= 1 && kb <= MT3620.limits.mutableStorageMaxKB, 'model.storage', () => `MutableStorage ${kb} KB kept`);
  }
  for (const id of [m.componentId, m.deviceAuthentication, ...m.partners.map((p) => p.componentId)]) {
    if (id !== undefined) check(GUID_LOWER.test(id), 'model.guid', () => `GUID ${JSON.stringify(id)} kept unnormalised`);
  }
  const root = doc.value as Record<string, unknown>;
  check((m.kind === 'real-time') === (root['ApplicationType'] === 'RealTimeCapable'), 'model.kind', () => `kind ${m.kind} for ApplicationType ${JSON.stringify(root['ApplicationType'])}`);
}

function setup(): TargetRunner {
  const { set, hardware } = referenceHardware();
  // Shared state a reader must never write: frozen, so a write throws where it happens.
  deepFreeze(MT3620);
  deepFreeze(CAPABILITIES);
  deepFreeze(POWER_CONTROLS);
  const sizes = () => `${TOP_LEVEL_FIELDS.size}/${LEGACY_FIELDS.size}/${set.diagnostics.length}/${hardware.names().length}/${set.documents().length}`;
  const before = sizes();
  // The same five sizes compared as numbers (the string is made only for the message): checked twice per input,
  // counted without listing the names and documents (two arrays per check were 1.7 % of the structure-aware loop).
  const [fieldsBefore, legacyBefore, diagnosticsBefore, namesBefore, documentsBefore] = before.split('/').map(Number);
  const unchanged = () =>
    TOP_LEVEL_FIELDS.size === fieldsBefore && LEGACY_FIELDS.size === legacyBefore && set.diagnostics.length === diagnosticsBefore && hardware.nameCount() === namesBefore && set.documentCount() === documentsBefore;

  return stagedRunner({
    thoroughSample: MANIFEST_THOROUGH_SAMPLE,
    codeUnderTest(input) {
      readOneManifest(input, hardware);
    },
    stage(input) {
      const { doc, manifest } = readOneManifest(input, hardware);
      checkDiagnostics(doc.diagnostics, { texts: new Map([[MANIFEST_FILE, new InputText(input)]]) });
      if (manifest) checkModel(doc, manifest);
      check(unchanged(), 'state.unchanged', () => `shared state changed: ${before} → ${sizes()}`);

      // The texts made once per process (core/feature-texts.ts): `d:${d.name}` and so on, the same features.
      const features = doc.diagnostics.map((d) => featureText('d', d.name));
      if (manifest) {
        features.push(featureText('k', manifest.kind));
        for (const p of manifest.peripherals) features.push(featureText('p', p.capability, p.reference !== undefined ? 'ref' : 'raw', p.value === undefined ? 'unresolved' : 'ok'));
      }
      return {
        features,
        // The round trip reads the manifest a second time: the expensive oracle (core/staged-run.ts).
        thorough() {
          if (doc.value === undefined) return [];
          // serialize(parse(x)) must read the same: same manifest, same diagnostics (but those about the JSON text itself).
          const again = readOneManifest(utf8(canonicalJson(doc.value)), hardware);
          const a = doc.diagnostics.filter((d) => !SYNTAX_ONLY.has(d.name)).map((d) => diagnosticShape(d));
          const b = again.doc.diagnostics.filter((d) => !SYNTAX_ONLY.has(d.name)).map((d) => diagnosticShape(d));
          const diff = multisetDifference(a, b);
          check(diff.onlyA.length === 0 && diff.onlyB.length === 0, 'roundtrip.diagnostics', () => `re-serialised manifest reads differently: only in the original ${JSON.stringify(diff.onlyA)}; only in the re-serialised ${JSON.stringify(diff.onlyB)}`);
          const sa = manifestShape(manifest);
          const sb = manifestShape(again.manifest);
          check(sa === sb, 'roundtrip.model', () => `re-serialised manifest gives another model:\n${sa}\n${sb}`);
          check(unchanged(), 'state.unchanged', () => `shared state changed: ${before} → ${sizes()}`);
          return [];
        },
      };
    },
  });
}

// --- seeds ---

const GUIDS = ['1689d8b2-c835-2e27-27ad-e894d6d15fa9', '5c2f4a8e-7b1d-4e63-9a0f-3d8c61b2e9a4', 'E1A6C2D4-8F3B-4A79-9C05-2B7D4E6F1A83', '{9b7e3f10-4c2a-4d8e-b5a1-6f0c2e7d8a31}', '7d6b0c2e-3f41-4a8b-9e5d-1c2a3b4d5e6f'];

function firstPeripheral(cap: PeripheralCapability, i = 0): string | number {
  const list = MT3620.peripherals[cap];
  return list[Math.min(i, list.length - 1)]!;
}

function generatedManifests(names: readonly string[]): Record<string, unknown>[] {
  const caps: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(CAPABILITIES)) {
    switch (spec.shape.kind) {
      case 'boolean':
        caps[key] = true;
        break;
      case 'peripherals':
        caps[key] = spec.realTimeOnly ? [] : [firstPeripheral(spec.shape.peripheral, 3)];
        break;
      case 'hosts':
        caps[key] = ['example.net', '*.azure-devices.net'];
        break;
      case 'partners':
        caps[key] = [GUIDS[1], GUIDS[2]];
        break;
      case 'ports':
        caps[key] = [1, 8080, 65535];
        break;
      case 'tenant':
        caps[key] = GUIDS[4];
        break;
      case 'storage':
        caps[key] = { SizeKB: 64 };
        break;
      case 'power-controls':
        caps[key] = [...POWER_CONTROLS];
        break;
    }
  }
  const base = { SchemaVersion: 1, Name: 'EveryCapability', ComponentId: GUIDS[0], EntryPoint: '/bin/app', CmdArgs: ['--a', 'b'] };
  const byType = new Map<string, string[]>();
  for (const name of names) {
    const type = /GPIO\d+$/.test(name) ? 'Gpio' : /PWM_CONTROLLER/.test(name) ? 'Pwm' : /ADC_CONTROLLER/.test(name) ? 'Adc' : /_UART$/.test(name) ? 'Uart' : /_I2C$/.test(name) ? 'I2cMaster' : /_SPI$/.test(name) ? 'SpiMaster' : undefined;
    if (type) byType.set(type, [...(byType.get(type) ?? []), name]);
  }
  const references: Record<string, unknown> = {};
  for (const [type, list] of byType) references[type] = list.slice(0, 3).map((n) => `$${n}`);
  return [
    { ...base, Capabilities: caps, ApplicationType: 'Default', MallocVersion: 2 },
    {
      ...base,
      Name: 'RealTimeEverything',
      Capabilities: {
        Gpio: [firstPeripheral('Gpio', 0), firstPeripheral('Gpio', 20)],
        I2sSubordinate: [firstPeripheral('I2sSubordinate')],
        ExternalInterrupt: [firstPeripheral('ExternalInterrupt', 12)],
        Uart: [firstPeripheral('Uart', 3)],
        Pwm: [firstPeripheral('Pwm', 2)],
        AllowedApplicationConnections: [GUIDS[3]],
      },
      ApplicationType: 'RealTimeCapable',
    },
    { ...base, Name: 'References', Capabilities: { ...references, Gpio: ['$THERMOSTAT_STATUS_LED', '$FAN_TACHOMETER', '$THERMOSTAT_BUTTON_UP'], Pwm: ['$FAN_PWM_CONTROLLER'], Adc: ['$AIR_SAMPLER_ADC_CONTROLLER'], SpiMaster: ['$AIR_SAMPLER_PARTICLE_SPI'], I2cMaster: ['$THERMOSTAT_TEMP_SENSOR_I2C'], Uart: ['$THERMOSTAT_DEBUG_UART'] }, ApplicationType: 'Default' },
    { ...base, Name: 'SamePins', Capabilities: { Uart: ['ISU0'], I2cMaster: ['ISU0'], Pwm: ['PWM-CONTROLLER-0'], Gpio: [0, 1, 8] } },
    { ...base, Name: 'Legacy', TargetApplicationRuntimeVersion: 3, TargetBetaApis: true, Capabilities: { Gpio: [] } },
  ];
}

function seeds(): NamedInput[] {
  const root = projectRoot();
  const files = [
    [...REFERENCE_DIR, 'apps', 'thermostat-hl', 'app_manifest.json'],
    [...REFERENCE_DIR, 'apps', 'fan-control-rt', 'app_manifest.json'],
    [...REFERENCE_DIR, 'apps', 'air-sampler-rt', 'app_manifest.json'],
    ['examples', 'broken-app', 'app_manifest.json'],
  ];
  const out: NamedInput[] = files.map((f) => ({ name: f.slice(-2).join('-'), bytes: new Uint8Array(readFileSync(join(root, ...f))) }));
  const { hardware } = referenceHardware();
  generatedManifests(hardware.names()).forEach((m, i) => out.push({ name: `generated-${i}-${String(m['Name'])}.json`, bytes: utf8(JSON.stringify(m, null, i % 2 === 0 ? 2 : undefined)) }));
  return out;
}

// --- structure ---

let dictionaryCache: JsonDictionary | undefined;

function dictionary(): JsonDictionary {
  if (dictionaryCache) return dictionaryCache;
  let names: string[] = [];
  try {
    names = referenceHardware().hardware.names();
  } catch {
    // no product tree: references only from the seeds
  }
  const refs = names.map((n) => `$${n}`);
  const peripheralNames = Object.values(MT3620.peripherals).flatMap((list) => list.filter((v): v is string => typeof v === 'string'));
  const capKeys = Object.keys(CAPABILITIES);
  const guidVariants = (rng: Rng): string => {
    const g = rng.pick(GUIDS).replace(/[{}]/g, '');
    return rng.pick([g, g.toUpperCase(), `{${g}}`, `{${g}`, g.slice(1), `${g}0`, g.replace(/-/g, ''), '00000000-0000-0000-0000-000000000000', `${g}-${g}`]);
  };
  const specOf = (cap: string) => (Object.hasOwn(CAPABILITIES, cap) ? CAPABILITIES[cap] : undefined);
  const item = (cap: string, rng: Rng): JNode => {
    const spec = specOf(cap);
    switch (spec?.shape.kind) {
      case 'peripherals': {
        const periph = spec.shape.peripheral;
        const roll = rng.int(10);
        if (roll < 4) return jstr(rng.pick(refs.length ? refs : ['$X']));
        if (periph === 'Gpio' && roll < 8) return jnum(rng.pick([0, 1, 8, 24, 25, 80, 81, 95, 96, -1, 12, 20, 41]));
        return jstr(String(rng.pick(MT3620.peripherals[rng.chance(0.7) ? periph : rng.pick(Object.keys(MT3620.peripherals) as PeripheralCapability[])])));
      }
      case 'hosts':
        return jstr(rng.pick(['example.net', '', ' ', '*.example.net', 'a'.repeat(300), '127.0.0.1', 'host:80']));
      case 'partners':
        return jstr(guidVariants(rng));
      case 'ports':
        return jnum(rng.pick(['0', '1', '80', '65535', '65536', '-1', '1.5', '1e999', '8080']));
      default:
        return jstr(rng.pick(POWER_CONTROLS));
    }
  };
  const capabilityValue = (cap: string, rng: Rng): JNode => {
    const spec = specOf(cap);
    switch (spec?.shape.kind) {
      case 'boolean':
        return jbool(rng.chance(0.8));
      case 'tenant':
        return jstr(guidVariants(rng));
      case 'storage':
        return jobj([['SizeKB', jnum(rng.pick(['1', '8', '64', '65', '0', '-1', '1.5', '1e999']))]]);
      case 'power-controls':
        return jarr(Array.from({ length: rng.int(4) }, () => jstr(rng.pick([...POWER_CONTROLS, 'Reboot', '']))));
      default:
        return jarr(Array.from({ length: rng.range(1, 3) }, () => item(cap, rng)));
    }
  };
  dictionaryCache = {
    keys: [...TOP_LEVEL_FIELDS, ...LEGACY_FIELDS, ...capKeys, 'SizeKB', 'Policy', 'TenantPolicy'],
    strings: [...refs, ...peripheralNames, ...GUIDS, 'RealTimeCapable', 'Default', ...POWER_CONTROLS, '/bin/app', 'example.net'],
    numbers: ['1', '0', '2', '8', '64', '65', '65535', '65536', '24', '80', '96'],
    valueAt(path: JsonPath, rng: Rng): JNode | undefined {
      const [top, cap, index] = path;
      if (path.length === 1) {
        switch (top) {
          case 'SchemaVersion':
            return jnum(rng.pick(['1', '0', '2', '1.0', '-1']));
          case 'ApplicationType':
            return jstr(rng.pick(['Default', 'RealTimeCapable', 'realtimecapable', '']));
          case 'ComponentId':
            return jstr(guidVariants(rng));
          case 'Name':
            return jstr(rng.pick(['A', '', 'x'.repeat(31), 'x'.repeat(32), '\ud83d\ude00'.repeat(20), 'Na\u0000me']));
          case 'EntryPoint':
            return jstr(rng.pick(['/bin/app', '', ' ', 'app']));
          case 'CmdArgs':
            return jarr([jstr('--x'), ...(rng.chance(0.3) ? [jnum('1')] : [])]);
          case 'Capabilities':
            return jobj([[rng.pick(capKeys), capabilityValue(rng.pick(capKeys), rng)]]);
          default:
            return undefined;
        }
      }
      if (top !== 'Capabilities' || typeof cap !== 'string') return undefined;
      if (path.length === 2) return capabilityValue(cap, rng);
      if (cap === 'MutableStorage' && index === 'SizeKB') return jnum(rng.pick(['1', '64', '65', '0', '-1', '1.5']));
      if (path.length === 3 && typeof index === 'number') return item(cap, rng);
      return undefined;
    },
    memberAt(path: JsonPath, rng: Rng): [string, JNode] | undefined {
      if (path.length === 0) {
        const key = rng.pick([...TOP_LEVEL_FIELDS, ...LEGACY_FIELDS, 'Policy']);
        return [key, this.valueAt!([key], rng) ?? jnum('1')];
      }
      if (path.length === 1 && path[0] === 'Capabilities') {
        const cap = rng.pick(capKeys);
        return [cap, capabilityValue(cap, rng)];
      }
      return undefined;
    },
  };
  return dictionaryCache;
}

export function jsonCodec(dict: () => JsonDictionary): FuzzTarget<JsonStructure>['structure'] {
  return {
    decode(bytes) {
      const text = decodeUtf8(bytes);
      const tree = text === undefined ? undefined : parseJsonTree(text);
      // A one-line input keeps its compact layout: printed pretty, every shrink of a compact seed grew it.
      return tree ? { tree, style: { ...(text!.includes('\n') ? PRETTY : COMPACT), bom: text!.charCodeAt(0) === 0xfeff } } : undefined;
    },
    encode: (s) => utf8(printSharedJsonTree(s.tree, s.style)),
    // A corpus entry's containers are printed again in its mutants: their texts are remembered (core/json-tree.ts).
    kept: (s) => rememberPrintedTexts(s.tree, s.style),
    // The tree is shared, not copied: the JSON mutator and input-to-state copy what they change (copy-on-write,
    // core/json-mutate.ts), so a mutant costs the path it edits and its parent's tree stays as it was.
    clone: (s) => ({ tree: s.tree, style: { ...s.style } }),
    mutate(s, rng, donor) {
      const n = rng.geometric(6);
      for (let i = 0; i < n; i++) s.tree = mutateJson(s.tree, rng, dict(), () => donor()?.tree);
      if (rng.chance(0.05)) s.style = randomStyle(rng);
      return s;
    },
    shrink: (s) => shrinkJson(s),
  };
}

/** Each member or item removed, one at a time, then containers emptied; the layout made compact. */
export function* shrinkJson(s: JsonStructure): Iterable<JsonStructure> {
  const count = sites(s.tree).length;
  for (let i = count - 1; i >= 1; i--) {
    const copy = cloneTree(s.tree);
    const site = sites(copy)[i];
    if (!site?.parent) continue;
    if (site.parent.k === 'obj') site.parent.m.splice(site.index, 1);
    else site.parent.a.splice(site.index, 1);
    yield { tree: copy, style: s.style };
  }
  if (s.style.indent !== 0 || s.style.bom) yield { tree: s.tree, style: { indent: 0, eol: '\n', bom: false } };
}

export const appManifestTarget: FuzzTarget<JsonStructure> = {
  id: 'app-manifest',
  title: 'app_manifest.json reader: located JSON, readManifest, $NAME resolution, same-pin conflicts (lint, one manifest)',
  oracles: [
    'no exception escapes the reader (it reports every problem as a diagnostic)',
    'every diagnostic is well formed: known code, severity, JSON pointer, position inside the file, no placeholder text',
    'the manifest model keeps no value an error was reported for (chip peripherals, ports, storage, GUIDs, app kind)',
    'serialize(parse(x)) reads back to the same manifest and the same diagnostics (but DuplicateKey/ReservedKey)',
    'a rejected input changes no state: the chip profile, the capability tables and the shared hardware set are untouched',
  ],
  maxInputBytes: 4096,
  setup,
  seeds,
  structure: jsonCodec(dictionary),
};
