/**
 * Never installs an older or unsigned image, under attack: the whole catalog (TUF, Uptane, SUIT),
 * each scenario on its own device. A scenario that errors is a Sevenfold defect: the rule is unknown.
 */
import { NOT_APPLICABLE, runAttacks } from '../../emulator/update/index.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'update attacks are defeated';
export const ATTACKS_DEFEATED = 'renewable-security.update-attacks-defeated';

export async function checkAttacks(input: RuleInput): Promise<RuleOutcome> {
  input.progress(`attack catalog: every attack on a fresh ${input.lab.deviceGroup} device`);
  const results = await runAttacks(input.lab);
  const count = (standard: string) => results.filter((r) => r.standard === standard).length;
  const bound = `${results.length} attacks (TUF ${count('TUF')}, Uptane ${count('Uptane')}, SUIT ${count('SUIT')}; ${NOT_APPLICABLE.length} SUIT threats not applicable)`;
  const table = { title: `attack catalog: ${bound}, each on a fresh ${input.lab.deviceGroup} device`, lines: results.map((r) => `${r.verdict.padEnd(9)} ${r.id} [${r.standardId}]: ${r.verdict === 'defended' ? r.title : r.summary}`), data: results.map(({ lines: _lines, ...r }) => r) };
  const traces = (verdict: string) => results.filter((r) => r.verdict === verdict).map((r) => ({ title: `trace: ${r.id} (${r.standardId}) ${verdict}: ${r.title}`, lines: [`attacker: ${r.attacker}`, ...r.lines], reproduce: input.reproduce }));
  const succeeded = results.filter((r) => r.verdict === 'succeeded');
  if (succeeded.length) return { rule: RULE, requirement: ATTACKS_DEFEATED, verdict: 'violated', summary: `${succeeded.map((r) => r.id).join(', ')} succeeded: ${succeeded[0]!.summary}`, bound, evidence: [{ ...table, reproduce: input.reproduce }, ...traces('succeeded')] };
  const errors = results.filter((r) => r.verdict === 'error');
  if (errors.length) return { rule: RULE, requirement: ATTACKS_DEFEATED, verdict: 'unknown', summary: `${errors[0]!.id}: ${errors[0]!.summary}`, bound, evidence: [table, ...traces('error')] };
  return { rule: RULE, requirement: ATTACKS_DEFEATED, verdict: 'holds', summary: `all ${results.length} attacks defeated`, bound, evidence: [table] };
}
