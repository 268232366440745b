import { describe, expect, it } from 'vitest';
import { VALID_MANIFEST, readManifestText } from '../helpers.js';

const withCaps = (caps: Record<string, unknown>) => ({ ...VALID_MANIFEST, Capabilities: { ...VALID_MANIFEST.Capabilities, ...caps } });
const without = (key: string) => Object.fromEntries(Object.entries(VALID_MANIFEST).filter(([k]) => k !== key));

describe('app manifest reader', () => {
  it('accepts a valid manifest without diagnostics and normalises it', () => {
    const { manifest, diagnostics } = readManifestText(VALID_MANIFEST);
    expect(diagnostics).toEqual([]);
    expect(manifest?.kind).toBe('high-level');
    expect(manifest?.peripherals).toMatchObject([{ capability: 'Gpio', raw: 8, pointer: '/Capabilities/Gpio/0', value: 8 }]);
    expect(manifest?.peripherals[0]!.position.line).toBeGreaterThan(1);
  });

  // One row per check of azure-sphere-facts §9 (1-13, 16) and the neighbouring rules.
  const cases: [string, unknown, string, string?][] = [
    ['1 top level must be an object', '[1,2]', 'InvalidJson'],
    ['1 syntax error', '{"SchemaVersion": 1,,}', 'InvalidJson'],
    ['2 SchemaVersion missing', without('SchemaVersion'), 'MissingSchemaVersion'],
    ['2 SchemaVersion 2', { ...VALID_MANIFEST, SchemaVersion: 2 }, 'IncompatibleSchemaVersion', '/SchemaVersion'],
    ['3 Name missing', without('Name'), 'MissingName'],
    ['3 Name over 31 chars', { ...VALID_MANIFEST, Name: 'x'.repeat(32) }, 'NameTruncated', '/Name'],
    ['4 ComponentId not a GUID', { ...VALID_MANIFEST, ComponentId: 'not-a-guid' }, 'InvalidComponentId', '/ComponentId'],
    ['4 ComponentId missing', without('ComponentId'), 'MissingComponentId'],
    ['5 EntryPoint missing', without('EntryPoint'), 'MissingEntryPoint'],
    ['5 EntryPoint not a string', { ...VALID_MANIFEST, EntryPoint: 3 }, 'BadEntryPoint', '/EntryPoint'],
    ['6 CmdArgs absent', without('CmdArgs'), 'MissingCmdArgs'],
    ['6 CmdArgs of numbers', { ...VALID_MANIFEST, CmdArgs: [1] }, 'CmdArgParseError', '/CmdArgs/0'],
    ['7 Capabilities missing', without('Capabilities'), 'MissingCapabilitiesList'],
    ['7 Capabilities not an object', { ...VALID_MANIFEST, Capabilities: [] }, 'MissingCapabilitiesList', '/Capabilities'],
    ['8 ApplicationType unknown', { ...VALID_MANIFEST, ApplicationType: 'Partner' }, 'BadAppType', '/ApplicationType'],
    ['8 ApplicationType not a string', { ...VALID_MANIFEST, ApplicationType: 1 }, 'NonStringAppType', '/ApplicationType'],
    ['9 policy field', { ...VALID_MANIFEST, Policy: {} }, 'ErrorParsingPolicyCapabilities', '/Policy'],
    ['10 boolean capability given a string', withCaps({ WifiConfig: 'yes' }), 'WifiParseError', '/Capabilities/WifiConfig'],
    ['10 Gpio given a string', withCaps({ Gpio: ['8'] }), 'GpioParseError', '/Capabilities/Gpio/0'],
    ['10 Gpio not an array', withCaps({ Gpio: 8 }), 'GpioParseError', '/Capabilities/Gpio'],
    ['10 MutableStorage not an object', withCaps({ MutableStorage: 8 }), 'NonObjectMutableStorageType', '/Capabilities/MutableStorage'],
    ['10 MutableStorage without SizeKB', withCaps({ MutableStorage: {} }), 'MutableStorageMissingRequiredField', '/Capabilities/MutableStorage'],
    ['10 MutableStorage over 64 KB', withCaps({ MutableStorage: { SizeKB: 65 } }), 'MutableStorageRequestTooLarge', '/Capabilities/MutableStorage/SizeKB'],
    ['10 MutableStorage fractional', withCaps({ MutableStorage: { SizeKB: 1.5 } }), 'ErrorParsingMutableStorageField', '/Capabilities/MutableStorage/SizeKB'],
    ['11 TCP port out of range', withCaps({ AllowedTcpServerPorts: [70000] }), 'IllegalTcpPortsValue', '/Capabilities/AllowedTcpServerPorts/0'],
    ['11 UDP port zero', withCaps({ AllowedUdpServerPorts: [0] }), 'IllegalUdpPortsValue', '/Capabilities/AllowedUdpServerPorts/0'],
    ['11 TCP port not a number', withCaps({ AllowedTcpServerPorts: ['80'] }), 'AllowedTcpPortsParseError', '/Capabilities/AllowedTcpServerPorts/0'],
    ['12 PowerControls empty', withCaps({ PowerControls: [] }), 'PowerControlsEmptyParseError', '/Capabilities/PowerControls'],
    ['12 PowerControls duplicate', withCaps({ PowerControls: ['ForceReboot', 'ForceReboot'] }), 'PowerControlsMalformedParseError', '/Capabilities/PowerControls/1'],
    ['12 PowerControls unknown value', withCaps({ PowerControls: ['Explode'] }), 'PowerControlsInvalidEntryParseError', '/Capabilities/PowerControls/0'],
    ['13 deferral without notifications', withCaps({ SoftwareUpdateDeferral: true }), 'DeferralWithoutNotifications', '/Capabilities/SoftwareUpdateDeferral'],
    ['16 I2S in a high-level app', withCaps({ I2sSubordinate: ['I2S0'] }), 'RealTimeOnlyCapability', '/Capabilities/I2sSubordinate'],
    ['16 external interrupt in a high-level app', withCaps({ ExternalInterrupt: ['EINT12'] }), 'RealTimeOnlyCapabilityUnconfirmed', '/Capabilities/ExternalInterrupt'],
    ['unknown capability', withCaps({ Gpoi: [8] }), 'UnknownCapability', '/Capabilities/Gpoi'],
    ['unknown field', { ...VALID_MANIFEST, EntryPiont: '/bin/app' }, 'UnknownField', '/EntryPiont'],
    ['legacy field', { ...VALID_MANIFEST, TargetApplicationRuntimeVersion: 1 }, 'LegacyField', '/TargetApplicationRuntimeVersion'],
    ['GPIO the chip lacks', withCaps({ Gpio: [24] }), 'UndefinedGpioInManifest', '/Capabilities/Gpio/0'],
    ['UART the chip lacks', withCaps({ Uart: ['ISU9'] }), 'UartNotAvailable', '/Capabilities/Uart/0'],
    ['tenant ID placeholder', withCaps({ DeviceAuthentication: '--- YOUR AZURE SPHERE TENANT ID HERE ---' }), 'PlaceholderTenant', '/Capabilities/DeviceAuthentication'],
    ['tenant ID too long', withCaps({ DeviceAuthentication: '1689d8b2-c835-2e27-27ad-e894d6d15fa9-0001' }), 'DeviceAuthTenantIdTooLong', '/Capabilities/DeviceAuthentication'],
    ['tenant ID not a GUID', withCaps({ DeviceAuthentication: 'tenant' }), 'DeviceAuthTenantIdParseError', '/Capabilities/DeviceAuthentication'],
    ['partner not a GUID', withCaps({ AllowedApplicationConnections: ['my-rt-app'] }), 'NonGuidPartner', '/Capabilities/AllowedApplicationConnections/0'],
    ['MallocVersion not an integer', { ...VALID_MANIFEST, MallocVersion: '2' }, 'MallocVersionParseError', '/MallocVersion'],
    ['duplicate key', '{"SchemaVersion":1,"SchemaVersion":1}', 'DuplicateKey', '/SchemaVersion'],
  ];

  it.each(cases)('check %s', (_label, input, expected, pointer) => {
    const { diagnostics } = readManifestText(input);
    const hit = diagnostics.find((d) => d.name === expected);
    expect(hit, `diagnostics were: ${diagnostics.map((d) => d.name).join(', ')}`).toBeDefined();
    if (pointer !== undefined) expect(hit!.pointer).toBe(pointer);
    expect(hit!.position.line).toBeGreaterThanOrEqual(1);
    expect(hit!.message.length).toBeGreaterThan(0);
  });

  it('reuses the device error codes (category << 20 | id)', () => {
    expect(readManifestText({ ...VALID_MANIFEST, SchemaVersion: 2 }).diagnostics[0]!.code).toBe(2097169);
    expect(readManifestText(withCaps({ MutableStorage: { SizeKB: 65 } })).diagnostics[0]!.code).toBe(2097186);
    expect(readManifestText({ ...VALID_MANIFEST, ComponentId: 'x' }).diagnostics[0]!.code).toBe(7340079);
  });

  it('locates a diagnostic at the line and column of the offending key', () => {
    const text = '{\n  "SchemaVersion": 1,\n  "Name": "x",\n  "ComponentId": "1689d8b2-c835-2e27-27ad-e894d6d15fa9",\n  "EntryPoint": "/bin/app",\n  "CmdArgs": [],\n  "Capabilities": { "WifiConfig": 1 }\n}';
    const d = readManifestText(text).diagnostics.find((x) => x.name === 'WifiParseError')!;
    expect(d.position).toEqual({ line: 7, column: 21 });
  });

  it('accepts a UTF-8 byte-order mark', () => {
    const { diagnostics, manifest } = readManifestText('\uFEFF' + JSON.stringify(VALID_MANIFEST));
    expect(diagnostics).toEqual([]);
    expect(manifest?.name).toBe('Blink');
  });

  it('compares component IDs without regard to case', () => {
    const { manifest } = readManifestText({
      ...VALID_MANIFEST,
      ComponentId: '005180BC-402F-4CB3-A662-72937DBCDE47',
      Capabilities: { AllowedApplicationConnections: ['{005180bc-402f-4cb3-a662-72937DBCDE47}'] },
    });
    expect(manifest?.componentId).toBe('005180bc-402f-4cb3-a662-72937dbcde47');
    expect(manifest?.partners[0]!.componentId).toBe(manifest?.componentId);
  });

  it('treats RealTimeCapable apps as real-time and lets them use I2S', () => {
    const { manifest, names } = readManifestText({ ...VALID_MANIFEST, ApplicationType: 'RealTimeCapable', Capabilities: { I2sSubordinate: ['I2S0'] } });
    expect(manifest?.kind).toBe('real-time');
    expect(names).not.toContain('RealTimeOnlyCapability');
  });
});
