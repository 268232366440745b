/**
 * The attacker search's bound for a product: what `--bound` states, else a default drawn from the
 * product, never from the protocol design under test. Devices come from the deployment's fleet size:
 * a one-device fleet is searched with one device (no other device to impersonate or swap with); a
 * larger fleet, or one whose size is not stated, with two (every attack the model knows between
 * devices needs two of them: one to attack, one the attacker runs).
 */
import type { Product } from '../../model/product/product.js';
import { DEFAULT_SESSIONS, type AttackerSearchBound } from '../../proofs/attacker-search/bound-option.js';

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
