/**
 * Attacks are rejected: a tampered image, an image signed with an unknown key, a downgrade to the
 * previous release and another component's image swapped into the slot, at every stage. Any attack whose
 * image runs is a violation, with its trace; for the rest the evidence says which checks caught it.
 */
import { formatTrace } from '../../emulator/boot/index.js';
import type { Evidence } from '../verdict.js';
import { haltLine, stageRan, type RuleInput, type RuleOutcome } from './rule.js';

const RULE = 'attacks on the boot chain are rejected';
export const ATTACKS_REQUIREMENT = 'hardware-root-of-trust.boot-attacks-rejected';

export function checkAttacks(input: RuleInput): RuleOutcome {
  const succeeded = input.attacks.filter((a) => stageRan(a.run, a.plan.stage));
  const lines = [
    ...input.attacks.map((a) => `${a.plan.kind} ${a.plan.stage}: ${stageRan(a.run, a.plan.stage) ? 'BOOTED — the attacker\'s image ran' : haltLine(a.run)}`),
    ...(input.notApplicable ?? []).map((a) => `${a.kind} ${a.stage}: not applicable, ${a.reason}`),
  ];
  if (succeeded.length > 0) {
    const evidence: Evidence[] = [
      { title: `${RULE}: violated (${succeeded.length} of ${input.attacks.length})`, lines, reproduce: input.reproduce },
      ...succeeded.slice(0, 3).map((a) => ({ title: `trace: ${a.run.trace.scenario}`, lines: formatTrace(a.run.trace), reproduce: input.reproduce, data: a.run.trace })),
    ];
    const names = succeeded.map((a) => `${a.plan.kind} ${a.plan.stage}`);
    return { rule: RULE, requirement: ATTACKS_REQUIREMENT, verdict: 'violated', summary: `${names.join(', ')} boot${succeeded.length === 1 ? 's' : ''}: ${succeeded[0]!.plan.description}`, evidence, extraBoots: [] };
  }
  return { rule: RULE, requirement: ATTACKS_REQUIREMENT, verdict: 'holds', summary: `all ${input.attacks.length} attacks rejected`, evidence: [{ title: `${RULE}: holds`, lines }], extraBoots: [] };
}
