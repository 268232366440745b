/**
 * Who may change the trusted key store while the device runs: the spec (model/update/load-update.ts,
 * runningWriters, read by renewable-security's design fit) and the update emulator's installer (its own
 * reading through the chip's access controller, emulator/update/installer.ts runningWriter) agree. With no
 * component of the running system allowed to write the store, the spec says a compromised signing key in it
 * can never be revoked, and the installer refuses to stage a changed store; with a writer, both let it change.
 * Before, the installer staged any key store without asking and renewable-security held ("the key store in
 * flash (trusted-key-store) are renewable") for a design in which no component may write it. Random write
 * rights over the components are held the same way, and the installer's raise of a counter before
 * verification (the before-verification flaw) goes through the access controller too.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENT_RELEASE, imageSlot, KEY_STORE_SLOT } from '../../emulator/boot/index.js';
import { installTargets } from '../../emulator/update/installer.js';
import type { UpdateSource } from '../../emulator/update/service-api.js';
import { UpdateLab } from '../../emulator/update/update-lab.js';
import type { UpdateTarget } from '../../formats/update-metadata/metadata.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { checkAgainstPlatform, runningWriters } from '../../model/update/load-update.js';
import { defaultDesign, fixtureDesign, platform as builtin } from '../update/helpers.js';

const STORE = 'trusted-key-store';

/** A component on the device that no boot stage loads (it never runs in the emulated system). */
const UNBOOTED = { id: 'wifi-firmware', name: 'Wi-Fi firmware', core: 'N9', world: 'normal', privilege: 'firmware', imageType: 'WifiFirmware', mutable: true } as const;

/** The built-in design with the write right on the trusted key store given to exactly `writers` (the unbooted component added when named). */
function withStoreWriters(writers: readonly string[]): PlatformDesign {
  const design = structuredClone(builtin);
  if (writers.includes(UNBOOTED.id)) design.components.push({ ...UNBOOTED });
  design.access = design.access.map((r) => (r.asset === STORE ? { ...r, rights: r.rights.filter((x) => x !== 'write') } : r)).filter((r) => r.rights.length > 0);
  for (const component of writers) design.access.push({ component, asset: STORE, rights: ['write'] });
  return design;
}

/**
 * Stages a key store that differs from the running one on a powered-on device: the vendor's certificates in the
 * other order, signed as the design keeps its store (a signed image of the same version on the built-in design).
 */
async function stageChangedStore(design: PlatformDesign) {
  const lab = await UpdateLab.open(design, defaultDesign(), { seed: 5 });
  const device = lab.device();
  const changed = lab.vendor.keyStore(CURRENT_RELEASE, { certificates: [...lab.vendor.certificates.values()].reverse() });
  const target: UpdateTarget = { kind: 'prerequisite', name: KEY_STORE_SLOT, securityVersion: 0, length: changed.length, sha256: createHash('sha256').update(changed).digest() };
  const source: UpdateSource = {
    fetchMetadata: () => ({ ok: false, reason: 'not used' }),
    fetchTarget: () => ({ ok: true, value: [{ bytes: changed, seconds: 1 }] }),
  };
  return installTargets(device, source, [target]);
}

const SPEC_MESSAGE = /key store trusted-key-store .* is updated by the prerequisite update, but no access rule lets a component of the running system write it/;
const EMULATOR_REFUSAL = /the access controller grants no running component the write right on trusted-key-store/;

describe('who may change the trusted key store while the device runs: spec and update emulator', () => {
  it('no writer: the design fit names the store and the installer refuses to stage a changed one; the built-in design (Security Monitor writes it) does neither', async () => {
    expect(checkAgainstPlatform(defaultDesign(), withStoreWriters([])).join('\n')).toMatch(SPEC_MESSAGE);
    const refused = await stageChangedStore(withStoreWriters([]));
    expect(refused.ok ? 'staged' : refused.reason).toMatch(EMULATOR_REFUSAL);
    expect(checkAgainstPlatform(defaultDesign(), builtin).join('\n')).not.toMatch(SPEC_MESSAGE);
    const staged = await stageChangedStore(builtin);
    expect(staged.ok ? 'staged' : staged.reason).toBe('staged');
  }, 60_000);

  it('agree for random sets of writers (a component outside the running system writes nothing)', async () => {
    const ids = [...builtin.components.map((c) => c.id), UNBOOTED.id, UNBOOTED.id, UNBOOTED.id];
    let refusals = 0;
    let grants = 0;
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 2 }), async (writers) => {
        const design = withStoreWriters(writers);
        const specRefuses = runningWriters(design, STORE).length === 0;
        const outcome = await stageChangedStore(design);
        const emulatorRefuses = !outcome.ok && EMULATOR_REFUSAL.test(outcome.reason);
        if (specRefuses) refusals++;
        else grants++;
        expect(emulatorRefuses, `writers [${writers.join(', ')}]: ${outcome.ok ? 'staged' : outcome.reason}`).toBe(specRefuses);
      }),
      { seed: 20261205, numRuns: 12 },
    );
    expect(refusals).toBeGreaterThan(0);
    expect(grants).toBeGreaterThan(0);
  }, 120_000);
});

/** The before-verification installer (fixture update design) downloads hl-app at security version 3; the apps' counter afterwards. */
async function appCounterAfterUnverifiedDownload(design: PlatformDesign): Promise<number> {
  const lab = await UpdateLab.open(design, fixtureDesign('counter-raised-before-verify'), { seed: 5 });
  const device = lab.device();
  const image = lab.builder.release(3, ['hl-app']).slots.get(imageSlot('hl-app'))!;
  const target: UpdateTarget = { kind: 'app', name: imageSlot('hl-app'), securityVersion: 3, length: image.length, sha256: createHash('sha256').update(image).digest() };
  const source: UpdateSource = { fetchMetadata: () => ({ ok: false, reason: 'not used' }), fetchTarget: () => ({ ok: true, value: [{ bytes: image, seconds: 1 }] }) };
  installTargets(device, source, [target]);
  return device.chip.counterValue('arc-apps', 'test');
}

describe('the installer raises a counter before verification only through the access controller', () => {
  it('raised by the Pluton runtime on the built-in design; left where it is when no running component may write it', async () => {
    expect(runningWriters(builtin, 'arc-apps')).toEqual(['pluton-runtime']);
    expect(await appCounterAfterUnverifiedDownload(builtin)).toBe(3);
    const nobody = structuredClone(builtin);
    nobody.access = nobody.access.map((r) => (r.asset === 'arc-apps' ? { ...r, rights: r.rights.filter((x) => x !== 'write') } : r));
    expect(runningWriters(nobody, 'arc-apps')).toEqual([]);
    expect(await appCounterAfterUnverifiedDownload(nobody)).toBe(2);
  }, 60_000);
});
