/**
 * Reading a requirement profile: JSON with locations, the schema, then the rules a schema cannot say
 * (each id once, each id under the property it names, each id one Sevenfold checks, a source and a statement
 * that say something, a source that is not a stand-in such as "n/a" (source-text.ts), a bound that asks something). Errors are located like every design file's.
 */
import { resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import schema from '../schema/requirements.schema.json' with { type: 'json' };
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { loadDesignFile, type LoadedDesign, type RuleReporter } from '../../formats/json/design-file.js';
import { packageRoot } from '../product/builtin.js';
import type { RequirementProfile } from './requirement-profile.js';
import builtinProfile from './profiles/seven-properties-azure-sphere.json' with { type: 'json' };
import { FAILURE_LOG_KINDS } from '../update/update-design.js';
import { BUILTIN_PROFILE_NAME, BUILTIN_PROFILE_VERSION, builtinRequirement, describeRelaxedValue, relaxedFrom } from './relaxation.js';
import { isBlankText } from '../../formats/json/free-text.js';
import { asksNothing } from './vacuous-bounds.js';
import { namesNoSource } from './source-text.js';

const validate = lazyValidator(schema);

export function builtinRequirementsFile(): string {
  return resolve(packageRoot(), 'model', 'requirements', 'profiles', 'seven-properties-azure-sphere.json');
}

export function loadRequirements(file: string = builtinRequirementsFile()): LoadedDesign<RequirementProfile> {
  return loadDesignFile<RequirementProfile>(file, validate, 'the requirement profile', checkRules);
}

/**
 * The ids some property reads: those of the built-in profile (every property reads its own from there; a
 * custom profile is a copy with other values), and one `failure-reporting.records-kind-<kind>` per failure
 * kind the log model knows. A requirement outside them would be listed as the profile's yet tested by
 * nothing, and a property could read `holds` beside it: refused instead.
 */
export const RECORDS_KIND_PREFIX = 'failure-reporting.records-kind-';
const BUILTIN_REQUIREMENTS = Object.values((builtinProfile as { requirements: Record<string, { id: string; unit?: string }[]> }).requirements).flat();
const CHECKED_IDS: ReadonlySet<string> = new Set(BUILTIN_REQUIREMENTS.map((r) => r.id));
/**
 * The unit each property reads a requirement's number in: the built-in profile's. A property takes the
 * number as it stands, so another unit would change the bound silently (50 "percent" read as a fraction
 * allowed 5000 %, 60 "minutes" read as hours allowed 60 h): a unit that differs, or is missing, is refused.
 */
const UNIT_OF: ReadonlyMap<string, string | undefined> = new Map(BUILTIN_REQUIREMENTS.map((r) => [r.id, r.unit]));

function checkRules(profile: RequirementProfile, report: RuleReporter): void {
  const seen = new Map<string, string>();
  for (const [property, list] of Object.entries(profile.requirements)) {
    list.forEach((r, i) => {
      const pointer = joinPointer('/requirements', property, i, 'id');
      const earlier = seen.get(r.id);
      if (earlier) report(pointer, `requirement "${r.id}" is already defined at ${earlier}`);
      seen.set(r.id, pointer);
      if (!r.id.startsWith(`${property}.`)) report(pointer, `requirement "${r.id}" is listed under ${property}: its id must start with "${property}."`);
      if (!r.id.startsWith(RECORDS_KIND_PREFIX) && !CHECKED_IDS.has(r.id)) report(pointer, `requirement "${r.id}" is not one Sevenfold checks: no property would test it, so a verdict could not say it was met (the ids are those of the built-in profile, ${builtinRequirementsFile()})`);
      if (r.id.startsWith(RECORDS_KIND_PREFIX) && !(FAILURE_LOG_KINDS as readonly string[]).includes(r.id.slice(RECORDS_KIND_PREFIX.length))) report(pointer, `requirement "${r.id}" names no failure kind Sevenfold knows (${FAILURE_LOG_KINDS.join(', ')})`);
      const unit = UNIT_OF.get(r.id);
      if (CHECKED_IDS.has(r.id) && r.unit !== unit) report(joinPointer('/requirements', property, i, r.unit === undefined ? 'id' : 'unit'), unit === undefined ? `requirement "${r.id}" is a rule and takes no unit, not "${r.unit}"` : `requirement "${r.id}" is read in ${unit}: state "unit": "${unit}"${r.unit === undefined ? '' : `, not "${r.unit}"`} (Sevenfold converts no units)`);
      const noSource = isBlankText(r.source) ? undefined : namesNoSource(r.source);
      if (isBlankText(r.source)) report(joinPointer('/requirements', property, i, 'source'), `requirement "${r.id}" states no source (only white space)`);
      else if (noSource) report(joinPointer('/requirements', property, i, 'source'), `requirement "${r.id}" names no source (${JSON.stringify(r.source)}: ${noSource}): say where the requirement comes from (a document and section, a policy, or why the profile chooses this value)`);
      if (isBlankText(r.statement)) report(joinPointer('/requirements', property, i, 'statement'), `requirement "${r.id}" states nothing (only white space)`);
      if (r.unit === 'fraction' && typeof r.value === 'number' && r.value > 1) report(joinPointer('/requirements', property, i, 'value'), `a fraction is at most 1, not ${r.value}`);
      // A bound given as a rule (or left out) cannot be read: the property would only say it has no number.
      const builtin = builtinRequirement(r.id);
      if (builtin && typeof builtin.value === 'number' && typeof r.value !== 'number') report(joinPointer('/requirements', property, i, r.value === undefined ? 'id' : 'value'), `requirement "${r.id}" is a bound: its value is a number of ${builtin.unit ?? 'units'}${r.value === undefined ? ', and none is stated' : `, not ${JSON.stringify(r.value)}`}`);
      // A bound every design meets is a rule switched off in disguise, which a number may not be (vacuous-bounds.ts).
      const nothing = asksNothing(r.id, r.value);
      if (nothing) report(joinPointer('/requirements', property, i, 'value'), `requirement "${r.id}" asks nothing at ${JSON.stringify(r.value)}: ${nothing}, and a verdict would count it met having checked nothing; a bound is never switched off: state the least value that asks something, or leave the requirement out (the properties that read it are then unknown, naming it)`);
      // A relaxed value that still cites the built-in's source claims a source that states another number.
      const relaxed = relaxedFrom(r);
      if (relaxed && !r.ownChoice && r.source.trim() === relaxed.source.trim()) {
        report(joinPointer('/requirements', property, i, 'value'), `requirement "${r.id}" asks less than the built-in profile (${describeRelaxedValue(r, relaxed)}) but cites the built-in's source, which states the built-in's value: cite the source of this value, or mark it "ownChoice": true and say in "source" why the profile accepts it`);
      }
    });
  }
  checkNotPosingAsBuiltin(profile, report);
}

/**
 * A profile named and versioned as the built-in one is read as it everywhere a verdict names its profile
 * ("seven-properties-azure-sphere 2026.12"): an edited copy that keeps both would have its verdicts read as
 * the built-in profile's. It must take its own name or version.
 */
function checkNotPosingAsBuiltin(profile: RequirementProfile, report: RuleReporter): void {
  if (profile.name !== BUILTIN_PROFILE_NAME || profile.version !== BUILTIN_PROFILE_VERSION) return;
  const own = Object.values(profile.requirements).flat();
  const ids = new Set(own.map((r) => r.id));
  const differs =
    own.find((r) => {
      const b = builtinRequirement(r.id);
      return !b || b.value !== r.value || b.unit !== r.unit;
    })?.id ?? BUILTIN_REQUIREMENTS.find((r) => !ids.has(r.id))?.id;
  if (differs === undefined) return;
  report('/version', `the profile is named and versioned as the built-in one (${BUILTIN_PROFILE_NAME} ${BUILTIN_PROFILE_VERSION}) but differs from it (at "${differs}"): every verdict would name the built-in profile; give an edited profile its own name or version`);
}
