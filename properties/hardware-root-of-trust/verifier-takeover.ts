/**
 * A stage whose loader an attacker takes over is not verified (model/platform/verifier-takeover.ts, the rule). Played
 * on the boot emulator: for each such stage, the tampered image of it is written into flash and the device boots with
 * every check of that stage skipped (the loader under the attacker makes none, as a glitch that skips each branch
 * would); the tampered image running is the violation, with its trace. The emulator is not told why the loader is
 * taken over: it boots what it is given.
 */
import { formatTrace, rollbackCheckId, type BootRun } from '../../emulator/boot/index.js';
import { verifiersAnAttackerTakesOver } from '../../model/platform/verifier-takeover.js';
import type { Evidence } from '../verdict.js';
import { ATTACKS_REQUIREMENT } from './attacks.js';
import { stageRan, type RuleInput, type RuleOutcome } from './rule.js';

const RULE = 'no stage is verified by a component an attacker takes over';

export function checkVerifierTakeover(input: RuleInput): RuleOutcome {
  const design = input.lab.design;
  const base = { rule: RULE, requirement: ATTACKS_REQUIREMENT };
  const found = verifiersAnAttackerTakesOver(design);
  if (!found.length) return { ...base, verdict: 'holds', summary: 'every stage is verified by a component no attacker of the design runs as', evidence: [{ title: `${RULE}: holds`, lines: design.boot.map((s) => `${s.image}: verified by ${s.loadedBy}`) }], extraBoots: [] };
  const lines: string[] = [];
  const problems: string[] = [];
  const runs: BootRun[] = [];
  const evidence: Evidence[] = [];
  for (const v of found) {
    const stage = design.boot[v.boot]!;
    const pointer = pointerOf(input, stage.image);
    const plan = input.lab.attacker.plan('tampered', stage.image);
    const run = input.lab.boot(input.verifier, { attack: plan, skip: [...stage.checks.map((c) => c.id), rollbackCheckId(stage.image)], scenario: `${stage.image} tampered, loaded by ${v.loader} under the attacker` });
    runs.push(run);
    if (stageRan(run, stage.image)) {
      problems.push(`${stage.image} is verified by ${v.loader} (${pointer}), which an attacker takes over (${v.why}): run as the attacker it makes no check, and a tampered ${stage.image} ran`);
      lines.push(`${stage.image} (loaded by ${v.loader}: ${v.why}): tampered image with ${v.loader}'s checks not made: RAN`);
      if (evidence.length < 2) evidence.push({ title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace), reproduce: input.reproduce, data: run.trace });
    } else lines.push(`${stage.image} (loaded by ${v.loader}: ${v.why}): tampered image with ${v.loader}'s checks not made: did not run (${run.trace.stages.find((s) => s.outcome.status === 'halted')?.image ?? 'no stage'} halted first)`);
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
