/**
 * Target requirement-profile: one requirement profile read by loadRequirements
 * (model/requirements/load-requirements.ts), as `verify --requirements` reads it; then every lookup a
 * property makes in a profile (requirement, requiredNumber, requiredRule, refer).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRequirements } from '../../model/requirements/load-requirements.js';
import { FAILURE_LOG_KINDS } from '../../model/update/update-design.js';
import { MissingRequirementError, profileLabel, refer, requiredNumber, requiredRule, requirement, type Requirement, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { check } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import { utf8, type NamedInput } from '../core/target.js';
import { designFileTarget, type DesignFileSpec, fileSeeds, idsOf, withoutDescriptions } from './design/design-file-target.js';

const SCHEMA = ['model', 'schema', 'requirements.schema.json'];
const BUILTIN = ['model', 'requirements', 'profiles', 'seven-properties-azure-sphere.json'];
const KNOWN_UNITS = new Set(['hours', 'days', 'events', 'fraction', 'compromises', 'faults', 'devices', 'sessions', 'periods', 'bytes', 'bytes/second']);

/** The built-in profile, read from the file itself. */
let builtinFile: RequirementProfile | undefined;
function builtinProfile(): RequirementProfile {
  builtinFile ??= JSON.parse(readFileSync(join(projectRoot(), ...BUILTIN), 'utf8')) as RequirementProfile;
  return builtinFile;
}

/** Each id of the built-in profile with its unit (none for a rule). */
let builtinUnits: Map<string, string | undefined> | undefined;
function unitsOfBuiltin(): Map<string, string | undefined> {
  builtinUnits ??= new Map(Object.values(builtinProfile().requirements).flatMap((list) => list.map((r) => [r.id, r.unit] as const)));
  return builtinUnits;
}

/** Each entry of the built-in profile by its id (read once: the rule check below looks one up per requirement). */
let builtinEntries: Map<string, Requirement> | undefined;
function builtinEntry(id: string): Requirement | undefined {
  builtinEntries ??= new Map(Object.values(builtinProfile().requirements).flatMap((list) => list.map((r) => [r.id, r] as const)));
  return builtinEntries.get(id);
}

/**
 * Whether an entry asks less than the built-in's entry of the same id, read here on its own: a rule the
 * built-in has on and this one has at false or 0; a `max-…` number (and min-link-rate) above the built-in's; a
 * `min-…` number, the largest image or the fault tolerance below it.
 */
function asksLess(r: Requirement, b: Requirement): boolean {
  const off = (x: Requirement) => x.unit === undefined && (x.value === false || x.value === 0);
  if (b.unit === undefined) return !off(b) && off(r);
  if (typeof r.value !== 'number' || typeof b.value !== 'number') return false;
  // Stated for the names that do not say it: the largest image the device must take asks more when larger, the
  // slowest link it must update over asks more when slower (whatever its "min-" says).
  if (r.id === 'renewable-security.min-link-rate') return r.value > b.value;
  if (r.id === 'renewable-security.largest-image' || r.id === 'defense-in-depth.fault-tolerance') return r.value < b.value;
  const name = r.id.split('.')[1] ?? '';
  if (name.startsWith('max-')) return r.value > b.value;
  if (name.startsWith('min-')) return r.value < b.value;
  return false;
}

/**
 * Whether a number asks nothing, read here on its own (model/requirements/vacuous-bounds.ts): 0 on a bound that asks
 * more when larger (a `min-…` count but the link rate, the largest image) is met by every design; the fault
 * tolerance at 0 still plays every attack with no check skipped.
 */
function asksNothingAtAll(r: Requirement): boolean {
  if (r.unit === undefined || r.value !== 0) return false;
  if (r.id === 'defense-in-depth.fault-tolerance' || r.id === 'renewable-security.min-link-rate') return false;
  return r.id === 'renewable-security.largest-image' || (r.id.split('.')[1] ?? '').startsWith('min-');
}

/**
 * The loader's rules, stated again: each id once, under the property it names; each id the built-in profile's
 * or one failure-reporting.records-kind-<kind> of a kind the log model knows; a built-in id in the built-in
 * profile's unit (none for a rule); a source and a statement that are not blank, a source that is no stand-in ("n/a"); a fraction at most 1; no bound at a value that asks nothing.
 */
/** A source that is only punctuation or a word standing in for one (the loader's source-text.ts, restated). */
function standInSource(source: string): boolean {
  const words = source.toLowerCase().split(/[^\p{L}\p{N}/]+/u).filter(Boolean).join(' ');
  return words === '' || /^(n\/a|na|none|null|nil|nothing|todo|tbd|tba|tbc|unknown|source|see above|see below|same|same as above|ditto)$/.test(words);
}

export function profileRuleProblems(p: RequirementProfile): string[] {
  const problems: string[] = [];
  const builtin = unitsOfBuiltin();
  const ids = Object.values(p.requirements).flatMap((list) => list.map((r) => r.id));
  if (new Set(ids).size !== ids.length) problems.push('an id is defined twice');
  for (const [property, list] of Object.entries(p.requirements)) {
    for (const r of list) {
      if (!r.id.startsWith(`${property}.`)) problems.push(`${r.id} is listed under ${property}`);
      const kind = /^failure-reporting\.records-kind-(.*)$/s.exec(r.id)?.[1];
      if (kind === undefined ? !builtin.has(r.id) : !(FAILURE_LOG_KINDS as readonly string[]).includes(kind)) problems.push(`${r.id} is no requirement a property checks`);
      if (builtin.has(r.id) && builtin.get(r.id) !== r.unit) problems.push(`${r.id} is in unit ${String(r.unit)}, not ${String(builtin.get(r.id))}`);
      if (/^\s*$/.test(r.source)) problems.push(`${r.id} has a blank source`);
      else if (standInSource(r.source)) problems.push(`${r.id} names no source`);
      if (/^\s*$/.test(r.statement)) problems.push(`${r.id} has a blank statement`);
      if (r.unit === 'fraction' && typeof r.value === 'number' && r.value > 1) problems.push(`${r.id} is a fraction over 1`);
      const b = builtinEntry(r.id);
      if (b && typeof b.value === 'number' && typeof r.value !== 'number') problems.push(`${r.id} is a bound without a number`);
      if (b && asksLess(r, b) && !r.ownChoice && r.source.trim() === b.source.trim()) problems.push(`${r.id} asks less than the built-in under the built-in's source`);
      if (b && asksNothingAtAll(r)) problems.push(`${r.id} asks nothing at 0`);
    }
  }
  const b = builtinProfile();
  if (p.name === b.name && p.version === b.version) {
    const mine = new Map(Object.values(p.requirements).flat().map((r) => [r.id, `${String(r.value)} ${String(r.unit)}`]));
    const theirs = new Map(Object.values(b.requirements).flat().map((r) => [r.id, `${String(r.value)} ${String(r.unit)}`]));
    if (mine.size !== theirs.size || [...mine].some(([id, v]) => theirs.get(id) !== v)) problems.push('an edited profile keeps the built-in name and version');
  }
  return problems;
}

/** What a lookup gave: its value, or what it threw. */
type Outcome<V> = { value: V } | { threw: unknown };

function attempt<V>(f: () => V): Outcome<V> {
  try {
    return { value: f() };
  } catch (threw) {
    return { threw };
  }
}

/** Every lookup a property makes in a profile, for each requirement, and for an id nobody states. */
export interface ProfileLookups {
  label: string;
  entries: {
    entry: Requirement;
    found: Requirement;
    rule: boolean;
    number: Outcome<number>;
    referred: ReturnType<typeof refer>;
  }[];
  /** The probe id and what looking it up gave. */
  missing: { id: string; outcome: Outcome<Requirement> };
}

/** The lookups on a loaded profile (code under test: the benchmark's plain loop runs them too). */
export function profileLookups(p: RequirementProfile): ProfileLookups {
  const entries = Object.values(p.requirements).flatMap((list) =>
    list.map((r) => ({ entry: r, found: requirement(p, r.id), rule: requiredRule(p, r.id), number: attempt(() => requiredNumber(p, r.id)), referred: refer(p, r.id, 'met') })),
  );
  // An id the profile does not state: the comparison-guided mutator copies any fixed id into the input, so
  // the probe is made unlike every stated id rather than trusted to be absent.
  const stated = new Set(entries.map((e) => e.entry.id));
  let missing = 'small-tcb.not-a-requirement-anyone-states';
  while (stated.has(missing)) missing += '-x';
  return { label: profileLabel(p), entries, missing: { id: missing, outcome: attempt(() => requirement(p, missing)) } };
}

/** Cheap checks of the lookups (every input with a profile): each finds its entry by id, requiredNumber throws exactly for a value that is not a number. */
export function checkProfileLookups(_p: RequirementProfile, r: ProfileLookups): string[] {
  check(r.label.length > 0, 'label', () => 'the profile has an empty label');
  const features: string[] = [];
  for (const { entry, found, rule, number, referred } of r.entries) {
    check(found === entry, 'lookup.requirement', () => `requirement(${entry.id}) is another entry`);
    check(typeof rule === 'boolean', 'lookup.rule', () => `requiredRule(${entry.id}) is not a boolean`);
    if ('threw' in number) {
      check(number.threw instanceof MissingRequirementError && typeof entry.value !== 'number', 'lookup.number', () => `requiredNumber(${entry.id}) threw ${String(number.threw)} for the value ${JSON.stringify(entry.value)}`);
    } else check(Number.isFinite(number.value) && number.value === entry.value, 'lookup.number', () => `requiredNumber(${entry.id}) = ${number.value}`);
    check(referred.id === entry.id && referred.statement === entry.statement && referred.source === entry.source && referred.value === entry.value, 'lookup.refer', () => `refer(${entry.id}) names another requirement`);
    // Units the built-in profile uses, else 'other': a feature per free-text unit would grow the corpus without end.
    features.push(`r:${typeof entry.value}:${entry.unit === undefined ? 'none' : KNOWN_UNITS.has(entry.unit) ? entry.unit : 'other'}`);
  }
  const { outcome } = r.missing;
  check('threw' in outcome, 'lookup.missing', () => 'a requirement nobody states was found');
  if ('threw' in outcome) check(outcome.threw instanceof MissingRequirementError, 'lookup.missing', () => `a missing requirement threw ${String(outcome.threw)}`);
  return features;
}

/** The expensive check: the loader's rules restated. */
export function checkProfileRules(p: RequirementProfile): void {
  const rules = profileRuleProblems(p);
  check(rules.length === 0, 'rules.independent', () => `the loader accepted a profile that breaks its rules: ${rules.join('; ')}`);
}

function seeds(): NamedInput[] {
  const small: RequirementProfile = {
    schemaVersion: 1,
    name: 'small',
    version: '1',
    requirements: {
      'small-tcb': [{ id: 'small-tcb.max-share', statement: 'at most half', value: 0.5, unit: 'fraction', source: 'paper' }],
      'failure-reporting': [{ id: 'failure-reporting.max-events-per-report', statement: 'bounded reports', value: 1000, unit: 'events', source: 'facts' }],
      'renewable-security': [{ id: 'renewable-security.rollback-counter-per-stage', statement: 'rule', value: true, source: 'paper' }],
    },
  };
  const rulesOnly: RequirementProfile = { schemaVersion: 1, name: 'rules-only', version: '2026.1', requirements: { 'hardware-root-of-trust': [{ id: 'hardware-root-of-trust.unique-identity', statement: 'unique keys', source: 'paper' }], 'defense-in-depth': [] } };
  return [...fileSeeds(BUILTIN, 'seven-properties-azure-sphere'), { name: 'small.json', bytes: utf8(JSON.stringify(small)) }, { name: 'rules-only.json', bytes: utf8(JSON.stringify(rulesOnly, null, 2)) }];
}

/** The target as data (the shared design-file target takes it): tests wrap its parts. */
export const requirementProfileFile: DesignFileSpec<RequirementProfile, ProfileLookups> = {
  id: 'requirement-profile',
  title: 'requirement profile loader (loadRequirements) and the lookups properties make in a profile',
  oracles: [
    'a loaded profile keeps the loader rules, restated independently: each id once, under the property it names, fractions at most 1, bounds as numbers, nothing asked less than the built-in under the built-in\'s source without ownChoice, no bound at a value that asks nothing, no edited profile under the built-in\'s name and version',
    'requirement, requiredRule, requiredNumber and refer find each requirement by its id on the frozen profile (requiredNumber throws MissingRequirementError exactly when the value is not a number); a missing id throws MissingRequirementError',
  ],
  schemaFile: SCHEMA,
  fileName: 'requirements.json',
  load: (file) => {
    const loaded = loadRequirements(file);
    return { issues: loaded.errors.map((e) => ({ ...e, severity: 'error' as const })), ...(loaded.design ? { design: loaded.design } : {}) };
  },
  exercise: profileLookups,
  checkResults: checkProfileLookups,
  checkDesign: checkProfileRules,
  seeds,
  strings: () => [...idsOf(withoutDescriptions(JSON.parse(new TextDecoder().decode(fileSeeds(BUILTIN, 'x')[1]!.bytes)))), 'hours', 'days', 'events', 'fraction', 'compromises', 'faults', 'small-tcb.max-share'],
};

export const requirementProfileTarget = designFileTarget(requirementProfileFile);
