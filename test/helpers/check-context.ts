/**
 * A property-check context for tests: the built-in requirement profile unless a test gives another,
 * no progress output, and a fixed seed so every failure can be replayed.
 */
import { builtinRequirementsFile, loadRequirements } from '../../model/requirements/load-requirements.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import type { PropertyCheckContext } from '../../properties/registry.js';

export function builtinProfile(): RequirementProfile {
  const loaded = loadRequirements(builtinRequirementsFile());
  if (!loaded.design) throw new Error(`the built-in requirement profile does not load: ${loaded.errors.map((e) => e.message).join('; ')}`);
  return loaded.design;
}

export function checkContext(overrides: Partial<PropertyCheckContext> = {}): PropertyCheckContext {
  return {
    progress: () => {},
    seed: 1,
    runs: 10,
    timeoutMs: 10_000,
    command: 'sevenfold verify',
    requirements: builtinProfile(),
    requirementsFile: builtinRequirementsFile(),
    ...overrides,
  };
}
