import { describe, expect, it } from 'vitest';
import { ExecRate } from '../../fuzz/engine/exec-rate.js';

/** jsfuzz's pattern once coverage stops growing: the count moves only every 3 s (PULSE), at 1,000 inputs/s. */
const pulses = (at: number) => Math.floor(at / 3000) * 3000;

describe('ExecRate', () => {
  it('shows the real rate on every one-second tick while counts arrive in 3-second bursts (was 0/s two ticks in three)', () => {
    const rate = new ExecRate();
    const shown: number[] = [];
    for (let at = 0; at <= 30_000; at += 1000) {
      rate.observe(at, pulses(at));
      if (at >= 3000) shown.push(Math.round(rate.perSecond(at)));
    }
    expect(shown.every((r) => r === 1000)).toBe(true);
  });

  it('what a one-second window shows for the same campaign (the old progress line)', () => {
    const shown: number[] = [];
    let last = { at: 0, execs: 0 };
    for (let at = 1000; at <= 30_000; at += 1000) {
      shown.push(((pulses(at) - last.execs) * 1000) / (at - last.at));
      last = { at, execs: pulses(at) };
    }
    expect(shown.filter((r) => r === 0).length).toBeGreaterThan(shown.length / 2);
  });

  it('drops to 0 when the count has not moved for ten seconds, and is 0 before two counts are known', () => {
    const rate = new ExecRate();
    expect(rate.perSecond(0)).toBe(0);
    rate.observe(0, 0);
    expect(rate.perSecond(500)).toBe(0);
    rate.observe(1000, 500);
    expect(rate.perSecond(1000)).toBe(500);
    expect(rate.perSecond(10_999)).toBe(500);
    expect(rate.perSecond(11_001)).toBe(0);
  });

  it('follows a change of speed within the ten-second window', () => {
    const rate = new ExecRate();
    for (let at = 0; at <= 20_000; at += 1000) rate.observe(at, at * 2);
    for (let at = 21_000, n = 40_000; at <= 40_000; at += 1000) rate.observe(at, (n += 100));
    expect(Math.round(rate.perSecond(40_000))).toBe(100);
  });
});
