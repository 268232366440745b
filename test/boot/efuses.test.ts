import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { BusLog, COUNTER_FUSES, EFuses } from '../../emulator/boot/index.js';

const fuses = () => {
  const efuses = new EFuses(new BusLog());
  efuses.defineField('anchor', 32, true);
  efuses.defineField('config', 4, false);
  efuses.defineCounter('arc');
  return efuses;
};

describe('eFuses', () => {
  it('a one-time-programmable field takes one programming; every later one is refused and changes nothing', () => {
    const efuses = fuses();
    const first = new Uint8Array(32).fill(0x5a);
    expect(efuses.program('anchor', first, 'factory').ok).toBe(true);
    expect(efuses.isLocked('anchor')).toBe(true);
    for (const attempt of [new Uint8Array(32), new Uint8Array(32).fill(0xff), first]) {
      const result = efuses.program('anchor', attempt, 'attacker');
      expect(result.ok).toBe(false);
      expect(efuses.read('anchor')).toEqual(first);
    }
  });

  it('reading gives a copy: changing it does not reach the fuses', () => {
    const efuses = fuses();
    efuses.program('anchor', new Uint8Array(32).fill(1), 'factory');
    efuses.read('anchor').fill(0);
    expect(efuses.read('anchor')).toEqual(new Uint8Array(32).fill(1));
  });

  test.prop([fc.array(fc.uint8Array({ minLength: 4, maxLength: 4 }), { maxLength: 12 })])('a blown bit is never cleared, whatever is programmed after it', (writes) => {
    const efuses = fuses();
    let expected = new Uint8Array(4);
    for (const value of writes) {
      expect(efuses.program('config', value, 'anyone').ok).toBe(true);
      expected = expected.map((b, i) => b | value[i]!);
      expect(efuses.read('config')).toEqual(expected);
    }
  });

  test.prop([fc.array(fc.integer({ min: 0, max: COUNTER_FUSES + 4 }), { maxLength: 20 })])('a counter never goes down and never passes its fuse bank', (targets) => {
    const efuses = fuses();
    let value = 0;
    for (const to of targets) {
      const result = efuses.raiseCounter('arc', to, 'loader');
      if (to < value || to > COUNTER_FUSES) expect(result.ok).toBe(false);
      else value = to;
      expect(efuses.counterValue('arc')).toBe(value);
    }
  });

  it('records every programming attempt on the bus, refused ones included', () => {
    const bus = new BusLog();
    const efuses = new EFuses(bus);
    efuses.defineField('anchor', 32, true);
    efuses.program('anchor', new Uint8Array(32).fill(1), 'factory');
    efuses.program('anchor', new Uint8Array(32).fill(2), 'attacker');
    expect(bus.events.filter((e) => e.channel === 'efuse-write').map((e) => e.from)).toEqual(['factory', 'attacker']);
  });
});
