/**
 * Audit 11, continued (the emulator enforces the design at run time): the apps' mutable storage follows the
 * design's access rules on its storage asset as well as appIsolation (model/isolation/storage-rights.ts; the
 * emulator's own reading is emulator/design-rights.ts storageServiceOf / directStorageRightsOf, held against it by
 * the isolation differential harness). Before, storage followed appIsolation alone: fixture
 * app-slot-opens-app-storage (the fan controller's slot may read and write the apps' storage, appIsolation says
 * per-app) held compartmentalization ("5 app protections withstood their attacks"). Now the fan controller reads the
 * thermostat's storage in both readings, and storage-isolation fails, naming the access rule. The stricter reading
 * on the OS's path: with an OS that may only read the storage (app-storage-read-only-for-os) apps cannot write even
 * their own, in both readings, and compartmentalization holds; a right held only by a component the device never
 * boots serves nothing.
 */
import { describe, expect, it } from 'vitest';
import { bootDevice } from '../../emulator/app-device.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { type Product } from '../../model/product/product.js';
import { checkCompartmentalization } from '../../properties/compartmentalization/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const load = loadPlatformFixture;
const context = checkContext({ seed: 20261205, runs: 20, timeoutMs: 20_000, command: 'sevenfold verify --property compartmentalization' });
const appNamed = (spec: IsolationSpec, name: string) => spec.compartments.find((c) => c.name === name)!;

describe("the apps' mutable storage follows the design's access rules on its storage asset", () => {
  it("app-slot-opens-app-storage: the fan controller's own component reads and writes the thermostat's storage; storage-isolation fails", async () => {
    const product = load('app-slot-opens-app-storage');
    const spec = new IsolationSpec(product);
    const fan = appNamed(spec, 'FanControl_RTApp');
    const thermostat = appNamed(spec, 'Thermostat');
    expect(spec.isolation.storage).toBe('per-app');
    for (const op of ['read', 'write'] as const) {
      expect(spec.storageAccess(fan.id, thermostat.id, op)).toMatchObject({ allowed: true, rule: expect.stringMatching(new RegExp(`access rules let FanControl_RTApp's component rt-app-0 ${op} app-mutable-storage`)) });
    }
    // The other real-time app's slot has no right: the OS's per-app check still stands in its way.
    expect(spec.storageAccess(appNamed(spec, 'AirSampler_RTApp').id, thermostat.id, 'read')).toMatchObject({ allowed: false, errno: 'EACCES' });
    expect(spec.accessEdges().some((e) => e.from === fan.id && e.to.kind === 'storage' && e.to.owner === thermostat.id)).toBe(true);

    const booted = bootDevice(product);
    expect(booted.ok).toBe(true);
    const device = booted.ok ? booted.device : undefined;
    expect(device?.syscall(thermostat.id, { kind: 'storage-write', owner: thermostat.id, data: 'setpoint' })).toEqual({ ok: true });
    expect(device?.syscall(fan.id, { kind: 'storage-read', owner: thermostat.id })).toEqual({ ok: true, data: 'setpoint' });

    const result = await checkCompartmentalization(product, context);
    expect(result.verdict).toBe('violated');
    expect(result.summary).toBe(`compartmentalization.storage-isolation: FanControl_RTApp read Thermostat's mutable storage and got its secret "secret-of-Thermostat"`);
    const lines = (result.evidence ?? []).flatMap((e) => [e.title, ...e.lines]).join('\n');
    expect(lines).toMatch(/the platform design allows it: .*platform\.json:\d+:\d+ \/access\/\d+: rt-app-0 may read, write app-mutable-storage/);
    expect(lines).not.toMatch(/allows it: .*\/appIsolation\/storage/);
  }, 60_000);

  it('app-storage-read-only-for-os: the OS may only read the storage; no app writes any, its own included, in both readings; compartmentalization holds', async () => {
    const product = load('app-storage-read-only-for-os');
    const spec = new IsolationSpec(product);
    const thermostat = appNamed(spec, 'Thermostat');
    expect(spec.storageService).toEqual({ read: { component: 'nw-kernel', asset: 'app-mutable-storage' }, write: undefined });
    expect(spec.storageAccess(thermostat.id, thermostat.id, 'read').allowed).toBe(true);
    expect(spec.storageAccess(thermostat.id, thermostat.id, 'write')).toMatchObject({ allowed: false, errno: 'EACCES', barrier: 'storage' });
    const booted = bootDevice(product);
    const device = booted.ok ? booted.device : undefined;
    expect(device?.syscall(thermostat.id, { kind: 'storage-read', owner: thermostat.id })).toEqual({ ok: true, data: '' });
    expect(device?.syscall(thermostat.id, { kind: 'storage-write', owner: thermostat.id, data: 'setpoint' })).toEqual({ ok: false, errno: 'EACCES' });

    const result = await checkCompartmentalization(product, context);
    expect(result.verdict, result.summary).toBe('holds');
  }, 60_000);

  it('a storage right held only by a component the device never boots serves no app, in both readings', () => {
    const loaded = load('app-storage-read-only-for-os');
    const design = structuredClone(loaded.platform);
    design.components.push({ id: 'wifi-firmware', name: 'Wi-Fi firmware (never booted)', core: 'A7', world: 'normal', privilege: 'firmware', mutable: true });
    design.access = [...design.access.filter((r) => r.asset !== 'app-mutable-storage'), { component: 'wifi-firmware', asset: 'app-mutable-storage', rights: ['read', 'write'] }];
    const product: Product = { ...loaded, platform: design };
    const spec = new IsolationSpec(product);
    const thermostat = appNamed(spec, 'Thermostat');
    expect(spec.storageService).toEqual({ read: undefined, write: undefined });
    expect(spec.storageAccess(thermostat.id, thermostat.id, 'read')).toMatchObject({ allowed: false, errno: 'EACCES', barrier: 'storage' });
    const booted = bootDevice(product);
    const device = booted.ok ? booted.device : undefined;
    expect(device?.syscall(thermostat.id, { kind: 'storage-read', owner: thermostat.id })).toEqual({ ok: false, errno: 'EACCES' });
  });
});
