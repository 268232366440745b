/**
 * Capabilities that only a high-level app can hold (network, device authentication, storage, Wi-Fi and
 * network configuration, OS services), asked for by a RealTimeCapable app: a located warning in lint, and
 * the model grants the app none of it (it runs on an M4 core without the OS and its network stack). A
 * warning rather than an error: the device's own error table names no such case, so it may be accepted
 * and ignored; the grant is what matters for a sound verdict.
 */
import { describe, expect, test } from 'vitest';
import { CODES } from '../../formats/diagnostics/codes.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { HIGH_LEVEL_ONLY } from '../../formats/manifest/capabilities.js';
import { app, idOf, product } from '../proofs/build-product.js';
import { VALID_MANIFEST, readManifestText } from '../helpers.js';

const RT = { ...VALID_MANIFEST, ApplicationType: 'RealTimeCapable', EntryPoint: '/bin/app.out', Capabilities: { Gpio: [8] } };

const withCapabilities = (capabilities: Record<string, unknown>) => ({ ...RT, Capabilities: { ...RT.Capabilities, ...capabilities } });

describe('high-level-only capabilities in a real-time app', () => {
  test.each([
    ['AllowedConnections', ['example.net']],
    ['AllowedTcpServerPorts', [8080]],
    ['AllowedUdpServerPorts', [5000]],
    ['DeviceAuthentication', 'abcdef01-2345-6789-abcd-ef0123456789'],
    ['MutableStorage', { SizeKB: 8 }],
    ['WifiConfig', true],
    ['NetworkConfig', true],
    ['EnterpriseWifiConfig', true],
    ['CertStore', true],
    ['PowerControls', ['ForceReboot']],
    ['SystemTime', true],
    ['SystemEventNotifications', true],
  ])('%s is a HighLevelOnlyCapability warning at its key', (key, value) => {
    const { diagnostics } = readManifestText(withCapabilities({ [key]: value }));
    const found = diagnostics.filter((d) => d.name === 'HighLevelOnlyCapability');
    expect(found.map((d) => d.pointer)).toEqual([`/Capabilities/${key}`]);
    expect(found[0]!.severity).toBe('warning');
    expect(found[0]!.code).toBe(CODES.HighLevelOnlyCapability.code);
  });

  test('the manifest model grants a real-time app none of them', () => {
    const { manifest } = readManifestText(
      withCapabilities({ AllowedConnections: ['example.net'], AllowedTcpServerPorts: [8080], DeviceAuthentication: 'abcdef01-2345-6789-abcd-ef0123456789', MutableStorage: { SizeKB: 8 }, WifiConfig: true }),
    );
    expect(manifest!.kind).toBe('real-time');
    expect(manifest!.allowedConnections).toEqual([]);
    expect(manifest!.tcpServerPorts).toEqual([]);
    expect(manifest!.deviceAuthentication).toBeUndefined();
    expect(manifest!.mutableStorageKB).toBeUndefined();
    expect(manifest!.enabled).not.toContain('WifiConfig');
    expect(manifest!.peripherals.map((p) => p.value)).toEqual([8]);
  });

  test('asking for nothing (false, empty list) is not a finding', () => {
    const { names } = readManifestText(withCapabilities({ AllowedConnections: [], WifiConfig: false, AllowedTcpServerPorts: [] }));
    expect(names).not.toContain('HighLevelOnlyCapability');
  });

  test('a high-level app may hold every one of them', () => {
    const { names } = readManifestText({ ...VALID_MANIFEST, Capabilities: { AllowedConnections: ['example.net'], MutableStorage: { SizeKB: 8 }, WifiConfig: true, DeviceAuthentication: 'abcdef01-2345-6789-abcd-ef0123456789' } });
    expect(names).not.toContain('HighLevelOnlyCapability');
  });

  test('peripherals and partner links are what a real-time app may hold', () => {
    for (const key of ['Gpio', 'Uart', 'I2cMaster', 'SpiMaster', 'Pwm', 'Adc', 'I2sSubordinate', 'ExternalInterrupt', 'AllowedApplicationConnections']) {
      expect(HIGH_LEVEL_ONLY.has(key), key).toBe(false);
    }
  });
});

describe('the isolation model', () => {
  test('grants a real-time app no storage and no network, whatever its manifest model says', () => {
    const rt = app({ name: 'Motor', kind: 'real-time', storageKB: 8, hosts: ['example.net'], tcp: [8080], udp: [5000] });
    const hl = app({ name: 'Cloud', storageKB: 8, hosts: ['example.net'] });
    const spec = new IsolationSpec(product([hl, rt]));
    const motor = idOf('Motor');
    expect(spec.storageAccess(motor, motor).allowed).toBe(false);
    expect(spec.connectAccess(motor, 'example.net').allowed).toBe(false);
    expect(spec.listenAccess(motor, 'tcp', 8080).allowed).toBe(false);
    expect(spec.listenAccess(motor, 'udp', 5000).allowed).toBe(false);
    const motorEdges = spec.accessEdges().filter((e) => e.from === motor);
    expect(motorEdges.filter((e) => ['storage', 'host', 'port'].includes(e.to.kind))).toEqual([]);
    // The high-level app keeps its own.
    const cloud = idOf('Cloud');
    expect(spec.storageAccess(cloud, cloud).allowed).toBe(true);
    expect(spec.accessEdges().some((e) => e.from === cloud && e.to.kind === 'storage')).toBe(true);
  });
});
