/**
 * The attack catalog: every attack by its stable id and its standard's id, and the runner that plays
 * each on its own fresh device and service. `sevenfold attacks` prints this; the renewable-security
 * property runs it; test/update/attacks.test.ts has one named test per entry.
 */
import { MissingRequirementError, type RequirementProfile } from '../../../model/requirements/requirement-profile.js';
import type { InstalledApp } from '../system-time.js';
import type { UpdateLab } from '../update-lab.js';
import { AttackContext, type AttackCase, type AttackResult } from './attack.js';
import { ScenarioNotApplicable, ScenarioPremiseError } from './helpers.js';
import { SUIT_ATTACKS, SUIT_NOT_APPLICABLE } from './suit.js';
import { TUF_ATTACKS } from './tuf.js';
import { UPTANE_ATTACKS } from './uptane.js';

export const ATTACKS: readonly AttackCase[] = [...TUF_ATTACKS, ...UPTANE_ATTACKS, ...SUIT_ATTACKS];

/** Standard ids the catalog deliberately has no test for, with the reason. */
export const NOT_APPLICABLE = SUIT_NOT_APPLICABLE.map((n) => ({ standard: 'SUIT' as const, ...n }));

export function findAttack(id: string): AttackCase | undefined {
  return ATTACKS.find((a) => a.id === id || a.standardId === id);
}

export function runAttack(attack: AttackCase, context: AttackContext): AttackResult {
  const started = performance.now();
  const base = { id: attack.id, standard: attack.standard, standardId: attack.standardId, title: attack.title, attacker: attack.attacker };
  try {
    const outcome = attack.run(context).finish();
    return { ...base, ...outcome, ms: performance.now() - started };
  } catch (err) {
    // A deadline the profile does not state: the attack cannot be judged (undecided, never defended), and the result names what is missing.
    if (err instanceof MissingRequirementError) return { ...base, verdict: 'undecided', summary: `undecided: ${err.message}`, lines: [`${err.message}: this attack's deadline comes from the requirement profile, never from the design under test`], ms: performance.now() - started };
    // The design lacks what the scenario is played on (helpers.ts ScenarioPremiseError): not played, so undecided, with the reason.
    if (err instanceof ScenarioPremiseError) return { ...base, verdict: 'undecided', summary: `undecided: ${err.message}`, lines: [`  NOT PLAYED: ${err.message}`], ms: performance.now() - started };
    // The threat's premise does not exist in the design (helpers.ts ScenarioNotApplicable): nothing was played, so never defended; the reason says why.
    if (err instanceof ScenarioNotApplicable) return { ...base, verdict: 'not-applicable', summary: `not applicable: ${err.message}`, lines: [`  NOT APPLICABLE: ${err.message}`], ms: performance.now() - started };
    // Any other exception is a defect in the lab or the scenario, never evidence about the design.
    return { ...base, verdict: 'error', summary: `the scenario failed: ${err instanceof Error ? err.message : String(err)}`, lines: [err instanceof Error ? (err.stack ?? err.message) : String(err)], ms: performance.now() - started };
  }
}

/** `apps`: the product's apps, for the scenarios whose attacker includes a compromised app of the product. */
export async function runAttacks(lab: UpdateLab, requirements: RequirementProfile, attacks: readonly AttackCase[] = ATTACKS, apps: readonly InstalledApp[] = []): Promise<AttackResult[]> {
  const context = await AttackContext.create(lab, requirements, apps);
  return attacks.map((attack) => runAttack(attack, context));
}
