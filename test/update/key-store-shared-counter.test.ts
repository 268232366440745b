/**
 * Images that share an anti-rollback counter must update together (checkAgainstPlatform, model/update/load-update.ts),
 * but the rule gathered boot stages only: a trusted key store kept as a signed image and held against the OS stages'
 * counter, carried by another kind, fitted the platform statically, and only the reach emulation (its install refused
 * below the counter) made renewable-security violated, for a reason that did not name the shared counter. Now the
 * store's signedImage.rollback counter is gathered with the stages'. Fixture renewal-key-store-counter-shared-with-os
 * (made by test/fixtures/updates/make-renewal-products.ts); the built-in design (the store on its own counter) fits.
 */
import { describe, expect, it } from 'vitest';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, defaultDesign, fixtureProduct, platform } from './helpers.js';

describe('a signed key store sharing the OS stages\' counter, carried by another kind', () => {
  it('does not fit the platform: the shared counter is named, with both kinds', () => {
    const product = fixtureProduct('renewal-key-store-counter-shared-with-os');
    expect(checkAgainstPlatform(product.update!, product.platform)).toContain('one-bl, pluton-runtime, security-monitor, nw-loader, nw-kernel, os-services, trusted-key-store share the counter arc-firmware but are updated by different kinds (os, prerequisite): raising it for one leaves the others below it');
    expect(checkAgainstPlatform(defaultDesign(), platform).filter((m) => /share the counter/.test(m))).toEqual([]);
  });

  it('is violated by renewable-security under every-stage-renewable', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-key-store-counter-shared-with-os'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.requirements?.find((r) => r.id === 'renewable-security.every-stage-renewable')?.outcome).toBe('failed');
  }, 120_000);
});
