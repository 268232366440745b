/**
 * Where a requirement profile asks less than the built-in one: a rule the built-in switches on that it
 * switches off, or a number that lets more through (a longer deadline, fewer compromises, a smaller search).
 * A custom profile may do so, but not silently: the loader refuses a relaxed value that still cites the
 * built-in's source (which states the built-in's number, not this one) unless the profile marks it its own
 * choice, and every verdict names the relaxed requirements it was decided against, so nothing reads as the
 * Seven Properties as the built-in profile states them (verdict.ts, the report's compliance table).
 */
import builtinProfile from './profiles/seven-properties-azure-sphere.json' with { type: 'json' };
import { switchedOff, type BuiltinBound, type Requirement, type RequirementProfile, type RequirementRef } from './requirement-profile.js';

type Entry = Pick<Requirement, 'id' | 'statement' | 'value' | 'unit' | 'source'>;
const BUILTIN_SECTIONS = builtinProfile.requirements as Record<string, Entry[]>;
const BUILTIN: ReadonlyMap<string, Entry> = new Map(Object.values(BUILTIN_SECTIONS).flat().map((r) => [r.id, r]));

export const BUILTIN_PROFILE_NAME = builtinProfile.name;
export const BUILTIN_PROFILE_VERSION = builtinProfile.version;

/** The built-in profile's requirement with this id, if it has one. */
export function builtinRequirement(id: string): Entry | undefined {
  return BUILTIN.get(id);
}

export { switchedOff };

/**
 * A verdict's requirement references with the built-in's value on each this profile relaxes. Applied once,
 * where every verdict is framed (registry.startProperty): `refer` stays free of the built-in profile, so the
 * registry `--help` loads imports nothing.
 */
export function markRelaxed(refs: readonly RequirementRef[]): RequirementRef[] {
  return refs.map((q) => {
    if (q.relaxed || q.notStated) return q;
    const relaxed = relaxedFrom(q);
    return relaxed ? { ...q, relaxed } : q;
  });
}

/**
 * Numbers whose name does not say which way is stricter, or says it the wrong way round: checked before the
 * max-/min- prefixes.
 */
const STATED_DIRECTIONS: Readonly<Record<string, 'at-most' | 'at-least'>> = {
  'defense-in-depth.fault-tolerance': 'at-least',
  // The largest genuine image the device must take: a larger one asks more.
  'renewable-security.largest-image': 'at-least',
  // The slowest link the device must still update over: a slower one asks more, whatever the "min-" says.
  'renewable-security.min-link-rate': 'at-most',
};

/**
 * Which way a requirement's number asks more: `at-most` (max-*: a smaller number is stricter) or
 * `at-least` (min-*: a larger one is), unless STATED_DIRECTIONS says otherwise. Every number the built-in
 * profile states has one (test/model/requirement-relaxation.test.ts), so a new bound cannot be relaxed unnoticed.
 */
export function boundDirection(id: string): 'at-most' | 'at-least' | undefined {
  const stated = STATED_DIRECTIONS[id];
  if (stated) return stated;
  const name = id.slice(id.indexOf('.') + 1);
  if (name.startsWith('max-')) return 'at-most';
  if (name.startsWith('min-')) return 'at-least';
  return undefined;
}

/** The built-in's value and source where this requirement asks less than the built-in's; undefined where it asks as much or more. */
export function relaxedFrom(r: Pick<Requirement, 'id' | 'value' | 'unit'>): BuiltinBound | undefined {
  const builtin = BUILTIN.get(r.id);
  if (!builtin || builtin.value === undefined) return undefined;
  const bound = { value: builtin.value, source: builtin.source };
  if (builtin.unit === undefined) return !switchedOff(builtin) && switchedOff(r) ? bound : undefined;
  if (typeof r.value !== 'number' || typeof builtin.value !== 'number') return undefined;
  const direction = boundDirection(r.id);
  if (direction === 'at-most' && r.value > builtin.value) return bound;
  if (direction === 'at-least' && r.value < builtin.value) return bound;
  return undefined;
}

/**
 * Whether a verdict's requirement was decided against less than the built-in asks: a looser number, or a rule
 * switched off and so not checked (a switched-off rule some check still tested and found met asked no less).
 */
export function relaxationInEffect(q: Pick<RequirementRef, 'relaxed' | 'switchedOff' | 'outcome'>): boolean {
  return q.relaxed !== undefined && (!q.switchedOff || q.outcome === 'not-applicable');
}

/**
 * The requirements of a property's section that the built-in profile asks for and this profile does not
 * state at all, as the verdict's references (not checked, relaxed). A property reads some requirements only
 * when the profile states them (every `failure-reporting.records-kind-*`: a profile without them required no
 * failure kind, and a log that records no crash held). A left-out requirement has no value and no source, so
 * unlike one switched off it is no choice of the profile's: a holds beside one is unknown, naming it
 * (properties/verdict.ts holdsOnlyOnWhatTheProfileAsked); one a property cannot do without makes it unknown at once.
 */
export function notStatedBy(profile: RequirementProfile, property: string): RequirementRef[] {
  const stated = new Set(Object.values(profile.requirements).flat().map((r) => r.id));
  return (BUILTIN_SECTIONS[property] ?? [])
    .filter((b) => !stated.has(b.id) && !switchedOff(b) && b.value !== undefined)
    .map((b) => ({ id: b.id, statement: b.statement, value: b.value!, ...(b.unit ? { unit: b.unit } : {}), source: b.source, outcome: 'not-applicable' as const, notStated: true as const, relaxed: { value: b.value!, source: b.source } }));
}

/** Every way a whole profile asks less than the built-in: its relaxed values, then the built-in requirements it leaves out. */
export function profileRelaxations(profile: RequirementProfile): string[] {
  const stated = Object.values(profile.requirements).flat().flatMap((r) => {
    const builtin = relaxedFrom(r);
    return builtin ? [describeRelaxation(r, builtin)] : [];
  });
  const unstated = Object.keys(BUILTIN_SECTIONS).flatMap((property) => notStatedBy(profile, property).map((q) => describeRelaxation(q, q.relaxed!)));
  return [...stated, ...unstated];
}

/** "switched off (built-in: on)", "≤ 87,600 hours (built-in: 72)". */
export function describeRelaxedValue(r: Pick<Requirement, 'id' | 'value' | 'unit'> & { notStated?: true }, builtin: BuiltinBound): string {
  if (r.notStated) return `not stated (built-in: ${typeof builtin.value === 'boolean' ? 'on' : `${builtin.value.toLocaleString('en-US')} ${r.unit ?? ''}`.trim()})`;
  if (typeof builtin.value === 'boolean' || r.unit === undefined) return 'switched off (built-in: on)';
  const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
  return `${boundDirection(r.id) === 'at-least' ? '≥' : '≤'} ${n(r.value)} ${r.unit} (built-in: ${n(builtin.value)})`;
}

/** "renewable-security.max-freeze-detection ≤ 87,600 hours (built-in: 72)". */
export function describeRelaxation(r: Pick<Requirement, 'id' | 'value' | 'unit'> & { notStated?: true }, builtin: BuiltinBound): string {
  return `${r.id} ${describeRelaxedValue(r, builtin)}`;
}
