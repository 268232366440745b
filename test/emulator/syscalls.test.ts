import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { bootDevice, type Device } from '../../emulator/app-device.js';
import { boot, builtin, edit, FAN, SAMPLER, THERMOSTAT } from '../helpers/app-device.js';
import { hostEntryMatches } from '../../emulator/os-capabilities.js';

const lastEvent = (device: Device) => device.failures().at(-1);

describe('peripheral syscalls', () => {
  it('lets a high-level app use what it declares, on blocks its core owns', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-open', capability: 'Gpio', value: 12 })).toEqual({ ok: true, fd: 3 });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-write', capability: 'Gpio', value: 16, data: 1 })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-read', capability: 'Gpio', value: 16 })).toEqual({ ok: true, data: 1 });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-open', capability: 'I2cMaster', value: 'ISU2' })).toEqual({ ok: true, fd: 4 });
    expect(device.failures()).toEqual([]);
  });

  it('stops a high-level app at the OS capability check for anything undeclared, even in its own block', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-read', capability: 'Gpio', value: 14 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'capability-denial', app: THERMOSTAT, errno: 'EACCES', sequence: 1 });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-open', capability: 'Uart', value: 'ISU2' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-write', capability: 'Gpio', value: 20, data: 1 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'capability-denial', sequence: 3 });
    expect(device.level('Gpio', 20)).toBe(0);
  });

  it('lets a real-time app touch every pin of the blocks its core owns, and nothing else', () => {
    const device = boot();
    expect(device.syscall(FAN, { kind: 'peripheral-write', capability: 'Gpio', value: 21, data: 1 })).toEqual({ ok: true });
    expect(device.syscall(FAN, { kind: 'peripheral-open', capability: 'Gpio', value: 4 })).toEqual({ ok: true, fd: 3 });
    expect(device.syscall(FAN, { kind: 'peripheral-read', capability: 'Gpio', value: 12 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'firewall-denial', app: FAN, errno: 'EACCES' });
    expect(lastEvent(device)!.detail).toContain('GPIO-3 belongs to A7');
    expect(device.syscall(SAMPLER, { kind: 'peripheral-read', capability: 'Gpio', value: 21 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(FAN, { kind: 'peripheral-read', capability: 'Gpio', value: 0 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)!.detail).toContain('closed to every core');
    // An interrupt line goes with its GPIO's block: EINT20 is on GPIO 20 (block GPIO-5, the fan's), EINT12 on A7's GPIO-3.
    expect(device.syscall(FAN, { kind: 'peripheral-open', capability: 'ExternalInterrupt', value: 'EINT20' })).toEqual({ ok: true, fd: 4 });
    expect(device.syscall(FAN, { kind: 'peripheral-open', capability: 'ExternalInterrupt', value: 'EINT12' })).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('answers ENODEV for a peripheral the chip does not have', () => {
    const device = boot();
    expect(device.syscall(FAN, { kind: 'peripheral-open', capability: 'Gpio', value: 24 })).toEqual({ ok: false, errno: 'ENODEV' });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-open', capability: 'Uart', value: 'ISU9' })).toEqual({ ok: false, errno: 'ENODEV' });
    expect(lastEvent(device)).toMatchObject({ kind: 'no-such-resource', errno: 'ENODEV' });
  });

  it('agrees with the spec for every app and every chip peripheral, by its own mechanisms', () => {
    const spec = new IsolationSpec(builtin());
    const result = bootDevice(spec.product);
    if (!result.ok) throw new Error(result.reason);
    const chip = spec.product.chip;
    let checked = 0;
    for (const app of result.device.appIds()) {
      for (const [capability, values] of Object.entries(chip.peripherals) as [PeripheralCapability, readonly (string | number)[]][]) {
        for (const value of values) {
          const decision = spec.peripheralAccess(app, capability, value);
          const answer = result.device.syscall(app, { kind: 'peripheral-open', capability, value });
          expect(answer.ok, `${app} ${capability} ${value}`).toBe(decision.allowed);
          if (!answer.ok && !decision.allowed) expect(answer.errno).toBe(decision.errno);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });
});

describe('inter-core channels', () => {
  it('delivers messages between apps that list each other, in order, whatever the id spelling', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN.toUpperCase(), data: 'one' })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: `{${FAN}}`, data: 'two' })).toEqual({ ok: true });
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: 'one' });
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: 'two' });
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: null });
    expect(device.syscall(SAMPLER, { kind: 'channel-send', to: THERMOSTAT, data: 'ppm=4' })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'channel-receive', from: SAMPLER })).toEqual({ ok: true, data: 'ppm=4' });
  });

  it('refuses a channel between apps that do not list each other, and to unknown apps', () => {
    const device = boot();
    expect(device.syscall(FAN, { kind: 'channel-send', to: SAMPLER, data: 'x' })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
    expect(lastEvent(device)).toMatchObject({ kind: 'channel-denial', app: FAN, errno: 'ECONNREFUSED' });
    expect(device.syscall(SAMPLER, { kind: 'channel-receive', from: FAN })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: '00000000-0000-4000-8000-000000000000', data: 'x' })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
  });

  it('keeps a one-sided link closed in both directions', () => {
    const device = boot(edit(builtin(), 'FanControl_RTApp', () => ({ partners: [] })));
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'x' })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
    expect(device.syscall(FAN, { kind: 'channel-send', to: THERMOSTAT, data: 'x' })).toEqual({ ok: false, errno: 'ECONNREFUSED' });
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: SAMPLER, data: 'x' })).toEqual({ ok: true });
  });
});

describe('network syscalls', () => {
  it('lets a high-level app connect only to AllowedConnections hosts, without regard to case', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' })).toEqual({ ok: true, fd: 3 });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'THERMOSTAT-HUB.Azure-Devices.NET' })).toEqual({ ok: true, fd: 4 });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'evil.azure-devices.net' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'network-denial', app: THERMOSTAT, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'sub.thermostat-hub.azure-devices.net' })).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('matches "*.example.com" against subdomains only', () => {
    const device = boot(edit(builtin(), 'Thermostat', () => ({ allowedConnections: ['*.example.com'] })));
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'a.example.com' }).ok).toBe(true);
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'A.B.EXAMPLE.COM' }).ok).toBe(true);
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'example.com' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'badexample.com' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(hostEntryMatches('*.example.com', '.example.com')).toBe(false);
    // The spec's trailing-dot rule, read again: an absolute DNS name is the same host.
    expect(hostEntryMatches('hub.example.com.', 'hub.example.com')).toBe(true);
    expect(hostEntryMatches('hub.example.com', 'HUB.example.com.')).toBe(true);
    expect(hostEntryMatches('*.example.com.', 'a.example.com')).toBe(true);
    expect(hostEntryMatches('hub.example.com..', 'hub.example.com')).toBe(false);
    expect(hostEntryMatches('*', 'anything.example.org')).toBe(true);
  });

  it('lets an app that lists a DNS-SD service name connect to whatever host the discovery names', () => {
    const device = boot(edit(builtin(), 'Thermostat', () => ({ allowedConnections: ['_sample-service._tcp.local'] })));
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'sensor-7.local' }).ok).toBe(true);
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'exfiltrate.example.org' }).ok).toBe(true);
    const plain = boot(edit(builtin(), 'Thermostat', () => ({ allowedConnections: ['_dmarc.example.com'] })));
    expect(plain.syscall(THERMOSTAT, { kind: 'connect', host: 'exfiltrate.example.org' })).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('lets a high-level app listen only on declared ports of the declared protocol', () => {
    const device = boot(edit(builtin(), 'Thermostat', () => ({ tcpServerPorts: [1883], udpServerPorts: [5683] })));
    expect(device.syscall(THERMOSTAT, { kind: 'listen', protocol: 'tcp', port: 1883 })).toEqual({ ok: true, fd: 3 });
    expect(device.syscall(THERMOSTAT, { kind: 'listen', protocol: 'udp', port: 5683 })).toEqual({ ok: true, fd: 4 });
    expect(device.syscall(THERMOSTAT, { kind: 'listen', protocol: 'udp', port: 1883 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'listen', protocol: 'tcp', port: 80 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'network-denial', errno: 'EACCES' });
  });

  it('gives real-time apps no network at all', () => {
    const device = boot();
    expect(device.syscall(FAN, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(SAMPLER, { kind: 'listen', protocol: 'tcp', port: 80 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)!.detail).toContain('real-time');
  });
});

describe('storage syscalls', () => {
  it('lets an app read, append to and delete its own storage', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: '' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'a=1;' })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT.toUpperCase(), data: 'b=2;' })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: 'a=1;b=2;' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-delete', owner: THERMOSTAT })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: '' });
  });

  it('fails a write past the SizeKB quota with ENOSPC and keeps the file as it was', () => {
    const device = boot();
    expect(device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'q'.repeat(16 * 1024 - 1) })).toEqual({ ok: true });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'qq' })).toEqual({ ok: false, errno: 'ENOSPC' });
    expect(lastEvent(device)).toMatchObject({ kind: 'storage-quota', app: THERMOSTAT, errno: 'ENOSPC' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'q' })).toEqual({ ok: true });
    expect(device.storageUsed(THERMOSTAT)).toBe(16 * 1024);
  });

  it("refuses another app's storage (EACCES) and storage an app did not declare (ENOENT)", () => {
    const device = boot();
    device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'secret' });
    expect(device.syscall(FAN, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: false, errno: 'EACCES' });
    expect(lastEvent(device)).toMatchObject({ kind: 'storage-denial', app: FAN, errno: 'EACCES' });
    expect(device.syscall(FAN, { kind: 'storage-write', owner: THERMOSTAT, data: 'x' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(FAN, { kind: 'storage-delete', owner: THERMOSTAT })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(FAN, { kind: 'storage-read', owner: FAN })).toEqual({ ok: false, errno: 'ENOENT' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: 'secret' });
  });
});
