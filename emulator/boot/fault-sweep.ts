/**
 * The fault sweep, after MCUboot's fault-injection tests (run a bad image, skip instructions at each
 * point of the boot path, classify: no boot, or boot = bypass). Here the unit is a check: for every
 * attack kind the attacker has (ATTACK_KINDS: tampered, unknown key, downgrade, swapped…) aimed at
 * each stage in turn, boot once with no fault, then once per combination of up to `faults` checks
 * forced to pass, and record whether the bad image ran. A design tolerates n glitches when no
 * combination of n skips lets a bad image run; a stage guarded by one check does not tolerate one.
 * The unit skipped is one run of a check: a check the design marks redundant is made twice by
 * independent code, and each run is skipped on its own (loader-runs.ts, the device's own reading).
 *
 * Three reductions, all exact:
 *  - only checks of the bad stage and of the stages before it are combined: the boot walks the stages
 *    in order, so whether the bad stage runs is settled before any later check executes;
 *  - a combination that contains a smaller one already known to boot the bad image is not booted: a
 *    skipped check only ever passes, so skipping more lets at least as much through. It is counted as
 *    an implied bypass; `bypasses` lists the minimal combinations;
 *  - a combination whose every skipped run passed in the unfaulted boot of every plan is not booted
 *    either: the boot is deterministic, and forcing a run to pass that passes anyway leaves every later
 *    step as it was (a run's only effects besides its verdict are reads of flash and eFuses, which the
 *    boot never reads back, and the count of verifications), so the faulted boot halts where the
 *    unfaulted one did, with the same failed checks, having reached every skipped run. It is counted in
 *    `decidedByUnfaulted`; `bootEveryCase` boots it instead (tests hold the two against each other).
 * Second reading, boot by boot, of the spec's boot acceptance rule with skipped runs
 * (model/platform/boot-acceptance.ts: bootAcceptance, swapDecision for a swap's choice of image);
 * test/differential/boot-harness.ts holds them together on random designs and skip sets.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { ATTACK_KINDS, type AttackKind, type AttackPlan } from './attacks.js';
import { BootLab } from './boot-lab.js';
import { CrossCheckedVerifier, NodeP256Verifier, type SignatureVerifier } from './p256-verifier.js';
import { loaderRunName, runsOfStage } from './loader-runs.js';
import type { BootTrace, CheckKind } from './trace.js';

export interface SkippableCheck {
  /** The run a glitch skips: the check's id, or <id>#<run> for each run of a redundant check. */
  id: string;
  /** The stage the check guards. */
  stage: string;
  kind: CheckKind;
}

export interface FaultCase {
  attack: AttackKind;
  /** The stage holding the bad image. */
  badStage: string;
  /** The checks forced to pass: one glitch each. */
  skipped: SkippableCheck[];
  /** bypass: the bad image ran; caught: the boot halted at the bad stage. */
  outcome: 'bypass' | 'caught';
  /** Whether the boot got as far as every skipped check (a check after the halt never runs). */
  reached: boolean;
  /** The checks that failed at the bad stage. */
  caughtBy: string[];
}

export interface UnfaultedCase {
  attack: AttackKind;
  stage: string;
  caught: boolean;
  caughtBy: string[];
  trace: BootTrace;
}

export interface FaultSweepOptions {
  seed?: number;
  /** Attack kinds to run (default: every kind, ATTACK_KINDS). */
  attacks?: readonly AttackKind[];
  /** One attack kind only (kept for callers that sweep one kind). */
  attack?: AttackKind;
  /** Largest number of checks skipped together (default 1). */
  faults?: number;
  /** Refuse sweeps that need more boots than this (default 100 000): FaultSweepBudgetError. */
  maxBoots?: number;
  /** 'cross-checked' (default): node:crypto, every distinct verdict confirmed by noble; or 'node', or your own. */
  verifier?: 'node' | 'cross-checked' | SignatureVerifier;
  /** Reuse a lab already opened for the same design and seed (default: the process's shared one, BootLab.shared). */
  lab?: BootLab;
  /** Boot every case, also those the unfaulted boot decides (default false: see the third reduction above). */
  bootEveryCase?: boolean;
  progress?: (message: string) => void;
}

export interface FaultSweepResult {
  design: string;
  seed: number;
  attacks: AttackKind[];
  faults: number;
  checks: SkippableCheck[];
  /** Without any fault, is each bad image caught? (A bad image that runs unfaulted is a bypass with zero faults.) */
  unfaulted: UnfaultedCase[];
  cases: FaultCase[];
  /** The minimal combinations that let a bad image run, each with its trace. */
  bypasses: (FaultCase & { trace: BootTrace })[];
  /** Combinations not booted because a smaller one inside them already boots the bad image. */
  impliedBypasses: number;
  /** Cases (in `cases`) not booted because every run they skip passes in the unfaulted boot: caught as that boot was. */
  decidedByUnfaulted: number;
  /** Attacks the design's shape rules out (a swap needs a second stage), with the reason. */
  notApplicable: { attack: AttackKind; stage: string; reason: string }[];
  boots: number;
  verifications: number;
  timeMs: number;
}

/** A sweep that would need more boots than allowed: the caller must not report it as passed. */
export class FaultSweepBudgetError extends Error {
  constructor(
    readonly needed: number,
    readonly budget: number,
  ) {
    super(`the fault sweep needs ${needed} boots, more than the budget of ${budget}`);
    this.name = 'FaultSweepBudgetError';
  }
}

export const DEFAULT_MAX_BOOTS = 100_000;

/**
 * Every check run a glitch could skip: each run of each design check and of the rollback comparison of
 * each stage that has one (loader-runs.ts: a redundant check is two runs, skipped apart).
 */
export function skippableChecks(design: PlatformDesign): SkippableCheck[] {
  return design.boot.flatMap((stage) => runsOfStage(stage).map((run) => ({ id: loaderRunName(run.check, run.run), stage: stage.image, kind: run.kind })));
}

/** The checks that run before the bad stage's outcome is settled: those of its stage and every stage before it. */
export function checksUpTo(design: PlatformDesign, stage: string): SkippableCheck[] {
  const last = design.boot.findIndex((s) => s.image === stage);
  const stages = new Set(design.boot.slice(0, last + 1).map((s) => s.image));
  return skippableChecks(design).filter((c) => stages.has(c.stage));
}

/** Boots the sweep needs at most (before implied bypasses are left out). */
export function plannedBoots(design: PlatformDesign, attacks: number, faults: number): number {
  let boots = 0;
  for (const stage of design.boot) {
    const n = checksUpTo(design, stage.image).length;
    boots += 1;
    for (let k = 1; k <= Math.min(faults, n); k++) boots += binomial(n, k);
  }
  return boots * attacks;
}

export async function sweepFaults(design: PlatformDesign, options: FaultSweepOptions = {}): Promise<FaultSweepResult> {
  const started = performance.now();
  const faults = options.faults ?? 1;
  if (!Number.isInteger(faults) || faults < 0) throw new RangeError(`faults must be a whole number ≥ 0, not ${faults}`);
  const attacks = [...(options.attacks ?? (options.attack ? [options.attack] : ATTACK_KINDS))];
  const budget = options.maxBoots ?? DEFAULT_MAX_BOOTS;
  const needed = plannedBoots(design, attacks.length, faults);
  if (needed > budget) throw new FaultSweepBudgetError(needed, budget);

  const seed = options.lab?.seed ?? options.seed ?? 1;
  const lab = options.lab ?? (await BootLab.shared(design, { seed }));
  const verifier = typeof options.verifier === 'object' ? options.verifier : options.verifier === 'node' ? new NodeP256Verifier() : new CrossCheckedVerifier();
  const verificationsBefore = verifier.verifications;
  const result: FaultSweepResult = { design: design.name, seed, attacks, faults, checks: skippableChecks(design), unfaulted: [], cases: [], bypasses: [], impliedBypasses: 0, decidedByUnfaulted: 0, notApplicable: [], boots: 0, verifications: 0, timeMs: 0 };

  for (const attack of attacks) {
    for (const stage of design.boot) {
      // The attacker says which attacks the design's shape rules out (a swap needs a second stage).
      const reason = lab.attacker.notApplicable(attack, stage.image);
      if (reason) {
        result.notApplicable.push({ attack, stage: stage.image, reason });
        continue;
      }
      // Usually one plan; a swap into a stage whose signature checks name several keys is tried with an image of each (Attacker.plans).
      const plans = lab.attacker.plans(attack, stage.image);
      const checks = checksUpTo(design, stage.image);
      options.progress?.(`fault sweep: ${attack} ${stage.image}, up to ${faults} of ${checks.length} checks skipped`);
      const clean = firstThatRuns(plans, stage.image, (plan) => lab.boot(verifier, { attack: plan }).trace);
      result.boots += clean.boots;
      const cleanRan = ran(clean.trace, stage.image);
      result.unfaulted.push({ attack, stage: stage.image, caught: !cleanRan, caughtBy: failedAt(clean.trace, stage.image), trace: clean.trace });
      const minimal: string[][] = cleanRan ? [[]] : [];
      // When no plan ran unfaulted, every plan was booted: the runs that passed in all of those boots.
      const passedUnfaulted = cleanRan || options.bootEveryCase ? new Set<string>() : passedInEvery(clean.traces);
      for (let k = 1; k <= Math.min(faults, checks.length); k++) {
        for (const combination of combinations(checks, k)) {
          const ids = combination.map((c) => c.id);
          if (minimal.some((m) => m.every((id) => ids.includes(id)))) {
            result.impliedBypasses++;
            continue;
          }
          if (ids.every((id) => passedUnfaulted.has(id))) {
            // Caught where the unfaulted boot of the first plan was, by the same checks (the third reduction).
            result.decidedByUnfaulted++;
            result.cases.push({ attack, badStage: stage.image, skipped: combination, outcome: 'caught', reached: true, caughtBy: failedAt(clean.trace, stage.image) });
            continue;
          }
          const faultCase = bootWithFaults(lab, verifier, attack, plans, stage.image, combination);
          result.boots += faultCase.boots;
          result.cases.push(faultCase.case);
          if (faultCase.case.outcome === 'bypass') {
            minimal.push(ids);
            result.bypasses.push({ ...faultCase.case, trace: faultCase.trace });
          }
        }
      }
    }
  }
  return { ...result, verifications: verifier.verifications - verificationsBefore, timeMs: performance.now() - started };
}

/** The sweep of one attack kind (tampered unless given) with one fault at a time. */
export async function sweepSingleFaults(design: PlatformDesign, options: FaultSweepOptions = {}): Promise<FaultSweepResult> {
  return sweepFaults(design, { ...options, attacks: [options.attack ?? 'tampered'], faults: 1 });
}

function bootWithFaults(lab: BootLab, verifier: SignatureVerifier, attack: AttackKind, plans: readonly AttackPlan[], badStage: string, skipped: SkippableCheck[]): { case: FaultCase; trace: BootTrace; boots: number } {
  const ids = skipped.map((c) => c.id);
  const { trace, boots } = firstThatRuns(plans, badStage, (plan) => lab.boot(verifier, { attack: plan, skip: ids, scenario: `attack: ${plan.description}; fault${ids.length > 1 ? 's' : ''}: skip ${ids.join(' and ')}` }).trace);
  const reachedIds = new Set(trace.stages.flatMap((s) => s.checks.filter((c) => c.result === 'skipped').map((c) => loaderRunName(c.id, c.run))));
  return {
    case: { attack, badStage, skipped, outcome: ran(trace, badStage) ? 'bypass' : 'caught', reached: ids.every((id) => reachedIds.has(id)), caughtBy: failedAt(trace, badStage) },
    trace,
    boots,
  };
}

/** Boots each plan in turn until one runs the bad image: that boot's trace, else the first plan's; and every trace booted. */
function firstThatRuns(plans: readonly AttackPlan[], badStage: string, boot: (plan: AttackPlan) => BootTrace): { trace: BootTrace; boots: number; traces: BootTrace[] } {
  const traces: BootTrace[] = [];
  for (const plan of plans) {
    const trace = boot(plan);
    traces.push(trace);
    if (ran(trace, badStage)) return { trace, boots: traces.length, traces };
  }
  return { trace: traces[0]!, boots: traces.length, traces };
}

/** The check runs (by run id, as a skip names them) that passed in every one of `traces`. */
function passedInEvery(traces: readonly BootTrace[]): Set<string> {
  const passedIn = (trace: BootTrace) => new Set(trace.stages.flatMap((s) => s.checks.filter((c) => c.result === 'pass').map((c) => loaderRunName(c.id, c.run))));
  const [first, ...rest] = traces.map(passedIn);
  return new Set([...(first ?? [])].filter((id) => rest.every((set) => set.has(id))));
}

function* combinations<T>(items: readonly T[], k: number, from = 0, prefix: T[] = []): Generator<T[]> {
  if (prefix.length === k) {
    yield prefix;
    return;
  }
  for (let i = from; i <= items.length - (k - prefix.length); i++) yield* combinations(items, k, i + 1, [...prefix, items[i]!]);
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

const ran = (trace: BootTrace, stage: string) => trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran');
const failedAt = (trace: BootTrace, stage: string) => trace.stages.find((s) => s.image === stage)?.checks.filter((c) => c.result === 'fail').map((c) => loaderRunName(c.id, c.run)) ?? [];
