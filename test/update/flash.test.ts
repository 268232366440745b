import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { CountedFlash, DoubleRecord, PowerCut, decodeRecords, encodeRecord } from '../../emulator/update/index.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('CountedFlash', () => {
  it('counts every erase and program, and writes in blocks', () => {
    const flash = new CountedFlash();
    flash.rewrite('a', new Uint8Array(2500).fill(1), 1024, 'test');
    expect(flash.operations).toBe(1 + 3);
    expect(flash.read('a')!.length).toBe(2500);
  });

  it('appends in place yet a clone never sees the other side’s later programs (copy on write)', () => {
    const flash = new CountedFlash();
    for (let i = 0; i < 5; i++) flash.program('log', bytes(i), 'test');
    const held = flash.read('log')!;
    const copy = flash.clone();
    flash.program('log', bytes(9), 'test');
    copy.program('log', bytes(7), 'test');
    copy.program('log', bytes(8), 'test');
    expect([...flash.read('log')!]).toEqual([0, 1, 2, 3, 4, 9]);
    expect([...copy.read('log')!]).toEqual([0, 1, 2, 3, 4, 7, 8]);
    expect([...held]).toEqual([0, 1, 2, 3, 4]);
  });

  it('a cut stops the armed operation from happening at all', () => {
    const flash = new CountedFlash();
    flash.program('a', bytes(1, 2), 'test');
    flash.arm({ at: 2, mode: 'cut' });
    flash.program('a', bytes(3), 'test');
    expect(() => flash.program('a', bytes(4, 5, 6), 'test')).toThrow(PowerCut);
    expect([...flash.read('a')!]).toEqual([1, 2, 3]);
    expect(flash.armed).toBe(false);
  });

  it('a torn program writes all but its last byte; a torn erase leaves half of the old contents', () => {
    const flash = new CountedFlash();
    flash.arm({ at: 1, mode: 'torn' });
    expect(() => flash.program('a', bytes(1, 2, 3, 4), 'test')).toThrow(/tearing/);
    expect([...flash.read('a')!]).toEqual([1, 2, 3]);
    flash.arm({ at: 1, mode: 'torn' });
    expect(() => flash.erase('a', 'test')).toThrow(PowerCut);
    expect([...flash.read('a')!]).toEqual([1]);
  });
});

describe('values derived from an area’s bytes (CountedFlash.derive)', () => {
  const sum = (b: Uint8Array) => b.reduce((a, x) => a + x, 0);

  it('are worked out again whenever the bytes change: an append in place, an erase, a torn erase', () => {
    const flash = new CountedFlash();
    const calls: number[] = [];
    const counted = (b: Uint8Array) => (calls.push(b.length), sum(b));
    flash.program('a', bytes(0, 0, 0, 0), 'test');
    flash.erase('a', 'test'); // refilled, the area gets room for its old length at once
    flash.program('a', bytes(1, 2), 'test');
    expect(flash.derive('a', counted)).toBe(3);
    expect(flash.derive('a', counted)).toBe(3);
    expect(calls).toEqual([2]);
    flash.program('a', bytes(4), 'test'); // appended in place: no clone shares the buffer, and it has room
    expect(flash.derive('a', counted)).toBe(7);
    flash.erase('a', 'test');
    expect(flash.derive('a', counted)).toBeUndefined();
    flash.program('a', bytes(5, 6, 7, 8), 'test');
    expect(flash.derive('a', counted)).toBe(26);
    flash.arm({ at: 1, mode: 'torn' });
    expect(() => flash.erase('a', 'test')).toThrow(PowerCut);
    expect(flash.derive('a', counted)).toBe(11);
  });

  it('are shared by clones only while they hold the same bytes', () => {
    const flash = new CountedFlash();
    flash.program('a', bytes(1, 2), 'test');
    const copy = flash.clone();
    expect(copy.derive('a', sum)).toBe(3);
    copy.program('a', bytes(10), 'test');
    flash.program('a', bytes(20), 'test');
    expect([flash.derive('a', sum), copy.derive('a', sum)]).toEqual([23, 13]);
    expect(flash.clone().derive('a', sum)).toBe(23);
  });

  test.prop([fc.array(fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 9 }), fc.constant('erase' as const), fc.constant('clone' as const)), { maxLength: 30 })])(
    'always equal the function of the bytes read now, whatever programs, erases and clones came before',
    (steps) => {
      let flash = new CountedFlash();
      for (const step of steps) {
        if (step === 'erase') flash.erase('a', 'test');
        else if (step === 'clone') {
          const other = flash.clone();
          other.program('a', bytes(99), 'test'); // the other side writes too: neither may see it
          flash = flash.clone();
        } else flash.program('a', step, 'test');
        const read = flash.read('a');
        expect(flash.derive('a', sum)).toBe(read ? sum(read) : undefined);
      }
    },
  );
});

describe('records', () => {
  test.prop([fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), fc.nat()])('a torn last record is never believed, and the ones before it are kept', (payloads, cut) => {
    const stream = Buffer.concat(payloads.map(encodeRecord));
    const torn = stream.subarray(0, payloads.length ? cut % stream.length : 0);
    const decoded = decodeRecords(torn);
    for (const [i, r] of decoded.records.entries()) expect([...r]).toEqual([...payloads[i]!]);
    expect(decoded.records.length + (decoded.torn ? 1 : 0)).toBeLessThanOrEqual(payloads.length);
  });

  // Whatever operation a cut interrupts, in either mode, the record reads as the old value or the new one.
  it.each(['cut', 'torn'] as const)('a DoubleRecord survives a %s at each of its operations', (mode) => {
    for (let at = 1; at <= 2; at++) {
      const flash = new CountedFlash();
      const record = new DoubleRecord<{ n: number }>(flash, 'r');
      record.write({ n: 1 }, 'test');
      record.write({ n: 2 }, 'test');
      flash.arm({ at, mode });
      expect(() => record.write({ n: 3 }, 'test')).toThrow(PowerCut);
      expect(record.read()?.value.n).toBe(2);
      record.write({ n: 4 }, 'test');
      expect(record.read()?.value.n).toBe(4);
    }
  });

  it('gives a frozen value: every reader of the same bytes shares it, so none may change it', () => {
    const flash = new CountedFlash();
    const record = new DoubleRecord<{ n: number; list: number[] }>(flash, 'r');
    record.write({ n: 1, list: [1] }, 'test');
    const value = record.read()!.value;
    expect(() => value.list.push(2)).toThrow(TypeError);
    record.write({ n: 2, list: [2] }, 'test');
    expect(record.read()!.value).toEqual({ n: 2, list: [2] });
  });

  it('says when one of its copies is torn', () => {
    const flash = new CountedFlash();
    const record = new DoubleRecord<{ n: number }>(flash, 'r');
    record.write({ n: 1 }, 'test');
    flash.arm({ at: 2, mode: 'torn' });
    expect(() => record.write({ n: 2 }, 'test')).toThrow(PowerCut);
    expect(record.hasTornCopy()).toBe(true);
  });
});
