/**
 * A requirement profile: the numbers and rules each property holds a design to, each with its source.
 * A property never takes a bound from the design under test (a design that declares a one-year
 * certificate does not thereby make one year fresh); it reads the bound here, and its verdict names the
 * requirement it tested. Schema: model/schema/requirements.schema.json; built-in profile:
 * model/requirements/profiles/seven-properties-azure-sphere.json. `--requirements <file>` selects another.
 */

/** One requirement: a number with its unit, or a rule stated in words (value absent or boolean). */
export interface Requirement {
  /** Stable id, `<property>.<name>`: findings in text, JSON and SARIF name it. */
  id: string;
  /** What a design must do, in one sentence. */
  statement: string;
  /** The bound, when the requirement has one (hours, events, a fraction, a count); true for a rule that is on. */
  value?: number | boolean;
  /** Unit of `value`: "hours", "days", "events", "fraction", "compromises", "faults", "devices"… */
  unit?: string;
  /** Where the requirement comes from: a document, a section, a quotation or a published behaviour. */
  source: string;
  /**
   * The value is the profile's own choice, not what `source` states (a bound no publication gives, such as
   * how many sessions the attacker search must cover, or a value a custom profile relaxes on purpose): then
   * `source` says why. Every output shows it.
   */
  ownChoice?: boolean;
}

export interface RequirementProfile {
  schemaVersion: 1;
  /** Shown with every verdict: "seven-properties-azure-sphere 2026.12". */
  name: string;
  version: string;
  description?: string;
  /** Requirements by property id (hardware-root-of-trust, small-tcb, …). */
  requirements: Record<string, Requirement[]>;
}

/** A requirement the profile lacks: the property cannot decide and says which. */
export class MissingRequirementError extends Error {
  constructor(
    readonly requirementId: string,
    readonly profile: string,
  ) {
    super(`the requirement profile ${profile} has no requirement "${requirementId}"`);
    this.name = 'MissingRequirementError';
  }
}

/** The requirement with this id; throws MissingRequirementError (runProperty turns it into `unknown`). */
export function requirement(profile: RequirementProfile, id: string): Requirement {
  for (const list of Object.values(profile.requirements)) {
    const found = list.find((r) => r.id === id);
    if (found) return found;
  }
  throw new MissingRequirementError(id, profileLabel(profile));
}

/** Whether the profile states the requirement at all (another section's requirement a property may read when present). */
export function hasRequirement(profile: RequirementProfile, id: string): boolean {
  return Object.values(profile.requirements).some((list) => list.some((r) => r.id === id));
}

/** The numeric bound of a requirement; throws when the profile states none. */
export function requiredNumber(profile: RequirementProfile, id: string): number {
  const r = requirement(profile, id);
  if (typeof r.value !== 'number') throw new MissingRequirementError(`${id} (a number)`, profileLabel(profile));
  return r.value;
}

/** Whether a rule requirement is switched on: only false and 0 switch it off (an absent value is on). */
export function requiredRule(profile: RequirementProfile, id: string): boolean {
  return !switchedOff(requirement(profile, id));
}

/** A rule (no unit) whose value is false or 0: the profile does not ask for it, so nothing checks it. */
export function switchedOff(r: Pick<Requirement, 'value' | 'unit'>): boolean {
  return r.unit === undefined && (r.value === false || r.value === 0);
}

export function profileLabel(profile: RequirementProfile): string {
  return `${profile.name} ${profile.version}`;
}

/** How a verdict refers to a requirement it tested: in text, JSON, SARIF and reports. */
export interface RequirementRef {
  id: string;
  statement: string;
  value?: number | boolean;
  unit?: string;
  source: string;
  /** Whether the product met it, failed it, or it could not be decided. */
  outcome: 'met' | 'failed' | 'unknown' | 'not-applicable';
  /** The profile switches this rule off (value false or 0): not checked, whatever the outcome says. */
  switchedOff?: true;
  /** The profile does not state this requirement of the built-in one at all (relaxation.ts notStatedBy): not checked. */
  notStated?: true;
  /** The value is the profile's own choice, not its source's (Requirement.ownChoice). */
  ownChoice?: true;
  /** The profile asks less than the built-in profile does here: the built-in's value and source (set where verdicts are framed: relaxation.ts markRelaxed). */
  relaxed?: BuiltinBound;
}

/** What the built-in profile asks of a requirement a custom profile relaxes. */
export interface BuiltinBound {
  value: number | boolean;
  source: string;
}

export function refer(profile: RequirementProfile, id: string, outcome: RequirementRef['outcome']): RequirementRef {
  const r = requirement(profile, id);
  return {
    id: r.id,
    statement: r.statement,
    ...(r.value !== undefined ? { value: r.value } : {}),
    ...(r.unit ? { unit: r.unit } : {}),
    source: r.source,
    outcome,
    ...(switchedOff(r) ? { switchedOff: true as const } : {}),
    ...(r.ownChoice ? { ownChoice: true as const } : {}),
  };
}
