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
