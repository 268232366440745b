/**
 * Stages listed by one boot manifest update together (model/update/load-update.ts checkAgainstPlatform): with one
 * signing key for OS and apps, one manifest lists OS and app images, so a release of either kind re-signs it with the
 * other's images, which an OS feed shared by every device group cannot list. Before, the design passed the fit and
 * renewable-security failed at max-reach with "the staged bank does not verify ... is not the manifest's" (the lab
 * building each kind's release on its own), a violation that named neither the design's choice nor a fix; building one
 * release for both kinds made tuf/extraneous-dependencies and tuf/fast-forward read as succeeded (an OS-only release
 * cannot list a group's apps). Now the design fit names the manifest and both kinds; the same platform with OS and
 * apps in one image set holds.
 */
import { describe, expect, it } from 'vitest';
import { checkAgainstPlatform } from '../../model/update/load-update.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, defaultDesign, fixtureProduct } from './helpers.js';

describe('renewable-security: stages under one boot manifest update together', () => {
  it('one key for OS and apps in two kinds: the design fit is violated, naming the manifest key and both kinds', async () => {
    const product = fixtureProduct('renewal-one-key-os-and-apps');
    expect(checkAgainstPlatform(defaultDesign(), product.platform).join('\n')).toMatch(/hl-app, rt-app-0, rt-app-1 are listed by one boot manifest \(signed by firmware-signing\) but updated by different kinds \(os, app\)/);
    const result = await checkRenewableSecurity(product, context('renewable-security', 1, 20));
    expect(result.verdict).toBe('violated');
    expect(result.summary).toMatch(/^the update design fits the platform \(renewable-security.every-stage-renewable\): .*one boot manifest/);
  });

  it('the same platform with OS and apps in one image set: fits, holds', async () => {
    const product = fixtureProduct('renewal-one-key-one-image-set');
    expect(checkAgainstPlatform(product.update!, product.platform)).toEqual([]);
    expect((await checkRenewableSecurity(product, context('renewable-security', 1, 20))).verdict).toBe('holds');
  });

  it('the built-in platform (apps under their own key) fits the built-in design', () => {
    expect(checkAgainstPlatform(defaultDesign(), fixtureProduct('renewal-one-high-level-app').platform).filter((m) => /boot manifest/.test(m))).toEqual([]);
  });
});
