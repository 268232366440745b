/**
 * An anti-rollback counter is never raised for an image that then fails verification. In every trace:
 * no stage whose counter went up was then halted. When one was, the device is booted again with the
 * genuine release written back (a recovery): the burnt fuses stay, so the genuine images, one security
 * version lower than the rejected one, are refused too. That second trace is the evidence: one tampered
 * image bricks the valid one.
 */
import { formatTrace, type BootRun } from '../../emulator/boot/index.js';
import type { Evidence } from '../verdict.js';
import { haltLine, type RuleInput, type RuleOutcome } from './rule.js';

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
  const beforeVerify = lab.design.boot.filter((s) => s.rollback?.raised === 'before-verify').map((s) => s.image);
  if (problems.length > 0) {
    return { rule: RULE, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: problems, reproduce: input.reproduce }, ...evidence], extraBoots };
  }
  if (beforeVerify.length > 0) {
    // No boot showed it (e.g. no image with a higher version failed), but the design still raises before verifying.
    const lines = beforeVerify.map((s) => `${s} raises its counter before its image is verified: an image that fails verification still burns fuses`);
    return { rule: RULE, verdict: 'violated', summary: lines[0]!, evidence: [{ title: `${RULE}: violated`, lines, reproduce: input.reproduce }], extraBoots };
  }
  const guarded = lab.design.boot.filter((s) => s.rollback).length;
  return { rule: RULE, verdict: 'holds', summary: `${guarded} stages raise their counter only after verification; no boot burnt a fuse for a rejected image`, evidence: [{ title: `${RULE}: holds`, lines: [`${runs.length} boots: no halted stage had its counter raised`] }], extraBoots };
}
