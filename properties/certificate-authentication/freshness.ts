/**
 * Freshness in hours, against the requirement profile, never in the design's own attestation periods
 * (a design that attests yearly and issues one-year certificates is as stale as it sounds):
 *
 *  - how long a relying party accepts a device after its last attestation must not exceed
 *    `certificate-authentication.max-certificate-lifetime` hours. That is the certificate's lifetime,
 *    or, when the relying party asks the security service per connection whether the device attested
 *    in the current period (revocation "status-check"), at most one attestation period;
 *  - the device must attest at least every `certificate-authentication.max-attestation-interval` hours.
 *
 * Who checks status is not the design's to say for a relying party it does not run: under the profile's
 * `certificate-authentication.azure-iot-checks-chain-only`, an app connection that presents the device
 * certificate to an Azure IoT service (IoT Hub, DPS, IoT Central) is accepted for the certificate's whole
 * lifetime, whatever revocation the design states, since those services authenticate a device by the tenant
 * CA chain (azure-sphere-facts §4). Before, a ten-year certificate with a claimed status check held for a
 * product whose app connects to IoT Hub.
 */
import type { ProtocolDesign } from '../../model/attestation/protocol-design.js';
import { statusCheckEnforced, statusCheckGap } from '../../model/attestation/status-check.js';
import { hasRequirement, refer, requiredNumber, requiredRule, type RequirementProfile, type RequirementRef } from '../../model/requirements/requirement-profile.js';

export const MAX_CERTIFICATE_LIFETIME = 'certificate-authentication.max-certificate-lifetime';
export const MAX_ATTESTATION_INTERVAL = 'certificate-authentication.max-attestation-interval';
export const AZURE_IOT_CHAIN_ONLY = 'certificate-authentication.azure-iot-checks-chain-only';

/** An app connection that presents the device certificate to an Azure IoT service: a relying party the design does not run. */
export interface ChainOnlyRelyingParty {
  app: string;
  host: string;
  service: string;
}

export interface FreshnessFinding {
  requirement: string;
  pointer: string;
  message: string;
}

export interface FreshnessReview {
  findings: FreshnessFinding[];
  /** Why max-certificate-lifetime could not be decided (a custom profile without azure-iot-checks-chain-only). */
  undecided?: string;
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

export function reviewFreshness(design: ProtocolDesign, profile: RequirementProfile, azureIot: readonly ChainOnlyRelyingParty[] = []): FreshnessReview {
  const maxLifetime = requiredNumber(profile, MAX_CERTIFICATE_LIFETIME);
  const maxInterval = requiredNumber(profile, MAX_ATTESTATION_INTERVAL);
  const lifetime = design.deviceCertificate.lifetimeHours;
  const period = design.attestation.periodHours;
  // A status check that accepts when the service does not answer is one an attacker on the path switches off (status-check.ts).
  const claimed = statusCheckEnforced(design);
  // Only where the status check would shorten acceptance does it matter who performs it.
  const credits = claimed && period < lifetime && azureIot.length > 0;
  const ruleStated = hasRequirement(profile, AZURE_IOT_CHAIN_ONLY);
  const chainOnly = credits && ruleStated && requiredRule(profile, AZURE_IOT_CHAIN_ONLY);
  const undecided = credits && !ruleStated;
  const statusCheck = claimed && !chainOnly;
  const accepted = statusCheck ? Math.min(lifetime, period) : lifetime;
  const parties = azureIot.map((r) => `${r.app} → ${r.host} (${r.service})`).join(', ');
  const acceptance = chainOnly
    ? `a device certificate is accepted for ${hours(accepted)} after its attestation (its lifetime): the design states relying parties check status per connection, but ${parties} ${azureIot.length > 1 ? 'are Azure IoT services, which authenticate' : 'is an Azure IoT service, which authenticates'} a device by the tenant CA chain alone (${AZURE_IOT_CHAIN_ONLY})`
    : statusCheck && period < lifetime
      ? `a device is accepted for at most ${hours(accepted)} after its attestation (certificates live ${hours(lifetime)}, but relying parties check per connection that the device attested in the current ${hours(period)} period)`
      : `a device certificate is accepted for ${hours(accepted)} after its attestation (its lifetime${statusCheck ? ', within one attestation period' : statusCheckGap(design) ? `: ${statusCheckGap(design)!.message}` : ', nothing revokes it earlier'})`;
  const findings: FreshnessFinding[] = [];
  const lifetimeMet = accepted <= maxLifetime;
  if (!lifetimeMet) {
    findings.push({ requirement: MAX_CERTIFICATE_LIFETIME, pointer: statusCheck && period < lifetime ? '/attestation/periodHours' : statusCheckGap(design)?.pointer ?? '/deviceCertificate/lifetimeHours', message: `${acceptance}; ${MAX_CERTIFICATE_LIFETIME} allows at most ${hours(maxLifetime)}` });
  }
  // A custom profile without the rule: whether the Azure IoT services' acceptance is cut short is not stated.
  const lifetimeUndecided = undecided && lifetime > maxLifetime && lifetimeMet;
  const intervalMet = period <= maxInterval;
  if (!intervalMet) {
    findings.push({ requirement: MAX_ATTESTATION_INTERVAL, pointer: '/attestation/periodHours', message: `the device attests every ${hours(period)}; ${MAX_ATTESTATION_INTERVAL} requires at least every ${hours(maxInterval)}` });
  }
  const undecidedText = `the design credits a per-connection status check to ${parties}, and the requirement profile ${profile.name} ${profile.version} has no requirement "${AZURE_IOT_CHAIN_ONLY}" saying whether an Azure IoT service performs one: certificates live ${hours(lifetime)}`;
  return {
    findings,
    ...(lifetimeUndecided ? { undecided: undecidedText } : {}),
    lines: [
      `${lifetimeUndecided ? 'UNDECIDED' : lifetimeMet ? 'met' : 'FAILED'}: ${lifetimeUndecided ? undecidedText : acceptance} (${MAX_CERTIFICATE_LIFETIME}: ≤ ${hours(maxLifetime)})`,
      `${intervalMet ? 'met' : 'FAILED'}: the device attests every ${hours(period)} (${MAX_ATTESTATION_INTERVAL}: ≤ ${hours(maxInterval)})`,
    ],
    requirements: [
      refer(profile, MAX_CERTIFICATE_LIFETIME, lifetimeUndecided ? 'unknown' : lifetimeMet ? 'met' : 'failed'),
      refer(profile, MAX_ATTESTATION_INTERVAL, intervalMet ? 'met' : 'failed'),
      // Tested only where it decides something: a status check the design claims would cut acceptance short for an Azure IoT service.
      ...(credits && ruleStated ? [refer(profile, AZURE_IOT_CHAIN_ONLY, !chainOnly ? 'not-applicable' : lifetimeMet ? 'met' : 'failed')] : []),
    ],
  };
}
