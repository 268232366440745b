/**
 * A use of a private key kept outside Pluton holds the key (model/platform/key-use.ts): there is no vault to ask,
 * so software that signs with it fetches its bytes over the bus. Before (main at f38bf97) the emulated bus had no
 * "use" request to try (no-such-operation), the grant was never tried, and hardware-root-of-trust's
 * private-keys-confined read met ("every one refused, as the design says"): under a profile that does not ask for
 * the identity key in Pluton (identity-key-in-hardware off, a device maker's secure element or TrustZone design),
 * the Security Monitor signing with a key in flash, or a Linux kernel with a key in SRAM, held the property.
 */
import { describe, expect, it } from 'vitest';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const PRIVATE_KEYS = 'hardware-root-of-trust.private-keys-confined';
/** A profile that does not ask for the identity key inside Pluton (a device maker's choice, stated with its source). */
function withoutPlutonIdentity(): RequirementProfile {
  const profile = builtinProfile();
  return {
    ...profile,
    requirements: {
      ...profile.requirements,
      'hardware-root-of-trust': profile.requirements['hardware-root-of-trust']!.map((r) => (r.id === 'hardware-root-of-trust.identity-key-in-hardware' ? { ...r, value: false, source: 'test: a device whose keys are not in Pluton' } : r)),
    },
  };
}
const boots = checkContext({ seed: 20261206, runs: 5, timeoutMs: 60_000, requirements: withoutPlutonIdentity(), command: 'sevenfold verify --property hardware-root-of-trust' });

describe('a use of a private key kept outside Pluton holds the key', () => {
  it('client-key-in-flash (the Security Monitor signs with a key kept in flash): private-keys-confined failed at the access rule, and hardware-root-of-trust violated without identity-key-in-hardware', async () => {
    const result = await checkHardwareRootOfTrust(loadPlatformFixture('client-key-in-flash'), boots);
    expect(result.requirements?.find((r) => r.id === PRIVATE_KEYS)?.outcome).toBe('failed');
    expect(result.verdict, result.summary).toBe('violated');
    const lines = result.evidence!.flatMap((e) => e.lines).join('\n');
    expect(lines).toMatch(/security-monitor may use oem-client-key \(\/access\/\d+ of the platform design\): a key kept in flash has no vault to ask/);
  });

  it('client-key-in-pluton (sound twin: the Pluton runtime alone uses it, inside Pluton): private-keys-confined met', async () => {
    const result = await checkHardwareRootOfTrust(loadPlatformFixture('client-key-in-pluton'), boots);
    expect(result.requirements?.find((r) => r.id === PRIVATE_KEYS)?.outcome).toBe('met');
    expect(result.verdict, result.summary).toBe('holds');
  });
});
