/**
 * Every stage is measured before it runs. By design: each stage has a measurement taken 'before-run'
 * by a component already running that the access rules let extend the register. In the normal boot's trace: each stage's 'measure' step comes before
 * its 'run' step. And as behaviour: for each stage, a tampered image that gets past all its checks
 * (all skipped, as a stand-in for any bypass) must leave the register different from the genuine boot's;
 * measured after it runs, the image has already put the genuine bytes back and the register matches.
 * And no mutable component, those measuring into a register included, may write it (extending is not
 * writing), nor is the register kept in flash. A stage whose measurer an attacker takes over is booted the same way,
 * its measurer extending the genuine image's digest (what it chooses to report): the register then equals the
 * genuine boot's, the tampered image invisible to attestation. The rule (measurementProblems) and the play
 * (measurement-exposure.ts, whose reading of whom an attacker runs as is the emulated device's own,
 * emulator/boot/attacker-takeover.ts) each stand: a flag from either is a violation.
 */
import { formatTrace, type BootRun, type StageTrace } from '../../emulator/boot/index.js';
import { measurementProblems } from '../../model/platform/measurement-integrity.js';
import type { Evidence } from '../verdict.js';
import { playMeasurementExposure } from './measurement-exposure.js';
import { productProtocol } from './identity-key.js';
import { playTamperedReport } from './design-quote.js';
import { measurementReportGap } from '../../model/attestation/protocol-design.js';
import { builtinProtocolFile } from '../../model/attestation/load-protocol.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'every stage is measured before it runs';
export const MEASUREMENT_REQUIREMENT = 'hardware-root-of-trust.measured-before-run';

export function checkMeasurement(input: RuleInput): RuleOutcome {
  const { lab, normal } = input;
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

  // The register is worth measuring only if attestation reports it: the product's protocol design must carry the
  // measurements in the quote under the identity key's signature. The rule (measurementReportGap) and the emulated
  // report of a tampered register (playTamperedReport) each stand; either flags it.
  const protocol = productProtocol(input.product);
  const played0 = protocol.design ? playTamperedReport(protocol.design, input.verifier, lab.seed) : undefined;
  const gap = protocol.design ? measurementReportGap(protocol.design) : undefined;
  const where = displayPath(protocol.file ?? builtinProtocolFile());
  if (gap) flag('attestation', `${where} ${gap.pointer}: ${gap.message}, so attestation does not see an image that got past the checks, however early it was measured`);
  if (played0) flag('attestation', `the emulated report under ${where}: ${played0}`);

  // Exposure: a bypassed stage must show in the register (the emulated play, with its own reading of whom an attacker runs as).
  const exposureLines: string[] = [];
  const exposures = new Map<string, BootRun>();
  const played = playMeasurementExposure(input);
  const extraBoots = played.boots;
  for (const e of played.exposures) {
    exposureLines.push(`${e.stage}: tampered image bypassing its checks → ${e.register} ${e.invisible ? 'EQUALS the genuine value: invisible to attestation' : 'differs from the genuine value: attestation sees it'}`);
    if (e.liar) exposureLines.push(`${e.stage}: its measurer ${e.liar.by} extended the genuine image's digest: the emulated device sees an attacker run as it (${e.liar.why})`);
    if (e.invisible) {
      flag(e.stage, `${e.stage}: a tampered image that gets past its checks leaves ${e.register} exactly as the genuine image does${e.liar ? ` (its measurer ${e.liar.by}, which the emulated device sees an attacker run as, extends the genuine digest)` : ''}`);
      exposures.set(e.stage, e.run);
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
