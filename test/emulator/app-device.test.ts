import { describe, expect, it } from 'vitest';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { bootDevice, prepareBoot } from '../../emulator/app-device.js';
import { IoWindows } from '../../emulator/io-windows.js';
import { boot, builtin, edit, FAN, SAMPLER, THERMOSTAT } from '../helpers/app-device.js';


describe('booting the emulated device', () => {
  it('starts every app of the built-in product on the core the allocation gives it', () => {
    const device = boot();
    expect(device.appIds()).toEqual([THERMOSTAT, FAN, SAMPLER]);
    expect(device.appIds().map((id) => device.appState(id))).toEqual(['running', 'running', 'running']);
    expect(device.app(THERMOSTAT)!.core).toBe('A7');
    expect(new Set([device.app(FAN)!.core, device.app(SAMPLER)!.core])).toEqual(new Set(['M4-0', 'M4-1']));
    expect(device.bootCount).toBe(1);
    expect(device.failures()).toEqual([]);
  });

  it('programs the firewall as a per-block table copied from the allocation, leaving unclaimed blocks closed', () => {
    const spec = new IsolationSpec(builtin());
    const result = bootDevice(spec.product);
    if (!result.ok || !spec.allocation.ok) throw new Error('boot failed');
    const table = result.device.firewall.entries();
    expect(result.device.firewall.mode).toBe('per-block');
    expect(new Map(table)).toEqual(spec.allocation.allocation.blockOwner);
    expect(table.has('GPIO-0')).toBe(false);
    expect(result.device.firewall.access('A7', 'Gpio', 0)).toMatchObject({ granted: false, owner: 'closed' });
    expect(result.device.firewall.access('M4-0', 'Gpio', 0)).toMatchObject({ granted: false, owner: 'closed' });
  });

  it('boots on a shared block index only if it was built for the product\'s chip, and the shared index changes nothing', () => {
    const spec = new IsolationSpec(builtin());
    const shared = new IoWindows(spec.product.chip);
    const own = bootDevice(spec.product);
    const first = bootDevice(spec.product, { windows: shared });
    const second = bootDevice(spec.product, { windows: shared });
    if (!own.ok || !first.ok || !second.ok) throw new Error('boot failed');
    expect(first.device.firewall.entries()).toEqual(own.device.firewall.entries());
    expect(second.device.firewall.entries()).toEqual(own.device.firewall.entries());
    // An index of another chip (here: a copy of the profile with a block less) is refused, not used.
    const otherChip = { ...spec.product.chip, blocks: spec.product.chip.blocks.slice(1) };
    expect(() => bootDevice(spec.product, { windows: new IoWindows(otherChip) })).toThrow(/built for chip/);
  });

  it('boots from a product prepared once only for that very product, and each device booted from it is its own', () => {
    const spec = new IsolationSpec(builtin());
    const prepared = prepareBoot(spec.product);
    const own = bootDevice(spec.product);
    const first = bootDevice(spec.product, { prepared });
    const second = bootDevice(spec.product, { prepared });
    if (!own.ok || !first.ok || !second.ok) throw new Error('boot failed');
    expect(first.device.firewall.entries()).toEqual(own.device.firewall.entries());
    // A device changing its own state (a firewall entry, storage) leaves the prepared product and other devices alone.
    const [block] = [...first.device.firewall.entries().keys()];
    first.device.firewall.configure(block!, 'M4-1-changed');
    expect(second.device.firewall.entries()).toEqual(own.device.firewall.entries());
    const third = bootDevice(spec.product, { prepared });
    if (!third.ok) throw new Error('boot failed');
    expect(third.device.firewall.entries()).toEqual(own.device.firewall.entries());
    // Prepared from another product (an equal copy is still another object: it may have been changed since) is refused, not used.
    const other = new IsolationSpec(builtin()).product;
    expect(() => bootDevice(other, { prepared })).toThrow(/prepared from another product/);
    // A block index other than the one it was prepared with is refused too.
    expect(() => bootDevice(spec.product, { prepared, windows: new IoWindows(spec.product.chip) })).toThrow(/not the one its prepared boot/);
    // Preparing a product that the device refuses keeps the refusal.
    const clash = edit(builtin(), 'FanControl_RTApp', (m) => ({ peripherals: [...m.peripherals, { ...m.peripherals.find((p) => p.capability === 'Gpio')!, raw: 12, value: 12 }] }));
    const refused = new IsolationSpec(clash).product;
    expect(bootDevice(refused, { prepared: prepareBoot(refused) })).toMatchObject({ ok: false });
  });

  it('refuses to start a product whose allocation fails, with the Azure Sphere device error', () => {
    const clash = edit(builtin(), 'FanControl_RTApp', (m) => ({ peripherals: [...m.peripherals, { ...m.peripherals.find((p) => p.capability === 'Gpio')!, raw: 12, value: 12 }] }));
    const spec = new IsolationSpec(clash);
    expect(spec.allocation.ok).toBe(false);
    const result = bootDevice(spec.product);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain('refuses to start');
    expect(result.refusals.length).toBeGreaterThan(0);
    expect(result.deviceError).toBeTypeOf('number');
  });

  it('refuses to start a product with more real-time apps than M4 cores', () => {
    const product = builtin();
    const third = product.apps[2]!;
    const crowded = { ...product, apps: [...product.apps, { ...third, manifest: { ...third.manifest, componentId: '11111111-2222-4333-8444-555555555555', name: 'Third_RTApp', peripherals: [] } }] };
    const result = bootDevice(crowded);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/no real-time core/);
  });

  it('runs loaded programs round-robin and restarts a program from the top', () => {
    const result = bootDevice(builtin(), {
      programs: {
        [THERMOSTAT]: [
          { kind: 'storage-write', owner: THERMOSTAT, data: 'set-point=21' },
          { kind: 'channel-send', to: FAN, data: 'speed=2' },
          { kind: 'exit', code: 0 },
        ],
        [FAN]: [
          { kind: 'peripheral-write', capability: 'Gpio', value: 20, data: 1 },
          { kind: 'channel-receive', from: THERMOSTAT },
          { kind: 'channel-receive', from: THERMOSTAT },
        ],
      },
    });
    if (!result.ok) throw new Error(result.reason);
    const device = result.device;
    expect(device.run()).toBe(6);
    expect(device.observations(FAN).map((o) => o.result)).toEqual([{ ok: true }, { ok: true, data: 'speed=2' }, { ok: true, data: null }]);
    expect(device.appState(THERMOSTAT)).toBe('exited');
    expect(device.step(THERMOSTAT)).toBeUndefined();
    device.restartApp(THERMOSTAT);
    expect(device.step(THERMOSTAT)).toEqual({ ok: true });
    expect(device.storageUsed(THERMOSTAT)).toBe('set-point=21'.length * 2);
    expect(device.level('Gpio', 20)).toBe(1);
  });

  it('answers ENOENT for an app that is not installed, without a trace or an event', () => {
    const device = boot();
    expect(device.syscall('00000000-0000-4000-8000-000000000000', { kind: 'connect', host: 'x' })).toEqual({ ok: false, errno: 'ENOENT' });
    expect(device.restartApp('nobody')).toEqual({ ok: false, errno: 'ENOENT' });
    expect(device.failures()).toEqual([]);
  });
});
