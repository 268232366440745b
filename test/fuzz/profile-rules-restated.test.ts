/**
 * The requirement-profile fuzz target restates the loader's rules (fuzz/targets/requirement-profile.ts,
 * profileRuleProblems) so that its oracle can catch the loader accepting a profile that breaks them. The two
 * readings must agree: on the built-in profile (no problem) and on one edit per rule, the loader refuses a
 * profile exactly when the restatement finds a problem in it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { profileRuleProblems } from '../../fuzz/targets/requirement-profile.js';
import { tempDir } from '../helpers.js';

const temp = tempDir();
afterAll(() => temp.cleanup());

const builtin = (): RequirementProfile => JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8')) as RequirementProfile;

/** The built-in profile with its first requirement of `property` edited. */
function edited(property: string, edit: (r: RequirementProfile['requirements'][string][number]) => void): RequirementProfile {
  const p = builtin();
  edit(p.requirements[property]![0]!);
  return p;
}

const firstWithUnit = (p: RequirementProfile) => Object.entries(p.requirements).find(([, list]) => list[0]?.unit !== undefined)![0];
const firstRule = (p: RequirementProfile) => Object.entries(p.requirements).find(([, list]) => list[0] !== undefined && list[0].unit === undefined)![0];

describe('the requirement-profile target restates the loader rules', () => {
  it('finds no problem in the built-in profile, which loads', () => {
    expect(profileRuleProblems(builtin())).toEqual([]);
    expect(loadRequirements().errors).toEqual([]);
  });

  const cases: [string, () => RequirementProfile, RegExp][] = [
    ['an id no property checks', () => edited('small-tcb', (r) => (r.id = 'small-tcb.foo-bar')), /no requirement a property checks/],
    ['a records-kind of an unknown failure kind', () => edited('failure-reporting', (r) => (r.id = 'failure-reporting.records-kind-meteor-strike')), /no requirement a property checks/],
    ['a blank source', () => edited('small-tcb', (r) => (r.source = ' \t')), /blank source/],
    ['a blank statement', () => edited('small-tcb', (r) => (r.statement = '\n')), /blank statement/],
    ['a source that names none', () => edited('small-tcb', (r) => (r.source = 'N/A')), /names no source/],
    ['a bound in another unit', () => { const p = builtin(); p.requirements[firstWithUnit(p)]![0]!.unit = 'minutes'; return p; }, /in unit minutes/],
    ['a bound without its unit', () => { const p = builtin(); delete p.requirements[firstWithUnit(p)]![0]!.unit; return p; }, /in unit undefined/],
    ['a rule with a unit', () => { const p = builtin(); p.requirements[firstRule(p)]![0]!.unit = 'hours'; return p; }, /in unit hours, not undefined/],
    ['a looser bound under the built-in source', () => { const p = builtin(); p.name = 'other'; p.requirements['renewable-security']!.find((r) => r.id === 'renewable-security.max-freeze-detection')!.value = 87_600; return p; }, /asks less than the built-in under the built-in's source/],
    ['a rule switched off under the built-in source', () => { const p = builtin(); p.name = 'other'; p.requirements['small-tcb']![2]!.value = false; return p; }, /asks less than the built-in under the built-in's source/],
    ['a bound given as a rule', () => { const p = builtin(); p.name = 'other'; p.requirements['small-tcb']![0]!.value = true; return p; }, /a bound without a number/],
    ['a bound that asks nothing', () => { const p = builtin(); p.name = 'other'; Object.assign(p.requirements['failure-reporting']!.find((r) => r.id === 'failure-reporting.min-log-capacity')!, { value: 0, ownChoice: true }); return p; }, /asks nothing at 0/],
    ['an edited profile under the built-in name and version', () => { const p = builtin(); p.requirements['small-tcb']![0]!.value = 0.3; return p; }, /keeps the built-in name and version/],
  ];
  for (const [what, make, problem] of cases) {
    it(`and the loader both refuse ${what}`, () => {
      const profile = make();
      expect(profileRuleProblems(profile).join('; ')).toMatch(problem);
      expect(loadRequirements(temp.write(`${what.replace(/\W+/g, '-')}.json`, profile)).errors.length).toBeGreaterThan(0);
    });
  }
});
