/**
 * Every stage is measured before it runs. By design: each stage has a measurement taken 'before-run'
 * by a component already running that the access rules let extend the register. In the normal boot's trace: each stage's 'measure' step comes before
 * its 'run' step. And as behaviour: for each stage, a tampered image that gets past all its checks
 * (all skipped, as a stand-in for any bypass) must leave the register different from the genuine boot's;
 * measured after it runs, the image has already put the genuine bytes back and the register matches.
 * And no mutable component, those measuring into a register included, may write it (extending is not
 * writing), nor is the register kept in flash. A stage whose measurer an attacker takes over is booted the same way,
 * its measurer extending the genuine image's digest (what it chooses to report): the register then equals the
 * genuine boot's, the tampered image invisible to attestation.
 */
import { formatTrace, rollbackCheckId, type BootRun, type StageTrace } from '../../emulator/boot/index.js';
import { measurementProblems } from '../../model/platform/measurement-integrity.js';
import { componentsAnAttackerTakesOver } from '../../model/platform/verifier-takeover.js';
import type { Evidence } from '../verdict.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'every stage is measured before it runs';
export const MEASUREMENT_REQUIREMENT = 'hardware-root-of-trust.measured-before-run';

export function checkMeasurement(input: RuleInput): RuleOutcome {
  const { lab, normal, verifier } = input;
  const design = lab.design;
  const problems: string[] = [];
  const flagged = new Set<string>();
  const flag = (stage: string, problem: string) => {
    problems.push(problem);
    flagged.add(stage);
  };
  // The design-level rule (model/platform/measurement-integrity.ts), which certificate-authentication reads too.
  for (const p of measurementProblems(design)) flag(p.subject, p.problem);
  for (const stage of normal.trace.stages.filter((s) => s.outcome.status === 'ran')) {
    const order = orderProblem(stage);
    if (order) flag(stage.image, `normal boot: ${order}`);
  }

  // Exposure: a bypassed stage must show in the register.
  const extraBoots: BootRun[] = [];
  const exposureLines: string[] = [];
  const exposures = new Map<string, BootRun>();
  const taken = componentsAnAttackerTakesOver(design);
  for (const stage of design.boot) {
    const genuine = normal.trace.stages.find((s) => s.image === stage.image);
    if (!stage.measurement || !genuine?.measurement?.measured) continue;
    const skip = [...stage.checks.map((c) => c.id), ...(stage.rollback ? [rollbackCheckId(stage.image)] : [])];
    const attack = lab.attacker.plan('tampered', stage.image, { keepSecurityVersion: true });
    // A measurer an attacker runs as reports the genuine image's digest (it chooses what it extends).
    const liar = taken.get(stage.measurement.by);
    const genuineDigest = liar && genuine.measurement.digest ? new Map([[stage.image, new Uint8Array(Buffer.from(genuine.measurement.digest, 'hex'))]]) : undefined;
    const run = lab.boot(verifier, { attack, skip, scenario: `measurement exposure: ${attack.description}; every check of ${stage.image} bypassed${genuineDigest ? `; ${stage.measurement.by}, which an attacker takes over, extends the genuine image's digest` : ''}`, ...(genuineDigest ? { measuredAs: genuineDigest } : {}) });
    extraBoots.push(run);
    const bypassed = run.trace.stages.find((s) => s.image === stage.image);
    if (bypassed?.outcome.status !== 'ran') continue;
    const same = bypassed.measurement?.measured && bypassed.measurement.value === genuine.measurement.value;
    exposureLines.push(`${stage.image}: tampered image bypassing its checks → ${stage.measurement.register} ${same ? 'EQUALS the genuine value: invisible to attestation' : 'differs from the genuine value: attestation sees it'}`);
    if (same) {
      flag(stage.image, `${stage.image}: a tampered image that gets past its checks leaves ${stage.measurement.register} exactly as the genuine image does`);
      exposures.set(stage.image, run);
    }
  }

  if (problems.length > 0) {
    const evidence: Evidence[] = [
      { title: `${RULE}: violated (${[...flagged].join(', ')})`, lines: [...problems, ...exposureLines], reproduce: input.reproduce, data: { stages: [...flagged] } },
      { title: `trace: ${normal.trace.scenario}`, lines: formatTrace(normal.trace).filter((_, i, all) => keepStageLines(all, i, flagged)), reproduce: input.reproduce, data: normal.trace },
      ...[...exposures.values()].slice(0, 1).map((run) => ({ title: `trace: ${run.trace.scenario}`, lines: formatTrace(run.trace).filter((_, i, all) => keepStageLines(all, i, flagged)), reproduce: input.reproduce, data: run.trace })),
    ];
    return { rule: RULE, requirement: MEASUREMENT_REQUIREMENT, verdict: 'violated', summary: problems[0]!, evidence, extraBoots };
  }
  return {
    rule: RULE,
    requirement: MEASUREMENT_REQUIREMENT,
    verdict: 'holds',
    summary: `${design.boot.length} stages measured before they run; a bypassed tampered image shows in the register at each of ${exposureLines.length} stages`,
    evidence: [{ title: `${RULE}: holds`, lines: exposureLines }],
    extraBoots,
  };
}

function orderProblem(stage: StageTrace): string | undefined {
  const measured = stage.steps.indexOf('measure');
  const ran = stage.steps.indexOf('run');
  if (measured < 0 || !stage.measurement?.measured) return `${stage.image} ran without being measured${stage.measurement?.detail ? ` (${stage.measurement.detail})` : ''}`;
  if (measured > ran) return `${stage.image} was measured after it started running (order: ${stage.steps.join(' → ')})`;
  return undefined;
}

/** A trace trimmed to its header, the flagged stages' lines and the register line. */
function keepStageLines(lines: string[], index: number, stages: ReadonlySet<string>): boolean {
  if (index === 0 || index === lines.length - 1) return true;
  for (let i = index; i >= 0; i--) {
    const match = /^ {2}\d+\. (\S+) /.exec(lines[i]!);
    if (match) return stages.has(match[1]!);
  }
  return false;
}
