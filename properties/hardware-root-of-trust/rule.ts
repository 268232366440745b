/**
 * What each part of the hardware-root-of-trust check gets and gives. The parts (one file each) are
 * independent rules over the same boots; index.ts runs the boots once and combines the verdicts.
 */
import type { AttackPlan, BootLab, BootRun, CrossCheckedVerifier } from '../../emulator/boot/index.js';
import type { Evidence, Verdict } from '../verdict.js';

export interface AttackRun {
  plan: AttackPlan;
  run: BootRun;
}

export interface RuleInput {
  lab: BootLab;
  verifier: CrossCheckedVerifier;
  normal: BootRun;
  /** Every attack kind at every stage. */
  attacks: AttackRun[];
  /** Printed with every piece of evidence. */
  reproduce: string;
}

export interface RuleOutcome {
  rule: string;
  verdict: Verdict;
  summary: string;
  evidence: Evidence[];
  /** Boots this rule ran beyond the shared ones (they count in the bound). */
  extraBoots: BootRun[];
}

/** Did the attacked (or named) stage's image run in this boot? */
export const stageRan = (run: BootRun, stage: string): boolean => run.trace.stages.some((s) => s.image === stage && s.outcome.status === 'ran');

/** Where and why a boot halted, for a line of evidence. */
export function haltLine(run: BootRun): string {
  const halted = run.trace.stages.find((s) => s.outcome.status === 'halted');
  if (!halted) return 'booted';
  const failed = halted.checks.filter((c) => c.result === 'fail').map((c) => c.id);
  return `halted at ${halted.image}${failed.length ? ` by ${failed.join(', ')}` : halted.outcome.status === 'halted' ? `: ${halted.outcome.reason}` : ''}`;
}
