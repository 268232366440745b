/**
 * A custom profile may ask less than the built-in one, but never silently (model/requirements/relaxation.ts):
 * every number the built-in states has a direction, so a looser one is recognised; a relaxed value that still
 * cites the built-in's source is refused unless marked the profile's own choice; a profile named and versioned
 * as the built-in but differing from it is refused; and a verdict names what its profile relaxed and rules it
 * switched off, a property with nothing left to check being unknown (properties/verdict.ts).
 * Fixtures: test/fixtures/requirements (make-profiles.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import { boundDirection, markRelaxed, notStatedBy, relaxedFrom } from '../../model/requirements/relaxation.js';
import { loadProduct } from '../../model/product/product.js';
import { findProperty, runProperty } from '../../properties/registry.js';
import { checkContext } from '../helpers/check-context.js';
import { refer, type RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { holdsOnlyOnWhatTheProfileAsked } from '../../properties/verdict.js';
import { asksNothing } from '../../model/requirements/vacuous-bounds.js';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const fixture = (name: string) => join(root, 'test/fixtures/requirements', name, 'profile.json');
const builtin = () => loadRequirements(builtinRequirementsFile()).design!;
const errorsOf = (name: string) => loadRequirements(fixture(name)).errors.map((e) => `${e.file}:${e.line} ${e.pointer} ${e.message}`);

describe('which way a requirement asks more', () => {
  it('every number of the built-in profile has a direction, so a looser value is always recognised', () => {
    const numbers = Object.values(builtin().requirements).flat().filter((r) => typeof r.value === 'number');
    expect(numbers.length).toBeGreaterThan(10);
    for (const r of numbers) expect(boundDirection(r.id), r.id).toBeDefined();
  });

  it('looser numbers and rules switched off are relaxed; stricter ones and the built-in itself are not', () => {
    expect(relaxedFrom({ id: 'renewable-security.max-freeze-detection', value: 87_600, unit: 'hours' })?.value).toBe(72);
    expect(relaxedFrom({ id: 'renewable-security.max-freeze-detection', value: 48, unit: 'hours' })).toBeUndefined();
    expect(relaxedFrom({ id: 'defense-in-depth.fault-tolerance', value: 0, unit: 'faults' })?.value).toBe(1);
    expect(relaxedFrom({ id: 'certificate-authentication.min-search-sessions', value: 1, unit: 'sessions' })?.value).toBe(4);
    // A faster link or a smaller image asks less of the device's download timeout (s28-update's two bounds).
    expect(relaxedFrom({ id: 'renewable-security.min-link-rate', value: 1_250_000, unit: 'bytes/second' })?.value).toBe(125_000);
    expect(relaxedFrom({ id: 'renewable-security.min-link-rate', value: 12_500, unit: 'bytes/second' })).toBeUndefined();
    expect(relaxedFrom({ id: 'renewable-security.largest-image', value: 65_536, unit: 'bytes' })?.value).toBe(1_048_576);
    expect(relaxedFrom({ id: 'renewable-security.largest-image', value: 4_194_304, unit: 'bytes' })).toBeUndefined();
    expect(relaxedFrom({ id: 'small-tcb.keys-in-vault', value: false })?.value).toBe(true);
    expect(relaxedFrom({ id: 'failure-reporting.records-real-time-app-failures', value: false })).toBeUndefined();
    for (const r of Object.values(builtin().requirements).flat()) expect(relaxedFrom(r), r.id).toBeUndefined();
  });
});

describe('the loader refuses a relaxation it is not told about, naming the file and field', () => {
  it('a looser value citing the built-in source: refused at its /value; marked as the profile\'s own choice: loads', () => {
    expect(errorsOf('freeze-ten-years-citing-builtin')).toEqual([expect.stringMatching(/profile\.json:\d+ \/requirements\/renewable-security\/3\/value requirement "renewable-security.max-freeze-detection" asks less than the built-in profile \(≤ 87,600 hours \(built-in: 72\)\) but cites the built-in's source/)]);
    expect(errorsOf('freeze-ten-years-own-choice')).toEqual([]);
    expect(errorsOf('freeze-two-days-builtin-source')).toEqual([]);
  });

  it('rules switched off citing the built-in sources: one error per rule; marked: loads', () => {
    const errors = errorsOf('rules-off-citing-builtin-sources');
    expect(errors.length).toBeGreaterThan(40);
    expect(errors[0]).toMatch(/\/requirements\/hardware-root-of-trust\/0\/value requirement "hardware-root-of-trust.unique-identity" asks less than the built-in profile \(switched off \(built-in: on\)\)/);
    expect(errorsOf('every-rule-off')).toEqual([]);
    expect(errorsOf('one-rule-off')).toEqual([]);
  });

  it('an edited profile keeping the built-in name and version: refused at /version', () => {
    expect(errorsOf('posing-as-builtin')).toEqual([expect.stringMatching(/\/version the profile is named and versioned as the built-in one \(seven-properties-azure-sphere 2026\.12\) but differs from it \(at "renewable-security.max-freeze-detection"\)/)]);
    // An unedited copy under the same name is the built-in profile: it loads.
    const copy = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8'));
    expect(loadRequirements(builtinRequirementsFile()).errors).toEqual([]);
    expect(copy.name).toBe('seven-properties-azure-sphere');
  });
});

describe('a bound that asks nothing (model/requirements/vacuous-bounds.ts)', () => {
  it('an at-least bound of 0 is refused at its /value, each named; the least values that ask something load', () => {
    expect(errorsOf('bounds-asking-nothing')).toEqual([
      expect.stringMatching(/\/requirements\/defense-in-depth\/0\/value requirement "defense-in-depth.min-compromises" asks nothing at 0: "at least 0" is met by every design/),
      expect.stringMatching(/\/requirements\/failure-reporting\/\d+\/value requirement "failure-reporting.min-log-capacity" asks nothing at 0: /),
    ]);
    expect(errorsOf('bounds-asking-least')).toEqual([]);
  });

  it('every at-least number of the built-in profile is refused at 0 but defense-in-depth.fault-tolerance (no check skipped still plays every attack); no at-most one is', () => {
    const numbers = Object.values(builtin().requirements).flat().filter((r) => typeof r.value === 'number');
    const refused = numbers.filter((r) => asksNothing(r.id, 0)).map((r) => r.id);
    expect(refused.sort()).toEqual(numbers.filter((r) => boundDirection(r.id) === 'at-least' && r.id !== 'defense-in-depth.fault-tolerance').map((r) => r.id).sort());
    expect(refused).toContain('defense-in-depth.min-compromises');
    expect(refused).toContain('renewable-security.largest-image');
    expect(refused).not.toContain('renewable-security.min-link-rate');
    for (const r of numbers) expect(asksNothing(r.id, r.value), r.id).toBeUndefined();
    expect(asksNothing('defense-in-depth.min-compromises', 1)).toBeUndefined();
  });
});

describe('a bound given as a rule', () => {
  it('is an input error at its /value (it used to leave the property unknown at run time)', () => {
    const profile = JSON.parse(readFileSync(builtinRequirementsFile(), 'utf8'));
    profile.name = 'bound-as-rule';
    profile.requirements['renewable-security'].find((r: { id: string }) => r.id === 'renewable-security.max-freeze-detection').value = true;
    const dir = mkdtempSync(join(tmpdir(), 'sevenfold-bound-as-rule-'));
    const file = join(dir, 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    try {
      expect(loadRequirements(file).errors.map((e) => `${e.pointer} ${e.message}`)).toEqual(['/requirements/renewable-security/3/value requirement "renewable-security.max-freeze-detection" is a bound: its value is a number of hours, not true']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a holds names what its profile did not ask', () => {
  const profile = (name: string): RequirementProfile => loadRequirements(fixture(name)).design!;
  const holds = (p: RequirementProfile, outcomes: Record<string, 'met' | 'not-applicable'>, property = 'small-tcb') => ({
    property,
    verdict: 'holds' as const,
    summary: 'every part passed',
    profile: `${p.name} ${p.version}`,
    requirements: markRelaxed(Object.entries(outcomes).map(([id, outcome]) => refer(p, id, outcome))),
  });

  it('every requirement switched off or not bearing on the product: unknown, naming the profile and the rules', () => {
    const p = profile('every-rule-off');
    const r = holdsOnlyOnWhatTheProfileAsked(holds(p, { 'small-tcb.no-untrusted-member': 'not-applicable', 'small-tcb.keys-in-vault': 'not-applicable' }));
    expect(r.verdict).toBe('unknown');
    expect(r.summary).toMatch(/^nothing checked: the requirement profile every-rule-off 2026\.12 switches off or does not state every requirement of small-tcb .*\(small-tcb.no-untrusted-member, small-tcb.keys-in-vault\)/);
  });

  it('sound twin: one rule off beside a met one stays holds and names the rule not checked', () => {
    const p = profile('one-rule-off');
    const r = holdsOnlyOnWhatTheProfileAsked(holds(p, { 'small-tcb.max-share': 'met', 'small-tcb.keys-in-vault': 'not-applicable' }));
    expect(r.verdict).toBe('holds');
    expect(r.summary).toBe('every part passed; not checked, switched off by the requirement profile one-rule-off 2026.12: small-tcb.keys-in-vault');
  });

  it('a relaxed bound stays holds against its profile and says what the built-in asks', () => {
    const p = profile('freeze-ten-years-own-choice');
    const r = holdsOnlyOnWhatTheProfileAsked({ ...holds(p, {}, 'renewable-security'), requirements: markRelaxed([refer(p, 'renewable-security.max-freeze-detection', 'met')]) });
    expect(r.verdict).toBe('holds');
    expect(r.summary).toMatch(/which asks less than the built-in profile: renewable-security.max-freeze-detection ≤ 87,600 hours \(built-in: 72\)/);
  });

  it('the built-in profile\'s own switched-off rule is named too, and nothing else changes', () => {
    const p = builtin();
    const r = holdsOnlyOnWhatTheProfileAsked({ ...holds(p, {}, 'failure-reporting'), requirements: [refer(p, 'failure-reporting.persistent-log', 'met'), refer(p, 'failure-reporting.records-real-time-app-failures', 'not-applicable')] });
    expect(r.verdict).toBe('holds');
    expect(r.summary).toBe('every part passed; not checked, switched off by the requirement profile seven-properties-azure-sphere 2026.12: failure-reporting.records-real-time-app-failures');
  });
});

describe('a requirement the profile leaves out is named like one it switches off', () => {
  it('notStatedBy lists the built-in requirements of a section the profile does not state, none for the built-in itself', () => {
    const refs = notStatedBy(loadRequirements(fixture('no-failure-kinds')).design!, 'failure-reporting');
    expect(refs.map((q) => q.id)).toEqual(Object.values(builtin().requirements).flat().map((r) => r.id).filter((id) => id.startsWith('failure-reporting.records-kind-')));
    expect(refs.every((q) => q.notStated && q.relaxed?.value === true && q.outcome === 'not-applicable')).toBe(true);
    for (const property of Object.keys(builtin().requirements)) expect(notStatedBy(builtin(), property), property).toEqual([]);
  });

  it('a log that records no crash is unknown against a profile without the failure kinds (it held before), naming them as not stated', async () => {
    const product = loadProduct(join(root, 'test/fixtures/updates/log-ignores-crashes/sevenfold.json')).product!;
    const property = findProperty('failure-reporting')!;
    const r = await runProperty(property, product, checkContext({ runs: 20, seed: 3, requirements: loadRequirements(fixture('no-failure-kinds')).design!, requirementsFile: fixture('no-failure-kinds') }));
    expect(r.verdict, r.summary).toBe('unknown');
    expect(r.summary).toMatch(/^cannot decide: the requirement profile no-failure-kinds 2026\.12 does not state failure-reporting\.records-kind-app-crash, .*which the built-in profile asks of failure-reporting/);
    expect(r.requirements!.find((q) => q.id === 'failure-reporting.records-kind-app-crash')).toMatchObject({ notStated: true, outcome: 'not-applicable' });
    // Under the built-in profile the same design is violated.
    const strict = await runProperty(property, product, checkContext({ runs: 20, seed: 3 }));
    expect(strict.verdict).toBe('violated');
    // Sound twin: a profile that states the kinds and switches them off, with its reason, holds it and names them.
    const off = await runProperty(property, product, checkContext({ runs: 20, seed: 3, requirements: loadRequirements(fixture('failure-kinds-off')).design!, requirementsFile: fixture('failure-kinds-off') }));
    expect(off.verdict, off.summary).toBe('holds');
    expect(off.summary).toMatch(/not checked, switched off by the requirement profile failure-kinds-off 2026\.12: .*failure-reporting\.records-kind-app-crash/);
  }, 60_000);
});
