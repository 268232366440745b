/**
 * The security lint: each rule flags the manifest a reviewer would stop at, at the value itself, with
 * its stable code, severity and hint, and stays quiet on the sound variant of the same manifest.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CODES, type CodeName } from '../../formats/diagnostics/codes.js';
import { lint, type LintResult } from '../../model/lint/lint.js';
import { VALID_MANIFEST, expectLocated, makeTempDir, named, positionOf, pretty, removeTempDir, writeInput, type Json } from './helpers.js';

let root: string;
let counter = 0;
beforeAll(() => {
  root = makeTempDir();
});
afterAll(() => removeTempDir(root));

const BASE = { ...VALID_MANIFEST, Capabilities: { Gpio: [8] } } as Record<string, Json>;

function lintManifest(capabilities: Record<string, Json>, top: Record<string, Json> = {}): { result: LintResult; file: string; text: string } {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  const text = pretty({ ...BASE, ...top, Capabilities: { ...(BASE['Capabilities'] as Record<string, Json>), ...capabilities } });
  const file = writeInput(dir, 'app_manifest.json', text);
  return { result: lint([file]), file, text };
}

const SECURITY_CODES = Object.entries(CODES).filter(([, info]) => 'tags' in info && (info.tags as readonly string[]).includes('security'));
const securityFindings = (result: LintResult) => result.diagnostics.filter((d) => SECURITY_CODES.some(([name]) => name === d.name));

describe('placeholder tenant IDs (SF6001)', () => {
  // A placeholder GUID is a warning (s35-identity): the device takes the manifest and runs the app, whose device
  // certificate is never ready ("device auth not ready"); text is no GUID, which the device refuses (2097176): an error.
  test.each([
    ['the nil GUID', '00000000-0000-0000-0000-000000000000', 'warning'],
    ['a GUID of one repeated digit', '11111111-1111-1111-1111-111111111111', 'warning'],
    ['the nil GUID in braces', '{00000000-0000-0000-0000-000000000000}', 'warning'],
    ['sample text', 'Replace_with_your_Azure_Sphere_Tenant_ID', 'error'],
    ['angle-bracket text', '<Azure Sphere Tenant ID>', 'error'],
  ] as const)('%s is PlaceholderTenant at DeviceAuthentication (%s), and grants no tenant', (_, tenant, severity) => {
    const { result, file, text } = lintManifest({ DeviceAuthentication: tenant });
    const d = expectLocated(result, { name: 'PlaceholderTenant', file, pointer: '/Capabilities/DeviceAuthentication', position: positionOf(text, '"DeviceAuthentication"'), severity });
    expect(d.hint).toBeTruthy();
    expect(named(result, 'DeviceAuthTenantIdParseError')).toEqual([]);
    expect(result.files[0]!.manifest!.deviceAuthentication).toBeUndefined();
  });

  test('a real tenant ID is not flagged', () => {
    const { result } = lintManifest({ DeviceAuthentication: '52fecdd6-5a57-4cd2-bea1-ec7fa1773c43' });
    expect(securityFindings(result)).toEqual([]);
    expect(result.files[0]!.manifest!.deviceAuthentication).toBe('52fecdd6-5a57-4cd2-bea1-ec7fa1773c43');
  });

  test('any other non-GUID is still the device parse error', () => {
    const { result } = lintManifest({ DeviceAuthentication: 'abc' });
    expect(named(result, 'DeviceAuthTenantIdParseError')).toHaveLength(1);
    expect(named(result, 'PlaceholderTenant')).toEqual([]);
  });
});

describe('AllowedConnections', () => {
  const cases: [string, CodeName][] = [
    ['192.168.35.1', 'IpLiteralConnection'],
    ['51.140.152.91', 'IpLiteralConnection'],
    ['2001:db8::1', 'IpLiteralConnection'],
    ['255.255.255.255', 'BroadcastConnection'],
    ['192.168.1.255', 'BroadcastConnection'],
    ['239.255.255.250', 'BroadcastConnection'],
    ['*', 'WildcardConnection'],
    ['*.com', 'WildcardConnection'],
    ['*.azure-devices.net', 'SharedServiceWildcard'],
    ['*.blob.core.windows.net', 'SharedServiceWildcard'],
    ['<IoT Hub Endpoint>', 'PlaceholderHost'],
    ['REPLACE_WITH_YOUR_AZURE_IOT_HUB_OR_IOT_CENTRAL_URLS', 'PlaceholderHost'],
    ['yourhostname.azure-devices.net', 'PlaceholderHost'],
    ['example.com', 'PlaceholderHost'],
    ['api.example.org', 'PlaceholderHost'],
    ['CHANGE THIS', 'PlaceholderHost'],
  ];
  test.each(cases)('%s is %s at its entry, and only that', (host, name) => {
    const { result, file, text } = lintManifest({ AllowedConnections: ['contoso-hub.azure-devices.net', host] });
    expectLocated(result, { name, file, pointer: '/Capabilities/AllowedConnections/1', position: positionOf(text, JSON.stringify(host)) });
    expect(securityFindings(result).map((d) => d.name)).toEqual([name]);
  });

  test.each(['global.azure-devices-provisioning.net', 'contoso-hub.azure-devices.net', '*.contoso.com', '_sample-service._tcp.local', 'prod.core.sphere.azure.net'])(
    '%s is not flagged',
    (host) => {
      expect(securityFindings(lintManifest({ AllowedConnections: [host] }).result)).toEqual([]);
    },
  );

  test('the wildcard finding is an error, the others are warnings', () => {
    expect(CODES.WildcardConnection.severity).toBe('error');
    for (const name of ['IpLiteralConnection', 'BroadcastConnection', 'SharedServiceWildcard', 'PlaceholderHost'] as const) expect(CODES[name].severity).toBe('warning');
  });
});

describe('listening ports (SF6005)', () => {
  test('each TCP and UDP server port is a ListeningPort warning at its entry', () => {
    const { result, file, text } = lintManifest({ AllowedTcpServerPorts: [4444, 50000], AllowedUdpServerPorts: [1824] });
    expect(named(result, 'ListeningPort').map((d) => d.pointer)).toEqual(['/Capabilities/AllowedTcpServerPorts/0', '/Capabilities/AllowedTcpServerPorts/1', '/Capabilities/AllowedUdpServerPorts/0']);
    const d = expectLocated(result, { name: 'ListeningPort', file, pointer: '/Capabilities/AllowedUdpServerPorts/0', position: positionOf(text, '1824') });
    expect(d.message).toMatch(/UDP port 1824/);
  });

  test('no server ports, no finding; an invalid port is the device error only', () => {
    expect(named(lintManifest({ AllowedTcpServerPorts: [] }).result, 'ListeningPort')).toEqual([]);
    const { result } = lintManifest({ AllowedTcpServerPorts: [0] });
    expect(named(result, 'ListeningPort')).toEqual([]);
    expect(named(result, 'IllegalTcpPortsValue')).toHaveLength(1);
  });
});

describe('network configuration in an app that makes no connection (SF6006)', () => {
  test('WifiConfig and NetworkConfig without AllowedConnections or server ports: one warning at the first', () => {
    const { result, file, text } = lintManifest({ WifiConfig: true, NetworkConfig: true });
    const d = expectLocated(result, { name: 'NetworkConfigWithoutConnections', file, pointer: '/Capabilities/WifiConfig', position: positionOf(text, '"WifiConfig"') });
    expect(d.message).toContain('WifiConfig');
    expect(d.message).toContain('NetworkConfig');
  });

  test.each([
    ['an app that connects', { NetworkConfig: true, AllowedConnections: ['contoso-hub.azure-devices.net'] }],
    ['an app that listens', { NetworkConfig: true, AllowedUdpServerPorts: [5353] }],
    ['an app with the capability switched off', { WifiConfig: false }],
  ])('%s is not flagged', (_, caps) => {
    expect(named(lintManifest(caps as Record<string, Json>).result, 'NetworkConfigWithoutConnections')).toEqual([]);
  });

  test('a capability fragment is not flagged: it lists only what one snippet needs', () => {
    const dir = join(root, `case-${++counter}`);
    mkdirSync(dir);
    const file = writeInput(dir, 'app_manifest.json', pretty({ Capabilities: { NetworkConfig: true } }));
    expect(named(lint([file]), 'NetworkConfigWithoutConnections')).toEqual([]);
  });
});

describe('high-level-only capabilities in real-time apps (SF6007)', () => {
  test('are located warnings, and the app firewall rules do not double-report them', () => {
    const { result, file, text } = lintManifest({ AllowedConnections: ['192.168.35.1'], AllowedTcpServerPorts: [80] }, { ApplicationType: 'RealTimeCapable' });
    expectLocated(result, { name: 'HighLevelOnlyCapability', file, pointer: '/Capabilities/AllowedConnections', position: positionOf(text, '"AllowedConnections"') });
    expectLocated(result, { name: 'HighLevelOnlyCapability', file, pointer: '/Capabilities/AllowedTcpServerPorts', position: positionOf(text, '"AllowedTcpServerPorts"') });
    expect(securityFindings(result).map((d) => d.name)).toEqual(['HighLevelOnlyCapability', 'HighLevelOnlyCapability']);
  });
});

test('every security code is SF6nnn with a hint', () => {
  expect(SECURITY_CODES.length).toBeGreaterThanOrEqual(9);
  for (const [name, info] of SECURITY_CODES) {
    expect(info.code, name).toMatch(/^SF6\d{3}$/);
    expect('hint' in info && info.hint, name).toBeTruthy();
  }
});

test('real names that merely contain a fill-in word are not placeholders', () => {
  for (const host of ['dc.enterprise.com', 'yourls.org', 'todos.contoso.net', 'replacement-parts.contoso.com']) {
    expect(securityFindings(lintManifest({ AllowedConnections: [host] }).result).map((d) => `${host} ${d.name}`)).toEqual([]);
  }
});
