/**
 * The emulator's reading of an anti-rollback counter (emulator/boot/boot-device.ts readCounter): a counter the
 * device does not hold is unreadable, never 0. Read as 0 it would let every older release pass the comparison,
 * so a design naming a counter the device lacks (a key hash in eFuses, a flash slot with no u32) would boot a
 * downgrade as if guarded. The boot halts at such a stage; the update agent refuses the update.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assetSlot, BootLab, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import { builtinPlatformFile, loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';

/** The built-in design with the kernel guarded by a counter of its own kept in flash. */
function kernelCounterInFlash(): PlatformDesign {
  const d = structuredClone(loadPlatform(builtinPlatformFile()).design!);
  d.assets.push({ id: 'arc-kernel', name: 'Anti-rollback counter: kernel (u32 in flash)', kind: 'counter', location: 'flash', secret: false, critical: false });
  d.access.push({ component: 'security-monitor', asset: 'arc-kernel', rights: ['read', 'write'] });
  d.boot.find((s) => s.image === 'nw-kernel')!.rollback!.counter = 'arc-kernel';
  return d;
}

let lab: BootLab;
beforeAll(async () => {
  lab = await BootLab.open(kernelCounterInFlash(), { seed: 27 });
});

describe('reading an anti-rollback counter', () => {
  it('reads the factory-set counter in flash and in eFuses', () => {
    const device = lab.factoryDevice.clone();
    expect(device.readCounter('arc-kernel', 'security-monitor')).toEqual({ ok: true, value: 2 });
    expect(device.readCounter('arc-firmware', 'one-bl')).toEqual({ ok: true, value: 2 });
    expect(lab.boot(new CrossCheckedVerifier()).trace.outcome).toBe('booted');
  });

  it('a counter missing from flash, or not a u32 there, is unreadable, not 0: the boot halts at the stage it guards', () => {
    // The flash keeps no way to delete a slot: an erased one holds no bytes.
    for (const bytes of [new Uint8Array(0), new Uint8Array(3)]) {
      const device = lab.factoryDevice.clone();
      device.flash.write(assetSlot('arc-kernel'), bytes, 'test');
      const read = device.readCounter('arc-kernel', 'security-monitor');
      expect(read.ok).toBe(false);
      expect(() => device.counterValue('arc-kernel', 'security-monitor')).toThrow(/cannot read counter arc-kernel/);
      expect(device.raiseCounter('arc-kernel', 3, 'security-monitor').ok).toBe(false);
      const trace = lab.reboot(device, new CrossCheckedVerifier(), 'kernel counter unreadable').trace;
      expect(trace.outcome).toBe('halted');
      expect(trace.haltedAt).toBe('nw-kernel');
      expect(trace.stages.at(-1)!.outcome).toEqual({ status: 'halted', reason: expect.stringMatching(/^cannot read its anti-rollback counter: arc-kernel in flash holds \d bytes, not a u32 counter$/) });
    }
    // A counter the device never had at all.
    expect(lab.factoryDevice.clone().readCounter('no-such-counter', 'security-monitor')).toEqual({ ok: false, reason: 'no counter no-such-counter in flash' });
  });

  it('an eFuse field that is not a counter bank (a key hash a design names as a counter) is unreadable and cannot be raised', () => {
    const device = lab.factoryDevice.clone();
    expect(device.readCounter('rom-key-hash', 'pluton-rom')).toEqual({ ok: false, reason: 'eFuse field rom-key-hash is not a counter bank' });
    expect(device.raiseCounter('rom-key-hash', 3, 'one-bl')).toMatchObject({ ok: false });
  });
});
