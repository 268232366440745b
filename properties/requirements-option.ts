/**
 * The requirement profile a verification uses: `--requirements <file>`, else the built-in profile.
 * Shared by verify and report so both hold a product to the same profile and name it the same way.
 */
import { resolve } from 'node:path';
import { formatLocatedError, type LocatedError } from '../formats/json/design-file.js';
import { builtinRequirementsFile, loadRequirements } from '../model/requirements/load-requirements.js';
import type { RequirementProfile } from '../model/requirements/requirement-profile.js';
import { wrongKindMessage } from '../model/product/input-file-kind.js';
import { readLocatedJson } from '../formats/json/read-input.js';

export type ChosenRequirements = { ok: true; profile: RequirementProfile; file: string } | { ok: false; file: string; errors: string[]; located: LocatedError[] };

export function chooseRequirements(option: string | undefined, cwd: string): ChosenRequirements {
  const file = option === undefined ? builtinRequirementsFile() : resolve(cwd, option);
  const loaded = loadRequirements(file);
  if (!loaded.design) {
    // A file of another kind (a product file, a design) given as the profile: said once, not as the profile fields it lacks.
    const otherKind = wrongKindMessage(option ?? file, readLocatedJson(file).value, 'requirement profile');
    const located = otherKind ? [{ file, pointer: '', line: 1, column: 1, message: otherKind.replace(/: name the requirement profile here$/, ': give a requirement profile to --requirements') }] : loaded.errors;
    return { ok: false, file, errors: located.map(formatLocatedError), located };
  }
  return { ok: true, profile: loaded.design, file };
}
