/**
 * The key-store rollback rule (model/update/key-store-rollback.ts), one clause at a time on the built-in platform with
 * one field changed in memory: who is a thief of a signing key, who writes the store back, who raises its counter,
 * and each reason the store of before a revocation comes back. key-store-rollback.test.ts judges the fixtures; this
 * file states the rule's sentences and its edges, so that a loosened clause (a reason dropped, a writer or raiser
 * not counted) fails here: mutation testing (s31) found them unguarded by the fixtures' loose patterns.
 */
import { describe, expect, it } from 'vitest';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { bootCounterRaisers, flashWriters, keyStoreRollback, PROFILE_FLASH_ATTACKER, replaceableSigningKeys, storeWriters } from '../../model/update/key-store-rollback.js';
import { platform as builtin } from './helpers.js';

const STORE = 'trusted-key-store';
const AT = '/assets/7/signedImage';
const changed = (change: (d: PlatformDesign) => void): PlatformDesign => {
  const d = structuredClone(builtin);
  change(d);
  return d;
};
const store = (d: PlatformDesign) => d.assets.find((a) => a.id === STORE)!;
const reasonsOf = (d: PlatformDesign): string[] => {
  const [r] = keyStoreRollback(d);
  expect(r?.status).toBe('unprotected');
  return r?.status === 'unprotected' ? r.reasons : [];
};
const noFlashAttacker = (d: PlatformDesign) => (d.attackers = d.attackers.filter((a) => !a.writesFlash));
const noStoreWriter = (d: PlatformDesign) => (d.access = d.access.filter((r) => r.asset !== STORE));

describe('key-store rollback: who steals, writes and raises', () => {
  it('the keys a thief may hold: every key a boot stage is checked under but an anchor, once each, and only keys of the design', () => {
    expect(replaceableSigningKeys(builtin)).toEqual(['firmware-signing', 'app-signing']);
    const ghost = changed((d) => (d.boot[1]!.checks[0]!.key = 'no-such-key'));
    expect(replaceableSigningKeys(ghost)).toEqual(['firmware-signing', 'app-signing']);
    expect(replaceableSigningKeys(changed((d) => d.boot.forEach((s) => s.checks.forEach((c) => (c.key = 'rom-anchor')))))).toEqual([]);
  });

  it('the store writers: whoever writes the flash where the store is kept in flash, then the running writers an attacker can take over', () => {
    expect(storeWriters(builtin, STORE)).toEqual(['physical-flash']);
    // No flash attacker named: the profile's attacker with the flash writes it all the same (defense-in-depth.standard-attackers).
    expect(storeWriters(changed(noFlashAttacker), STORE)).toEqual([PROFILE_FLASH_ATTACKER]);
    expect(flashWriters(changed(noFlashAttacker))).toEqual([PROFILE_FLASH_ATTACKER]);
    // The trusted Security Monitor is no writer an attacker uses; a normal-world writer is.
    const osWrites = changed((d) => d.access.push({ component: 'os-services', asset: STORE, rights: ['write'] }));
    expect(storeWriters(osWrites, STORE)).toEqual(['physical-flash', 'os-services']);
    // A store kept in Pluton: no flash writer reaches it; only a running writer an attacker can take over.
    const inPluton = (d: PlatformDesign) => (store(d).location = 'pluton');
    expect(storeWriters(changed(inPluton), STORE)).toEqual([]);
    expect(storeWriters(changed((d) => (inPluton(d), d.access.push({ component: 'os-services', asset: STORE, rights: ['write'] }))), STORE)).toEqual(['os-services']);
    // Trusted firmware that writes the counter (in eFuses) is no store writer either.
    expect(storeWriters(builtin, 'arc-key-store')).toEqual([]);
  });

  it('the boot raisers: loaders of stages with a check that may write the counter, not a writer that loads nothing nor a reader', () => {
    expect(bootCounterRaisers(builtin, 'arc-key-store')).toEqual(['one-bl', 'pluton-runtime']);
    const osWrites = changed((d) => d.access.push({ component: 'os-services', asset: 'arc-key-store', rights: ['write'] }));
    expect(bootCounterRaisers(osWrites, 'arc-key-store')).toEqual(['one-bl', 'pluton-runtime']);
    const readOnly = changed((d) => d.access.filter((r) => r.asset === 'arc-key-store').forEach((r) => (r.rights = ['read'])));
    expect(bootCounterRaisers(readOnly, 'arc-key-store')).toEqual([]);
    // one-bl's stage (pluton-runtime) checked by nothing: one-bl reads no key store at boot, so it raises nothing there.
    const unchecked = changed((d) => (d.boot.find((s) => s.loadedBy === 'one-bl')!.checks = []));
    expect(bootCounterRaisers(unchecked, 'arc-key-store')).toEqual(['pluton-runtime']);
  });
});

describe('key-store rollback: each reason, in its words', () => {
  it('the built-in store is protected, and says how', () => {
    expect(keyStoreRollback(builtin)).toEqual([{ status: 'protected', store: STORE, summary: 'trusted-key-store is an image signed by rom-anchor, its version held against arc-key-store at boot and update' }]);
  });

  it('only the renewable stores are judged: a secret store or one in eFuses is not', () => {
    const two = changed((d) => d.assets.push({ ...structuredClone(store(d)), id: 'second-store', location: 'pluton' }, { ...structuredClone(store(d)), id: 'fused-store', location: 'efuse' }));
    expect(keyStoreRollback(two).map((r) => r.store)).toEqual([STORE, 'second-store']);
  });

  it('no signedImage: unstated, naming the field and the store', () => {
    expect(keyStoreRollback(changed((d) => delete store(d).signedImage))).toEqual([
      { status: 'unstated', store: STORE, pointer: AT, reason: `${AT} is not stated: the trusted key store ${STORE} is given no signature and no anti-rollback counter, so nothing says what keeps the store of before a revocation (which still trusts the revoked key) from being put back` },
    ]);
  });

  it('signed by a key that signs boot stages, or one certified below such keys; not by the anchor', () => {
    expect(reasonsOf(changed((d) => (store(d).signedImage!.signedBy = 'app-signing')))).toEqual([
      `${STORE} is signed by app-signing, and app-signing signs boot stages: whoever steals it signs a key store of their own, at any version, which no update can revoke`,
    ]);
    const below = changed((d) => {
      d.keys.push({ id: 'store-signing', name: 'store signing', certifiedBy: 'app-signing', holder: 'microsoft' } as PlatformDesign['keys'][number]);
      store(d).signedImage!.signedBy = 'store-signing';
    });
    expect(reasonsOf(below)).toEqual([`${STORE} is signed by store-signing (certified below app-signing, firmware-signing), and app-signing signs boot stages: whoever steals it signs a key store of their own, at any version, which no update can revoke`]);
    // A chain that loops without reaching an anchor ends (each key taken once).
    const loop = changed((d) => {
      d.keys.push({ id: 'loop-a', name: 'a', certifiedBy: 'loop-b', holder: 'microsoft' } as PlatformDesign['keys'][number], { id: 'loop-b', name: 'b', certifiedBy: 'loop-a', holder: 'microsoft' } as PlatformDesign['keys'][number]);
      store(d).signedImage!.signedBy = 'loop-a';
    });
    expect(keyStoreRollback(loop)[0]!.status).toBe('protected');
  });

  it('no rollback counter: the old store comes back, through whichever writers the design has', () => {
    const noCounter = (d: PlatformDesign) => delete store(d).signedImage!.rollback;
    expect(reasonsOf(changed(noCounter))).toEqual([
      `${AT}/rollback is not stated: no counter keeps the store of before a revocation (signed and genuine, still trusting the revoked key) out, whether an attacker holding the metadata keys lists it as an update or physical-flash writes it back into flash`,
    ]);
    expect(reasonsOf(changed((d) => (noCounter(d), noFlashAttacker(d))))[0]).toMatch(/lists it as an update or an attacker with physical access to the flash \(the profile's threat model\) writes it back into flash$/);
    expect(reasonsOf(changed((d) => (noCounter(d), (store(d).location = 'pluton'))))[0]).toMatch(/lists it as an update or it is written back into flash$/);
  });

  it('a counter not compared at boot: the store written back is believed, where anyone but trusted firmware can write it back', () => {
    const updateOnly = (d: PlatformDesign) => (store(d).signedImage!.rollback!.checkedAt = ['update']);
    expect(reasonsOf(changed(updateOnly))).toEqual([
      `${AT}/rollback/checkedAt has no "boot": physical-flash can write the old store back, and the loaders believe it (the installer's comparison is not made then)`,
    ]);
    // The design names no flash attacker: the profile's writes the store back all the same (s33: before, "whoever writes the flash").
    expect(reasonsOf(changed((d) => (updateOnly(d), noFlashAttacker(d), noStoreWriter(d))))).toEqual([
      `${AT}/rollback/checkedAt has no "boot": ${PROFILE_FLASH_ATTACKER} can write the old store back, and the loaders believe it (the installer's comparison is not made then)`,
    ]);
    // Kept in Pluton and written only by the trusted Security Monitor: nobody an attacker uses writes it back, and the
    // installer's comparison keeps the old store out of the update path (s33: before, a false violated naming security-monitor).
    expect(keyStoreRollback(changed((d) => (updateOnly(d), (store(d).location = 'pluton'))))[0]!.status).toBe('protected');
    expect(reasonsOf(changed((d) => (updateOnly(d), (store(d).location = 'pluton'), d.access.push({ component: 'os-services', asset: STORE, rights: ['write'] }))))).toEqual([
      `${AT}/rollback/checkedAt has no "boot": os-services can write the old store back, and the loaders believe it (the installer's comparison is not made then)`,
    ]);
  });

  it('a counter nobody may raise where it is compared: at boot, at update, or both, named apart', () => {
    const noRaiser = (d: PlatformDesign) => (d.access = d.access.filter((r) => r.asset !== 'arc-key-store'));
    const text = (where: string) => `no component may raise arc-key-store where it is compared (${where}): it stays at its factory value, and the store of that version is never refused`;
    expect(reasonsOf(changed(noRaiser))).toEqual([text('at boot: no loader that reads the key store may write it; at update: no running component may write it')]);
    expect(reasonsOf(changed((d) => (noRaiser(d), (store(d).signedImage!.rollback!.checkedAt = ['boot']))))).toEqual([text('at boot: no loader that reads the key store may write it')]);
    expect(reasonsOf(changed((d) => (noRaiser(d), (store(d).signedImage!.rollback!.checkedAt = ['update'])))).at(-1)).toBe(text('at update: no running component may write it'));
    // Raised at boot only by a running component that loads nothing: not a boot raiser.
    const osRaises = changed((d) => {
      noRaiser(d);
      d.access.push({ component: 'os-services', asset: 'arc-key-store', rights: ['read', 'write'] });
      store(d).signedImage!.rollback!.checkedAt = ['boot'];
    });
    expect(reasonsOf(osRaises)).toEqual([text('at boot: no loader that reads the key store may write it')]);
    // The same running writer raises it where the update compares it: no "nobody may raise" reason is left; but
    // os-services is of the normal world, and an eFuse counter such a component may write is blown to its last fuse
    // by its attacker (model/update/rollback.ts counterWeakness), so the store is still unprotected, for that alone.
    osRaises.assets.find((a) => a.id === STORE)!.signedImage!.rollback!.checkedAt = ['boot', 'update'];
    const reasons = reasonsOf(osRaises);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/normal-world os-services may write/);
  });

  it('a counter kept in flash is written back down by whoever writes the flash, named or not (the rule hardware-root-of-trust reads)', () => {
    const inFlash = (d: PlatformDesign) => (d.assets.find((a) => a.id === 'arc-key-store')!.location = 'flash');
    const weak = "arc-key-store, the key store's counter, is a counter kept in flash, which whoever writes the flash sets back: the store of before a revocation is believed again, or the store that revokes a key is refused";
    expect(reasonsOf(changed(inFlash))).toEqual([`${weak} (physical-flash writes it back down with the old store)`]);
    const two = changed((d) => (inFlash(d), d.attackers.push({ id: 'second-flash', name: 'another', controls: [], writesFlash: true })));
    expect(reasonsOf(two).at(-1)).toBe(`${weak} (physical-flash, second-flash write it back down with the old store)`);
    // s33: the design naming no flash attacker does not take the flash off the device (before: protected, while
    // hardware-root-of-trust, reading counterWeakness, was violated).
    expect(reasonsOf(changed((d) => (inFlash(d), noFlashAttacker(d))))).toEqual([`${weak} (${PROFILE_FLASH_ATTACKER} writes it back down with the old store)`]);
  });
});
