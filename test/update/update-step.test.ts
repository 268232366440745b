/**
 * The spec's update step (model/update/update-step.ts) on single cases, each rule shown on its own: a
 * prerequisite (the key store) no app may defer, the rollback refusal before any deferral, kinds a group
 * does not take. The differential harness (test/differential/update-differential.test.ts) holds the same
 * rules against the emulator on random cases, where a pending prerequisite is drawn only now and then.
 */
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../model/update/policy.js';
import { kindDecision } from '../../model/update/update-step.js';
import { defaultDesign } from './helpers.js';

const design = defaultDesign();
const all = { updatePolicy: 'UpdateAll' as const };
const pending = { pending: true, belowCounter: false, learnedAt: 1000 };

describe('one update step, as the spec decides it', () => {
  it('installs a pending prerequisite at once, even when an app asks to defer', () => {
    expect(kindDecision(design, all, 'prerequisite', pending, 1000, { requestHours: 10 })).toBe('install');
    expect(kindDecision(design, all, 'os', pending, 1000, { requestHours: 10 })).toBe('deferred');
  });

  it('refuses a kind below its counter before any deferral, and does nothing for a kind the group does not take', () => {
    expect(kindDecision(design, all, 'os', { ...pending, belowCounter: true }, 1000, { requestHours: 10 })).toBe('refused-rollback');
    expect(kindDecision(design, { updatePolicy: 'No3rdPartyAppUpdates' }, 'app', pending, 1000)).toBe('nothing');
    expect(kindDecision(design, all, 'app', { ...pending, pending: false }, 1000)).toBe('nothing');
    expect(kindDecision(design, all, 'app', pending, 1000 + 24 * HOUR, { requestHours: 1000 })).toBe('install');
  });
});
