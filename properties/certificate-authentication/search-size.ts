/**
 * The attacker search's bound for a product: what `--bound` states, else the defaults below, never a number
 * from the design under test or from the product's own word. The product's deployment.fleetSize does not lower
 * the devices searched: a fleet of one device was searched with one, so no attack between devices was tried,
 * and a product could pass the search by saying its fleet is small. A fleet grows, the factory makes other
 * devices and the tenant may hold them; what the search must cover is the profile's
 * (certificate-authentication.min-search-devices), whatever the product states.
 */
import type { Product } from '../../model/product/product.js';
import { DEFAULT_SESSIONS, type AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';
import { refer, requiredNumber, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';

/** Two periods: a device can change software (be downgraded) between two attestations. */
export const DEFAULT_PERIODS = 2;
/** Devices searched: every attack between devices the model knows needs two (one attacked, one turning bad). */
export const DEFAULT_DEVICES = 2;

export interface SearchSize {
  sessions: number;
  devices: number;
  periods: number;
  /** Where each number came from, for the evidence. */
  origin: Record<'sessions' | 'devices' | 'periods', string>;
  /** The bound asks for more than the product has (more devices than the fleet). */
  warnings: string[];
}

export function chooseSearchSize(product: Product, option: AttackerSearchBound = {}): SearchSize {
  const fleet = product.deployment.fleetSize;
  // Said where the product states a smaller fleet, so a reader sees it was not taken as a bound.
  const fleetOrigin = fleet !== undefined && fleet < DEFAULT_DEVICES ? `default; the product's fleet of ${fleet} does not lower it (the tenant and the factory have other devices)` : 'default';
  const warnings: string[] = [];
  return {
    sessions: option.sessions ?? DEFAULT_SESSIONS,
    devices: option.devices ?? DEFAULT_DEVICES,
    periods: option.periods ?? DEFAULT_PERIODS,
    origin: {
      sessions: option.sessions !== undefined ? '--bound' : 'default',
      devices: option.devices !== undefined ? '--bound' : fleetOrigin,
      periods: option.periods !== undefined ? '--bound' : 'default',
    },
    warnings,
  };
}

export function describeSearchSize(s: SearchSize): string {
  return `sessions ${s.sessions} (${s.origin.sessions}), devices ${s.devices} (${s.origin.devices}), attestation periods ${s.periods} (${s.origin.periods})`;
}

/** The profile's smallest search, one requirement per dimension (stated by the profile, never by --bound or the design). */
export const MIN_SEARCH = { sessions: 'certificate-authentication.min-search-sessions', devices: 'certificate-authentication.min-search-devices', periods: 'certificate-authentication.min-search-periods' } as const;

export interface SearchCoverage {
  /** One per dimension: met when the search was at least as large as the profile asks (devices: at most the fleet). */
  requirements: RequirementRef[];
  /** Why the bounded parts are undecided, when the search was smaller than the profile asks. */
  short?: string;
}

/**
 * Whether the bounded search was as large as the profile asks. Injective agreement and freshness rest on it
 * alone (the unbounded proof does not cover them), so a smaller one (`--bound sessions=1` held on the built-in
 * product, a bound in which no attestation can even complete) leaves them undecided: unknown, never holds.
 * Every minimum is the profile's as it states it: the product's fleet size does not lower the devices asked.
 */
export function searchCoverage(size: SearchSize, profile: RequirementProfile): SearchCoverage {
  const short: string[] = [];
  const requirements = (Object.keys(MIN_SEARCH) as (keyof typeof MIN_SEARCH)[]).map((key) => {
    const id = MIN_SEARCH[key];
    const required = requiredNumber(profile, id);
    const met = size[key] >= required;
    if (!met) short.push(`${size[key]} ${key} searched, ${id} asks ${required}`);
    return refer(profile, id, met ? 'met' : 'unknown');
  });
  return { requirements, ...(short.length ? { short: `the attacker search was smaller than the requirement profile asks (${short.join('; ')}): injective agreement and freshness, which only the bounded search decides, are undecided; search at least as far (--bound) or state a smaller search in the profile, with its reason` } : {}) };
}
