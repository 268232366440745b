/**
 * The log-upkeep sweep (properties/failure-reporting/log-sweep.ts) fills the log once and starts every
 * cut from a copy of it (CountedFlash.clone, FailureReportLog.cloneOnto) instead of logging the same 80
 * events again for each of its 71 cases. That is sound only if a copy behaves as a freshly filled log:
 * the same cut at the same operation leaves the same flash bytes, the same pending events and the same
 * next number. Held here for every cut of the built-in design's sweep, and the sweep's verdicts: the
 * built-in log holds, a log kept in RAM is violated.
 */
import { describe, expect, it } from 'vitest';
import { CountedFlash, FailureReportLog, PowerCut, SYSTEM_SOURCE } from '../../emulator/update/index.js';
import { checkLogSweep } from '../../properties/failure-reporting/log-sweep.js';
import { defaultDesign, fixtureDesign, platform } from './helpers.js';

const design = defaultDesign();
const LOGGED = 80;
const ACKED = 50;

function fill(): { flash: CountedFlash; log: FailureReportLog } {
  const flash = new CountedFlash();
  const log = FailureReportLog.open(flash, design, platform);
  for (let i = 1; i <= LOGGED; i++) log.append({ time: i, kind: 'update-failure', source: SYSTEM_SOURCE, detail: `failure ${i}`, boot: 1 });
  return { flash, log };
}

/** Acknowledges with a cut at `at` (0: none), powers on again and logs one more event: everything the flash and the log then show. */
function cutAndReopen({ flash, log }: { flash: CountedFlash; log: FailureReportLog }, at: number, mode: 'cut' | 'torn'): string {
  if (at > 0) flash.arm({ at, mode });
  let cut = false;
  try {
    log.acknowledge(ACKED);
  } catch (err) {
    if (!(err instanceof PowerCut)) throw err;
    cut = true;
  }
  flash.arm(undefined);
  const after = FailureReportLog.open(flash, design, platform);
  const next = after.append({ time: 0, kind: 'update-failure', source: SYSTEM_SOURCE, detail: 'check', boot: 2 })?.sequence;
  const areas = flash.areas().map((a) => `${a}=${Buffer.from(flash.read(a)!).toString('hex')}`);
  return JSON.stringify({ cut, pending: after.pending().map((e) => [e.sequence, e.detail]), next, areas });
}

describe('the log-upkeep sweep', () => {
  it('a copy of a filled log behaves as a freshly filled one under every cut of the acknowledgement', () => {
    const clean = fill();
    const start = clean.flash.operations;
    clean.log.acknowledge(ACKED);
    const operations = clean.flash.operations - start;
    expect(operations).toBeGreaterThan(30);
    const filled = fill();
    for (let at = 0; at <= operations; at++) {
      for (const mode of ['cut', 'torn'] as const) {
        const copy = filled.flash.clone();
        expect(cutAndReopen({ flash: copy, log: filled.log.cloneOnto(copy) }, at, mode), `${mode} at ${at}`).toBe(cutAndReopen(fill(), at, mode));
      }
    }
  });

  it('holds for the built-in log, every operation cut and torn', () => {
    const result = checkLogSweep(design, platform, 'sevenfold verify');
    expect(result.verdict).toBe('holds');
    expect(result.bound).toBe('35 flash operations of an acknowledgement with compaction × cut and torn');
    expect(result.summary).toBe('70 cuts during log upkeep lost nothing');
  });

  it('is violated for a log kept in RAM: a restart loses the unacknowledged events', () => {
    const result = checkLogSweep(fixtureDesign('failure-log-in-ram'), platform, 'sevenfold verify');
    expect(result.verdict).toBe('violated');
    expect(result.summary).toBe('a restart with no cut: 30 of events 51–80 lost (0 still pending)');
  });
});
