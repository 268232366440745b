import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { reviewFreshness } from '../../properties/certificate-authentication/freshness.js';
import { builtinProfile } from '../helpers/check-context.js';
import { FAILS_FRESHNESS, fixture } from './helpers.js';

/** The built-in profile with other freshness bounds, in hours. */
function profileWith(lifetime: number, interval: number): RequirementProfile {
  const p = structuredClone(builtinProfile());
  for (const r of p.requirements['certificate-authentication']!) {
    if (r.id === 'certificate-authentication.max-certificate-lifetime') r.value = lifetime;
    if (r.id === 'certificate-authentication.max-attestation-interval') r.value = interval;
  }
  return p;
}

const failed = (name: string, profile = builtinProfile()) => reviewFreshness(fixture(name), profile).findings.map((f) => f.requirement).sort();

describe('freshness in hours, from the requirement profile', () => {
  it('the built-in design meets the built-in profile (24 h certificates, daily attestation)', () => {
    const r = reviewFreshness(builtinProtocol(), builtinProfile());
    expect(r.findings).toEqual([]);
    expect(r.requirements.map((q) => [q.id, q.outcome])).toEqual([
      ['certificate-authentication.max-certificate-lifetime', 'met'],
      ['certificate-authentication.max-attestation-interval', 'met'],
    ]);
  });

  for (const [name, requirements] of Object.entries(FAILS_FRESHNESS)) {
    it(`${name} fails ${requirements.join(' and ')}, naming the requirement`, () => {
      expect(failed(name)).toEqual([...requirements].sort());
      const r = reviewFreshness(fixture(name), builtinProfile());
      for (const f of r.findings) expect(f.message).toContain(f.requirement);
    });
  }

  it('yearly attestation with one-year certificates is stale whatever its own periods say', () => {
    const r = reviewFreshness(fixture('yearly-attestation'), builtinProfile());
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/accepted for 8,760 h .* allows at most 24 h/);
    expect(r.findings.map((f) => f.message).join('\n')).toMatch(/attests every 8,760 h; .* at least every 24 h/);
    expect(r.findings.map((f) => f.pointer)).toEqual(['/deviceCertificate/lifetimeHours', '/attestation/periodHours']);
  });

  it('a per-connection status check bounds acceptance by the attestation period, not the certificate lifetime', () => {
    expect(failed('ten-year-with-status-check')).toEqual([]);
    const slow = { ...fixture('ten-year-with-status-check') };
    slow.attestation = { ...slow.attestation, periodHours: 48 };
    const findings = reviewFreshness(slow, builtinProfile()).findings;
    expect(findings.map((f) => [f.requirement, f.pointer])).toEqual([
      ['certificate-authentication.max-certificate-lifetime', '/attestation/periodHours'],
      ['certificate-authentication.max-attestation-interval', '/attestation/periodHours'],
    ]);
  });

  it('an app connection to an Azure IoT service gets no credit for the status check the design claims; a profile without the rule leaves it undecided', () => {
    const hub = [{ app: 'Telemetry', host: 'contoso-hub.azure-devices.net', service: 'Azure IoT Hub' }];
    const r = reviewFreshness(fixture('ten-year-with-status-check'), builtinProfile(), hub);
    expect(r.findings.map((f) => [f.requirement, f.pointer])).toEqual([['certificate-authentication.max-certificate-lifetime', '/deviceCertificate/lifetimeHours']]);
    expect(r.findings[0]!.message).toMatch(/^a device certificate is accepted for 87,600 h after its attestation \(its lifetime\): .*Telemetry → contoso-hub\.azure-devices\.net \(Azure IoT Hub\) is an Azure IoT service/);
    // A 24-hour certificate needs no status check: the built-in design meets the bound against IoT Hub.
    expect(reviewFreshness(builtinProtocol(), builtinProfile(), hub).findings).toEqual([]);
    const without = structuredClone(builtinProfile());
    without.requirements['certificate-authentication'] = without.requirements['certificate-authentication']!.filter((q) => q.id !== 'certificate-authentication.azure-iot-checks-chain-only');
    const undecided = reviewFreshness(fixture('ten-year-with-status-check'), without, hub);
    expect(undecided.findings).toEqual([]);
    expect(undecided.undecided).toMatch(/has no requirement "certificate-authentication\.azure-iot-checks-chain-only"/);
    expect(undecided.requirements.find((q) => q.id === 'certificate-authentication.max-certificate-lifetime')?.outcome).toBe('unknown');
    // The rule switched off: the profile takes the design's word, as before.
    const trusting = structuredClone(builtinProfile());
    trusting.requirements['certificate-authentication']!.find((q) => q.id === 'certificate-authentication.azure-iot-checks-chain-only')!.value = false;
    expect(reviewFreshness(fixture('ten-year-with-status-check'), trusting, hub).findings).toEqual([]);
  });

  it('a stricter profile fails the built-in design; a looser one passes a design the built-in profile fails', () => {
    expect(reviewFreshness(builtinProtocol(), profileWith(12, 12)).findings.map((f) => f.requirement)).toEqual(['certificate-authentication.max-certificate-lifetime', 'certificate-authentication.max-attestation-interval']);
    expect(failed('yearly-attestation', profileWith(8760, 8760))).toEqual([]);
  });

  it('a profile without the freshness requirements cannot decide (it throws the missing requirement, which runProperty turns into unknown)', () => {
    const p = structuredClone(builtinProfile());
    p.requirements['certificate-authentication'] = p.requirements['certificate-authentication']!.filter((r) => r.id !== 'certificate-authentication.max-attestation-interval');
    expect(() => reviewFreshness(builtinProtocol(), p)).toThrow(/max-attestation-interval/);
  });
});
