/**
 * After a power cut at any flash operation of an update, and after a torn write at any one, the device
 * boots images the vendor signed, no counter went back, and the next connection completes the update.
 * The update swept is a factory device (of the lab's group, which takes every update) catching up with
 * release 3 of the OS and apps.
 */
import { connect, describeOp, LAB_EPOCH, sweepPowerCuts } from '../../emulator/update/index.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'power cuts and torn writes during an update';
export const POWER_LOSS_SAFE = 'renewable-security.power-loss-safe';

export function checkPowerCuts(input: RuleInput): RuleOutcome {
  const { lab } = input;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  lab.publishOs(3, service);
  lab.deployApps(lab.deviceGroup, 3, service);
  const device = lab.device();
  const path = lab.connection(undefined, service);
  input.progress('power-cut sweep: every flash operation of the update, cut and torn');
  // Each connection of the sweep is an update check (the requirement: the update completes at the next
  // check), whether the design checks on connecting or only periodically.
  const sweep = sweepPowerCuts(device, (d) => void connect(d, path, lab.now, { check: true }), { genuine: lab.genuine, isCurrent: (d) => lab.isCurrent(d, service), now: () => lab.now, resume: true, maxFailures: 3 });
  const bound = `${sweep.cutPoints} flash operations × cut and torn = ${sweep.cases} power cuts${sweep.failures.length ? ' (stopped at the first failures)' : ''}, each followed by a boot and a resumed update`;
  if (sweep.failures.length) {
    const first = sweep.failures[0]!;
    return {
      rule: RULE,
      requirement: POWER_LOSS_SAFE,
      verdict: 'violated',
      summary: `${first.mode === 'torn' ? 'a torn write' : 'a power cut'} at ${describeOp(first.op)}: ${first.problems[0]}`,
      bound,
      evidence: sweep.failures.map((f) => ({ title: `${f.mode} at ${describeOp(f.op)}: ${f.problems.join('; ')}`, lines: f.evidence ?? [], reproduce: input.reproduce })),
    };
  }
  const written = new Set(sweep.operations.map((o) => o.area)).size;
  return { rule: RULE, requirement: POWER_LOSS_SAFE, verdict: 'holds', summary: `${sweep.cases} cuts: the device always boots signed images and then completes the update`, bound, evidence: [{ title: `${RULE}: ${bound}`, lines: [`${sweep.cutPoints} operations over ${written} flash areas; no failure; ${Math.round(sweep.timeMs)} ms`, ...(sweep.boots ? [bootsLine(sweep.boots)] : []), ...(sweep.afterCut ? [afterCutLine(sweep.afterCut)] : [])] }] };
}

/** Cut points that leave the device byte for byte as an earlier one did get its outcome (emulator/update/after-cut-memo.ts): the evidence says how many. */
function afterCutLine(afterCut: { checked: number; remembered: number }): string {
  return `cut points: ${afterCut.checked} checked, ${afterCut.remembered} given the outcome of an earlier cut point that left the same flash bytes, counters and anchors`;
}

/** Most boots after a cut have inputs an earlier cut point already booted (emulator/update/boot-memo.ts): the evidence says how many ran. */
function bootsLine(boots: { run: number; remembered: number }): string {
  return `boots: ${boots.run} run, ${boots.remembered} answered from memory (the same slot bytes, counters, anchors and scenario as a boot already run)`;
}
