/**
 * The attacker search's bound for a product: what `--bound` states, else a default drawn from the
 * product, never from the protocol design under test. Devices come from the deployment's fleet size:
 * a one-device fleet is searched with one device (no other device to impersonate or swap with); a
 * larger fleet, or one whose size is not stated, with two (every attack the model knows between
 * devices needs two of them: one to attack, one the attacker runs).
 */
import type { Product } from '../../model/product/product.js';
import { DEFAULT_SESSIONS, type AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';
import { refer, requiredNumber, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';

/** Two periods: a device can change software (be downgraded) between two attestations. */
export const DEFAULT_PERIODS = 2;
/** Devices searched for a fleet of two or more, or of unstated size. */
export const FLEET_DEVICES = 2;

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
  const fromFleet = fleet === undefined ? FLEET_DEVICES : Math.min(fleet, FLEET_DEVICES);
  const fleetOrigin = fleet === undefined ? `the fleet size is not stated: ${FLEET_DEVICES}` : fleet <= 1 ? `a fleet of ${fleet} device` : `a fleet of ${fleet.toLocaleString('en-US')} devices: min(fleet, ${FLEET_DEVICES})`;
  const warnings: string[] = [];
  if (option.devices !== undefined && fleet !== undefined && option.devices > fleet) {
    warnings.push(`--bound devices=${option.devices} is more than the fleet of ${fleet}: attacks between devices the fleet does not have may be reported`);
  }
  return {
    sessions: option.sessions ?? DEFAULT_SESSIONS,
    devices: option.devices ?? fromFleet,
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
 * Devices are asked of at most the fleet the product states (a one-device fleet has no second device).
 */
export function searchCoverage(size: SearchSize, product: Product, profile: RequirementProfile): SearchCoverage {
  const fleet = product.deployment.fleetSize;
  const short: string[] = [];
  const requirements = (Object.keys(MIN_SEARCH) as (keyof typeof MIN_SEARCH)[]).map((key) => {
    const id = MIN_SEARCH[key];
    const stated = requiredNumber(profile, id);
    const required = key === 'devices' && fleet !== undefined ? Math.min(stated, fleet) : stated;
    const met = size[key] >= required;
    if (!met) short.push(`${size[key]} ${key} searched, ${id} asks ${required}${required < stated ? ` (the fleet of ${fleet})` : ''}`);
    return refer(profile, id, met ? 'met' : 'unknown');
  });
  return { requirements, ...(short.length ? { short: `the attacker search was smaller than the requirement profile asks (${short.join('; ')}): injective agreement and freshness, which only the bounded search decides, are undecided; search at least as far (--bound) or state a smaller search in the profile, with its reason` } : {}) };
}
