/**
 * Audit 11 (the emulator enforces the design at run time): an anti-rollback counter is raised only by a
 * component the access rules let write it, and only one that is running when the stage's counter is raised
 * (model/platform/counter-raiser.ts). Fixture 1bl-counter-raised-by-later-stage gives 1BL a counter of its own
 * that only the Security Monitor may write: when 1BL verifies only the ROM runs, so the counter never rises.
 * Both readings must see it: the shared rollback rule (model/update/rollback.ts, read by hardware-root-of-trust
 * and renewable-security) and the boot emulator, whose access controller refuses the raise, so the emulated
 * revocation (renewable-security) boots the revoked 1BL. Before, the emulator raised every counter for the
 * loader without asking, and both properties held. The sound twin (1BL may write its own counter) holds.
 */
import { describe, expect, it } from 'vitest';
import { UpdateLab } from '../../emulator/update/index.js';
import { checkRollbackRule } from '../../model/update/rollback.js';
import { checkHardwareRootOfTrust } from '../../properties/hardware-root-of-trust/index.js';
import { checkRevocation } from '../../properties/renewable-security/revocation.js';
import { builtinProfile, checkContext } from '../helpers/check-context.js';
import { defaultDesign, platform } from '../update/helpers.js';
import { loadPlatformFixture } from '../helpers/platform-fixture.js';

const load = loadPlatformFixture;
const FLAWED = '1bl-counter-raised-by-later-stage';
const SOUND = '1bl-counter-raised-by-itself';

/** The emulated revocation alone: release 3 installed, release 2 written back, the device restarted. */
async function revocation(name: string) {
  const product = load(name);
  const design = defaultDesign();
  const lab = await UpdateLab.open(product.platform, design, { seed: 5 });
  return checkRevocation({ lab, design, product, requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: '', progress: () => {} });
}

describe('a stage counter that no running component may write never rises', () => {
  it('the rollback rule finds 1BL, located at its counter; the sound twin and the built-in design have no finding', () => {
    const product = load(FLAWED);
    const result = checkRollbackRule(product.platform, defaultDesign(), builtinProfile(), { basePlatform: product.basePlatform, platformFile: product.platformFile });
    expect(result.findings.map((f) => [f.image, f.where.replace(/^.*platform\.json /, '')])).toEqual([['one-bl', '/boot/0/rollback/counter']]);
    expect(result.findings[0]!.problem).toBe(
      "one-bl is guarded by arc-one-bl, but no component that may write it is running when one-bl is loaded and verified: not the loader, an earlier stage or the stage itself (security-monitor may write it, and is not running then); the counter never rises, so once a newer release is installed, the vendor's older, validly signed release of one-bl still boots",
    );
    expect(checkRollbackRule(load(SOUND).platform, defaultDesign(), builtinProfile()).findings).toEqual([]);
    expect(checkRollbackRule(platform, defaultDesign(), builtinProfile()).findings).toEqual([]);
  });

  it('a counter shared by the stages of one update kind rises if any of them raises it: only the Security Monitor writes arc-firmware, which 1BL and the Pluton runtime cannot raise, and both readings hold', async () => {
    const SHARED = 'firmware-counter-raised-by-security-monitor';
    expect(checkRollbackRule(load(SHARED).platform, defaultDesign(), builtinProfile()).findings).toEqual([]);
    const revoked = await revocation(SHARED);
    expect(revoked.verdict, revoked.summary).toBe('holds');
    expect(revoked.evidence.flatMap((e) => e.lines).join('\n')).toMatch(/one-bl: refused by its own counter \(security version 2 is below arc-firmware = 3\)/);
  }, 60_000);

  it('the boot emulator refuses the raise too: the revoked 1BL boots again (emulated revocation violated); the sound twin raises it itself', async () => {
    const flawed = await revocation(FLAWED);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/the revoked release 2 of one-bl ran again after release 3 was installed/);
    const sound = await revocation(SOUND);
    expect(sound.verdict, sound.summary).toBe('holds');
    expect(sound.evidence.flatMap((e) => e.lines).join('\n')).toMatch(/one-bl: refused by its own counter \(security version 2 is below arc-one-bl = 3\)/);
  }, 60_000);

  it('hardware-root-of-trust is violated for the flawed design and holds for the sound twin', async () => {
    const ctx = checkContext({ seed: 7, runs: 5, timeoutMs: 10_000, command: 'sevenfold verify --property hardware-root-of-trust' });
    const flawed = await checkHardwareRootOfTrust(load(FLAWED), ctx);
    expect(flawed.verdict).toBe('violated');
    expect(flawed.summary).toMatch(/^counters are raised only for verified images: one-bl is guarded by arc-one-bl, but no component that may write it is running when one-bl is loaded and verified/);
    const sound = await checkHardwareRootOfTrust(load(SOUND), ctx);
    expect(sound.verdict, sound.summary).toBe('holds');
  }, 60_000);
});
