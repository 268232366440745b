/**
 * A stage whose loader an attacker takes over is not verified. Decided by two readings that each stand:
 *  - the rule (model/platform/verifier-takeover.ts, verifiersAnAttackerTakesOver), read from the design;
 *  - the emulated device's own reading of whom an attacker runs as (takeover-play.ts over
 *    emulator/boot/attacker-takeover.ts), which takes nothing from the rule.
 * Every stage either names is played on the boot emulator: its tampered image is written into flash and the device
 * boots with every check of that stage skipped (the loader under the attacker makes none); the tampered image running
 * is the violation, with its trace, whichever reading named the loader. A stage only one reading names is said so in
 * the evidence (the readings disagree: a defect in one of them, which test/differential/takeover-differential.test.ts
 * is there to find), and it is never held: the device's finding is violated with the device's counterexample, the
 * rule's stands as before. A boot that halted before the stage decides nothing (unknown, never holds).
 */
import { formatTrace, type BootRun } from '../../emulator/boot/index.js';
import { verifiersAnAttackerTakesOver } from '../../model/platform/verifier-takeover.js';
import type { Evidence } from '../verdict.js';
import { ATTACKS_REQUIREMENT } from './attacks.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { bootUnderTakenLoader, loadersTheDeviceSeesTaken } from './takeover-play.js';

const RULE = 'no stage is verified by a component an attacker takes over';

interface Named {
  stage: string;
  loader: string;
  boot: number;
  /** Why the rule says an attacker runs as the loader, when it does. */
  rule?: string;
  /** Why the emulated device's reading says so, when it does. */
  device?: string;
}

export function checkVerifierTakeover(input: RuleInput): RuleOutcome {
  const design = input.lab.design;
  const base = { rule: RULE, requirement: ATTACKS_REQUIREMENT };
  const named = new Map<number, Named>();
  for (const v of verifiersAnAttackerTakesOver(design)) named.set(v.boot, { stage: v.stage, loader: v.loader, boot: v.boot, rule: v.why });
  for (const v of loadersTheDeviceSeesTaken(input)) named.set(v.boot, { ...(named.get(v.boot) ?? { stage: v.stage, loader: v.loader, boot: v.boot }), device: v.why });
  const found = [...named.values()].sort((a, b) => a.boot - b.boot);
  if (!found.length) return { ...base, verdict: 'holds', summary: 'every stage is verified by a component no attacker of the design runs as (the rule and the emulated device agree)', evidence: [{ title: `${RULE}: holds`, lines: design.boot.map((s) => `${s.image}: verified by ${s.loadedBy}`) }], extraBoots: [] };
  const lines: string[] = [];
  const problems: string[] = [];
  const runs: BootRun[] = [];
  const evidence: Evidence[] = [];
  for (const v of found) {
    const pointer = pointerOf(input, v.stage);
    const { run, ran } = bootUnderTakenLoader(input, v.boot);
    runs.push(run);
    const why = v.rule ?? `the emulated device: ${v.device}`;
    const readings = v.rule && v.device ? '' : v.rule ? ' [the rule only: the emulated device does not see an attacker run as it; the readings disagree]' : ` [the emulated device only: the rule (verifiersAnAttackerTakesOver) does not name ${v.loader}; the readings disagree]`;
    if (ran) {
      problems.push(`${v.stage} is verified by ${v.loader} (${pointer}), which an attacker takes over (${why}): run as the attacker it makes no check, and a tampered ${v.stage} ran${readings}`);
      lines.push(`${v.stage} (loaded by ${v.loader}: ${why}): tampered image with ${v.loader}'s checks not made: RAN${readings}`);
      if (evidence.length < 2) evidence.push({ title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace), reproduce: input.reproduce, data: run.trace });
    } else lines.push(`${v.stage} (loaded by ${v.loader}: ${why}): tampered image with ${v.loader}'s checks not made: did not run (${run.trace.stages.find((s) => s.outcome.status === 'halted')?.image ?? 'no stage'} halted first)${readings}`);
  }
  if (problems.length) return { ...base, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: [...lines, ...problems], reproduce: input.reproduce }, ...evidence], extraBoots: runs };
  // Every such boot halted before the stage: the takeover was not shown, so it is not decided (never holds).
  return { ...base, verdict: 'unknown', summary: `the tampered images of ${found.map((v) => v.stage).join(', ')}, loaded by a component an attacker takes over, did not run for another reason: not tested`, evidence: [{ title: `${RULE}: not decided`, lines, reproduce: input.reproduce }], extraBoots: runs };
}

/** The stage's loader field in the platform file as written. */
function pointerOf(input: RuleInput, image: string): string {
  const i = input.product.basePlatform.boot.findIndex((s) => s.image === image);
  return i >= 0 ? `/boot/${i}/loadedBy` : `the boot stage of ${image}`;
}
