/**
 * The attacker search counts time in attestation periods; the requirement profile bounds, in hours, how
 * long a relying party may accept a device after the attestation its certificate came from. A certificate
 * from an earlier period, earned while the device was good, accepted within that window is the exposure
 * the profile allows, not an attack (Scenario.acceptanceWindowHours, worstAcceptanceHours). Hourly
 * attestation with 24 h certificates leaves a bad device accepted as long as daily attestation does, so
 * both hold; counted in periods, the hourly design read violated and the daily one held.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinProtocol } from '../../model/attestation/load-protocol.js';
import { scenarioFor } from '../../model/attestation/attack-scenario.js';
import { worstAcceptanceHours } from '../../model/attestation/protocol-design.js';
import { loadProduct } from '../../model/product/product.js';
import { builtinProductFile } from '../../model/product/builtin.js';
import { productAssumingNoBusMasters } from '../fixtures/bus-masters-stated.js';
import { verifyProtocol } from '../../proofs/attacker-search/search.js';
import { checkCertificateAuthentication } from '../../properties/certificate-authentication/index.js';
import { checkContext, smallSearchProfile } from '../helpers/check-context.js';
import { EXPECTED_VIOLATIONS, fixture, fixtureDir } from './helpers.js';

const twoPeriods = (window?: number) => scenarioFor({ devices: 2, periods: 2 }, window);
// A one-session search, under a profile that accepts it (the built-in asks for 4: certificate-authentication.min-search-sessions).
const quick = checkContext({ seed: 5, runs: 5, bound: { sessions: 1 }, requirements: smallSearchProfile(), command: 'sevenfold verify --property certificate-authentication' });

describe('the acceptance window is counted in hours', () => {
  it('worst acceptance: from the start of the issuing period to the end of the accepting one, never past the lifetime', () => {
    expect(worstAcceptanceHours(fixture('hourly-attestation'), 0, 1)).toBe(2);
    expect(worstAcceptanceHours(fixture('hourly-attestation'), 0, 30)).toBe(24);
    expect(worstAcceptanceHours(builtinProtocol(), 0, 1)).toBe(24);
  });

  it('hourly attestation with 24 h certificates holds within the profile\'s 24 h, as the built-in daily design does', () => {
    expect(verifyProtocol(fixture('hourly-attestation'), { scenario: twoPeriods(24) }).verdict).toBe('holds');
    expect(verifyProtocol(builtinProtocol(), { scenario: twoPeriods(24) }).verdict).toBe('holds');
  });

  it('a window shorter than the hours between issuance and acceptance is violated, naming both', () => {
    const r = verifyProtocol(fixture('hourly-attestation'), { scenario: twoPeriods(1) });
    expect(r.verdict).toBe('violated');
    const bad = r.violations.find((v) => v.property === 'untrusted-software')!;
    expect(bad.detail).toMatch(/with a certificate issued in period 0 \(up to 2 h after its issuance; the requirement profile allows 1 h\)/);
  });

  // The window forgives only a certificate the device earned while good: every flaw the period count
  // caught is still caught under the profile's 24 h (a forged or rebound certificate is never in it).
  for (const [name, expected] of Object.entries(EXPECTED_VIOLATIONS)) {
    it(`${name}: still violated (${expected.join(', ')}) under the profile's 24 h window`, () => {
      const r = verifyProtocol(fixture(name), { scenario: twoPeriods(24) });
      expect(r.violations.map((v) => v.property)).toEqual(expect.arrayContaining(expected));
    });
  }

  it('a certificate the attacker forged, dated an earlier period, is never within the window: only one the device earned while good is', () => {
    const anyCa = fixture('hourly-attestation');
    anyCa.cloudService.deviceTrustAnchors = 'any-ca';
    const r = verifyProtocol(anyCa, { scenario: twoPeriods(24), exhaustive: true, bound: { sessions: 1 }, allViolations: true });
    const details = r.violations.filter((v) => v.property === 'untrusted-software').map((v) => v.detail);
    expect(details).toContainEqual(expect.stringMatching(/accepted d2, which runs downgraded software in period 1, with a certificate issued in period 0 \(up to 2 h after its issuance; the requirement profile allows 24 h\)/));
  });

  it('the property: hourly attestation with 24 h certificates holds; with 48 h certificates it is violated in hours at the lifetime', async () => {
    const product = productAssumingNoBusMasters(loadProduct(builtinProductFile()).product!);
    const sound = await checkCertificateAuthentication(product, quick, { protocolFile: resolve(fixtureDir, 'hourly-attestation.json'), symbolicOnly: true });
    expect(sound.verdict, sound.summary).toBe('holds');
    const flawed = await checkCertificateAuthentication(product, quick, { protocolFile: resolve(fixtureDir, 'hourly-attestation-48h-certificates.json'), symbolicOnly: true });
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/\/deviceCertificate\/lifetimeHours: a device certificate is accepted for 48 h after its attestation/);
    expect(flawed.requirements!.find((q) => q.id === 'certificate-authentication.max-certificate-lifetime')!.outcome).toBe('failed');
  });
});
