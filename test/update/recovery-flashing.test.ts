/**
 * A recovery path (recovery mode: an image set written over the recovery UART or USB and booted) that does not compare
 * security versions with the anti-rollback counters boots the vendor's revoked release for whoever holds the device.
 * Before s35 the update design could not state such a path (the schema refused the field), so a design that had one
 * was judged as if it had none and held. Now the design states it (recoveryFlashing), the rule reads it
 * (model/update/recovery-flashing.ts, outcome properties/renewable-security/recovery-flashing.ts) and the revocation
 * play hands release 2 to the emulator's recovery mode (emulator/update/recovery-mode.ts, its own reading of the field).
 * Fixtures (test/fixtures/updates/make-renewal-products.ts): renewal-recovery-skips-counters (flawed),
 * renewal-recovery-checks-counters (sound twin), renewal-recovery-check-unstated (unknown).
 */
import { describe, expect, it } from 'vitest';
import { judgeRecoveryFlashing } from '../../model/update/recovery-flashing.js';
import { UpdateLab } from '../../emulator/update/index.js';
import { checkRenewableSecurity } from '../../properties/renewable-security/index.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinUpdateFile } from '../../model/update/load-update.js';
import { context, defaultDesign, fixtureProduct } from './helpers.js';

type Result = Awaited<ReturnType<typeof checkRenewableSecurity>>;
const revocationLines = (result: Result) => (result.evidence ?? []).filter((e) => e.title.startsWith('a revoked release stops running')).flatMap((e) => e.lines);
const keyRevocationLines = (result: Result) => (result.evidence ?? []).filter((e) => e.title.startsWith('a compromised signing key is revoked')).flatMap((e) => e.lines);
const rollback = (result: Result) => result.requirements?.find((r) => r.id === 'renewable-security.rollback-counter-per-stage')?.outcome;

describe('a recovery path the update design states', () => {
  it('the rule reads each statement of the field, and no field as no path', () => {
    const verdicts = ['renewal-recovery-skips-counters', 'renewal-recovery-checks-counters', 'renewal-recovery-check-unstated'].map((name) => judgeRecoveryFlashing(fixtureProduct(name).update!).verdict);
    const { recoveryFlashing: _, ...noPath } = fixtureProduct('renewal-recovery-checks-counters').update!;
    expect([...verdicts, judgeRecoveryFlashing(noPath).verdict]).toEqual(['skips-check', 'checked', 'unstated', 'no-path']);
  });

  it('the built-in design states recovery mode (Microsoft documents `azsphere device recover`) but not what it checks (not public): unstated, naming the field', () => {
    const judged = judgeRecoveryFlashing(defaultDesign(), builtinUpdateFile());
    expect(judged.verdict).toBe('unstated');
    expect(judged.verdict !== 'no-path' && judged.where).toBe('model/designs/azure-sphere-update.json /recoveryFlashing/versionCheck');
    // The design's provenance names the sources of the path and says why its check is left out.
    expect(defaultDesign().description).toMatch(/learn\.microsoft\.com\/azure-sphere\/deployment\/recover.*question 1841436.*not public, so recoveryFlashing\.versionCheck is left out/);
  });

  it('that boots an image set without comparing versions is violated: statically, and by the revocation play through recovery mode', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-recovery-skips-counters'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('violated');
    expect(rollback(result)).toBe('failed');
    expect(result.summary).toMatch(/^the recovery path keeps a revoked release out \(renewable-security\.rollback-counter-per-stage\): the recovery path writes and boots an image set without comparing/);
    expect(revocationLines(result).find((l) => l.startsWith('recovery mode:'))).toMatch(/^recovery mode: release 2 written and RAN one-bl,/);
  }, 120_000);

  it('its twin, whose recovery path refuses an image below its counter, holds, the play refused by the counter', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-recovery-checks-counters'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('holds');
    expect(revocationLines(result).find((l) => l.startsWith('recovery mode:'))).toMatch(/^recovery mode: release 2 handed over → refused \(.* has security version 2, below arc-firmware = 3\)/);
  }, 120_000);

  it("compares the key store with its counter too: a store compared at update alone is not put back through it", async () => {
    // renewal-key-store-in-pluton-checked-at-update: no boot compares the store, so only the recovery loader's own
    // comparison keeps the store of before (still certifying the revoked key) out when it is handed to recovery mode.
    const base = fixtureProduct('renewal-key-store-in-pluton-checked-at-update');
    const withPath = (versionCheck: 'anti-rollback' | 'none') => ({ ...base, update: { ...base.update!, recoveryFlashing: { versionCheck } } });
    const checked = await checkRenewableSecurity(withPath('anti-rollback'), context('renewable-security', 3, 1));
    expect(checked.verdict, checked.summary).toBe('holds');
    const handed = keyRevocationLines(checked).filter((l) => l.includes('handed to recovery mode'));
    expect(handed.length).toBeGreaterThan(0);
    for (const line of handed) expect(line).toMatch(/handed to recovery mode: refused \(the key store has security version \d+, below arc-key-store = 3\)/);
    // Through a path that compares nothing, the store of before comes back (played alone: the revocation rule, which
    // runs first, already stops the property on such a path).
    const product = withPath('none');
    const lab = await UpdateLab.open(product.platform, product.update, { seed: 3, deviceGroup: product.deployment.group.name });
    const played = await checkKeyRevocation({ lab, design: product.update, product, requirements: builtinProfile(), group: product.deployment.group.name, deferringApp: undefined, reproduce: '', progress: () => {} });
    expect(played.verdict).toBe('violated');
    expect(played.evidence.flatMap((e) => e.lines).some((l) => /handed to recovery mode: BELIEVED, the stolen key's image RAN/.test(l))).toBe(true);
  }, 120_000);

  it('a path that compares nothing skips the key store\'s comparison at boot too: the store of before comes back through it', async () => {
    // The built-in platform compares the store with arc-key-store at boot and at update. Before (s35), the recovery boot
    // left out only the stages' counter comparisons (the boot emulator had no switch for the store's): the store of
    // before was refused at boot, and the key-revocation rule held on a path that compares nothing (a false holds of
    // that rule, hidden under the default profile by the static recovery rule, seen wherever a profile leaves
    // rollback-counter-per-stage off while asking every-stage-renewable).
    const flawed = fixtureProduct('renewal-recovery-skips-counters');
    const product = { ...flawed, update: flawed.update! };
    expect(product.platform.assets.find((a) => a.id === 'trusted-key-store')?.signedImage?.rollback?.checkedAt).toContain('boot');
    const lab = await UpdateLab.open(product.platform, product.update, { seed: 3, deviceGroup: product.deployment.group.name });
    const played = await checkKeyRevocation({ lab, design: product.update, product, requirements: builtinProfile(), group: product.deployment.group.name, deferringApp: undefined, reproduce: '', progress: () => {} });
    const handed = played.evidence.flatMap((e) => e.lines).filter((l) => l.includes('handed to recovery mode'));
    expect(handed.some((l) => /handed to recovery mode: BELIEVED, the stolen key's image RAN/.test(l)), handed.join('\n')).toBe(true);
    expect(played.verdict).toBe('violated');
  }, 120_000);

  it('one that does not say what it checks is unknown, naming the field, never holds', async () => {
    const result = await checkRenewableSecurity(fixtureProduct('renewal-recovery-check-unstated'), context('renewable-security', 3, 1));
    expect(result.verdict, result.summary).toBe('unknown');
    expect(result.summary).toMatch(/renewal-recovery-check-unstated\/update\.json \/recoveryFlashing\/versionCheck/);
  }, 120_000);
});
