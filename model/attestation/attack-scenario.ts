/**
 * What the attacker search is run against: the devices and the software each runs in each attestation
 * period, which keys the attacker holds, and the bound on sessions.
 */

/** good: a known-good, current release, measured; downgraded: an older signed release (no longer known-good); unmeasured: software the boot chain did not measure (its register matches no release). */
export type Software = 'good' | 'downgraded' | 'unmeasured';

export interface ScenarioDevice {
  id: string;
  /** The software it runs in each attestation period (one entry per period). A device whose software is not good is run by the attacker, who may use its Pluton as an oracle but never read its keys. */
  software: Software[];
}

export interface Scenario {
  name: string;
  devices: ScenarioDevice[];
  /**
   * Keys the attacker holds from the start, beyond its own: 'ik:<device>' (identity key), 'ck:<device>'
   * (client key), 'ca:tenant-a' (the tenant CA), 'sk:as3' (the security service), 'sk:hub' (the cloud
   * service), 'root' (the Azure Sphere root).
   */
  compromisedKeys: string[];
  /** Every device that is good in period 0 has completed one honest attestation before the search starts; the attacker saw all of it. */
  honestPrefix: boolean;
  /**
   * How long, in hours, a relying party may accept a device after the attestation its certificate came
   * from: the requirement profile's certificate-authentication.max-certificate-lifetime. A certificate from
   * an earlier period, issued while the device was good, accepted at most this long after its issuance
   * (worstAcceptanceHours) is within what the profile allows, not an attack. Unset: none beyond the
   * period of the attestation (a certificate from an earlier period is never fresh).
   */
  acceptanceWindowHours?: number;
}

export interface SearchBound {
  /** Role instances started in a trace, of any role: device attestation, security-service, device connection and cloud-service runs. */
  sessions: number;
  /** Stop (and answer unknown) past this many distinct states. */
  maxStates: number;
}

/** How large a world the search explores: devices of the fleet and attestation periods. */
export interface ScenarioSize {
  devices: number;
  periods: number;
}

/**
 * The world of `size.devices` devices over `size.periods` attestation periods. Every device runs good
 * software in period 0 (and attests honestly, observed by the attacker). With two devices or more, d1
 * stays good throughout (the honest party whose runs the attacker tries to steal or replay) and every
 * other device turns bad from period 1 on, downgraded or unmeasured in turn (the device that must
 * lose its certificate). A single device stays good until the last period and turns downgraded there,
 * so one device still exercises both.
 */
export function scenarioFor(size: ScenarioSize, acceptanceWindowHours?: number): Scenario {
  const periods = Math.max(1, size.periods);
  const count = Math.max(1, size.devices);
  const schedule = (goodPeriods: number, bad: Software): Software[] => Array.from({ length: periods }, (_, p) => (p < goodPeriods ? 'good' : bad));
  const devices: ScenarioDevice[] =
    count === 1
      ? [{ id: 'd1', software: schedule(periods > 1 ? periods - 1 : 1, 'downgraded') }]
      : Array.from({ length: count }, (_, i) => ({ id: `d${i + 1}`, software: i === 0 ? schedule(periods, 'good') : schedule(1, i % 2 === 1 ? 'downgraded' : 'unmeasured') }));
  const turning = devices.filter((d) => d.software.some((s) => s !== 'good')).map((d) => `${d.id} ${d.software[d.software.length - 1]} from period ${d.software.findIndex((s) => s !== 'good')}`);
  return {
    name: `${count} device${count === 1 ? '' : 's'}, ${periods} attestation period${periods === 1 ? '' : 's'}${turning.length ? `: ${turning.join(', ')}` : ''}`,
    devices,
    compromisedKeys: [],
    honestPrefix: true,
    ...(acceptanceWindowHours !== undefined ? { acceptanceWindowHours } : {}),
  };
}

/** Two devices, one downgraded in the second period. */
export const DEFAULT_SCENARIO: Scenario = scenarioFor({ devices: 2, periods: 2 });

export const DEFAULT_BOUND: SearchBound = { sessions: 3, maxStates: 2_000_000 };

export const KEY_NAMES_HELP = "ik:<device>, ck:<device>, ca:tenant-a, sk:as3, sk:hub, root";

export function periodsOf(scenario: Scenario): number {
  return Math.max(1, ...scenario.devices.map((d) => d.software.length));
}

export function softwareAt(scenario: Scenario, device: string, period: number): Software | undefined {
  const d = scenario.devices.find((x) => x.id === device);
  if (!d) return undefined;
  return d.software[Math.min(period, d.software.length - 1)];
}

export function describeScenario(scenario: Scenario): string {
  const devices = scenario.devices.map((d) => `${d.id}: ${d.software.map((s, p) => `p${p} ${s}`).join(', ')}`).join('; ');
  const keys = scenario.compromisedKeys.length ? `; compromised keys: ${scenario.compromisedKeys.join(', ')}` : '';
  return `${devices}${keys}`;
}
