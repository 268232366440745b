import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { bootDevice, Device } from '../../emulator/app-device.js';
import { FailureLog } from '../../emulator/failure-log.js';

const THERMOSTAT = '5c2f4a8e-7b1d-4e63-9a0f-3d8c61b2e9a4';
const FAN = '9b7e3f10-4c2a-4d8e-b5a1-6f0c2e7d8a31';
const SAMPLER = 'e1a6c2d4-8f3b-4a79-9c05-2b7d4e6f1a83';

const boot = (): Device => {
  const result = bootDevice(loadProduct(builtinProductFile()).product!);
  if (!result.ok) throw new Error(result.reason);
  return result.device;
};

describe('app crashes and restarts', () => {
  it('stops only the crashed app and logs an app-crash event', () => {
    const device = boot();
    expect(device.syscall(FAN, { kind: 'crash', reason: 'SIGSEGV' })).toEqual({ ok: true });
    expect(device.appState(FAN)).toBe('crashed');
    expect(device.appState(THERMOSTAT)).toBe('running');
    expect(device.appState(SAMPLER)).toBe('running');
    expect(device.bootCount).toBe(1);
    expect(device.failures({ kind: 'app-crash' })).toEqual([{ sequence: 1, kind: 'app-crash', app: FAN, detail: expect.stringContaining('SIGSEGV'), boot: 1 }]);
    expect(device.syscall(FAN, { kind: 'peripheral-read', capability: 'Gpio', value: 20 })).toEqual({ ok: false, errno: 'ESRCH' });
    expect(device.syscall(SAMPLER, { kind: 'peripheral-read', capability: 'Adc', value: 'ADC-CONTROLLER-0' })).toEqual({ ok: true, data: 0 });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' })).toEqual({ ok: true, fd: 3 });
  });

  it('lets partners keep sending to a crashed app; its inbox is emptied when it restarts', () => {
    const device = boot();
    device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'before' });
    device.syscall(FAN, { kind: 'crash', reason: 'SIGABRT' });
    expect(device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'while down' })).toEqual({ ok: true });
    expect(device.restartApp(FAN)).toEqual({ ok: true });
    expect(device.app(FAN)!.restarts).toBe(1);
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: null });
    device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'after' });
    expect(device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT })).toEqual({ ok: true, data: 'after' });
  });

  it('restarts a crashed app without a reboot, with fresh descriptors and its storage kept', () => {
    const device = boot();
    device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'kept' });
    device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' });
    device.syscall(THERMOSTAT, { kind: 'crash', reason: 'watchdog' });
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: false, errno: 'ESRCH' });
    device.restartApp(THERMOSTAT);
    expect(device.bootCount).toBe(1);
    expect(device.appState(THERMOSTAT)).toBe('running');
    expect(device.syscall(THERMOSTAT, { kind: 'storage-read', owner: THERMOSTAT })).toEqual({ ok: true, data: 'kept' });
    expect(device.syscall(THERMOSTAT, { kind: 'connect', host: 'thermostat-hub.azure-devices.net' })).toEqual({ ok: true, fd: 3 });
  });

  it('records what each app observed, ESRCH answers included, per app', () => {
    const device = boot();
    device.syscall(FAN, { kind: 'peripheral-write', capability: 'Gpio', value: 20, data: 2 });
    device.syscall(THERMOSTAT, { kind: 'channel-send', to: FAN, data: 'hi' });
    device.syscall(FAN, { kind: 'channel-receive', from: THERMOSTAT });
    device.syscall(FAN, { kind: 'exit', code: 0 });
    device.syscall(FAN, { kind: 'peripheral-read', capability: 'Gpio', value: 20 });
    expect(device.observations(FAN).map((o) => [o.step, o.call.kind, o.result])).toEqual([
      [0, 'peripheral-write', { ok: true }],
      [1, 'channel-receive', { ok: true, data: 'hi' }],
      [2, 'exit', { ok: true }],
      [3, 'peripheral-read', { ok: false, errno: 'ESRCH' }],
    ]);
    expect(device.observations(THERMOSTAT)).toHaveLength(1);
  });

  it('logs an exit only when its code is not zero', () => {
    const device = boot();
    device.syscall(FAN, { kind: 'exit', code: 0 });
    device.syscall(SAMPLER, { kind: 'exit', code: 3 });
    expect(device.appState(FAN)).toBe('exited');
    expect(device.failures().map((e) => [e.kind, e.app])).toEqual([['app-exit', SAMPLER]]);
    expect(device.failures()[0]!.detail).toContain('code 3');
  });

  it('numbers failure events device-wide and keeps numbering across restarts and reboots', () => {
    const device = boot();
    device.syscall(FAN, { kind: 'connect', host: 'x' });
    device.syscall(FAN, { kind: 'crash', reason: 'SIGSEGV' });
    device.restartApp(FAN);
    device.syscall(THERMOSTAT, { kind: 'storage-read', owner: FAN });
    device.reboot('test');
    device.syscall(SAMPLER, { kind: 'channel-send', to: FAN, data: 'x' });
    expect(device.failures().map((e) => [e.sequence, e.kind, e.boot])).toEqual([
      [1, 'network-denial', 1],
      [2, 'app-crash', 1],
      [3, 'storage-denial', 1],
      [4, 'device-reboot', 2],
      [5, 'channel-denial', 2],
    ]);
    expect(device.failures({ app: FAN }).map((e) => e.kind)).toEqual(['network-denial', 'app-crash']);
    const log = new FailureLog();
    expect(log.append({ kind: 'app-crash', app: 'a', detail: 'd', boot: 1 }).sequence).toBe(1);
    expect(log.length).toBe(1);
  });

  it('a device reboot restarts every app, clears peripheral levels and keeps storage', () => {
    const device = boot();
    device.syscall(FAN, { kind: 'peripheral-write', capability: 'Gpio', value: 20, data: 1 });
    device.syscall(THERMOSTAT, { kind: 'storage-write', owner: THERMOSTAT, data: 'x' });
    device.syscall(SAMPLER, { kind: 'crash', reason: 'SIGSEGV' });
    device.reboot();
    expect(device.bootCount).toBe(2);
    expect(device.appIds().map((id) => device.appState(id))).toEqual(['running', 'running', 'running']);
    expect(device.level('Gpio', 20)).toBe(0);
    expect(device.storageUsed(THERMOSTAT)).toBe(1);
  });
});
