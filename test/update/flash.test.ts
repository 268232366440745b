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

  it('says when one of its copies is torn', () => {
    const flash = new CountedFlash();
    const record = new DoubleRecord<{ n: number }>(flash, 'r');
    record.write({ n: 1 }, 'test');
    flash.arm({ at: 2, mode: 'torn' });
    expect(() => record.write({ n: 2 }, 'test')).toThrow(PowerCut);
    expect(record.hasTornCopy()).toBe(true);
  });
});
