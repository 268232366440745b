/**
 * One hardware-definition file (azure-sphere-facts §2.2), checked on its own. Imports and mappings
 * are followed by hardware-set.ts, which needs the other files.
 */
import { joinPointer } from '../diagnostics/diagnostic.js';
import { hasKey, isObject, type JsonValue, type LocatedJson } from '../json/located-json.js';
import { isBlankText } from '../json/free-text.js';

export const HARDWARE_DEFINITION_TYPE = 'Azure Sphere Hardware Definition';
export const PERIPHERAL_TYPES = ['Gpio', 'Pwm', 'Adc', 'I2cMaster', 'SpiMaster', 'Uart', 'I2sSubordinate', 'ExternalInterrupt', 'int'];
/** The fields a peripheral entry and a file may state (also listed by test/architecture/input-fields.ts, which asks each for a reader). */
export const PERIPHERAL_FIELDS = new Set(['Name', 'Type', 'Mapping', 'AppManifestValue', 'MainCoreHeaderValue', 'Comment']);
export const TOP_FIELDS = new Set(['Metadata', 'Description', 'Imports', 'Peripherals']);
const HEADER_VALUE = /^\(-?[0-9]+\)$/;

export interface PeripheralEntry {
  name: string;
  type: string;
  mapping?: string;
  appManifestValue?: string | number;
  mainCoreHeaderValue?: string;
  file: string;
  pointer: string;
}

export interface HardwareImport {
  path: string;
  pointer: string;
}

export interface HardwareDefinition {
  file: string;
  doc: LocatedJson;
  name?: string;
  imports: HardwareImport[];
  peripherals: PeripheralEntry[];
}

/** True when a parsed JSON value looks like a hardware definition (used to recognise files while walking). */
export function looksLikeHardwareDefinition(value: JsonValue | undefined): boolean {
  return isObject(value) && isObject(value['Metadata']) && value['Metadata']['Type'] === HARDWARE_DEFINITION_TYPE;
}

export function readHardwareDefinition(doc: LocatedJson): HardwareDefinition | undefined {
  const root = doc.value;
  if (root === undefined) return undefined;
  if (!isObject(root)) {
    doc.report('HwBadMetadata', '', 'a hardware definition must be a JSON object');
    return undefined;
  }
  const def: HardwareDefinition = { file: doc.file, doc, imports: [], peripherals: [] };

  const metadata = root['Metadata'];
  if (!hasKey(root, 'Metadata')) doc.report('HwMissingMetadata', '', 'missing "Metadata"');
  else if (!isObject(metadata)) doc.report('HwBadMetadata', '/Metadata', '"Metadata" must be an object');
  else {
    if (metadata['Type'] !== HARDWARE_DEFINITION_TYPE) doc.report('HwBadMetadata', '/Metadata/Type', `"Metadata.Type" must be "${HARDWARE_DEFINITION_TYPE}"`);
    if (metadata['Version'] !== 1) doc.report('HwBadMetadata', '/Metadata/Version', '"Metadata.Version" must be 1');
  }

  const description = root['Description'];
  if (!isObject(description)) doc.report('HwBadDescription', hasKey(root, 'Description') ? '/Description' : '', '"Description" should be an object with "Name" and "MainCoreHeaderFileTopContent"');
  else {
    const name = description['Name'];
    if (typeof name === 'string') def.name = name;
    else doc.report('HwBadDescription', '/Description', '"Description.Name" should be a string');
    const top = description['MainCoreHeaderFileTopContent'];
    if (top !== undefined && (!Array.isArray(top) || top.some((l) => typeof l !== 'string'))) {
      doc.report('HwBadDescription', '/Description/MainCoreHeaderFileTopContent', '"MainCoreHeaderFileTopContent" should be an array of strings');
    }
  }

  const imports = root['Imports'];
  if (imports !== undefined) {
    if (!Array.isArray(imports)) doc.report('HwBadImports', '/Imports', '"Imports" must be an array');
    else imports.forEach((imp, i) => {
      const pointer = joinPointer('/Imports', i);
      const path = isObject(imp) ? imp['Path'] : undefined;
      if (typeof path !== 'string' || isBlankText(path)) doc.report('HwBadImports', pointer, 'each import must be an object with a "Path" string');
      else def.imports.push({ path, pointer: joinPointer(pointer, 'Path') });
    });
  }

  const peripherals = root['Peripherals'];
  if (!Array.isArray(peripherals)) doc.report('HwBadPeripherals', hasKey(root, 'Peripherals') ? '/Peripherals' : '', '"Peripherals" must be an array');
  else peripherals.forEach((p, i) => {
    const entry = readPeripheralEntry(doc, p, joinPointer('/Peripherals', i));
    if (entry) def.peripherals.push(entry);
  });

  for (const key of Object.keys(root)) {
    if (!TOP_FIELDS.has(key)) doc.report('HwUnknownField', joinPointer('', key), `unknown field "${key}"`);
  }
  return def;
}

function readPeripheralEntry(doc: LocatedJson, value: JsonValue, pointer: string): PeripheralEntry | undefined {
  if (!isObject(value)) {
    doc.report('HwBadPeripheral', pointer, 'each peripheral must be an object');
    return undefined;
  }
  const name = value['Name'];
  const type = value['Type'];
  if (typeof name !== 'string' || name === '') {
    doc.report('HwBadPeripheral', pointer, 'peripheral has no "Name" string');
    return undefined;
  }
  if (typeof type !== 'string') {
    doc.report('HwBadPeripheral', pointer, `peripheral ${name} has no "Type" string`);
    return undefined;
  }
  if (!PERIPHERAL_TYPES.includes(type)) doc.report('HwUnknownType', joinPointer(pointer, 'Type'), `peripheral ${name} has unknown Type "${type}"`);
  const entry: PeripheralEntry = { name, type, file: doc.file, pointer };
  const mapping = value['Mapping'];
  const appValue = value['AppManifestValue'];
  const header = value['MainCoreHeaderValue'];
  if (mapping !== undefined) {
    if (typeof mapping !== 'string' || mapping === '') doc.report('HwBadPeripheral', joinPointer(pointer, 'Mapping'), `peripheral ${name}: "Mapping" must be a peripheral name`);
    else entry.mapping = mapping;
    if (appValue !== undefined || header !== undefined) {
      doc.report('HwBadPeripheral', pointer, `peripheral ${name} has both "Mapping" and a value; use one or the other`);
    }
  } else {
    if (appValue !== undefined) {
      if (typeof appValue === 'string' || (typeof appValue === 'number' && Number.isInteger(appValue))) entry.appManifestValue = appValue;
      else doc.report('HwBadPeripheral', joinPointer(pointer, 'AppManifestValue'), `peripheral ${name}: "AppManifestValue" must be an integer or a string`);
    } else if (type !== 'int') {
      doc.report('HwBadPeripheral', pointer, `peripheral ${name} has neither "Mapping" nor "AppManifestValue"`);
    }
    if (header === undefined) doc.report('HwBadHeaderValue', pointer, `peripheral ${name} has no "MainCoreHeaderValue"`);
    else if (typeof header !== 'string' || !HEADER_VALUE.test(header)) doc.report('HwBadHeaderValue', joinPointer(pointer, 'MainCoreHeaderValue'), `peripheral ${name}: "MainCoreHeaderValue" must look like "(8)"`);
    else entry.mainCoreHeaderValue = header;
    if (type === 'int' && appValue !== undefined) doc.report('HwUnusedValue', joinPointer(pointer, 'AppManifestValue'), `peripheral ${name} is Type "int" and can never appear in a manifest; its AppManifestValue is unused`);
  }
  const comment = value['Comment'];
  if (comment !== undefined && typeof comment !== 'string') doc.report('HwBadPeripheral', joinPointer(pointer, 'Comment'), `peripheral ${name}: "Comment" must be a string`);
  for (const key of Object.keys(value)) {
    if (!PERIPHERAL_FIELDS.has(key)) doc.report('HwUnknownField', joinPointer(pointer, key), `peripheral ${name}: unknown field "${key}"`);
  }
  return entry;
}
