/**
 * The benchmark harness (bench/harness.ts) times a slow row a few times, not tinybench's default 64 timed calls and
 * 16 warm-ups: with the default, the 5-session attacker-search rows kept `npm run bench` running for half an hour.
 */
import { describe, expect, it } from 'vitest';
import { measure, MIN_TIMED_CALLS } from '../../bench/harness.js';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe('bench harness', () => {
  it('times a row whose call outlasts the time budget a handful of times, and still gives a ratio', async () => {
    const calls = { subject: 0, baseline: 0 };
    const result = await measure(
      {
        name: 'slow row',
        unit: 'calls/s',
        baselineDescription: 'the same slow call',
        itemsPerCall: 1,
        subject: () => (calls.subject++, busy(10)),
        baseline: () => (calls.baseline++, busy(10)),
      },
      1,
    );
    for (const n of Object.values(calls)) {
      expect(n).toBeGreaterThanOrEqual(MIN_TIMED_CALLS);
      expect(n).toBeLessThan(20);
    }
    expect(result.ratio).toBeGreaterThan(0);
    expect(Number.isFinite(result.ratio)).toBe(true);
  });
});

describe('bench harness: both sides of a row under the same conditions', () => {
  it('an alternating row is measured subject, baseline, baseline, subject', async () => {
    const sides: string[] = [];
    const note = (side: string) => {
      if (sides.at(-1) !== side) sides.push(side);
    };
    await measure({ name: 'alternating row', unit: 'calls/s', baselineDescription: 'the same call', itemsPerCall: 1, subject: () => (note('subject'), busy(2)), baseline: () => (note('baseline'), busy(2)), alternate: true }, 20);
    expect(sides).toEqual(['subject', 'baseline', 'subject']);
  });

  it('each side starts after a full garbage collection (earlier rows’ garbage is charged to neither)', async () => {
    const { PerformanceObserver, constants } = await import('node:perf_hooks');
    let forced = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (((entry as { detail?: { flags?: number } }).detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) forced++;
    });
    observer.observe({ entryTypes: ['gc'] });
    await measure({ name: 'row', unit: 'calls/s', baselineDescription: 'the same call', itemsPerCall: 1, subject: () => busy(1), baseline: () => busy(1) }, 5);
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.disconnect();
    expect(forced).toBeGreaterThanOrEqual(2);
  });
});
