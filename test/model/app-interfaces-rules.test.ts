/**
 * Each rule of model/platform/app-interfaces.ts (the platform components that take an app's input through the
 * interfaces its manifest asks for) on its own, on platform fixtures with one manifest field added in memory:
 * which manifest entry names the network interface, device configuration (PowerControls among it) served by the OS
 * services of the app's own core only, a listing of itself or of an app not installed reaches nothing, and an app
 * with no slot gets only the services that do not depend on a core. Mutation testing (s30) found these unguarded by
 * test/properties/app-interfaces.test.ts.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_INTERFACES_RULE, appInterfaces } from '../../model/platform/app-interfaces.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { requirement } from '../../model/requirements/requirement-profile.js';
import { builtinProfile } from '../helpers/check-context.js';

const load = (name: string): Product => {
  const loaded = loadProduct(resolve(fileURLToPath(import.meta.url), '../../fixtures/platforms', name, 'sevenfold.json'));
  expect(loaded.hasErrors, loaded.diagnostics.map((d) => d.message).join('; ')).toBe(false);
  return loaded.product!;
};
const found = (p: Product) => appInterfaces(p).map((f) => `${f.app} ${f.component} (${f.via}) ${f.pointer}`);

describe('app interfaces, one rule at a time', () => {
  it('network traffic reaches the network parsers of the app\'s core, named by the manifest entry that opens it: connections, else TCP server ports, else UDP', () => {
    const tcp = load('secure-storage-service-unused');
    tcp.apps[0]!.manifest.tcpServerPorts.push(8080);
    expect(found(tcp)).toEqual(['0 os-services (network traffic) /Capabilities/AllowedTcpServerPorts']);
    const udp = load('secure-storage-service-unused');
    udp.apps[0]!.manifest.udpServerPorts.push(53);
    expect(found(udp)).toEqual(['0 os-services (network traffic) /Capabilities/AllowedUdpServerPorts']);
    const both = load('secure-storage-service-unused');
    both.apps[0]!.manifest.udpServerPorts.push(53);
    both.apps[0]!.manifest.allowedConnections.push('example.com');
    expect(found(both)).toEqual(['0 os-services (network traffic) /Capabilities/AllowedConnections']);
  });

  it('device configuration reaches the OS services of the app\'s core: PowerControls alone, and after the boolean capabilities, named by the first', () => {
    const power = load('secure-storage-service-unused');
    power.apps[0]!.manifest.powerControls.push('ForceReboot');
    expect(found(power)).toEqual(['0 os-services (PowerControls) /Capabilities/PowerControls']);
    power.apps[0]!.manifest.enabled.push('WifiConfig');
    expect(found(power)).toEqual(['0 os-services (WifiConfig, PowerControls) /Capabilities/WifiConfig']);
    // Sound twin: a manifest that asks for nothing reaches nothing.
    expect(found(load('secure-storage-service-unused'))).toEqual([]);
  });

  it('a real-time app reaches no OS services nor network stack (none on its core), but does reach the key user behind DeviceAuthentication', () => {
    const p = load('one-sided-partner-reaches-kernel');
    const sampler = p.apps[1]!.manifest;
    sampler.enabled.push('SystemTime');
    sampler.allowedConnections.push('example.com');
    sampler.deviceAuthentication = '00000000-0000-0000-0000-000000000000';
    expect(found(p)).toEqual([
      '1 nw-loader (channel to Motor) /Capabilities/AllowedApplicationConnections/0',
      '1 nw-kernel (channel to Motor) /Capabilities/AllowedApplicationConnections/0',
      '1 pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication',
    ]);
  });

  it('listing itself or its partner twice adds nothing; listing an app not installed reaches the layers above the other app slots (s37: it added nothing)', () => {
    const p = load('one-sided-partner-reaches-kernel');
    const sampler = p.apps[1]!.manifest;
    sampler.partners.push({ componentId: sampler.componentId!, pointer: '/Capabilities/AllowedApplicationConnections/1' }, { ...sampler.partners[0]! });
    expect(found(p)).toEqual(['1 nw-loader (channel to Motor) /Capabilities/AllowedApplicationConnections/0', '1 nw-kernel (channel to Motor) /Capabilities/AllowedApplicationConnections/0']);
    // The kernel reads a message to an absent app to refuse it, as it reads one to a partner that does not list back.
    sampler.partners.push({ componentId: '11111111-2222-4333-8444-555555555555', pointer: '/Capabilities/AllowedApplicationConnections/3' });
    expect(found(p)).toEqual([
      '1 nw-loader (channel to Motor) /Capabilities/AllowedApplicationConnections/0',
      '1 nw-kernel (channel to Motor) /Capabilities/AllowedApplicationConnections/0',
      '1 nw-loader (channel to 11111111-2222-4333-8444-555555555555, which no app of the product has) /Capabilities/AllowedApplicationConnections/3',
      '1 nw-kernel (channel to 11111111-2222-4333-8444-555555555555, which no app of the product has) /Capabilities/AllowedApplicationConnections/3',
    ]);
    // A high-level app listing an absent id: the layers above the real-time slots (none on this design: bare metal); its own kernel is already one exploit away.
    const motor = p.apps[0]!.manifest;
    motor.partners.push({ componentId: '11111111-2222-4333-8444-555555555555', pointer: '/Capabilities/AllowedApplicationConnections/0' });
    expect(found(p).filter((f) => f.startsWith('0 '))).toEqual([]);
  });

  it('an app with no slot in the design gets only the key and storage services, which do not depend on a core', () => {
    const p = load('second-high-level-app-no-slot');
    for (const app of p.apps) {
      app.manifest.deviceAuthentication = '00000000-0000-0000-0000-000000000000';
      app.manifest.enabled.push('SystemTime');
      app.manifest.allowedConnections.push('example.com');
    }
    expect(found(p)).toEqual([
      '0 pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication',
      '0 os-services (network traffic) /Capabilities/AllowedConnections',
      '0 os-services (SystemTime) /Capabilities/SystemTime',
      '1 pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication',
    ]);
  });

  it('the rule named on every edge is the built-in profile\'s requirement', () => {
    expect(requirement(builtinProfile(), APP_INTERFACES_RULE).id).toBe('defense-in-depth.derived-exploitability');
  });

  it('own storage reaches every service that may read or write the storage asset, never another app\'s slot; apps that only list a partner get no storage interface, each its own channels', () => {
    const p = load('app-slot-opens-app-storage');
    // rt-app-0 (FanControl's slot) may read and write the storage asset too: an app slot, not a service.
    expect(p.platform.access.some((r) => r.component === 'rt-app-0' && r.asset === 'app-mutable-storage')).toBe(true);
    expect(found(p)).toEqual([
      '0 nw-kernel (MutableStorage) /Capabilities/MutableStorage',
      '0 os-services (MutableStorage) /Capabilities/MutableStorage',
      '0 pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication',
      '0 os-services (network traffic) /Capabilities/AllowedConnections',
      '0 os-services (SystemEventNotifications, SoftwareUpdateDeferral, PowerControls) /Capabilities/SystemEventNotifications',
      '1 nw-loader (channel to Thermostat) /Capabilities/AllowedApplicationConnections/0',
      '1 nw-kernel (channel to Thermostat) /Capabilities/AllowedApplicationConnections/0',
      '2 nw-loader (channel to Thermostat) /Capabilities/AllowedApplicationConnections/0',
      '2 nw-kernel (channel to Thermostat) /Capabilities/AllowedApplicationConnections/0',
    ]);
  });

  it('a storage service that may only write, or only read, the storage asset still takes the app\'s requests; the storage edge is no network traffic', () => {
    for (const rights of [['write'], ['read']] as const) {
      const p = load('secure-storage-service');
      p.platform.access.find((r) => r.component === 'security-monitor' && r.asset === 'app-mutable-storage')!.rights = [...rights];
      expect(found(p)).toEqual(['0 security-monitor (MutableStorage) /Capabilities/MutableStorage']);
    }
  });

  it('a channel the design opens without the sender listing the receiver (appConnections) reaches the receiver\'s layers; both-list-each-other opens none', () => {
    const p = load('one-sided-partner-reaches-kernel');
    const [motor, sampler] = [p.apps[0]!.manifest, p.apps[1]!.manifest];
    motor.partners = [{ componentId: sampler.componentId!, pointer: '/Capabilities/AllowedApplicationConnections/0' }];
    sampler.partners = [];
    expect(found(p)).toEqual([]);
    for (const appConnections of ['either-lists-the-other', 'any-app'] as const) {
      p.platform.appIsolation = { ...p.platform.appIsolation!, appConnections };
      expect(found(p), appConnections).toEqual(['1 nw-loader (channel to Motor) /Capabilities/AllowedApplicationConnections', '1 nw-kernel (channel to Motor) /Capabilities/AllowedApplicationConnections']);
    }
  });

  it('a sender whose own slot runs above the receiver\'s does not take its own messages', () => {
    const p = load('app-slot-in-supervisor-mode');
    // hl-app runs in normal-world supervisor mode on the A7; FanControl's slot moved under it.
    Object.assign(p.platform.components.find((c) => c.id === 'rt-app-0')!, { core: 'A7', privilege: 'user' });
    p.apps[0]!.manifest.partners = [{ componentId: p.apps[1]!.manifest.componentId!, pointer: '/Capabilities/AllowedApplicationConnections/9' }];
    const channels = found(p).filter((f) => f.startsWith('0 ') && f.includes('channel'));
    expect(channels).toEqual(['0 nw-loader (channel to FanControl_RTApp) /Capabilities/AllowedApplicationConnections/9', '0 nw-kernel (channel to FanControl_RTApp) /Capabilities/AllowedApplicationConnections/9']);
  });

  it('a channel counts only where it leaves this app, to the app it goes to (appConnections either-lists-the-other)', () => {
    const ids = (p: Product) => p.apps.map((a) => a.manifest.componentId!);
    // Only FanControl (app 1) lists AirSampler (app 2): the one channel joins two real-time apps, no layers above them.
    const rtOnly = load('app-slot-opens-app-storage');
    rtOnly.platform.appIsolation = { ...rtOnly.platform.appIsolation!, appConnections: 'either-lists-the-other' };
    rtOnly.apps[0]!.manifest.partners = [];
    rtOnly.apps[1]!.manifest.partners = [{ componentId: ids(rtOnly)[2]!, pointer: '/Capabilities/AllowedApplicationConnections/0' }];
    rtOnly.apps[2]!.manifest.partners = [];
    expect(found(rtOnly).filter((f) => f.includes('channel'))).toEqual([]);
    // Only Thermostat lists AirSampler: AirSampler's channel to Thermostat reaches Thermostat's kernel; FanControl opens none.
    const one = load('app-slot-opens-app-storage');
    one.platform.appIsolation = { ...one.platform.appIsolation!, appConnections: 'either-lists-the-other' };
    one.apps[0]!.manifest.partners = [{ componentId: ids(one)[2]!, pointer: '/Capabilities/AllowedApplicationConnections/0' }];
    one.apps[1]!.manifest.partners = [];
    one.apps[2]!.manifest.partners = [];
    expect(found(one).filter((f) => f.includes('channel'))).toEqual(['2 nw-loader (channel to Thermostat) /Capabilities/AllowedApplicationConnections', '2 nw-kernel (channel to Thermostat) /Capabilities/AllowedApplicationConnections']);
  });

  it('a high-level app listing itself reaches nothing through that listing', () => {
    const p = load('one-sided-partner-reaches-kernel');
    const motor = p.apps[0]!.manifest;
    motor.partners = [{ componentId: motor.componentId!, pointer: '/Capabilities/AllowedApplicationConnections/0' }];
    expect(found(p).filter((f) => f.startsWith('0 '))).toEqual([]);
  });

  it('DeviceAuthentication reaches a component that may use a private key, or a key store, either alone', () => {
    for (const kept of ['device-identity-key', 'pluton-key-store']) {
      const p = load('one-sided-partner-reaches-kernel');
      p.platform.access = p.platform.access.filter((r) => !(r.component === 'pluton-runtime' && r.rights.includes('use') && r.asset !== kept));
      p.apps[1]!.manifest.deviceAuthentication = '00000000-0000-0000-0000-000000000000';
      expect(found(p), kept).toContain('1 pluton-runtime (DeviceAuthentication) /Capabilities/DeviceAuthentication');
    }
  });

  it("another app's network traffic is not this app's", () => {
    const p = load('second-high-level-app-no-slot');
    p.apps[1]!.manifest.allowedConnections.push('example.com');
    p.platform.appIsolation = { ...p.platform.appIsolation!, networkFirewall: 'allowed-connections' };
    expect(found(p).filter((f) => f.startsWith('0 '))).toEqual([]);
  });
});
