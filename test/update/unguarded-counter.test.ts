/**
 * A counter asset nothing is held against (no boot stage's rollback and no signed image names it) is never set up by
 * the factory: a flash one has no u32 in its slot. The update device's counter listing (emulator/update/update-device.ts
 * counters(), read by the attacks, the power-cut sweep and its memo) read every declared counter and threw on it, so
 * renewable-security said "the check failed internally" (unknown) even where an attack succeeded. Found by the
 * metamorphic sweep (a key store's signature removed left its flash counter unguarded); the fixtures plant a spare
 * counter on the built-in platform (test/fixtures/updates/make-renewal-products.ts).
 */
import { describe, expect, it } from 'vitest';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { context, fixtureProduct } from './helpers.js';

describe('a counter nothing is held against', () => {
  it('leaves an attack that succeeds violated: no bank to fall back to (before: the check failed internally)', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-spare-counter-no-fallback'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.summary).toMatch(/update-attacks-defeated/);
  }, 120_000);
  it('changes nothing on a sound design: holds, as the built-in product does', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-spare-counter'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('holds');
  }, 120_000);
});
