/**
 * Defense in depth, second half: glitches on the boot path. Every attack kind the boot emulator's
 * attacker has (tampered, unknown key, downgrade, swapped…) is aimed at every stage, and booted with
 * every combination of up to `faults` skipped checks (emulator/boot/fault-sweep.ts). The profile's
 * defense-in-depth.fault-tolerance says how many glitches a design must survive: a bad image that runs
 * with that many skips or fewer (zero included) is a violation. A deeper sweep (--faults) reports
 * what falls to more glitches than the profile requires, without making it a violation. A design
 * defends against a glitch by making a check twice, by independent code (`redundant` on a check or
 * a rollback counter; model/platform/check-runs.ts): the emulator runs both and the sweep skips one
 * run at a time, so only a second glitch gets past it.
 */
import { ATTACK_KINDS } from '../../emulator/boot/attacks.js';
import { FaultSweepBudgetError, sweepFaults, type FaultSweepResult } from '../../emulator/boot/fault-sweep.js';
import { redundantChecks } from '../../model/platform/check-runs.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { Evidence } from '../verdict.js';

export type FaultCheck =
  | { status: 'decided'; sweep: FaultSweepResult; problems: string[]; beyond: string[]; evidence: Evidence; timeMs: number }
  | { status: 'not-applicable'; reason: string; timeMs: number }
  | { status: 'unknown'; reason: string; timeMs: number };

export interface FaultCheckOptions {
  /** From the profile: glitches a design must survive. */
  tolerance: number;
  /** Glitches the sweep combines: at least the tolerance (--faults asks for more). */
  faults: number;
  seed: number;
  progress: (message: string) => void;
}

const ATTACK_WORDS: Record<string, string> = { tampered: 'a tampered', 'unknown-key': 'an unknown-key', downgrade: 'a downgraded', swapped: 'a swapped' };
const bad = (attack: string) => ATTACK_WORDS[attack] ?? `a ${attack}`;

export async function checkFaults(design: PlatformDesign, options: FaultCheckOptions): Promise<FaultCheck> {
  const started = performance.now();
  // Every device boots a chain (the platform schema asks for one stage); a design given without one has left it
  // out, and "no glitch runs a bad image" would hold of no stage.
  if (design.boot.length === 0) return { status: 'unknown', reason: 'the design has no boot stage to glitch: the boot chain is left out, so no glitch was tried', timeMs: 0 };
  let sweep: FaultSweepResult;
  try {
    sweep = await sweepFaults(design, { seed: options.seed, verifier: 'node', attacks: ATTACK_KINDS, faults: options.faults, progress: options.progress });
  } catch (err) {
    const reason = err instanceof FaultSweepBudgetError ? `${err.message}: lower --faults or the profile's fault-tolerance` : `the boot emulator cannot run this design: ${err instanceof Error ? err.message : String(err)}`;
    return { status: 'unknown', reason, timeMs: performance.now() - started };
  }
  const problems: string[] = [];
  const beyond: string[] = [];
  for (const u of sweep.unfaulted) if (!u.caught) problems.push(`${bad(u.attack)} ${u.stage} boots without any fault`);
  for (const b of sweep.bypasses) {
    const line = `skipping ${b.skipped.length === 1 ? 'the single check' : `the ${b.skipped.length} checks`} ${b.skipped.map((c) => c.id).join(' and ')} boots ${bad(b.attack)} ${b.badStage}`;
    (b.skipped.length <= options.tolerance ? problems : beyond).push(line);
  }
  const evidence: Evidence = {
    title: `fault sweep: ${sweep.attacks.length} attack kinds (${sweep.attacks.join(', ')}) × ${design.boot.length} stages, every combination of up to ${sweep.faults} of ${sweep.checks.length} skippable checks (tolerance required: ${options.tolerance}); ${sweep.boots} boots`,
    lines: [
      problems.length === 0 ? `no bad image runs with ${options.tolerance === 0 ? 'no fault' : `${options.tolerance} or fewer skipped checks`}` : `${problems.length} way${problems.length > 1 ? 's' : ''} to run a bad image within the tolerance:`,
      ...problems.map((p) => `  ${p}`),
      ...(beyond.length ? [`beyond the required tolerance (${beyond.length}):`, ...beyond.map((p) => `  ${p}`)] : []),
      ...sweep.notApplicable.map((n) => `not applicable: ${n.attack} at ${n.stage}: ${n.reason}`),
      redundantFrom(design),
      `${sweep.cases.length} fault cases: ${sweep.cases.length - sweep.decidedByUnfaulted} booted, ${sweep.decidedByUnfaulted} decided by their unfaulted boot (every check they skip passes there, so forcing it to pass changes nothing); ${sweep.impliedBypasses} combinations implied by a smaller bypass (not booted), ${sweep.verifications} ECDSA verifications, seed ${sweep.seed}`,
    ],
    data: {
      seed: sweep.seed,
      faults: sweep.faults,
      attacks: sweep.attacks,
      boots: sweep.boots,
      decidedByUnfaulted: sweep.decidedByUnfaulted,
      unfaultedRuns: sweep.unfaulted.filter((u) => !u.caught).map((u) => ({ attack: u.attack, stage: u.stage })),
      bypasses: sweep.bypasses.map((b) => ({ attack: b.attack, stage: b.badStage, checks: b.skipped.map((c) => c.id) })),
    },
  };
  return { status: 'decided', sweep, problems, beyond, evidence, timeMs: sweep.timeMs };
}

/** Which checks the design says it makes twice: the defence against a glitch the sweep then tests. */
function redundantFrom(design: PlatformDesign): string {
  const redundant = redundantChecks(design.boot);
  // What the sweep can test is one skipped run at a time; that no single glitch reaches both runs (a digest computed once
  // and compared twice, one call that makes both) is the design's word: the schema states nothing the runs share.
  return redundant.length ? `made twice by independent code (the design's redundant checks, each run skipped on its own): ${redundant.join(', ')}; that the two runs share nothing one glitch could corrupt for both (the digest they compare, the call that makes them) is the design's statement, not checked` : 'the design makes no check twice (no redundant check): each check is one glitch from being skipped';
}
