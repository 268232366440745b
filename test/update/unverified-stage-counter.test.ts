/**
 * A boot stage with an anti-rollback counter "raised after verify" but no boot check held renewable-security: the
 * rollback rule (model/update/rollback.ts) asked only that the counter exist, be monotonic and be raised after the
 * checks, and the revocation play wrote release 2 back as the vendor signed it, which the counter refused. Nothing
 * verifies such an image, so its version field is whatever the flash holds: release 2 with its version rewritten to 3
 * boots. Now the rule finds the stage at its checks, and the revocation play writes each stage's old image back with
 * its version rewritten (properties/renewable-security/revocation.ts, step 3), so the static rule and its emulated
 * witness agree. Fixtures: renewal-app-stage-unverified (flawed), renewal-app-stage-signature-only (its sound twin),
 * made by test/fixtures/updates/make-renewal-products.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkRollbackRule } from '../../model/update/rollback.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { builtinProfile } from '../helpers/check-context.js';
import { context, fixtureProduct } from './helpers.js';

const revocationLines = (result: Awaited<ReturnType<typeof checkRenewableSecurity>>) => (result.evidence ?? []).filter((e) => e.title.startsWith('a revoked release stops running')).flatMap((e) => e.lines);

describe('a stage whose counter is raised "after verify" but which no check verifies', () => {
  it('is found by the rollback rule, at the stage\'s checks', () => {
    const product = fixtureProduct('renewal-app-stage-unverified');
    const result = checkRollbackRule(product.platform, product.update!, builtinProfile(), { basePlatform: product.basePlatform, platformFile: product.platformFile });
    expect(result.findings.map((f) => [f.image, f.where.replace(/^.*platform\.json /, '')])).toEqual([['rt-app-1', '/boot/8/checks']]);
    expect(result.findings[0]!.problem).toMatch(/^rt-app-1 is guarded by arc-apps, raised "after verify", but no boot check verifies its image/);
  });

  it('is violated by renewable-security: statically and by the revocation play, which boots release 2 with its version rewritten', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-app-stage-unverified'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('violated');
    expect(result.requirements?.find((r) => r.id === 'renewable-security.rollback-counter-per-stage')?.outcome).toBe('failed');
    expect(result.summary).toMatch(/rollback-counter-per-stage\): rt-app-1 is guarded by arc-apps, raised "after verify", but no boot check verifies its image/);
    expect(revocationLines(result)).toContain('  rt-app-1: release 2 with its version rewritten RAN');
  }, 120_000);

  it('its twin, checked by signature alone, holds: the rewritten version breaks the signature', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-app-stage-signature-only'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('holds');
    expect(revocationLines(result).find((l) => l.startsWith('  rt-app-1: release 2 with its version rewritten'))).toMatch(/refused \(sm\.rt-app-1\.signature failed/);
  }, 120_000);
});
