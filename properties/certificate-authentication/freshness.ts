/**
 * Freshness in hours, against the requirement profile, never in the design's own attestation periods
 * (a design that attests yearly and issues one-year certificates is as stale as it sounds):
 *
 *  - how long a relying party accepts a device after its last attestation must not exceed
 *    `certificate-authentication.max-certificate-lifetime` hours. That is the certificate's lifetime,
 *    or, when the relying party asks the security service per connection whether the device attested
 *    in the current period (revocation "status-check"), at most one attestation period;
 *  - the device must attest at least every `certificate-authentication.max-attestation-interval` hours.
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { refer, requiredNumber, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';

export const MAX_CERTIFICATE_LIFETIME = 'certificate-authentication.max-certificate-lifetime';
export const MAX_ATTESTATION_INTERVAL = 'certificate-authentication.max-attestation-interval';

export interface FreshnessFinding {
  requirement: string;
  pointer: string;
  message: string;
}

export interface FreshnessReview {
  findings: FreshnessFinding[];
  /** One line per requirement, met or not. */
  lines: string[];
  requirements: RequirementRef[];
}

/**
 * How long a relying party may accept a device after the attestation its certificate came from: the
 * attacker search's acceptance window (Scenario.acceptanceWindowHours), from the profile as this review's.
 */
export function acceptanceWindowHours(profile: RequirementProfile): number {
  return requiredNumber(profile, MAX_CERTIFICATE_LIFETIME);
}

const hours = (h: number): string => `${h.toLocaleString('en-US')} h`;

export function reviewFreshness(design: ProtocolDesign, profile: RequirementProfile): FreshnessReview {
  const maxLifetime = requiredNumber(profile, MAX_CERTIFICATE_LIFETIME);
  const maxInterval = requiredNumber(profile, MAX_ATTESTATION_INTERVAL);
  const lifetime = design.deviceCertificate.lifetimeHours;
  const period = design.attestation.periodHours;
  const statusCheck = design.deviceCertificate.revocation === 'status-check';
  const accepted = statusCheck ? Math.min(lifetime, period) : lifetime;
  const acceptance = statusCheck && period < lifetime
    ? `a device is accepted for at most ${hours(accepted)} after its attestation (certificates live ${hours(lifetime)}, but relying parties check per connection that the device attested in the current ${hours(period)} period)`
    : `a device certificate is accepted for ${hours(accepted)} after its attestation (its lifetime${statusCheck ? ', within one attestation period' : ', nothing revokes it earlier'})`;
  const findings: FreshnessFinding[] = [];
  const lifetimeMet = accepted <= maxLifetime;
  if (!lifetimeMet) {
    findings.push({ requirement: MAX_CERTIFICATE_LIFETIME, pointer: statusCheck && period < lifetime ? '/attestation/periodHours' : '/deviceCertificate/lifetimeHours', message: `${acceptance}; ${MAX_CERTIFICATE_LIFETIME} allows at most ${hours(maxLifetime)}` });
  }
  const intervalMet = period <= maxInterval;
  if (!intervalMet) {
    findings.push({ requirement: MAX_ATTESTATION_INTERVAL, pointer: '/attestation/periodHours', message: `the device attests every ${hours(period)}; ${MAX_ATTESTATION_INTERVAL} requires at least every ${hours(maxInterval)}` });
  }
  return {
    findings,
    lines: [
      `${lifetimeMet ? 'met' : 'FAILED'}: ${acceptance} (${MAX_CERTIFICATE_LIFETIME}: ≤ ${hours(maxLifetime)})`,
      `${intervalMet ? 'met' : 'FAILED'}: the device attests every ${hours(period)} (${MAX_ATTESTATION_INTERVAL}: ≤ ${hours(maxInterval)})`,
    ],
    requirements: [refer(profile, MAX_CERTIFICATE_LIFETIME, lifetimeMet ? 'met' : 'failed'), refer(profile, MAX_ATTESTATION_INTERVAL, intervalMet ? 'met' : 'failed')],
  };
}
