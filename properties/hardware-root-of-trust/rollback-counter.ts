/**
 * An anti-rollback counter is never raised for an image that then fails verification. In every trace:
 * no stage whose counter went up was then halted. When one was, the device is booted again with the
 * genuine release written back (a recovery): the burnt fuses stay, so the genuine images, one security
 * version lower than the rejected one, are refused too. That second trace is the evidence: one tampered
 * image bricks the valid one.
 */
import { formatTrace, type BootRun } from '../../emulator/boot/index.js';
import { updateDesignOf } from '../../model/update/product-update.js';
import { checkRollbackRule, describeRollbackFindings, ROLLBACK_REQUIREMENT, signedImageCounterFindings } from '../../model/update/rollback.js';
import type { Evidence } from '../verdict.js';
import { haltLine, type RuleInput, type RuleOutcome } from './rule.js';
import { playCounterWriters } from './counter-writer-play.js';

const RULE = 'counters are raised only for verified images';

export function checkRollbackCounters(input: RuleInput): RuleOutcome {
  const { lab, verifier } = input;
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const extraBoots: BootRun[] = [];
  const runs = [input.normal, ...input.attacks.map((a) => a.run)];
  for (const run of runs) {
    const stage = run.trace.stages.find((s) => s.outcome.status === 'halted' && s.counter && s.counter.after > s.counter.before);
    if (!stage) continue;
    const counter = stage.counter!;
    const failed = stage.checks.filter((c) => c.result === 'fail').map((c) => c.id);
    problems.push(`${run.trace.scenario}: ${counter.counter} raised ${counter.before} → ${counter.after} (${counter.raised}) for ${stage.image}, which then failed ${failed.join(', ') || 'the boot'}`);
    if (evidence.length > 0) continue; // one worked example is enough; every case is listed above
    lab.reinstallRelease(run.device);
    const recovery = lab.reboot(run.device, verifier, `recovery boot after "${run.trace.scenario}": genuine release written back, fuses as that boot left them`);
    extraBoots.push(recovery);
    evidence.push(
      { title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace), reproduce: input.reproduce, data: run.trace },
      { title: `trace: the genuine release afterwards (${recovery.trace.outcome === 'booted' ? 'boots' : `BRICKED: ${haltLine(recovery)}`})`, lines: formatTrace(recovery.trace), reproduce: input.reproduce, data: recovery.trace },
    );
  }
  if (problems.length > 0) {
    return { rule: RULE, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: problems, reproduce: input.reproduce }, ...evidence], extraBoots };
  }
  // No boot showed it (e.g. no image with a higher version failed), but the design may still leave a stage
  // without its own counter or raise one before verifying: the shared rollback rule (model/update/rollback.ts),
  // which renewable-security reads too, says which stages must be guarded and which are not.
  const { product } = input;
  const update = updateDesignOf(product);
  if (!update.design) return { rule: RULE, verdict: 'unknown', summary: 'no usable update design: which stages an update replaces, and so must be guarded, is not known', evidence: [], extraBoots };
  // The rule ranges over the stages an update replaces: the built-in update design, taken for a platform it does not
  // describe, replaces none of that platform's own stages, and "every replaced stage is guarded" would hold of them unasked.
  if (update.defaultForOtherDevice) return { rule: RULE, verdict: 'unknown', summary: `which stages an update replaces, and so must be guarded, is not known: ${update.defaultForOtherDevice}`, evidence: [{ title: `${RULE}: unknown`, lines: [update.defaultForOtherDevice], reproduce: input.reproduce }], extraBoots };
  // Whether the profile requires the rule is index.ts's to apply (underProfile), as for every rule here.
  const rollback = checkRollbackRule(product.platform, update.design, input.requirements, { basePlatform: product.basePlatform, platformFile: product.platformFile, updateFile: update.file });
  // A signed image that is not a boot stage (the trusted key store) is held against a counter of its own: the same rule.
  const findings = [...rollback.findings, ...signedImageCounterFindings(product.platform, { basePlatform: product.basePlatform, platformFile: product.platformFile })];
  // The device's own reading: a component it says an attacker runs as, which its access controller lets write a counter,
  // raises it and strands the genuine release (counter-writer-play.ts). Either reading finding a writer is violated.
  const plays = playCounterWriters(input).filter((p) => p.refused.length > 0);
  extraBoots.push(...plays.map((p) => p.run));
  const playLines = plays.map((p) => p.line);
  if (findings.length > 0) {
    const lines = describeRollbackFindings({ ...rollback, findings });
    return { rule: RULE, verdict: 'violated', summary: findings[0]!.problem, evidence: [{ title: `${RULE}: violated (${ROLLBACK_REQUIREMENT})`, lines: [...lines, ...playLines], reproduce: input.reproduce }, ...plays.slice(0, 1).map((p) => ({ title: `trace: ${p.run.trace.scenario}`, lines: formatTrace(p.run.trace), reproduce: input.reproduce, data: p.run.trace }))], extraBoots };
  }
  if (plays.length > 0) {
    const p = plays[0]!;
    return {
      rule: RULE,
      verdict: 'violated',
      summary: `${p.counter} is raised by ${p.writer}, which the emulated device says an attacker runs as (${p.why}), and the genuine release is then refused at ${p.refused.join(', ')}; the rollback rule (model/update/rollback.ts counterWeakness) names no such writer: the two readings disagree`,
      evidence: [{ title: `${RULE}: violated (${ROLLBACK_REQUIREMENT}), found by the emulated device alone`, lines: playLines, reproduce: input.reproduce }, { title: `trace: ${p.run.trace.scenario}`, lines: formatTrace(p.run.trace), reproduce: input.reproduce, data: p.run.trace }],
      extraBoots,
    };
  }
  if (rollback.undecided) return { rule: RULE, verdict: 'unknown', summary: rollback.undecided, evidence: [{ title: `${RULE}: unknown`, lines: [rollback.undecided], reproduce: input.reproduce }], extraBoots };
  return { rule: RULE, verdict: 'holds', summary: `${rollback.stages.length} updatable stages each raise their own counter only after verification; no boot burnt a fuse for a rejected image`, evidence: [{ title: `${RULE}: holds`, lines: [`${runs.length} boots: no halted stage had its counter raised`] }], extraBoots };
}
