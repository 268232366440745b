import { describe, expect, it } from 'vitest';
import { AfterCutMemo, type AfterCutCheck } from '../../emulator/update/after-cut-memo.js';
import { UpdateDevice } from '../../emulator/update/index.js';
import { defaultDesign, openLab } from './helpers.js';

/**
 * The after-cut memo (after-cut-memo.ts) answers a cut point from an earlier one only when the device
 * is in the same state: here the check is a stand-in that counts its calls and writes a journal line, and
 * every part of the key, changed alone, must make the memo run the check again. (The sweep against the
 * replay with nothing remembered is test/update/power-cut-snapshots.test.ts.)
 */
const NOW = 1_735_689_600;

function checker() {
  const calls: UpdateDevice[] = [];
  const check = (device: UpdateDevice) => (): AfterCutCheck => {
    calls.push(device);
    device.journal.push(`checked call ${calls.length}`);
    return { boot: undefined, problems: [`problem of call ${calls.length}`] };
  };
  return { calls, check };
}

/** A device with something in its flash beyond the factory banks (a record and a log), as a cut leaves it. */
async function cutDevice(): Promise<UpdateDevice> {
  const lab = await openLab();
  const device = lab.device({ rememberBoots: false });
  device.powerOn(NOW);
  device.losePower();
  return device;
}

describe('a cut point gets an earlier one’s outcome only from the same state', () => {
  it('the same state: the earlier outcome, its journal lines appended to this device’s own journal, no second check', async () => {
    const memo = new AfterCutMemo();
    const { calls, check } = checker();
    const first = await cutDevice();
    const twin = first.clone();
    twin.journal.push('a line of its own');
    const a = memo.outcome(first, NOW, check(first));
    const b = memo.outcome(twin, NOW, check(twin));
    expect(calls).toHaveLength(1);
    expect(b).toEqual(a);
    expect(twin.journal.slice(-2)).toEqual(['a line of its own', 'checked call 1']);
    expect([memo.checked, memo.remembered]).toEqual([1, 1]);
  });

  const changes: [string, (device: UpdateDevice) => void | Promise<void>][] = [
    [
      'one byte of one flash area (same length)',
      (d) => {
        const kernel = d.banks.read('a', 'image/nw-kernel')!.slice();
        kernel[kernel.length - 10]! ^= 1;
        d.banks.write('a', 'image/nw-kernel', kernel, 'test');
      },
    ],
    ['a flash area more', (d) => d.flash.program('scratch', new Uint8Array([1]), 'test')],
    ['a flash area erased', (d) => d.flash.erase(d.flash.areas('session/')[0]!, 'test')],
    ['an anti-rollback counter', (d) => void d.chip.raiseCounter(Object.keys(d.counters())[0]!, 9, 'test')],
    ['the boot count kept in RAM', (d) => void (d.bootCount += 1)],
    ['the deferring app', (d) => void (d.deferral = { app: 'deferring-app', requestHours: 24 })],
    ['the identity', (d) => void (d.identity.deviceId = 'another-device')],
  ];
  for (const [part, change] of changes) {
    it(`${part} changed alone: checked again`, async () => {
      const memo = new AfterCutMemo();
      const { calls, check } = checker();
      const first = await cutDevice();
      const changed = first.clone();
      await change(changed);
      memo.outcome(first, NOW, check(first));
      const again = memo.outcome(changed, NOW, check(changed));
      expect(calls).toHaveLength(2);
      expect(again.problems).toEqual(['problem of call 2']);
    });
  }

  it('the same bytes in another area: checked again', async () => {
    const memo = new AfterCutMemo();
    const { calls, check } = checker();
    const base = await cutDevice();
    const [here, there] = [base.clone(), base.clone()];
    here.flash.program('scratch/0', new Uint8Array([1, 2, 3]), 'test');
    there.flash.program('scratch/1', new Uint8Array([1, 2, 3]), 'test');
    memo.outcome(here, NOW, check(here));
    memo.outcome(there, NOW, check(there));
    expect(calls).toHaveLength(2);
  });

  it('another time: checked again', async () => {
    const memo = new AfterCutMemo();
    const { calls, check } = checker();
    const first = await cutDevice();
    const twin = first.clone();
    memo.outcome(first, NOW, check(first));
    memo.outcome(twin, NOW + 1, check(twin));
    expect(calls).toHaveLength(2);
  });

  it('another anchor (a chip of another vendor: the ROM key hash is a one-time-programmable fuse): checked again', async () => {
    const memo = new AfterCutMemo();
    const { calls, check } = checker();
    const first = await cutDevice();
    const foreign = (await openLab(defaultDesign(), 7)).device({ rememberBoots: false });
    const d = new UpdateDevice(first.design, first.platform, { ...first.identity }, foreign.chip.clone(), first.flash.clone(), first.verifier, first.trustedKeys, first.developmentCertificate);
    d.bootCount = first.bootCount;
    expect(d.counters()).toEqual(first.counters());
    memo.outcome(first, NOW, check(first));
    memo.outcome(d, NOW, check(d));
    expect(calls).toHaveLength(2);
  });
});
