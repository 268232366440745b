/**
 * The log's own upkeep survives a power cut at each of its flash operations, as an update does
 * (MCUboot's sweep, applied to the log): 80 events are logged (fewer if the log holds fewer), the service acknowledges the first 50
 * (which frees enough records to make the log compact itself), and the acknowledgement is interrupted
 * at every operation, cut and torn. After each, a fresh power-on must still hold events 51 to 80 and
 * must number the next event 81 or more. Random runs rarely get a cut inside a compaction that still
 * has events to carry; this check puts one at every step of it.
 */
import { CountedFlash, FailureReportLog, PowerCut, SYSTEM_SOURCE, type LogPlatform } from '../../emulator/update/index.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { PERSISTENT_LOG, type CheckOutcome } from './rule.js';
import { stimulusKind } from './world.js';

const CHECK = 'the log survives a cut during its own upkeep';

export function checkLogSweep(design: UpdateDesign, platform: LogPlatform, reproduce: string): CheckOutcome {
  // 80 events, 50 acknowledged; fewer when the design's log holds fewer (one place stays free for the event
  // logged after the cut; still enough to compact when the log holds 50 or more).
  const room = Math.min(design.failureReporting.systemEventCapacity, design.failureReporting.totalEventCapacity) - 1;
  const logged = Math.min(80, room);
  const acked = Math.floor((logged * 5) / 8);
  if (acked < 1) return { check: CHECK, requirements: [PERSISTENT_LOG], verdict: 'unknown', summary: `the log holds ${room + 1} OS event${room ? 's' : ''}: too few to exercise its upkeep`, bound: 'not run', evidence: [] };
  const kind = stimulusKind(design, platform);
  if (!kind) return { check: CHECK, requirements: [PERSISTENT_LOG], verdict: 'unknown', summary: 'the log records no failure kind: its upkeep cannot be exercised', bound: 'not run', evidence: [] };
  // The log filled once; every case starts from a copy of it (flash contents and the log's RAM state, as
  // CountedFlash.clone and FailureReportLog.cloneOnto make them), which is the device a fresh fill makes.
  const filledFlash = new CountedFlash();
  const filledLog = FailureReportLog.open(filledFlash, design, platform);
  for (let i = 1; i <= logged; i++) filledLog.append({ time: i, kind, source: SYSTEM_SOURCE, detail: `failure ${i}`, boot: 1 });
  const fill = () => {
    const flash = filledFlash.clone();
    return { flash, log: filledLog.cloneOnto(flash) };
  };
  const clean = fill();
  const start = clean.flash.operations;
  clean.log.acknowledge(acked);
  const operations = clean.flash.operations - start;
  const problems: string[] = [];
  const want = Array.from({ length: logged - acked }, (_, i) => acked + 1 + i);
  // Cut point 0 is no cut at all: a plain restart after the acknowledgement must keep the rest too.
  const cases = [{ at: 0, mode: 'cut' as const }, ...Array.from({ length: operations }, (_, i) => [{ at: i + 1, mode: 'cut' as const }, { at: i + 1, mode: 'torn' as const }]).flat()];
  for (const { at, mode } of cases) {
    const { flash, log } = fill();
    if (at > 0) flash.arm({ at, mode });
    try {
      log.acknowledge(acked);
    } catch (err) {
      if (!(err instanceof PowerCut)) throw err;
    }
    flash.arm(undefined);
    const after = FailureReportLog.open(flash, design, platform);
    const pending = after.pending().map((e) => e.sequence).filter((s) => s > acked);
    const next = after.append({ time: 0, kind, source: SYSTEM_SOURCE, detail: 'check', boot: 2 })?.sequence ?? 0;
    const where = at === 0 ? 'a restart with no cut' : `${mode} at operation ${at} of ${operations}`;
    if (pending.join() !== want.join()) problems.push(`${where}: ${want.length - pending.length} of events ${acked + 1}–${logged} lost (${pending.length} still pending)`);
    else if (next <= logged) problems.push(`${where}: the next event was numbered ${next}, reusing a number`);
  }
  const bound = `${operations} flash operations of an acknowledgement with compaction × cut and torn`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines: problems.length ? problems : [`every cut left events ${acked + 1}–${logged} pending and the numbering intact`], ...(problems.length ? { reproduce } : {}) }];
  return problems.length ? { check: CHECK, requirements: [PERSISTENT_LOG], verdict: 'violated', summary: problems[0]!, bound, evidence } : { check: CHECK, requirements: [PERSISTENT_LOG], verdict: 'holds', summary: `${operations * 2} cuts during log upkeep lost nothing`, bound, evidence };
}
