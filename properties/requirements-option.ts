/**
 * The requirement profile a verification uses: `--requirements <file>`, else the built-in profile.
 * Shared by verify and report so both hold a product to the same profile and name it the same way.
 */
import { resolve } from 'node:path';
import { formatLocatedError, type LocatedError } from '../formats/json/design-file.js';
import { builtinRequirementsFile, loadRequirements } from '../model/requirements/load-requirements.js';
import type { RequirementProfile } from '../model/requirements/requirement-profile.js';

export type ChosenRequirements = { ok: true; profile: RequirementProfile; file: string } | { ok: false; file: string; errors: string[]; located: LocatedError[] };

export function chooseRequirements(option: string | undefined, cwd: string): ChosenRequirements {
  const file = option === undefined ? builtinRequirementsFile() : resolve(cwd, option);
  const loaded = loadRequirements(file);
  if (!loaded.design) return { ok: false, file, errors: loaded.errors.map(formatLocatedError), located: loaded.errors };
  return { ok: true, profile: loaded.design, file };
}
