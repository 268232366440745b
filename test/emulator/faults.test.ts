import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct, type Product } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { bootDevice, Device } from '../../emulator/app-device.js';
import { activeFaults, type EmulatorFaults } from '../../emulator/faults.js';

const THERMOSTAT = '5c2f4a8e-7b1d-4e63-9a0f-3d8c61b2e9a4';
const FAN = '9b7e3f10-4c2a-4d8e-b5a1-6f0c2e7d8a31';
const SAMPLER = 'e1a6c2d4-8f3b-4a79-9c05-2b7d4e6f1a83';

const builtin = (): Product => loadProduct(builtinProductFile()).product!;
const boot = (faults: EmulatorFaults, product: Product = builtin()): Device => {
  const result = bootDevice(product, { faults });
  if (!result.ok) throw new Error(result.reason);
  return result.device;
};

describe('fault injection', () => {
  it('firewallPerPin: programs claimed pins only and leaves the rest open to every core', () => {
    const device = boot({ firewallPerPin: true });
    expect(device.firewall.mode).toBe('per-pin');
    expect(device.firewall.entries().get('GPIO 20')).toBe(device.app(FAN)!.core);
    expect(device.firewall.entries().has('GPIO 21')).toBe(false);
    expect(device.syscall(SAMPLER, { kind: 'peripheral-write', capability: 'Gpio', value: 21, data: 1 })).toEqual({ ok: true });
    expect(device.syscall(SAMPLER, { kind: 'peripheral-read', capability: 'Gpio', value: 0 })).toEqual({ ok: true, data: 0 });
    expect(device.syscall(SAMPLER, { kind: 'peripheral-read', capability: 'Gpio', value: 20 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(SAMPLER, { kind: 'peripheral-read', capability: 'Gpio', value: 5 })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'peripheral-read', capability: 'Gpio', value: 21 })).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('channelOnOneSidedLink: opens a channel that only one side lists', () => {
    const product = builtin();
    const oneSided = { ...product, apps: product.apps.map((a) => (a.manifest.name === 'FanControl_RTApp' ? { ...a, manifest: { ...a.manifest, partners: [] } } : a)) };
    expect(boot({}, oneSided).syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'x' }).ok).toBe(false);
    const device = boot({ channelOnOneSidedLink: true }, oneSided);
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'x' })).toEqual({ ok: true });
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: 'x' });
    expect(device.syscall(FAN, { kind: 'channel-send', to: SAMPLER, data: 'x' }).ok).toBe(false);
  });

  it('connectToUndeclaredHost: lets a high-level app connect anywhere, real-time apps still nowhere', () => {
    const device = boot({ connectToUndeclaredHost: true });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'evil.example.net' })).toEqual({ ok: true, fd: 3 });
    expect(device.syscall(FAN, { kind: 'connect', host: 'evil.example.net' }).ok).toBe(false);
  });

  it("sharedStorage: lets an app read another app's storage, not write it", () => {
    const device = boot({ sharedStorage: true });
    device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'secret' });
    expect(device.syscall(FAN, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: 'secret' });
    expect(device.syscall(FAN, { kind: 'storage-write', owner: THERMOSTAT, data: 'x' })).toEqual({ ok: false, errno: 'EACCES' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: FAN })).toEqual({ ok: false, errno: 'EACCES' });
  });

  it('crashRebootsDevice: one crash reboots the whole device', () => {
    const device = boot({ crashRebootsDevice: true });
    device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' });
    device.syscall(FAN, { kind: 'crash', reason: 'SIGSEGV' });
    expect(device.bootCount).toBe(2);
    expect(device.failures().map((e) => e.kind)).toEqual(['app-crash', 'device-reboot']);
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' })).toEqual({ ok: true, fd: 3 });
  });

  it('lists the active faults', () => {
    expect(activeFaults(undefined)).toEqual([]);
    expect(activeFaults({ sharedStorage: true, firewallPerPin: false })).toEqual(['sharedStorage']);
  });
});
