/**
 * Never installs an older or unsigned image, under attack: the whole catalog (TUF, Uptane, SUIT),
 * each scenario on its own device, with the deadlines of the requirement profile (a freeze reported in time,
 * a release arriving in time once an attack stops). An undecided attack (a step the design gives the emulator no
 * way to play, or a deadline the profile does not state) or a scenario that errors (a Sevenfold defect) leaves the
 * rule unknown, and the deadline requirement that attack judges unknown too: never holds. An attack whose threat does
 * not exist in the design ('not-applicable', with its reason) played nothing: it is no evidence either way, so the
 * rule holds on the attacks defended alone, names each not applicable one with its reason, and is unknown when none
 * was defended.
 */
import { ATTACKS, NOT_APPLICABLE, runAttacks, type AttackResult } from '../../emulator/update/index.js';
import type { Verdict } from '../verdict.js';
import { asks } from '../asked-rules.js';
import { hasRequirement } from '../../model/requirements/requirement-profile.js';
import { MAX_FREEZE_DETECTION } from '../../model/update/update-requirements.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { enforcedManifest } from '../../model/product/enforced-manifest.js';

const RULE = 'update attacks are defeated';
/** The profile's deadlines the catalog reads, and the attack that reads each. */
const DEADLINES = [{ requirement: MAX_FREEZE_DETECTION, attack: 'tuf/indefinite-freeze' }];
export const ATTACKS_DEFEATED = 'renewable-security.update-attacks-defeated';

export async function checkAttacks(input: RuleInput): Promise<RuleOutcome> {
  input.progress(`attack catalog: every attack on a fresh ${input.lab.deviceGroup} device`);
  // The product's apps as the OS installs them: the freeze is replayed with each trying to set the clock back.
  // As the device enforces them: the manifest inside each app's image when the product names one (enforced-manifest.ts).
  const apps = input.product.apps.map((a) => ({ name: a.manifest.name ?? a.manifestFile, kind: enforcedManifest(a).kind, enabled: enforcedManifest(a).enabled }));
  // A profile that switches the catalog's rule off asks only for the deadlines: only the attacks that judge them run, keyed to the deadline.
  if (!asks(input.requirements, ATTACKS_DEFEATED)) return checkDeadlineAttacks(input, apps);
  return judgeCatalog(await runAttacks(input.lab, input.requirements, undefined, apps), { requirements: input.requirements, reproduce: input.reproduce, deviceGroup: input.lab.deviceGroup });
}

/** The catalog's results as the rule's outcome (apart from running them, so that every mix of verdicts can be judged in a test). */
export function judgeCatalog(results: readonly AttackResult[], input: { requirements: RuleInput['requirements']; reproduce: string; deviceGroup: string }): RuleOutcome {
  const count = (standard: string) => results.filter((r) => r.standard === standard).length;
  const bound = `${results.length} attacks (TUF ${count('TUF')}, Uptane ${count('Uptane')}, SUIT ${count('SUIT')}; ${NOT_APPLICABLE.length} SUIT threats not applicable)`;
  const table = { title: `attack catalog: ${bound}, each on a fresh ${input.deviceGroup} device`, lines: results.map(tableLine), data: results.map(({ lines: _lines, ...r }) => r) };
  const traces = (verdict: string) => results.filter((r) => r.verdict === verdict).map((r) => ({ title: `trace: ${r.id} (${r.standardId}) ${verdict}: ${r.title}`, lines: [`attacker: ${r.attacker}`, ...r.lines], reproduce: input.reproduce }));
  // The deadlines the attacks read are requirements the verdict names too, each judged by the attack that read it.
  const alsoTested = DEADLINES.filter((d) => hasRequirement(input.requirements, d.requirement)).flatMap(({ requirement, attack }) => {
    const result = results.find((r) => r.id === attack);
    return result ? [{ requirement, verdict: requirementVerdict(result) }] : [];
  });
  const absent = results.filter((r) => r.verdict === 'not-applicable');
  const reasonOf = (r: AttackResult) => r.summary.replace(/^not applicable: /, '');
  const notApplicableChecks = absent.map((r) => ({ check: `${r.id} (${r.standardId})`, requirement: ATTACKS_DEFEATED, reason: reasonOf(r) }));
  const frame = { rule: RULE, requirement: ATTACKS_DEFEATED, alsoTested, bound, ...(notApplicableChecks.length ? { notApplicableChecks } : {}) };
  const succeeded = results.filter((r) => r.verdict === 'succeeded');
  if (succeeded.length) return { ...frame, verdict: 'violated', summary: `${succeeded.map((r) => r.id).join(', ')} succeeded: ${succeeded[0]!.summary}`, evidence: [{ ...table, reproduce: input.reproduce }, ...traces('succeeded')] };
  // An attack with a step not played (undecided) or a scenario that broke (error) is no evidence of defence: unknown, never holds.
  const open = results.filter((r) => r.verdict === 'undecided' || r.verdict === 'error');
  if (open.length) return { ...frame, verdict: 'unknown', summary: `${open[0]!.id}: ${open[0]!.summary}`, evidence: [table, ...traces('undecided'), ...traces('error'), ...traces('not-applicable')] };
  // Only a defended attack is evidence: one whose threat the design lacks played nothing, and is named with its reason.
  const defended = results.filter((r) => r.verdict === 'defended');
  const notApplicable = absent.length ? `; not applicable to this design: ${absent.map((r) => `${r.id} (${reasonOf(r)})`).join('; ')}` : '';
  if (!defended.length) return { ...frame, verdict: 'unknown', summary: `no attack of the catalog was played on this design${notApplicable}`, evidence: [table, ...traces('not-applicable')] };
  const all = defended.length === results.length ? `all ${results.length} attacks defeated` : `${defended.length} of ${results.length} attacks defeated`;
  return { ...frame, verdict: 'holds', summary: `${all}${notApplicable}`, evidence: [table, ...traces('not-applicable')] };
}

/** One row of an attack table: the scenario when defended, else what decided it (the reason for one not applicable). */
const tableLine = (r: AttackResult): string => `${r.verdict.padEnd(9)} ${r.id} [${r.standardId}]: ${r.verdict === 'defended' ? r.title : r.summary}`;

/** What one attack says of a requirement it judges: only a defended attack meets it; one not played (undecided, not applicable, error) leaves it open. */
const requirementVerdict = (r: AttackResult): Verdict => (r.verdict === 'defended' ? 'holds' : r.verdict === 'succeeded' ? 'violated' : 'unknown');

/** update-attacks-defeated switched off: the attacks that judge a deadline the profile states, each keyed to that deadline. */
async function checkDeadlineAttacks(input: RuleInput, apps: Parameters<typeof runAttacks>[3]): Promise<RuleOutcome> {
  const deadlines = DEADLINES.filter((d) => hasRequirement(input.requirements, d.requirement));
  const attacks = ATTACKS.filter((a) => deadlines.some((d) => d.attack === a.id));
  const rule = 'deadline attacks';
  if (!deadlines.length || !attacks.length) return { rule, requirement: ATTACKS_DEFEATED, verdict: 'holds', notApplicable: true, summary: 'no deadline of the profile is judged by an attack', bound: 'not run', evidence: [] };
  const results = await runAttacks(input.lab, input.requirements, attacks, apps);
  const requirement = deadlines[0]!.requirement;
  const bound = `${results.length} attack${results.length === 1 ? '' : 's'} judging ${deadlines.map((d) => d.requirement).join(', ')} (${ATTACKS_DEFEATED} not asked)`;
  const table = { title: `deadline attacks: ${bound}`, lines: results.map(tableLine), data: results.map(({ lines: _lines, ...r }) => r), reproduce: input.reproduce };
  const traces = results.filter((r) => r.verdict !== 'defended').map((r) => ({ title: `trace: ${r.id} (${r.standardId}) ${r.verdict}: ${r.title}`, lines: [`attacker: ${r.attacker}`, ...r.lines], reproduce: input.reproduce }));
  const succeeded = results.find((r) => r.verdict === 'succeeded');
  if (succeeded) return { rule, requirement, verdict: 'violated', summary: `${succeeded.id} succeeded: ${succeeded.summary}`, bound, evidence: [table, ...traces] };
  const open = results.find((r) => r.verdict !== 'defended');
  if (open) return { rule, requirement, verdict: 'unknown', summary: `${open.id}: ${open.summary}`, bound, evidence: [table, ...traces] };
  return { rule, requirement, verdict: 'holds', summary: `${results.map((r) => r.id).join(', ')} defeated`, bound, evidence: [table] };
}
