import { describe, expect, it } from 'vitest';
import { CountedFlash, FailureReportLog, PowerCut, SYSTEM_SOURCE } from '../../emulator/update/index.js';
import { defaultDesign, platform } from './helpers.js';

const design = defaultDesign();
const event = (n: number, source = SYSTEM_SOURCE) => ({ time: 1000 + n, kind: 'update-failure' as const, source, detail: `failure ${n}`, boot: 1 });

describe('the failure log', () => {
  it('keeps every acknowledged event across a reset, and never reuses a sequence number', () => {
    const flash = new CountedFlash();
    const log = FailureReportLog.open(flash, design, platform);
    for (let i = 1; i <= 5; i++) log.append(event(i));
    log.acknowledge(3);
    const after = FailureReportLog.open(flash, design, platform);
    expect(after.pending().map((e) => e.sequence)).toEqual([4, 5]);
    expect(after.append(event(6))!.sequence).toBe(6);
  });

  it('an event whose write is cut is not acknowledged; every earlier one survives, in both cut modes', () => {
    for (const mode of ['cut', 'torn'] as const) {
      const flash = new CountedFlash();
      const log = FailureReportLog.open(flash, design, platform);
      log.append(event(1));
      flash.arm({ at: 1, mode });
      expect(() => log.append(event(2))).toThrow(PowerCut);
      const after = FailureReportLog.open(flash, design, platform);
      expect(after.pending().map((e) => e.detail)).toEqual(['failure 1']);
      expect(after.append(event(3))!.sequence).toBe(2);
      expect(FailureReportLog.open(flash, design, platform).pending().map((e) => e.detail)).toEqual(['failure 1', 'failure 3']);
    }
  });

  it('loses no un-acknowledged event when a cut hits acknowledgement or compaction at any operation', () => {
    const fill = () => {
      const flash = new CountedFlash();
      const log = FailureReportLog.open(flash, design, platform);
      for (let i = 1; i <= 40; i++) log.append(event(i));
      return { flash, log };
    };
    const clean = fill();
    const before = clean.flash.operations;
    clean.log.acknowledge(35);
    const operations = clean.flash.operations - before;
    expect(operations).toBeGreaterThan(5); // state record, then compaction: erase, 5 records, state record
    for (let at = 1; at <= operations; at++) {
      for (const mode of ['cut', 'torn'] as const) {
        const { flash, log } = fill();
        flash.arm({ at, mode });
        expect(() => log.acknowledge(35)).toThrow(PowerCut);
        const pending = FailureReportLog.open(flash, design, platform).pending().map((e) => e.sequence);
        expect(pending.filter((s) => s > 35)).toEqual([36, 37, 38, 39, 40]);
      }
    }
  });

  it('bounds each report to 1,000 events and 14 days', () => {
    const log = FailureReportLog.open(new CountedFlash(), design, platform);
    for (let i = 0; i < 1200; i++) log.append({ ...event(i), time: i * 600 });
    expect(log.nextReport('d').events.length).toBe(1000);
    log.acknowledge(1000);
    expect(log.nextReport('d').events.length).toBe(200);
    const wide = FailureReportLog.open(new CountedFlash(), design, platform);
    for (let i = 0; i < 30; i++) wide.append({ ...event(i), time: i * 86_400 });
    expect(wide.nextReport('d').events.length).toBe(15); // days 0..14
  });

  it('counts an app past its capacity instead of storing, with one durable marker, and never at the OS’s expense', () => {
    const log = FailureReportLog.open(new CountedFlash(), design, platform);
    const capacity = design.failureReporting.eventsPerAppCapacity;
    const stored = Array.from({ length: capacity + 50 }, (_, i) => log.append(event(i, 'noisy-app'))).filter(Boolean).length;
    expect(stored).toBe(capacity);
    expect(log.pending().filter((e) => e.kind === 'events-dropped')).toHaveLength(1);
    expect(log.append(event(999))).toBeDefined();
    expect(log.nextReport('d').dropped).toEqual({ 'noisy-app': 50 });
  });

  it('keeps at most the total capacity in all, whatever the source, with one durable marker per source that goes without', () => {
    const small = { ...design, failureReporting: { ...design.failureReporting, totalEventCapacity: 10 } };
    const log = FailureReportLog.open(new CountedFlash(), small, platform);
    const stored = Array.from({ length: 10 }, (_, i) => log.append(event(i, i % 2 ? 'app-a' : SYSTEM_SOURCE))).filter(Boolean).length;
    expect(stored).toBe(10);
    expect(log.append(event(10, 'app-b'))).toBeUndefined();
    expect(log.append(event(11, 'app-b'))).toBeUndefined();
    expect(log.append(event(12))).toBeUndefined();
    const markers = log.pending().filter((e) => e.kind === 'events-dropped');
    expect(markers.map((e) => [e.source, e.detail])).toEqual([
      ['app-b', 'the log holds its 10 un-uploaded events in all: further events of app-b are counted, not stored'],
      [SYSTEM_SOURCE, `the log holds its 10 un-uploaded events in all: further events of ${SYSTEM_SOURCE} are counted, not stored`],
    ]);
    expect(log.nextReport('d').dropped).toEqual({ 'app-b': 2, [SYSTEM_SOURCE]: 1 });
  });

  it('uploading a long backlog report by report compacts in linear, not quadratic, flash work', () => {
    const small = { ...design, failureReporting: { ...design.failureReporting, maxEventsPerReport: 100 } };
    const flash = new CountedFlash();
    const log = FailureReportLog.open(flash, small, platform);
    for (let i = 0; i < 2000; i++) log.append(event(i));
    const before = flash.operations;
    while (log.pending().length) log.acknowledge(log.nextReport('d').events.at(-1)!.sequence);
    // 20 reports of 100. Compacting after every report would copy 1,900 + 1,800 + … ≈ 19,000 records; compacting
    // only once the freed records are as many as the live ones copies about 2,000 in all.
    expect(flash.operations - before).toBeLessThan(4000);
    expect(FailureReportLog.open(flash, small, platform).pending()).toEqual([]);
  });

  it('a RAM log (the flaw) forgets everything at a reset', () => {
    const flash = new CountedFlash();
    const ram = { ...design, failureReporting: { ...design.failureReporting, persistence: 'ram' as const } };
    FailureReportLog.open(flash, ram, platform).append(event(1));
    expect(FailureReportLog.open(flash, ram, platform).pending()).toEqual([]);
  });
});
