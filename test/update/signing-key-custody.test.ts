/**
 * Signing-key custody (model/update/signing-key-custody.ts): a key no key-store update can revoke (an anchor the boot
 * rests on, a key that signs the trusted key store or certifies its signer) kept online is violated, and one whose
 * custody is not stated is unknown, naming /keys/i/custody. Before (s31's left-alone item), such keys were only named in
 * the key revocation's bound ("not replaced: an anchor") and renewable-security held whatever their custody: a maker's
 * anchored app-signing key on its build server held, though its thief signs apps every device accepts for ever. The
 * emulated key revocation steals an online anchor that checks boot stages and runs its thief's images.
 */
import { describe, expect, it } from 'vitest';
import { UpdateLab } from '../../emulator/update/index.js';
import { irrevocableKeys, signingKeyCustody } from '../../model/update/signing-key-custody.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import { checkContext } from '../helpers/check-context.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, fixtureProduct, platform as builtin } from './helpers.js';

const revoke = async (name: string) => {
  const product = fixtureProduct(name);
  const lab = await UpdateLab.open(product.platform, product.update!, { seed: 11 });
  return checkKeyRevocation({ lab, design: product.update!, product: builtinProduct(product.update!), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
};

describe('signing-key custody: the rule', () => {
  it('the built-in design: rom-anchor is the one irrevocable key, kept offline: nothing to report', () => {
    expect(irrevocableKeys(builtin).map((k) => [k.key, k.custody])).toEqual([['rom-anchor', 'offline']]);
    expect(signingKeyCustody(builtin)).toEqual([]);
  });

  it.each([
    ['renewal-anchor-signs-apps-online', 'online', 'maker-app-anchor', /^maker-app-anchor is kept online \(\/keys\/3\/custody\), and it is an anchor \(its hash is in maker-key-hash\)/],
    ['renewal-anchor-signs-apps-custody-unstated', 'unstated', 'maker-app-anchor', /^\/keys\/3\/custody is not stated: maker-app-anchor is an anchor/],
    ['renewal-key-store-signer-online', 'online', 'store-signing', /^store-signing is kept online \(\/keys\/3\/custody\), and it is the key that signs the trusted key store trusted-key-store/],
  ] as const)('%s: %s, naming %s', (name, status, key, reason) => {
    const findings = signingKeyCustody(fixtureProduct(name).platform);
    expect(findings.map((f) => [f.status, f.key])).toEqual([[status, key]]);
    expect(findings[0]!.reason).toMatch(reason);
  });

  it.each(['renewal-anchor-signs-apps-offline', 'renewal-key-store-signed-by-key-below-anchor'])('%s: every irrevocable key offline, nothing to report', (name) => {
    expect(irrevocableKeys(fixtureProduct(name).platform).length).toBeGreaterThan(1);
    expect(signingKeyCustody(fixtureProduct(name).platform)).toEqual([]);
  });

  it('a key that signs boot stages is not asked (the revocation steals it whatever its custody), nor an anchor nothing rests on', () => {
    const d = structuredClone(builtin);
    d.keys.find((k) => k.id === 'firmware-signing')!.custody = 'online';
    d.keys.push({ id: 'spare-anchor', name: 'an anchor nothing is checked under', anchoredIn: 'rom-key-hash', custody: 'online' });
    expect(signingKeyCustody(d)).toEqual([]);
  });
});

describe('signing-key custody: the emulated key revocation and the verdict', () => {
  it('an online anchor that signs the apps is stolen: its thief\'s app runs after the vendor\'s latest release, violated', async () => {
    const outcome = await revoke('renewal-anchor-signs-apps-online');
    expect(outcome.verdict).toBe('violated');
    expect(outcome.summary).toBe("an image of hl-app signed with the stolen maker-app-anchor (an anchor kept online) ran after the vendor's latest release 3: maker-app-anchor is an anchor kept online, and no key-store update can revoke it");
    expect(outcome.bound).toContain("stolen with nothing to revoke it: maker-app-anchor (an anchor kept online: the thief's images tried after the vendor's latest release 3)");
  }, 60_000);

  it('the same anchor, custody not stated: the play is not decided (unknown, naming the field, never holds); kept offline: named as beyond any key store', async () => {
    const unstated = await revoke('renewal-anchor-signs-apps-custody-unstated');
    expect(unstated.verdict).toBe('unknown');
    expect(unstated.summary).toMatch(/^\/keys\/3\/custody is not stated: maker-app-anchor is an anchor that checks boot stages/);
    const offline = await revoke('renewal-anchor-signs-apps-offline');
    expect(offline.verdict).toBe('holds');
    expect(offline.bound).toContain('not replaced: rom-anchor, maker-app-anchor (an anchor: its hash is in eFuses');
  }, 60_000);

  it('a key-store signer kept online: renewable-security violated by the static rule (the play steals only stage keys and anchors)', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-key-store-signer-online'), checkContext({ runs: 1 }));
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/a key no update can revoke is kept offline \(renewable-security\.every-stage-renewable\): store-signing is kept online/);
  }, 120_000);
});
