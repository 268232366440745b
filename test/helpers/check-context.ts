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

/**
 * The built-in profile accepting an attacker search of one session, one device and one period (its own choice,
 * marked so): for tests that search small to stay fast. Under the built-in profile such a search leaves
 * certificate-authentication unknown (certificate-authentication.min-search-*).
 */
export function smallSearchProfile(): RequirementProfile {
  const profile = structuredClone(builtinProfile());
  profile.name = 'small-search';
  for (const r of profile.requirements['certificate-authentication'] ?? []) {
    if (!r.id.startsWith('certificate-authentication.min-search-')) continue;
    r.value = 1;
    r.ownChoice = true;
    r.source = 'Sevenfold tests: a search of one of each keeps a test fast; what it decides is tested at the default bound elsewhere';
  }
  return profile;
}
