/**
 * The key revocation's step 6 (properties/renewable-security/key-revocation.ts, putBackKeyStore) and its unknown for a
 * store whose protection is not stated, each on the built-in platform with the store's signedImage changed: the run
 * must say which way the store of before came back. Mutation testing (s31) found these branches run by no test of
 * the rule's own (only the key-store rollback differential, too slow per mutant, reached them): the unstated store's
 * unknown, the store the thief signs with a stolen store signer, and the old store installed as an update.
 */
import { describe, expect, it } from 'vitest';
import { UpdateLab } from '../../emulator/update/update-lab.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { checkKeyRevocation } from '../../properties/renewable-security/key-revocation.js';
import { builtinProfile } from '../helpers/check-context.js';
import { builtinProduct, defaultDesign, platform as builtin } from './helpers.js';

const update = defaultDesign();
async function revoke(change: (d: PlatformDesign) => void, plant?: (lab: UpdateLab) => void, design = update) {
  const platform = structuredClone(builtin);
  change(platform);
  // A lab of this test's own (not openLab's shared one): a plant on it goes with it.
  const lab = await UpdateLab.open(platform, design, { seed: 7 });
  plant?.(lab);
  const outcome = await checkKeyRevocation({ lab, design, product: builtinProduct(design), requirements: builtinProfile(), group: lab.deviceGroup, deferringApp: undefined, reproduce: 'test', progress: () => {} });
  return { outcome, lines: outcome.evidence.flatMap((e) => e.lines).join('\n'), titles: outcome.evidence.map((e) => e.title) };
}
const store = (d: PlatformDesign) => d.assets.find((a) => a.id === 'trusted-key-store')!;

describe('key revocation: the key store of before put back', () => {
  it('a store whose protection is not stated: not played, unknown naming the field (never holds)', async () => {
    const { outcome, lines, titles } = await revoke((d) => delete store(d).signedImage);
    expect(outcome.verdict).toBe('unknown');
    expect(outcome.summary).toMatch(/^\/assets\/7\/signedImage is not stated: the trusted key store trusted-key-store has no signature/);
    expect(outcome.bound).toMatch(/; the key store of before put back not played \(\/assets\/7\/signedImage: its protection is not stated\)/);
    expect(titles).toEqual(['a compromised signing key is revoked: not decided']);
    expect(lines).toContain(outcome.summary);
  }, 120_000);

  it('a store signed by a key that signs boot stages: its thief signs a store of its own, which the device believes, violated', async () => {
    const { outcome, lines, titles } = await revoke((d) => (store(d).signedImage!.signedBy = 'firmware-signing'));
    expect(outcome.verdict).toBe('violated');
    expect(lines).toMatch(/a key store the attacker signed with the stolen firmware-signing at version 9 written into bank \w+ \(as physical-flash could\): BELIEVED, the stolen key's image RAN/);
    expect(outcome.summary).toMatch(/^a key store the attacker signed with the stolen firmware-signing at version 9 written into bank \w+ .*: the device believed it again, and the stolen firmware-signing's image of pluton-runtime ran$/);
    expect(titles.filter((t) => t.startsWith('trace: a key store the attacker signed'))).not.toHaveLength(0);
  }, 120_000);

  it('a store with no counter: the store of before, listed under the metadata keys, is installed, violated', async () => {
    const { outcome, lines, titles } = await revoke((d) => delete store(d).signedImage!.rollback);
    expect(outcome.verdict).toBe('violated');
    expect(lines).toMatch(/the key store of release 2 \(signed, genuine, still certifying app-signing\) listed as an update in metadata signed with 1 of 1 metadata key: INSTALLED, the stolen key's image RAN/);
    expect(lines).toMatch(/the key store of release 2 \(signed, genuine, still certifying firmware-signing\) written into bank \w+ \(as physical-flash could\): BELIEVED, the stolen key's image RAN/);
    expect(titles).toContain('trace: the key store of release 2 (signed, genuine, still certifying app-signing) listed as an update in metadata signed with 1 of 1 metadata key');
    expect(outcome.summary).toBe('the key store of release 2 (signed, genuine, still certifying firmware-signing) written into bank b (as physical-flash could): the device believed it again, and the stolen firmware-signing\'s image of pluton-runtime ran');
    expect(lines).toContain('the key store of release 2 (signed, genuine, still certifying app-signing) listed as an update in metadata signed with 1 of 1 metadata key: the device installed it, and the stolen app-signing\'s image of hl-app ran');
    expect(outcome.evidence.every((e) => e.reproduce === 'test')).toBe(true);
  }, 120_000);

  // s31-metamorphic left it: the counter was set back only with the store written into the bank. With no flash attacker
  // and the store written by the Security Monitor alone, the attack is the update path: the normal-world kernel sets
  // the store's counter (kept in Pluton) back, and the installer then takes the old store listed under the metadata keys.
  it('no attacker writes the store, the normal-world kernel writes its counter: set back, the old store listed as an update is installed, violated', async () => {
    const { outcome, lines } = await revoke((d) => {
      d.attackers = d.attackers.filter((a) => !a.writesFlash);
      d.assets.find((a) => a.id === 'arc-key-store')!.location = 'pluton';
      d.access.push({ component: 'nw-kernel', asset: 'arc-key-store', rights: ['write'] });
    });
    expect(outcome.verdict).toBe('violated');
    expect(lines).toContain(
      "  the key store of release 2 (signed, genuine, still certifying app-signing) listed as an update in metadata signed with 1 of 1 metadata key, arc-key-store written back to 2 by a compromised nw-kernel (it may write it) first: INSTALLED, the stolen key's image RAN",
    );
  }, 120_000);
});

/**
 * The attacker's images (version 9) made for step 6 cut to 64 bytes: refused for being unreadable, before any key
 * store is read for them. Step 4's images (each key's first version-9 release; step 6 makes the second) stay whole,
 * so step 4 is decided and only the write-back is left untested.
 */
const cutShortAtPutBack = (lab: UpdateLab) => {
  const release = lab.vendor.release;
  let calls = 0;
  lab.vendor.release = function (this: typeof lab.vendor, version, stages, base) {
    const made = release.call(this, version, stages, base);
    if (version !== 9 || ++calls % 2 === 1) return made;
    return { ...made, images: new Map([...made.images].map(([stage, bytes]) => [stage, stages.includes(stage) ? bytes.subarray(0, 64) : bytes])) };
  };
};
const counterInFlash = (d: PlatformDesign) => (d.assets.find((a) => a.id === 'arc-key-store')!.location = 'flash');

describe('key revocation: a counter kept in flash, written back down with the store', () => {
  it('the attacker with the flash lowers arc-key-store with the old store: believed, violated, the counter named', async () => {
    const { outcome, lines } = await revoke(counterInFlash);
    expect(outcome.verdict).toBe('violated');
    expect(lines).toMatch(/the key store of release 2 \(signed, genuine, still certifying firmware-signing\) written into bank \w+ \(as physical-flash could\), arc-key-store \(kept in flash\) written back to 2 by physical-flash: BELIEVED, the stolen key's image RAN/);
  }, 120_000);

  it("the same, but the stolen key's images refused for being unreadable: the write-back was not tested, unknown (never holds)", async () => {
    const { outcome, lines } = await revoke(counterInFlash, cutShortAtPutBack);
    expect(outcome.verdict, outcome.summary).toBe('unknown');
    expect(outcome.summary).toBe("the revocation could not be tested for the key store of release 2 (signed, genuine, still certifying firmware-signing) written back (firmware-signing), the key store of release 2 (signed, genuine, still certifying app-signing) written back (app-signing): the stolen key's image was refused for another reason");
    expect(lines).toMatch(/arc-key-store \(kept in flash\) written back to 2 by physical-flash: refused \((?![^)]*key store)/);
  }, 120_000);
});

/** Step 6's version-9 images with one byte of their body flipped: readable (version 9), refused by their signature. */
const flippedAtPutBack = (lab: UpdateLab) => {
  const release = lab.vendor.release;
  let calls = 0;
  lab.vendor.release = function (this: typeof lab.vendor, version, stages, base) {
    const made = release.call(this, version, stages, base);
    if (version !== 9 || ++calls % 2 === 1) return made;
    const flip = (bytes: Uint8Array) => {
      const copy = bytes.slice();
      copy[copy.length >> 1]! ^= 1;
      return copy;
    };
    return { ...made, images: new Map([...made.images].map(([stage, bytes]) => [stage, stages.includes(stage) ? flip(bytes) : bytes])) };
  };
};

describe('key revocation: a write-back whose forged stage halts at its own check', () => {
  it('the old store believed (counter in flash), the stolen key\'s version-9 image refused by its signature: a halt is no run, unknown', async () => {
    const { outcome, lines } = await revoke(counterInFlash, flippedAtPutBack);
    expect(outcome.verdict, outcome.summary).toBe('unknown');
    expect(lines).not.toMatch(/BELIEVED/);
    expect(outcome.summary).toMatch(/^the revocation could not be tested for the key store of release 2 .* written back \(firmware-signing\)/);
  }, 120_000);
});

describe('key revocation: two metadata keys', () => {
  it('the old store listed under both metadata keys (threshold 2): named in the plural, refused by its version', async () => {
    const twoKeys = { ...update, metadata: { ...update.metadata, keys: 2, threshold: 2 } };
    const { outcome, lines } = await revoke(() => {}, undefined, twoKeys);
    expect(outcome.verdict, outcome.summary).toBe('holds');
    expect(lines).toMatch(/listed as an update in metadata signed with 2 of 2 metadata keys: failed/);
  }, 120_000);
});

describe('key revocation: one replaceable key', () => {
  it('every stage signed by firmware-signing: one key stolen, the bound in the singular', async () => {
    const { outcome } = await revoke((d) => {
      for (const s of d.boot) for (const c of s.checks) if (c.key === 'app-signing') c.key = 'firmware-signing';
    });
    expect(outcome.verdict, outcome.summary).toBe('holds');
    expect(outcome.bound).toMatch(/^each of 1 image-signing key \(firmware-signing\) stolen, /);
  }, 120_000);
});

describe('key revocation: which stages the stolen key forges', () => {
  it('a key that checks no stage alone (every app stage also needs firmware-signing\'s manifest) makes no image by itself: said so, nothing forged or put back for it', async () => {
    const { outcome, lines } = await revoke((d) => {
      for (const s of d.boot) for (const c of s.checks) if (c.kind === 'manifest-hash' && c.key === 'app-signing') c.key = 'firmware-signing';
    });
    expect(outcome.verdict, outcome.summary).toBe('holds');
    expect(lines).toContain('  no stage is checked under app-signing alone: the stolen key makes no image by itself');
    expect(lines).not.toMatch(/hl-app: the stolen key's image/);
    expect(lines).not.toMatch(/still certifying app-signing/);
  }, 120_000);

  it('a stage checked by nothing is not the stolen key\'s image: not forged (it would run, whoever signed it)', async () => {
    const { outcome, lines } = await revoke((d) => (d.boot.find((s) => s.image === 'os-services')!.checks = []));
    expect(outcome.verdict, outcome.summary).toBe('holds');
    expect(lines).not.toMatch(/os-services: the stolen key's image/);
    expect(lines).toMatch(/  nw-kernel: the stolen key's image \(version 9\) refused: .*not in the key store/);
  }, 120_000);
});
