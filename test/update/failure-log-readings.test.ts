/**
 * The failure log reads its recording policy and the gate in front of its area once per (update design, platform
 * design) pair (emulator/update/failure-log.ts designReadings), and a clone keeps its original's: a power-cut sweep
 * opens and clones logs hundreds of times. What must not happen is one pair's readings serving another: the same
 * update design on two platforms whose designs put the log in different places, or let different components write
 * it, keeps two readings.
 */
import { describe, expect, it } from 'vitest';
import { CountedFlash, FailureReportLog, SYSTEM_SOURCE } from '../../emulator/update/index.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { defaultDesign, platform } from './helpers.js';

const event = (n: number) => ({ time: 1000 + n, kind: 'update-failure' as const, source: SYSTEM_SOURCE, detail: `failure ${n}`, boot: 1 });

/** The built-in platform with its failure log moved, or its writers changed. */
function platformWith(change: (p: PlatformDesign) => void): PlatformDesign {
  const copy = structuredClone(platform);
  change(copy);
  return copy;
}

describe('the failure log reads each pair of designs once, and only for that pair', () => {
  const design = defaultDesign();

  it('the same update design on a platform that keeps the log in SRAM: not persistent there, persistent on the built-in', () => {
    const inSram = platformWith((p) => {
      p.assets = p.assets.map((a) => (a.kind === 'failure-log' ? { ...a, location: 'sram' } : a));
    });
    for (const [keeper, survives] of [
      [platform, true],
      [inSram, false],
      [platform, true],
    ] as const) {
      const flash = new CountedFlash();
      const log = FailureReportLog.open(flash, design, keeper);
      expect(log.persistent).toBe(survives);
      log.append(event(1));
      expect(FailureReportLog.open(flash, design, keeper).pending().length).toBe(survives ? 1 : 0);
    }
  });

  it('the same update design on a platform where no OS component may write the log: nothing recorded there', () => {
    const nobody = platformWith((p) => {
      p.access = p.access.filter((r) => r.asset !== 'failure-log');
    });
    expect(FailureReportLog.open(new CountedFlash(), design, platform).append(event(1))).toBeDefined();
    expect(FailureReportLog.open(new CountedFlash(), design, nobody).append(event(1))).toBeUndefined();
    expect(FailureReportLog.open(new CountedFlash(), design, platform).append(event(1))).toBeDefined();
  });

  it('a clone records as its original does, on its own flash', () => {
    const log = FailureReportLog.open(new CountedFlash(), design, platform);
    log.append(event(1));
    const flash = new CountedFlash();
    const copy = log.cloneOnto(flash);
    expect(copy.policy).toEqual(log.policy);
    expect(copy.persistent).toBe(log.persistent);
    expect(copy.append(event(2))!.sequence).toBe(2);
  });
});
