/**
 * A design the update lab cannot build a release for (unsigned-boot: the platform states no signing key) is a shape of
 * the input: renewable-security's emulated rules are named as not run, with why, never a "check failed internally"
 * (read as a Sevenfold defect) and never holds (properties/renewable-security/index.ts). The verdict was unknown until
 * s34: unsigned-boot's stages keep counters "raised after verify" that no check verifies, which the rollback rule now
 * finds statically (model/update/rollback.ts, test/update/unverified-stage-counter.test.ts), so it is violated.
 */
import { describe, expect, it } from 'vitest';
import { builtinUpdateFile, loadUpdateDesign } from '../../model/update/load-update.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkFailureReporting } from '../../properties/failure-reporting/index.js';
import { checkContext } from '../helpers/check-context.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

describe('renewable-security on a design the update lab cannot provision', () => {
  it('unsigned-boot with its own update design: violated by the static rollback rule, every emulated rule named as not run with the lab\'s reason', async () => {
    const base = loadPlatformFixture('unsigned-boot');
    // Its own update design (the built-in one's content under another file name): the default is not what is judged.
    // It states what a maker's OS must (time sync, deferral counting), so nothing static stops short of the lab.
    const builtin = loadUpdateDesign(builtinUpdateFile()).design!;
    const update = { ...builtin, timeSync: 'authenticated' as const, deferral: { ...builtin.deferral, countedFrom: 'first-notice' as const } };
    const product = { ...base, update, updateFile: '/products/own/update.json' };
    const r = await checkRenewableSecurity(product, checkContext({ seed: 3, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property renewable-security' }));
    expect(r.verdict, r.summary).toBe('violated');
    expect(r.summary).not.toMatch(/internally/);
    expect(r.summary).toMatch(/rollback-counter-per-stage\): one-bl is guarded by arc-firmware, raised "after verify", but no boot check verifies its image/);
    expect(r.bound).toMatch(/not run: reach \(the update lab cannot be provisioned from this design: the design has no signing key to sign one-bl with/);
    for (const rule of ['reach', 'revocation', 'key revocation', 'attacks', 'power cuts']) expect(r.bound).toContain(`${rule} (the update lab cannot be provisioned`);
  });

  it('unsigned-boot with its own update design: failure-reporting names the emulated checks as not run, never "failed internally"', async () => {
    // Found in s38: the check threw from the vendor ("the check failed internally", read as a Sevenfold defect) where
    // renewable-security already said why; the rename-invariance test met it once the fixture sample shifted.
    const base = loadPlatformFixture('unsigned-boot');
    const update = { ...loadUpdateDesign(builtinUpdateFile()).design!, timeSync: 'authenticated' as const };
    const product = { ...base, update, updateFile: '/products/own/update.json' };
    const r = await checkFailureReporting(product, checkContext({ seed: 3, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property failure-reporting' }));
    expect(r.verdict, r.summary).not.toBe('holds');
    expect(r.bound).toMatch(/^static only: the update lab cannot be provisioned from this design: the design has no signing key to sign one-bl with/);
  });
});
