/**
 * Reads app_manifest.json the way the device does (azure-sphere-facts §1 and §9, checks 1-13 and 16),
 * reporting every problem as a located diagnostic instead of stopping at the first.
 */
import { isChipPeripheral, type ChipProfile, type PeripheralCapability } from '../chips/chip-profile.js';
import { joinPointer } from '../diagnostics/diagnostic.js';
import { hasKey, isObject, type JsonObject, type JsonValue, type LocatedJson } from '../json/located-json.js';
import type { AppKind, AppManifest, PeripheralRequest } from './app-manifest.js';
import { CODES } from '../diagnostics/codes.js';
import { isPlaceholderGuid, isPlaceholderText } from './placeholders.js';
import { CAPABILITIES, HIGH_LEVEL_ONLY, LEGACY_FIELDS, POWER_CONTROLS, TOP_LEVEL_FIELDS, isGuid, normalizeGuid, type CapabilitySpec } from './capabilities.js';
import { isBlankText } from '../json/free-text.js';

const isInteger = (v: JsonValue | undefined): v is number => typeof v === 'number' && Number.isInteger(v);
const describe = (v: JsonValue | undefined): string =>
  v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${(typeof v === 'number' ? String(v) : JSON.stringify(v)).slice(0, 40)}`;

export interface ReadManifestOptions {
  /**
   * 'recognise' (lint): a manifest holding only "Capabilities" is a fragment, reported once.
   * 'reject' (default; products): every manifest must be deployable, so each missing field is an error.
   */
  fragments?: 'recognise' | 'reject';
}

/** Fields a deployable manifest has; a manifest with none of them (only Capabilities) is a fragment. */
const IDENTITY_FIELDS = ['SchemaVersion', 'Name', 'ComponentId', 'EntryPoint', 'CmdArgs', 'ApplicationType'];

export function isManifestFragment(root: JsonObject): boolean {
  return hasKey(root, 'Capabilities') && !IDENTITY_FIELDS.some((k) => hasKey(root, k));
}

export function readManifest(doc: LocatedJson, chip: ChipProfile, options: ReadManifestOptions = {}): AppManifest | undefined {
  const root = doc.value;
  if (root === undefined) return undefined;
  if (!isObject(root)) {
    doc.report('InvalidJson', '', `the manifest must be a JSON object, found ${describe(root)}`);
    return undefined;
  }
  const manifest = emptyManifest(doc.file, 'high-level');
  if (options.fragments === 'recognise' && isManifestFragment(root)) {
    manifest.fragment = true;
    doc.report('ManifestFragment', '', 'this manifest holds only "Capabilities": a capability fragment (like the samples\' CodeSnippets), not a deployable app; its capabilities are checked, its identity is not');
    reportTopLevelKeys(doc, root);
  } else readTopLevel(doc, root, manifest, chip);
  const caps = root['Capabilities'];
  if (!hasKey(root, 'Capabilities')) doc.report('MissingCapabilitiesList', '', 'missing "Capabilities"');
  else if (!isObject(caps)) doc.report('MissingCapabilitiesList', '/Capabilities', `"Capabilities" must be an object, found ${describe(caps)}`);
  else readCapabilities(doc, caps, manifest, chip);
  return manifest;
}

function emptyManifest(file: string, kind: AppKind): AppManifest {
  return { file, kind, peripherals: [], allowedConnections: [], tcpServerPorts: [], udpServerPorts: [], partners: [], enabled: [], powerControls: [] };
}

/** false, null and [] ask for nothing; anything else (true, a list, a storage object, a tenant) asks for the capability. */
function asksForSomething(value: JsonValue): boolean {
  if (value === false || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function readTopLevel(doc: LocatedJson, root: JsonObject, m: AppManifest, chip: ChipProfile): void {
  const schema = root['SchemaVersion'];
  if (schema === undefined) doc.report('MissingSchemaVersion', '', 'missing "SchemaVersion"');
  else if (schema !== 1) doc.report('IncompatibleSchemaVersion', '/SchemaVersion', `"SchemaVersion" must be 1, found ${describe(schema)}`);

  const name = root['Name'];
  if (typeof name !== 'string' || name.length === 0) {
    doc.report('MissingName', name === undefined ? '' : '/Name', name === undefined ? 'missing "Name"' : `"Name" must be a non-empty string, found ${describe(name)}`);
  } else {
    m.name = name;
    const stored = chip.limits.appNameStoredChars;
    if ([...name].length > stored) {
      doc.report('NameTruncated', '/Name', `"Name" has ${[...name].length} characters; the image stores only the first ${stored} ("${[...name].slice(0, stored).join('')}")`);
    }
  }

  const componentId = root['ComponentId'];
  if (componentId === undefined) doc.report('MissingComponentId', '', 'missing "ComponentId"');
  else if (typeof componentId !== 'string' || !isGuid(componentId)) doc.report('InvalidComponentId', '/ComponentId', `"ComponentId" must be a GUID, found ${describe(componentId)}`);
  else m.componentId = normalizeGuid(componentId);

  const entry = root['EntryPoint'];
  if (entry === undefined) doc.report('MissingEntryPoint', '', 'missing "EntryPoint"');
  else if (typeof entry !== 'string' || isBlankText(entry)) doc.report('BadEntryPoint', '/EntryPoint', `"EntryPoint" must be a non-empty string, found ${describe(entry)}`);
  else m.entryPoint = entry;

  const cmdArgs = root['CmdArgs'];
  if (cmdArgs === undefined) doc.report('MissingCmdArgs', '', 'no "CmdArgs"; some SDK versions require it');
  else if (!Array.isArray(cmdArgs)) doc.report('CmdArgParseError', '/CmdArgs', `"CmdArgs" must be an array of strings, found ${describe(cmdArgs)}`);
  else cmdArgs.forEach((arg, i) => {
    if (typeof arg !== 'string') doc.report('CmdArgParseError', `/CmdArgs/${i}`, `CmdArgs entries must be strings, found ${describe(arg)}`);
  });

  const appType = root['ApplicationType'];
  if (appType !== undefined) {
    if (typeof appType !== 'string') doc.report('NonStringAppType', '/ApplicationType', `"ApplicationType" must be a string, found ${describe(appType)}`);
    else if (appType === 'RealTimeCapable') m.kind = 'real-time';
    else if (appType !== 'Default') doc.report('BadAppType', '/ApplicationType', `unknown "ApplicationType" "${appType}"`);
  }

  const malloc = root['MallocVersion'];
  if (malloc !== undefined && !isInteger(malloc)) doc.report('MallocVersionParseError', '/MallocVersion', `"MallocVersion" must be an integer, found ${describe(malloc)}`);

  reportTopLevelKeys(doc, root);
}

function reportTopLevelKeys(doc: LocatedJson, root: JsonObject): void {
  for (const key of Object.keys(root)) {
    const pointer = joinPointer('', key);
    if (/policy/i.test(key)) doc.report('ErrorParsingPolicyCapabilities', pointer, `"${key}": application manifests must not include a policy field`);
    else if (LEGACY_FIELDS.has(key)) doc.report('LegacyField', pointer, `"${key}" is a legacy field; the device ignores it`);
    else if (!TOP_LEVEL_FIELDS.has(key)) doc.report('UnknownField', pointer, `unknown field "${key}"`);
  }
}

function readCapabilities(doc: LocatedJson, caps: JsonObject, m: AppManifest, chip: ChipProfile): void {
  for (const [key, value] of Object.entries(caps)) {
    const pointer = joinPointer('/Capabilities', key);
    // Own keys only: a capability called "toString" must not find Object.prototype.toString.
    const spec = Object.hasOwn(CAPABILITIES, key) ? CAPABILITIES[key] : undefined;
    if (!spec) {
      doc.report('UnknownCapability', pointer, `unknown capability "${key}"`);
      continue;
    }
    const deniedToRealTime = m.kind === 'real-time' && HIGH_LEVEL_ONLY.has(key);
    // A real-time app is never granted a high-level-only capability: its value is still checked, but
    // into a scratch model, so nothing downstream (isolation, emulator, reports) grants it.
    readCapability(doc, key, value, pointer, spec, deniedToRealTime ? emptyManifest(m.file, m.kind) : m, chip);
    if (spec.realTimeOnly && m.kind !== 'real-time') {
      doc.report(spec.realTimeOnly === 'error' ? 'RealTimeOnlyCapability' : 'RealTimeOnlyCapabilityUnconfirmed', pointer, `"${key}" is only available to RealTimeCapable apps`);
    }
    if (deniedToRealTime && asksForSomething(value)) {
      doc.report('HighLevelOnlyCapability', pointer, `"${key}" is available to high-level apps only; this RealTimeCapable app runs without the OS service it gates, and is granted nothing by it`);
    }
  }
  if (caps['SoftwareUpdateDeferral'] === true && caps['SystemEventNotifications'] !== true) {
    doc.report('DeferralWithoutNotifications', '/Capabilities/SoftwareUpdateDeferral', '"SoftwareUpdateDeferral" needs "SystemEventNotifications": true');
  }
}

function readCapability(doc: LocatedJson, key: string, value: JsonValue, pointer: string, spec: CapabilitySpec, m: AppManifest, chip: ChipProfile): void {
  const shape = spec.shape;
  const wrongType = (expected: string) => doc.report(spec.parseError, pointer, `"${key}" must be ${expected}, found ${describe(value)}`);
  switch (shape.kind) {
    case 'boolean':
      if (typeof value !== 'boolean') wrongType('true or false');
      else if (value) m.enabled.push(key);
      return;
    case 'tenant':
      readTenant(doc, key, value, pointer, m, wrongType);
      return;
    case 'storage':
      readMutableStorage(doc, value, pointer, m, chip);
      return;
    case 'power-controls':
      readPowerControls(doc, value, pointer, m);
      return;
  }
  if (!Array.isArray(value)) {
    wrongType('an array');
    return;
  }
  const seen = new Map<string, number>();
  value.forEach((item, i) => {
    const itemPointer = joinPointer(pointer, i);
    const id = typeof item === 'string' && shape.kind === 'partners' ? normalizeGuid(item) : JSON.stringify(item);
    if (seen.has(id)) doc.report('DuplicateEntry', itemPointer, `${JSON.stringify(item)} is listed twice in "${key}" (first at index ${seen.get(id)})`);
    else seen.set(id, i);
    readListItem(doc, key, item, itemPointer, spec, m, chip);
  });
}

function readListItem(doc: LocatedJson, key: string, item: JsonValue, pointer: string, spec: CapabilitySpec, m: AppManifest, chip: ChipProfile): void {
  const shape = spec.shape;
  switch (shape.kind) {
    case 'hosts':
      if (typeof item !== 'string') doc.report(spec.parseError, pointer, `"${key}" entries must be strings, found ${describe(item)}`);
      else if (isBlankText(item)) doc.report('EmptyHostName', pointer, `empty host name in "${key}"`);
      else m.allowedConnections.push(item);
      return;
    case 'partners':
      if (typeof item !== 'string') doc.report(spec.parseError, pointer, `"${key}" entries must be strings, found ${describe(item)}`);
      else if (!isGuid(item)) doc.report('NonGuidPartner', pointer, `"${item}" is not a component ID (GUID)`);
      else m.partners.push({ componentId: normalizeGuid(item), pointer });
      return;
    case 'ports':
      if (typeof item !== 'number') doc.report(spec.parseError, pointer, `"${key}" entries must be integers, found ${describe(item)}`);
      else if (!Number.isInteger(item) || item < 1 || item > 65535) doc.report(shape.illegalValue, pointer, `port ${item} is outside 1..65535`);
      else (key === 'AllowedTcpServerPorts' ? m.tcpServerPorts : m.udpServerPorts).push(item);
      return;
    case 'peripherals':
      readPeripheral(doc, key, item, pointer, spec, shape.peripheral, m, chip);
      return;
    default:
      return;
  }
}

function readPeripheral(doc: LocatedJson, key: string, item: JsonValue, pointer: string, spec: CapabilitySpec, capability: PeripheralCapability, m: AppManifest, chip: ChipProfile): void {
  const allowsNumbers = capability === 'Gpio';
  if (typeof item === 'string' && item.startsWith('$')) {
    const request: PeripheralRequest = { capability, raw: item, pointer, position: doc.positionOf(pointer), reference: item.slice(1) };
    m.peripherals.push(request);
    return;
  }
  const raw = allowsNumbers ? (isInteger(item) ? item : undefined) : typeof item === 'string' ? item : undefined;
  if (raw === undefined) {
    doc.report(spec.parseError, pointer, `"${key}" entries must be ${allowsNumbers ? 'GPIO numbers' : 'peripheral names'} or "$NAME" references, found ${describe(item)}`);
    return;
  }
  if (!isChipPeripheral(chip, capability, raw)) {
    const name = capability === 'Gpio' ? 'UndefinedGpioInManifest' : capability === 'Uart' ? 'UartNotAvailable' : 'UndefinedPeripheralInManifest';
    doc.report(name, pointer, `${chip.id.toUpperCase()} has no ${capability} ${JSON.stringify(raw)}`);
    return;
  }
  m.peripherals.push({ capability, raw, pointer, position: doc.positionOf(pointer), value: raw });
}

/**
 * DeviceAuthentication names the tenant whose device certificate the app presents in mutual TLS
 * (tlsutils: "the DeviceAuthentication field of the manifest must include the Azure Sphere tenant ID").
 * A placeholder left from a sample names no tenant: the app is granted no device authentication.
 */
function readTenant(doc: LocatedJson, key: string, value: JsonValue, pointer: string, m: AppManifest, wrongType: (expected: string) => void): void {
  if (typeof value !== 'string') wrongType('a tenant ID (GUID string)');
  else if (!isGuid(value) && isPlaceholderText(value)) {
    doc.report('PlaceholderTenant', pointer, `"${key}" is the placeholder "${value.slice(0, 60)}", not a tenant ID; the device rejects it (error ${CODES.DeviceAuthTenantIdParseError.code})`);
  } else if (value.length > 38) doc.report('DeviceAuthTenantIdTooLong', pointer, `"${key}" is ${value.length} characters; a tenant ID is a 36-character GUID`);
  else if (!isGuid(value)) doc.report('DeviceAuthTenantIdParseError', pointer, `"${key}" must be a GUID, found "${value}"`);
  else if (isPlaceholderGuid(normalizeGuid(value))) {
    // A warning, not an error: the device takes the manifest and runs the app (the samples ship the nil GUID and run;
    // a wrong ID shows at run time as "device auth not ready", azure-sphere-samples Samples/AzureIoT/
    // AzureIoTTroubleshooting.md), so the product can still be verified; certificate-authentication says what it
    // leaves undecided (properties/certificate-authentication/azure-iot-endpoints.ts tenantStatus). It was an error,
    // and verify refused every product built from a sample as an input error.
    doc.report('PlaceholderTenant', pointer, `"${key}" is ${value}, a placeholder GUID that no tenant has: the device runs the app, but mutual TLS with the device certificate cannot succeed until the catalog (tenant) ID is put there`, { severity: 'warning' });
  } else m.deviceAuthentication = normalizeGuid(value);
}

function readMutableStorage(doc: LocatedJson, value: JsonValue, pointer: string, m: AppManifest, chip: ChipProfile): void {
  if (!isObject(value)) {
    doc.report('NonObjectMutableStorageType', pointer, `"MutableStorage" must be an object such as { "SizeKB": 8 }, found ${describe(value)}`);
    return;
  }
  if (!hasKey(value, 'SizeKB')) {
    doc.report('MutableStorageMissingRequiredField', pointer, '"MutableStorage" is missing "SizeKB"');
    return;
  }
  const size = value['SizeKB'];
  const sizePointer = joinPointer(pointer, 'SizeKB');
  if (!isInteger(size) || size < 1) doc.report('ErrorParsingMutableStorageField', sizePointer, `"SizeKB" must be a positive integer, found ${describe(size)}`);
  else if (size > chip.limits.mutableStorageMaxKB) doc.report('MutableStorageRequestTooLarge', sizePointer, `"SizeKB" is ${size}; the limit is ${chip.limits.mutableStorageMaxKB}`);
  else m.mutableStorageKB = size;
  for (const key of Object.keys(value)) {
    if (key !== 'SizeKB') doc.report('UnknownField', joinPointer(pointer, key), `unknown field "${key}" in "MutableStorage"`);
  }
}

function readPowerControls(doc: LocatedJson, value: JsonValue, pointer: string, m: AppManifest): void {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    doc.report('PowerControlsMalformedParseError', pointer, `"PowerControls" must be an array of strings, found ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    doc.report('PowerControlsEmptyParseError', pointer, '"PowerControls" is empty');
    return;
  }
  const seen = new Set<string>();
  value.forEach((v, i) => {
    const control = v as string;
    const itemPointer = joinPointer(pointer, i);
    if (seen.has(control)) doc.report('PowerControlsMalformedParseError', itemPointer, `"${control}" is listed twice in "PowerControls"`);
    else if (!(POWER_CONTROLS as readonly string[]).includes(control)) doc.report('PowerControlsInvalidEntryParseError', itemPointer, `"${control}" is not a power control`);
    else m.powerControls.push(control);
    seen.add(control);
  });
}
