/**
 * Audit 11 (the emulator enforces the design at run time): the trusted key store is renewable only if a
 * component of the running system may write it, for the prerequisite update stages it through one
 * (model/update/load-update.ts runningWriters; the update emulator's installer asks its access controller the
 * same, test/differential/running-writer-differential.test.ts). Fixture key-store-nobody-writes (the Security
 * Monitor may only read the store) read "holds" on renewable-security ("the key store in flash
 * (trusted-key-store) are renewable"); its sound twin moves the write right to the Pluton runtime.
 */
import { describe, expect, it } from 'vitest';
import { updateDesignOf } from '../../model/update/product-update.js';
import { checkDesignFits } from '../../properties/renewable-security/design-fit.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const load = loadPlatformFixture;
const designFit = (name: string) => {
  const product = load(name);
  return checkDesignFits(updateDesignOf(product), product, 'sevenfold verify --property renewable-security');
};

describe('renewable-security: a trusted key store no running component may write is not renewable', () => {
  it('key-store-nobody-writes violates every-stage-renewable, naming the store and why', () => {
    const result = designFit('key-store-nobody-writes');
    expect(result.verdict).toBe('violated');
    expect(result.requirement).toBe('renewable-security.every-stage-renewable');
    expect(result.summary).toBe(
      'key store trusted-key-store (Trusted key store (image type 19: keys that may sign images)) is updated by the prerequisite update, but no access rule lets a component of the running system write it: the update can never change it, so a compromised signing key in it can never be revoked',
    );
  });

  it('the sound twin (the Pluton runtime writes it) holds', () => {
    const result = designFit('key-store-written-by-pluton-runtime');
    expect(result.verdict, result.summary).toBe('holds');
    expect(result.summary).toMatch(/and the key store in flash \(trusted-key-store\) are renewable/);
  });
});
