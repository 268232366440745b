/**
 * The check runs the emulated boot loader makes at one stage, and which of them an injected fault
 * forces to pass. A check the design marks `redundant` is a second copy of the decision in the loader's
 * code (glitch-hardened boot code, as MCUboot's), so the device makes it twice and both runs must pass;
 * the anti-rollback comparison likewise. A glitch skips one run: the fault list names a run as
 * <check>#<run> (sm.kernel.hash#2), or a whole check by its id (every run of it forced to pass, as the
 * measurement and revocation harnesses bypass a check). The counter comparison is named
 * rollback.<image>.
 *
 * Second reading, on purpose: it mirrors the spec's check-runs rule (model/platform/check-runs.ts:
 * designCheckRuns, rollbackRuns, skipsRun, checkRunId) without importing it. Before, the boot walker
 * (boot.ts), the fault sweep (fault-sweep.ts) and the spec's boot acceptance all enumerated runs and
 * decided skips through that one module, so a fault in it (a redundant check made once, a whole-check
 * skip that skips nothing, a run named like another) was agreed by both sides and the boot harness
 * could not see it. test/differential/boot-harness.ts now holds the two readings against each other:
 * it compares every run of every stage by this name and result.
 */
import type { BootStage } from '../../model/platform/platform-design.js';

/** What a run checks: an image's signature, its manifest hash, or its security version against the counter. */
export type LoaderRunKind = BootStage['checks'][number]['kind'] | 'rollback';

/** One run of a check the loader makes. */
export interface LoaderRun {
  /** The design check's id, or rollback.<image> for the counter comparison. */
  check: string;
  /** 1 or 2 when the check is made twice; absent when it is made once. */
  run?: number;
  kind: LoaderRunKind;
  /** The key (design checks) or counter (rollback) the run uses. */
  key: string;
}

/** How many times the loader makes a redundant check: the original branch and its hardened copy. */
const COPIES_OF_A_REDUNDANT_CHECK = 2;

/** The name of the counter comparison of a stage's image. */
export const counterCheckName = (image: string): string => `rollback.${image}`;

/** The name a fault list uses for one run: the check's id alone when it is made once. */
export function loaderRunName(check: string, run?: number): string {
  return run === undefined ? check : `${check}#${run}`;
}

function copies(check: string, kind: LoaderRunKind, key: string, redundant: boolean | undefined): LoaderRun[] {
  if (redundant !== true) return [{ check, kind, key }];
  const runs: LoaderRun[] = [];
  for (let run = 1; run <= COPIES_OF_A_REDUNDANT_CHECK; run++) runs.push({ check, run, kind, key });
  return runs;
}

/** The runs of one design check, in the order the loader makes them. */
export const runsOfCheck = (check: BootStage['checks'][number]): LoaderRun[] => copies(check.id, check.kind, check.key, check.redundant);

/** The runs of the stage's counter comparison (none when no counter guards it). */
export function runsOfCounter(stage: BootStage): LoaderRun[] {
  const rollback = stage.rollback;
  return rollback ? copies(counterCheckName(stage.image), 'rollback', rollback.counter, rollback.redundant) : [];
}

/** Every run the stage's loader can make: its design checks in order, then the counter comparison. */
export const runsOfStage = (stage: BootStage): LoaderRun[] => [...stage.checks.flatMap(runsOfCheck), ...runsOfCounter(stage)];

/** Whether the injected faults force this run to pass: they name this run, or its whole check. */
export function forcedToPass(faults: ReadonlySet<string>, run: LoaderRun): boolean {
  if (faults.size === 0) return false; // a boot with no fault injected names no run (and spells none)
  return faults.has(run.check) || faults.has(loaderRunName(run.check, run.run));
}
