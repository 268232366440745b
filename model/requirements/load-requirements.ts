/**
 * Reading a requirement profile: JSON with locations, the schema, then the rules a schema cannot say
 * (each id once, each id under the property it names). Errors are located like every design file's.
 */
import { resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import schema from '../schema/requirements.schema.json' with { type: 'json' };
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { loadDesignFile, type LoadedDesign, type RuleReporter } from '../../formats/json/design-file.js';
import { packageRoot } from '../product/builtin.js';
import type { RequirementProfile } from './requirement-profile.js';

const validate = lazyValidator(schema);

export function builtinRequirementsFile(): string {
  return resolve(packageRoot(), 'model', 'requirements', 'profiles', 'seven-properties-azure-sphere.json');
}

export function loadRequirements(file: string = builtinRequirementsFile()): LoadedDesign<RequirementProfile> {
  return loadDesignFile<RequirementProfile>(file, validate, 'the requirement profile', checkRules);
}

function checkRules(profile: RequirementProfile, report: RuleReporter): void {
  const seen = new Map<string, string>();
  for (const [property, list] of Object.entries(profile.requirements)) {
    list.forEach((r, i) => {
      const pointer = joinPointer('/requirements', property, i, 'id');
      const earlier = seen.get(r.id);
      if (earlier) report(pointer, `requirement "${r.id}" is already defined at ${earlier}`);
      seen.set(r.id, pointer);
      if (!r.id.startsWith(`${property}.`)) report(pointer, `requirement "${r.id}" is listed under ${property}: its id must start with "${property}."`);
      if (r.unit === 'fraction' && typeof r.value === 'number' && r.value > 1) report(joinPointer('/requirements', property, i, 'value'), `a fraction is at most 1, not ${r.value}`);
    });
  }
}
