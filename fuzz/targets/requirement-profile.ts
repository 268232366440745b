/**
 * Target requirement-profile: one requirement profile read by loadRequirements
 * (model/requirements/load-requirements.ts), as `verify --requirements` reads it; then every lookup a
 * property makes in a profile (requirement, requiredNumber, requiredRule, refer).
 */
import { loadRequirements } from '../../model/requirements/load-requirements.js';
import { MissingRequirementError, profileLabel, refer, requiredNumber, requiredRule, requirement, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { check } from '../core/oracle.js';
import { utf8, type NamedInput } from '../core/target.js';
import { designFileTarget, fileSeeds, idsOf, withoutDescriptions } from './design/design-file-target.js';

const SCHEMA = ['model', 'schema', 'requirements.schema.json'];
const BUILTIN = ['model', 'requirements', 'profiles', 'seven-properties-azure-sphere.json'];
const KNOWN_UNITS = new Set(['hours', 'days', 'events', 'fraction', 'compromises', 'faults', 'devices']);

/** The loader's rules, stated again: each id once, under the property it names; a fraction at most 1. */
export function profileRuleProblems(p: RequirementProfile): string[] {
  const problems: string[] = [];
  const ids = Object.values(p.requirements).flatMap((list) => list.map((r) => r.id));
  if (new Set(ids).size !== ids.length) problems.push('an id is defined twice');
  for (const [property, list] of Object.entries(p.requirements)) {
    for (const r of list) {
      if (!r.id.startsWith(`${property}.`)) problems.push(`${r.id} is listed under ${property}`);
      if (r.unit === 'fraction' && typeof r.value === 'number' && r.value > 1) problems.push(`${r.id} is a fraction over 1`);
    }
  }
  return problems;
}

export function checkProfileLookups(p: RequirementProfile): string[] {
  const rules = profileRuleProblems(p);
  check(rules.length === 0, 'rules.independent', () => `the loader accepted a profile that breaks its rules: ${rules.join('; ')}`);
  check(profileLabel(p).length > 0, 'label', () => 'the profile has an empty label');
  const features: string[] = [];
  for (const list of Object.values(p.requirements)) {
    for (const r of list) {
      check(requirement(p, r.id) === r, 'lookup.requirement', () => `requirement(${r.id}) is another entry`);
      check(typeof requiredRule(p, r.id) === 'boolean', 'lookup.rule', () => `requiredRule(${r.id}) is not a boolean`);
      let number: number | undefined;
      try {
        number = requiredNumber(p, r.id);
      } catch (err) {
        check(err instanceof MissingRequirementError && typeof r.value !== 'number', 'lookup.number', () => `requiredNumber(${r.id}) threw ${String(err)} for the value ${JSON.stringify(r.value)}`);
      }
      if (number !== undefined) check(Number.isFinite(number) && number === r.value, 'lookup.number', () => `requiredNumber(${r.id}) = ${number}`);
      const ref = refer(p, r.id, 'met');
      check(ref.id === r.id && ref.statement === r.statement && ref.source === r.source && ref.value === r.value, 'lookup.refer', () => `refer(${r.id}) names another requirement`);
      // Units the built-in profile uses, else 'other': a feature per free-text unit would grow the corpus without end.
      features.push(`r:${typeof r.value}:${r.unit === undefined ? 'none' : KNOWN_UNITS.has(r.unit) ? r.unit : 'other'}`);
    }
  }
  // An id the profile does not state: the comparison-guided mutator copies any fixed id into the input, so
  // the probe is made unlike every stated id rather than trusted to be absent.
  const stated = new Set(Object.values(p.requirements).flatMap((rs) => (rs ?? []).map((r) => r.id)));
  let missing = 'small-tcb.not-a-requirement-anyone-states';
  while (stated.has(missing)) missing += '-x';
  try {
    requirement(p, missing);
    check(false, 'lookup.missing', () => 'a requirement nobody states was found');
  } catch (err) {
    check(err instanceof MissingRequirementError, 'lookup.missing', () => `a missing requirement threw ${String(err)}`);
  }
  return features;
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

export const requirementProfileTarget = designFileTarget<RequirementProfile>({
  id: 'requirement-profile',
  title: 'requirement profile loader (loadRequirements) and the lookups properties make in a profile',
  oracles: [
    'a loaded profile keeps the loader rules, restated independently: each id once, under the property it names, fractions at most 1',
    'requirement, requiredRule, requiredNumber and refer find each requirement by its id on the frozen profile (requiredNumber throws MissingRequirementError exactly when the value is not a number); a missing id throws MissingRequirementError',
  ],
  schemaFile: SCHEMA,
  fileName: 'requirements.json',
  load: (file) => {
    const loaded = loadRequirements(file);
    return { issues: loaded.errors.map((e) => ({ ...e, severity: 'error' as const })), ...(loaded.design ? { design: loaded.design } : {}) };
  },
  checkDesign: checkProfileLookups,
  seeds,
  strings: () => [...idsOf(withoutDescriptions(JSON.parse(new TextDecoder().decode(fileSeeds(BUILTIN, 'x')[1]!.bytes)))), 'hours', 'days', 'events', 'fraction', 'compromises', 'faults', 'small-tcb.max-share'],
});
