/**
 * Every stage is measured before it runs. By design: each stage has a measurement taken 'before-run'
 * by a component already running that the access rules let extend the register. In the normal boot's trace: each stage's 'measure' step comes before
 * its 'run' step. And as behaviour: for each stage, a tampered image that gets past all its checks
 * (all skipped, as a stand-in for any bypass) must leave the register different from the genuine boot's;
 * measured after it runs, the image has already put the genuine bytes back and the register matches.
 * And no mutable component, those measuring into a register included, may write it (extending is not
 * writing), nor is the register kept in flash.
 */
import { formatTrace, rollbackCheckId, type BootRun, type StageTrace } from '../../emulator/boot/index.js';
import { rightsOf } from '../../model/platform/platform-design.js';
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
  for (const stage of design.boot) {
    if (!stage.measurement) flag(stage.image, `${stage.image} is never measured`);
    else if (stage.measurement.when !== 'before-run') flag(stage.image, `${stage.image} is measured ${stage.measurement.when} by ${stage.measurement.by}: it runs unmeasured first`);
    // The access rules are what the hardware grants: a measurer without the extend right on its register
    // has its measurement refused, so the stage runs unmeasured whatever the boot graph says.
    else if (!rightsOf(design, stage.measurement.by, stage.measurement.register).includes('extend')) flag(stage.image, `${stage.measurement.by} measures ${stage.image} into ${stage.measurement.register}, but no access rule gives ${stage.measurement.by} the extend right on ${stage.measurement.register}: the measurement is refused and ${stage.image} runs unmeasured`);
  }
  // The requirement is there so attestation sees any image that got past the checks: a register that a
  // component other than those measuring into it may write (not extend) lets that component put the genuine
  // value back after a tampered image ran, so what the register attests is what that component chooses.
  const measurers = new Map<string, Set<string>>();
  for (const stage of design.boot) if (stage.measurement) measurers.set(stage.measurement.register, (measurers.get(stage.measurement.register) ?? new Set()).add(stage.measurement.by));
  // The requirement asks for a hardware register: one kept in flash is rewritten by whatever writes flash
  // (the physical-flash attacker, an update), with no access rule of the design in the way.
  for (const [register, by] of measurers) {
    const asset = design.assets.find((a) => a.id === register);
    if (asset?.location === 'flash') flag([...by][0]!, `${register}, which ${[...by].join(', ')} measure stages into, is kept in flash, not in a hardware register: whoever writes flash can overwrite the measurements, so attestation does not see a tampered image`);
  }
  // A measurer is no exception: measuring into a register takes extend, and one that may also write it can
  // overwrite the measurements of the stages others measured, its own among them (a tampered kernel puts its
  // genuine value back). Only immutable ROM, which no image can replace, may write it (e.g. reset it at boot).
  for (const rule of design.access) {
    const by = measurers.get(rule.asset);
    if (!by || !rule.rights.includes('write') || design.components.find((c) => c.id === rule.component)?.mutable === false) continue;
    if (by.has(rule.component)) flag(rule.component, `${rule.component} may write ${rule.asset}, which it and ${[...by].filter((c) => c !== rule.component).join(', ') || 'no other component'} measure stages into: measuring takes only extend, and writing lets it overwrite the measurements (its own among them), so attestation does not see a tampered image`);
    else flag(rule.component, `${rule.component} may write ${rule.asset}, which only ${[...by].join(', ')} measure stages into: it can overwrite the measurements, so attestation does not see a tampered image`);
  }
  for (const stage of normal.trace.stages.filter((s) => s.outcome.status === 'ran')) {
    const order = orderProblem(stage);
    if (order) flag(stage.image, `normal boot: ${order}`);
  }

  // Exposure: a bypassed stage must show in the register.
  const extraBoots: BootRun[] = [];
  const exposureLines: string[] = [];
  const exposures = new Map<string, BootRun>();
  for (const stage of design.boot) {
    const genuine = normal.trace.stages.find((s) => s.image === stage.image);
    if (!stage.measurement || !genuine?.measurement?.measured) continue;
    const skip = [...stage.checks.map((c) => c.id), ...(stage.rollback ? [rollbackCheckId(stage.image)] : [])];
    const attack = lab.attacker.plan('tampered', stage.image, { keepSecurityVersion: true });
    const run = lab.boot(verifier, { attack, skip, scenario: `measurement exposure: ${attack.description}; every check of ${stage.image} bypassed` });
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
