/**
 * Which check runs a boot stage makes: the unit one glitch skips. Each design check and the stage's
 * rollback comparison run once, or twice when the design marks them `redundant`: glitch-hardened boot
 * code (MCUboot's fault-injection hardening, for one) makes the same decision a second time by
 * independent code, so a single skipped branch no longer lets a bad image through; both runs must
 * pass. The spec's rule (boot-acceptance.ts reads it); the boot emulator makes and skips runs by its
 * own reading (emulator/boot/loader-runs.ts), and test/differential/boot-harness.ts compares every run
 * of both by name and result, so a fault in either reading shows up as a disagreement.
 *
 * Names: a check made once is named by its id (`sm.kernel.hash`, `rollback.nw-kernel`); each run of a
 * redundant one by its id and run number (`sm.kernel.hash#1`, `sm.kernel.hash#2`). Design ids cannot
 * contain '#' (schema), so a run name never collides with a check id. A skip list naming a check's
 * id forces every run of it to pass (a harness bypassing the check, as the measurement and
 * revocation rules do); naming one run skips that run only (one glitch).
 */
import type { BootCheckKind, BootStage } from './platform-design.js';

export type CheckRunKind = BootCheckKind | 'rollback';

export interface CheckRun {
  /** The design check's id, or rollback.<image> for the stage's counter comparison. */
  check: string;
  /** What a glitch names: the check id when made once, <check>#<run> when made twice. */
  id: string;
  /** 1 or 2 for a redundant check; absent for a check made once. */
  run?: number;
  kind: CheckRunKind;
  /** The key (design checks) or counter (rollback) the check uses. */
  key: string;
}

/** Runs of a check: two when the design says it is made again by independent code. */
export const RUNS_OF_REDUNDANT_CHECK = 2;

export const rollbackCheckId = (image: string) => `rollback.${image}`;

/** The name of one run: the check's id when it runs once. */
export const checkRunId = (check: string, run?: number) => (run === undefined ? check : `${check}#${run}`);

function runsOf(check: string, kind: CheckRunKind, key: string, redundant: boolean | undefined): CheckRun[] {
  if (!redundant) return [{ check, id: check, kind, key }];
  return Array.from({ length: RUNS_OF_REDUNDANT_CHECK }, (_, i) => ({ check, id: checkRunId(check, i + 1), run: i + 1, kind, key }));
}

/** The runs of one design check of a stage, in the order the loader makes them. */
export function designCheckRuns(check: BootStage['checks'][number]): CheckRun[] {
  return runsOf(check.id, check.kind, check.key, check.redundant);
}

/** The runs of the stage's anti-rollback comparison (none without a counter). */
export function rollbackRuns(stage: BootStage): CheckRun[] {
  return stage.rollback ? runsOf(rollbackCheckId(stage.image), 'rollback', stage.rollback.counter, stage.rollback.redundant) : [];
}

/** Every run the stage's loader makes: design checks in order, then the rollback comparison (which the loader makes before or after the checks, as the design's `raised` says). */
export function stageCheckRuns(stage: BootStage): CheckRun[] {
  return [...stage.checks.flatMap(designCheckRuns), ...rollbackRuns(stage)];
}

/** Whether a skip list forces this run to pass: it names the run, or the whole check. */
export function skipsRun(skip: ReadonlySet<string>, run: CheckRun): boolean {
  return skip.has(run.id) || skip.has(run.check);
}

/** The checks a design makes twice, for evidence: "sm.kernel.hash (nw-kernel)". */
export function redundantChecks(stages: readonly BootStage[]): string[] {
  return stages.flatMap((stage) => [...new Set(stageCheckRuns(stage).filter((r) => r.run !== undefined).map((r) => r.check))].map((check) => `${check} (${stage.image})`));
}
