/**
 * Key-store rollback: what keeps a trusted key store from being put back after a key in it was revoked. A revocation
 * (renewable-security's "a compromised signing key is revoked") replaces the store; the store of before, which still
 * certifies the stolen key, is genuine bytes the vendor once shipped. On Azure Sphere the store is an image (the
 * TrustedKeystore, image type 19, azure-sphere-facts §3.3) installed under the downgrade protection the facts show
 * exists (§3.4: firmware "cannot be downgraded", and the TrustedKeystore staging issue); the design states the same
 * with its store's `signedImage` (model/platform/platform-design.ts). The rule, for each store an update renews:
 *  - unstated: no `signedImage`: nothing says what keeps the old store out (never holds: unknown, naming the field);
 *  - the store's signer is, or is certified below, a key that signs a boot stage (other than an anchor): the key
 *    revocation steals exactly such a key, and its thief signs a store of its own at any version;
 *  - no anti-rollback counter: the old store, signed and genuine, comes back through the update path (an attacker
 *    holding the metadata keys up to the threshold lists it) or written into flash;
 *  - the counter is not compared at boot: the old store written back (storeWriters: by whoever writes the flash, where
 *    the store is kept in flash, or by a running component an attacker can take over that the access rules let write
 *    the store) is believed, whatever the installer compares. A
 *    counter compared at boot alone is enough: the installer verifies a staged bank by booting it (facts §3.4,
 *    InstallStagedImages "verify and transfer"), so the same comparison refuses an old store offered as an update;
 *  - no component may raise the counter where it is compared (at boot a loader that reads the store; at update a
 *    running component): it stays at its factory value, and a store of that version is never refused;
 *  - the counter is kept in flash: whoever writes the flash (flashWriters: the profile's attacker with it where the
 *    design names none) writes the counter back down too (counterWeakness, the reading hardware-root-of-trust makes);
 *  - the counter fails the rule every stage's counter is held to (model/update/rollback.ts counterWeakness: kept
 *    where a reset sets it back to zero, or writable by a normal-world or untrusted component, which sets one kept
 *    in Pluton back down, or raises one in eFuses past every store the vendor will ship, so the key-store update of a
 *    revocation is refused for ever). Its flash and no-writer cases are the two reasons above.
 * Second reading: the update emulator plays each (properties/renewable-security/key-revocation.ts over
 * emulator/boot/signed-key-store.ts and emulator/update/installer.ts), held against this rule by
 * test/differential/key-store-rollback-differential.test.ts.
 */
import type { PlatformAsset, PlatformDesign } from '../platform/platform-design.js';
import { renewableKeyStores, runningWriters } from './load-update.js';
import { counterWeakness } from './rollback.js';
import { flashWriters, PROFILE_FLASH_ATTACKER } from '../platform/flash-writers.js';
import { reachRules } from '../platform/bus-masters.js';

export { flashWriters, PROFILE_FLASH_ATTACKER };

export type KeyStoreRollback =
  | { status: 'unstated'; store: string; pointer: string; reason: string }
  | { status: 'unprotected'; store: string; pointer: string; reasons: string[] }
  | { status: 'protected'; store: string; summary: string };

/**
 * Keys a thief of one signing key may hold: every key some boot stage is checked under, but an anchor (its hash is
 * in eFuses: no key store can replace it). The key revocation steals each of these in turn.
 */
export function replaceableSigningKeys(platform: Pick<PlatformDesign, 'boot' | 'keys'>): string[] {
  const used = [...new Set(platform.boot.flatMap((s) => s.checks.map((c) => c.key)))];
  return used.filter((id) => {
    const key = platform.keys.find((k) => k.id === id);
    return key !== undefined && !key.anchoredIn;
  });
}

/** `keyId` and the keys above it up to (not including) its anchor, following certifiedBy. */
function chainBelowAnchor(platform: Pick<PlatformDesign, 'keys'>, keyId: string): string[] {
  const chain: string[] = [];
  for (let key = platform.keys.find((k) => k.id === keyId); key && !key.anchoredIn && !chain.includes(key.id); key = key.certifiedBy === undefined ? undefined : platform.keys.find((k) => k.id === key!.certifiedBy)) chain.push(key.id);
  return chain;
}

/**
 * Who could write the store `asset` back: whoever writes the flash where the store is kept in flash, and the running
 * components the access rules let write it that an attacker can take over (of the normal world, or marked untrusted:
 * the writers counterWeakness counts). A trusted writer (the Security Monitor) puts back no store of before on its
 * own: before (s32), it was counted, so a store kept in Pluton that only the Security Monitor writes, compared with
 * its counter at update, was violated ("the Security Monitor can write the old store back"), a false violated.
 */
export function storeWriters(platform: PlatformDesign, asset: string): string[] {
  const store = platform.assets.find((a) => a.id === asset);
  const takenOver = runningWriters(platform, asset).filter((id) => {
    const c = platform.components.find((x) => x.id === id);
    return c?.world === 'normal' || c?.untrusted === true;
  });
  return [...(store?.location === 'flash' ? flashWriters(platform) : []), ...takenOver];
}

/** Loaders that read the trusted key store (those of stages with a check) and that the access rules let write `counter`. */
export function bootCounterRaisers(platform: PlatformDesign, counter: string): string[] {
  const loaders = [...new Set(platform.boot.filter((s) => s.checks.length > 0).map((s) => s.loadedBy))];
  return loaders.filter((l) => reachRules(platform).some((r) => r.component === l && r.asset === counter && r.rights.includes('write')));
}

export function keyStoreRollback(platform: PlatformDesign): KeyStoreRollback[] {
  return renewableKeyStores(platform).map((store) => judge(platform, store));
}

function judge(platform: PlatformDesign, store: PlatformAsset): KeyStoreRollback {
  const at = `/assets/${platform.assets.indexOf(store)}/signedImage`;
  const image = store.signedImage;
  if (!image) {
    return { status: 'unstated', store: store.id, pointer: at, reason: `${at} is not stated: the trusted key store ${store.id} is given no signature and no anti-rollback counter, so nothing says what keeps the store of before a revocation (which still trusts the revoked key) from being put back` };
  }
  const reasons: string[] = [];
  const stealable = new Set(replaceableSigningKeys(platform));
  const signerChain = chainBelowAnchor(platform, image.signedBy);
  const stolen = signerChain.filter((k) => stealable.has(k));
  if (stolen.length) reasons.push(`${store.id} is signed by ${image.signedBy}${image.signedBy === stolen[0] ? '' : ` (certified below ${stolen.join(', ')})`}, and ${stolen[0]} signs boot stages: whoever steals it signs a key store of their own, at any version, which no update can revoke`);
  const rollback = image.rollback;
  const writers = storeWriters(platform, store.id);
  if (!rollback) {
    reasons.push(`${at}/rollback is not stated: no counter keeps the store of before a revocation (signed and genuine, still trusting the revoked key) out, whether an attacker holding the metadata keys lists it as an update or ${writers.length ? `${writers.join(', ')} write${writers.length === 1 ? 's' : ''} it back into flash` : 'it is written back into flash'}`);
  } else {
    const counter = platform.assets.find((a) => a.id === rollback.counter);
    const boot = rollback.checkedAt.includes('boot');
    const update = rollback.checkedAt.includes('update');
    if (!boot && writers.length) reasons.push(`${at}/rollback/checkedAt has no "boot": ${writers.join(', ')} can write the old store back, and the loaders believe it (the installer's comparison is not made then)`);
    const raisers = [...(boot ? bootCounterRaisers(platform, rollback.counter) : []), ...(update ? runningWriters(platform, rollback.counter) : [])];
    if (!raisers.length) reasons.push(`no component may raise ${rollback.counter} where it is compared (${boot ? 'at boot: no loader that reads the key store may write it' : ''}${boot && update ? '; ' : ''}${update ? 'at update: no running component may write it' : ''}): it stays at its factory value, and the store of that version is never refused`);
    // The counter is held to the rule every stage's counter is, whatever attackers the design names (a counter kept in
    // flash is set back by whoever writes the flash, named here): hardware-root-of-trust reads the same counterWeakness.
    const weakness = counter && (raisers.length || counter.location === 'flash') ? counterWeakness(platform, rollback.counter, `: the store of before a revocation is believed again, or the store that revokes a key is refused`) : undefined;
    if (weakness) reasons.push(`${rollback.counter}, the key store's counter, is ${weakness}${counter?.location === 'flash' ? ` (${flashWriters(platform).join(', ')} write${flashWriters(platform).length === 1 ? 's' : ''} it back down with the old store)` : ''}`);
  }
  if (reasons.length) return { status: 'unprotected', store: store.id, pointer: at, reasons };
  return { status: 'protected', store: store.id, summary: `${store.id} is an image signed by ${image.signedBy}, its version held against ${rollback!.counter} at ${rollback!.checkedAt.join(' and ')}` };
}
