/**
 * The requirement-profile look-ups of model/requirements/requirement-profile.ts, each with its exact
 * result on a small profile: a requirement found in any property's list, a missing one named in the
 * error with the profile's label, a numeric bound that must be a number, a rule that is on unless its
 * value says off, and how a verdict refers to a requirement. Mutation testing (issue 13) found these
 * could change unnoticed by the tests that use the built-in profile.
 */
import { describe, expect, it } from 'vitest';
import {
  hasRequirement,
  MissingRequirementError,
  profileLabel,
  refer,
  requiredNumber,
  requiredRule,
  requirement,
  type Requirement,
  type RequirementProfile,
} from '../../model/requirements/requirement-profile.js';

const req = (id: string, over: Partial<Requirement> = {}): Requirement => ({ id, statement: `the rule ${id}`, source: `the source of ${id}`, ...over });

/** Two properties, so a look-up must search past the first list. */
const profile: RequirementProfile = {
  schemaVersion: 1,
  name: 'rules',
  version: '7',
  requirements: {
    'small-tcb': [req('small-tcb.max-members', { value: 5, unit: 'components' }), req('small-tcb.no-unit', { value: 2 })],
    'defense-in-depth': [
      req('defense-in-depth.rule-on'),
      req('defense-in-depth.rule-true', { value: true }),
      req('defense-in-depth.rule-off', { value: false }),
      req('defense-in-depth.rule-zero', { value: 0 }),
      req('defense-in-depth.rule-one', { value: 1 }),
    ],
  },
};

function missing(f: () => unknown): MissingRequirementError {
  try {
    f();
  } catch (e) {
    if (e instanceof MissingRequirementError) return e;
    throw e;
  }
  throw new Error('no MissingRequirementError was thrown');
}

describe('looking a requirement up', () => {
  it('finds it under any property, the first and a later one', () => {
    expect(requirement(profile, 'small-tcb.no-unit')).toBe(profile.requirements['small-tcb']![1]);
    expect(requirement(profile, 'defense-in-depth.rule-off')).toBe(profile.requirements['defense-in-depth']![2]);
  });

  it('throws MissingRequirementError naming the id and the profile when no list has it', () => {
    const e = missing(() => requirement(profile, 'small-tcb.absent'));
    expect(e.requirementId).toBe('small-tcb.absent');
    expect(e.profile).toBe('rules 7');
    expect(e.name).toBe('MissingRequirementError');
    expect(e.message).toBe('the requirement profile rules 7 has no requirement "small-tcb.absent"');
  });

  it('says whether the profile states an id, in any list', () => {
    expect(hasRequirement(profile, 'small-tcb.max-members')).toBe(true);
    expect(hasRequirement(profile, 'defense-in-depth.rule-one')).toBe(true);
    expect(hasRequirement(profile, 'small-tcb.absent')).toBe(false);
    expect(hasRequirement({ ...profile, requirements: {} }, 'small-tcb.max-members')).toBe(false);
  });

  it('labels the profile by name and version', () => {
    expect(profileLabel(profile)).toBe('rules 7');
  });
});

describe('numeric bounds', () => {
  it('are the requirement value', () => {
    expect(requiredNumber(profile, 'small-tcb.max-members')).toBe(5);
  });

  it('are missing, with "(a number)" in the id, when the requirement states no number', () => {
    for (const id of ['defense-in-depth.rule-on', 'defense-in-depth.rule-true']) {
      const e = missing(() => requiredNumber(profile, id));
      expect(e.requirementId).toBe(`${id} (a number)`);
      expect(e.profile).toBe('rules 7');
    }
  });

  it('are missing when the requirement itself is', () => {
    expect(missing(() => requiredNumber(profile, 'small-tcb.absent')).requirementId).toBe('small-tcb.absent');
  });
});

describe('rules', () => {
  it('are on with no value, true or a non-zero number; off with false or 0', () => {
    expect(requiredRule(profile, 'defense-in-depth.rule-on')).toBe(true);
    expect(requiredRule(profile, 'defense-in-depth.rule-true')).toBe(true);
    expect(requiredRule(profile, 'defense-in-depth.rule-one')).toBe(true);
    expect(requiredRule(profile, 'defense-in-depth.rule-off')).toBe(false);
    expect(requiredRule(profile, 'defense-in-depth.rule-zero')).toBe(false);
  });

  it('are missing when the profile lacks them', () => {
    expect(missing(() => requiredRule(profile, 'defense-in-depth.absent')).requirementId).toBe('defense-in-depth.absent');
  });
});

describe('how a verdict refers to a requirement', () => {
  it('copies id, statement, value, unit and source, with the outcome', () => {
    expect(refer(profile, 'small-tcb.max-members', 'failed')).toEqual({
      id: 'small-tcb.max-members',
      statement: 'the rule small-tcb.max-members',
      value: 5,
      unit: 'components',
      source: 'the source of small-tcb.max-members',
      outcome: 'failed',
    });
  });

  it('leaves out a value and a unit the requirement does not state, and keeps a false value', () => {
    const on = refer(profile, 'defense-in-depth.rule-on', 'met');
    expect(on).toEqual({ id: 'defense-in-depth.rule-on', statement: 'the rule defense-in-depth.rule-on', source: 'the source of defense-in-depth.rule-on', outcome: 'met' });
    expect(Object.keys(on)).toEqual(['id', 'statement', 'source', 'outcome']);
    const off = refer(profile, 'defense-in-depth.rule-off', 'not-applicable');
    expect(Object.keys(off)).toEqual(['id', 'statement', 'value', 'source', 'outcome', 'switchedOff']);
    expect(off.value).toBe(false);
    expect(off.switchedOff).toBe(true);
    expect(Object.keys(refer(profile, 'small-tcb.no-unit', 'unknown'))).toEqual(['id', 'statement', 'value', 'source', 'outcome']);
  });

  it('throws MissingRequirementError for an id the profile lacks', () => {
    expect(missing(() => refer(profile, 'small-tcb.absent', 'met')).requirementId).toBe('small-tcb.absent');
  });
});
