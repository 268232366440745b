/**
 * What the requirement profile asks for (properties/asked-rules.ts), each rule on its own: a rule with value false
 * or 0 is not asked, a bound with a unit always is, a requirement the profile does not state throws (the property is
 * then unknown, never holds), a check testing several rules runs while one is asked, and the rules a section switches
 * off are named not-applicable and switchedOff. Mutation testing (s30) found these guarded only by
 * test/properties/switched-off-rules.test.ts, which runs every property and is too slow for npm run mutate.
 * Fixture profiles: test/fixtures/requirements (make-profiles.ts).
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRequirements } from '../../model/requirements/load-requirements.js';
import { MissingRequirementError, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { asks, asksAny, notAskedText, offRulesOf } from '../../properties/asked-rules.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const profileOf = (name: string): RequirementProfile => loadRequirements(join(root, 'test/fixtures/requirements', name, 'profile.json')).design!;

describe('asked rules', () => {
  const oneOff = profileOf('one-rule-off');

  it('a rule switched off is not asked; a rule on is; a bound with a unit is always asked', () => {
    expect(asks(oneOff, 'small-tcb.keys-in-vault')).toBe(false);
    expect(asks(oneOff, 'small-tcb.no-untrusted-member')).toBe(true);
    expect(asks(oneOff, 'small-tcb.max-share')).toBe(true);
    // A bound of 0 with a unit is a number, not a switch (every-rule-off keeps the numbers).
    const zero = structuredClone(oneOff);
    zero.requirements['small-tcb']!.find((r) => r.id === 'small-tcb.max-share')!.value = 0;
    expect(asks(zero, 'small-tcb.max-share')).toBe(true);
  });

  it('a requirement the profile does not state is not silently taken as asked or not: it throws', () => {
    expect(() => asks(oneOff, 'small-tcb.no-such-rule')).toThrow(MissingRequirementError);
    expect(() => asksAny(oneOff, ['small-tcb.keys-in-vault', 'small-tcb.no-such-rule'])).toThrow(MissingRequirementError);
  });

  it('a check testing several rules runs while any one of them is asked, and not when none is', () => {
    expect(asksAny(oneOff, ['small-tcb.keys-in-vault', 'small-tcb.no-untrusted-member'])).toBe(true);
    expect(asksAny(oneOff, ['small-tcb.no-untrusted-member', 'small-tcb.keys-in-vault'])).toBe(true);
    expect(asksAny(oneOff, ['small-tcb.keys-in-vault'])).toBe(false);
    expect(asksAny(oneOff, [])).toBe(false);
  });

  it('a check not run says which rules the profile switched off', () => {
    expect(notAskedText(['a.x', 'a.y'])).toBe('not asked: the requirement profile switches a.x, a.y off, so this check did not run');
  });

  it('the rules a section switches off are named not-applicable and switchedOff; rules on and bounds are not named; a section not stated names none', () => {
    expect(offRulesOf(oneOff, 'small-tcb')).toEqual([expect.objectContaining({ id: 'small-tcb.keys-in-vault', outcome: 'not-applicable', switchedOff: true })]);
    const everyOff = profileOf('every-rule-off');
    expect(offRulesOf(everyOff, 'small-tcb').map((q) => q.id)).toEqual(['small-tcb.no-untrusted-member', 'small-tcb.keys-in-vault']);
    expect(offRulesOf(everyOff, 'no-such-property')).toEqual([]);
  });
});
