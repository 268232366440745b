import { describe, expect, it } from 'vitest';
import { provisionDevice } from '../../emulator/boot/index.js';
import { BootMemo } from '../../emulator/update/boot-memo.js';
import type { UpdateDevice } from '../../emulator/update/index.js';
import { openLab, platform } from './helpers.js';

/**
 * A remembered boot (boot-memo.ts) against a real one: the same trace and the same counters after it;
 * and an input that differs (one byte of one slot, a counter, the scenario) is booted afresh, never
 * answered with the trace of other inputs.
 */
async function devices(): Promise<{ plain: UpdateDevice; remembering: UpdateDevice }> {
  const lab = await openLab();
  const plain = lab.device({ rememberBoots: false });
  const remembering = plain.clone();
  remembering.bootMemo = new BootMemo(platform, remembering.chip, remembering.verifier);
  return { plain, remembering };
}

/** Staged release 3 of the OS in bank b, made active: booting it raises the counters. */
async function staged(device: UpdateDevice): Promise<void> {
  const lab = await openLab();
  for (const [slot, bytes] of lab.release('os', 3).slots) device.banks.write('b', slot, bytes, 'test');
  for (const slot of device.bootSlots()) if (!device.banks.read('b', slot)) device.banks.write('b', slot, device.banks.read('a', slot)!, 'test');
  device.banks.setActive('b', 'test');
}

describe('boots remembered by their exact inputs', () => {
  it('a remembered power-on gives the real boot’s trace and leaves the counters where the real boot does', async () => {
    const { plain, remembering } = await devices();
    await staged(plain);
    await staged(remembering);
    const twin = remembering.clone();
    const real = plain.clone().powerOn(0);
    const first = remembering.powerOn(0);
    const again = twin.powerOn(0);
    expect(remembering.bootMemo!.booted).toBe(1);
    expect(remembering.bootMemo!.remembered).toBe(1);
    expect(real.attempts[0]!.trace.stages.some((s) => s.counter && s.counter.after > s.counter.before)).toBe(true);
    for (const result of [first, again]) expect(result.attempts).toEqual(real.attempts);
    const counters = plain.clone();
    counters.powerOn(0);
    expect(twin.counters()).toEqual(counters.counters());
  });

  it('one byte changed in one slot is booted afresh (and halts), not answered with the intact bank’s trace', async () => {
    const { remembering } = await devices();
    const tampered = remembering.clone();
    remembering.powerOn(0);
    const kernel = tampered.banks.read('a', 'image/nw-kernel')!.slice();
    kernel[kernel.length - 10]! ^= 1;
    tampered.banks.write('a', 'image/nw-kernel', kernel, 'test');
    const boot = tampered.powerOn(0);
    expect(boot.running).toBeUndefined();
    expect(boot.attempts[0]!.trace.haltedAt).toBe('nw-kernel');
  });

  it('a counter above the image’s version is booted afresh (rollback refused), not answered with the earlier trace', async () => {
    const { remembering } = await devices();
    const raised = remembering.clone();
    remembering.powerOn(0);
    const [counter] = Object.keys(raised.counters());
    raised.chip.raiseCounter(counter!, 9, 'test');
    const boot = raised.powerOn(0);
    expect(boot.running).toBeUndefined();
    expect(boot.attempts[0]!.trace.stages.flatMap((s) => s.checks).some((c) => c.kind === 'rollback' && c.result === 'fail')).toBe(true);
  });

  it('another scenario is another entry (the trace names what was done before the boot)', async () => {
    const { remembering } = await devices();
    const first = remembering.bootBank('a', remembering.chip.clone(), 'one scenario');
    const second = remembering.bootBank('a', remembering.chip.clone(), 'another scenario');
    expect([first.scenario, second.scenario]).toEqual(['one scenario', 'another scenario']);
    expect(remembering.bootMemo!.booted).toBe(2);
  });

  it('a chip provisioned apart (another profile: here one carrying appDevelopment) is booted, not answered from this device’s boots', async () => {
    const lab = await openLab();
    const { remembering } = await devices();
    remembering.powerOn(0);
    const other = provisionDevice(lab.vendor, { serial: 1, capabilities: ['appDevelopment'] });
    const slots = remembering.bootSlots().map((slot) => remembering.banks.read('a', slot) ?? new Uint8Array(0));
    remembering.bootSlots().forEach((slot, i) => other.flash.write(slot, slots[i]!, 'test'));
    const before = remembering.bootMemo!.booted;
    remembering.bootMemo!.boot(other, slots, 'power-on, bank a', remembering.verifier);
    expect(remembering.bootMemo!.booted).toBe(before + 1);
    expect(remembering.bootMemo!.remembered).toBe(0);
  });

  it('boots with forced checks (fault injection) are never remembered', async () => {
    const { remembering } = await devices();
    remembering.powerOn(0, { skip: ['rollback.one-bl'] });
    remembering.powerOn(0, { skip: ['rollback.one-bl'] });
    expect(remembering.bootMemo!.booted + remembering.bootMemo!.remembered).toBe(0);
  });
});
