/**
 * Signing-key custody: a key no update can revoke must be kept offline. Renewal "revokes compromised assets" (the
 * Seven Properties, azure-sphere-facts §5); on Azure Sphere a key is revoked by the trusted key store an update
 * replaces (facts §3.3, §3.5), and renewable-security's key revocation plays exactly that for every key the store can
 * replace. Two kinds of key are beyond it:
 *  - an anchor: its hash is burnt into eFuses (`anchoredIn`), and every chain the boot checks ends at it;
 *  - a key that signs the trusted key store, or certifies its signer: whoever holds it signs a store of its own, at
 *    any version, certifying keys of its own (model/update/key-store-rollback.ts reads the case where such a key also
 *    signs boot stages, which the revocation steals whatever its custody).
 * Such a key is only as safe as where it is kept. The TUF specification (Roles and PKI) keeps the root keys offline,
 * because recovering from their compromise is nearly impossible, and accepts an online key only where a higher key
 * can revoke it. The design says where each key is kept (`keys[].custody`, model/platform/platform-design.ts):
 *  - online (a build server, a signing service): whoever takes that service over signs images and key stores every
 *    device accepts, for ever: violated;
 *  - not stated: whether such a theft is within reach is not known, and every verdict of renewal rests on it: unknown,
 *    naming the field (never holds).
 * Keys the store can replace are not judged here: the revocation steals each of them whatever its custody.
 * Second reading: properties/renewable-security/key-revocation.ts steals an online anchor that checks boot stages and
 * runs its thief's images after the vendor's latest release (it reads the design's custody, not this rule).
 */
import type { PlatformDesign, SigningKey } from '../platform/platform-design.js';
import { renewableKeyStores } from './load-update.js';

export interface IrrevocableKey {
  key: string;
  /** Pointer to the key's custody field. */
  pointer: string;
  custody: SigningKey['custody'];
  /** Why no update can revoke it. */
  why: string;
}

export type CustodyFinding = { status: 'online' | 'unstated'; key: string; pointer: string; reason: string };

/** The anchor a key's certifiedBy chain ends at (the key itself for an anchor), or undefined for a broken chain. */
function anchorOf(platform: Pick<PlatformDesign, 'keys'>, keyId: string): SigningKey | undefined {
  const seen = new Set<string>();
  for (let key = platform.keys.find((k) => k.id === keyId); key && !seen.has(key.id); key = platform.keys.find((k) => k.id === key!.certifiedBy)) {
    if (key.anchoredIn) return key;
    seen.add(key.id);
  }
  return undefined;
}

/** `keyId` and the keys above it up to (not including) its anchor, following certifiedBy. */
function chainBelowAnchor(platform: Pick<PlatformDesign, 'keys'>, keyId: string): SigningKey[] {
  const chain: SigningKey[] = [];
  for (let key = platform.keys.find((k) => k.id === keyId); key && !key.anchoredIn && !chain.includes(key); key = platform.keys.find((k) => k.id === key!.certifiedBy)) chain.push(key);
  return chain;
}

/**
 * The keys no key-store update can revoke that the device's trust rests on: the anchor of every key a boot check or a
 * trusted key store's signature names, and the keys below the anchor that sign a trusted key store or certify its
 * signer, but not one that also checks a boot stage (the revocation steals it whatever its custody), in design order.
 */
export function irrevocableKeys(platform: PlatformDesign): IrrevocableKey[] {
  const stageKeys = new Set(platform.boot.flatMap((s) => s.checks.map((c) => c.key)));
  const stores = renewableKeyStores(platform).filter((a) => a.signedImage);
  const why = new Map<string, string>();
  for (const id of [...stageKeys, ...stores.map((s) => s.signedImage!.signedBy)]) {
    const anchor = anchorOf(platform, id);
    if (anchor && !why.has(anchor.id)) why.set(anchor.id, `an anchor (its hash is in ${anchor.anchoredIn}): every chain the device checks ends at it, and no key-store update can replace it`);
  }
  for (const store of stores) {
    const signer = store.signedImage!.signedBy;
    for (const key of chainBelowAnchor(platform, signer)) {
      if (stageKeys.has(key.id) || why.has(key.id)) continue;
      why.set(key.id, key.id === signer ? `the key that signs the trusted key store ${store.id}: whoever holds it signs a store of its own, at any version, and no update can revoke it` : `a key that certifies ${signer}, which signs the trusted key store ${store.id}: whoever holds it certifies a signer of its own, and no update can revoke it`);
    }
  }
  return platform.keys.flatMap((k, i) => (why.has(k.id) ? [{ key: k.id, pointer: `/keys/${i}/custody`, custody: k.custody, why: why.get(k.id)! }] : []));
}

/** Each irrevocable key kept online (violated) or whose custody is not stated (unknown); none when every one is offline. */
export function signingKeyCustody(platform: PlatformDesign): CustodyFinding[] {
  return irrevocableKeys(platform).flatMap((k): CustodyFinding[] => {
    if (k.custody === 'offline') return [];
    if (k.custody === 'online') return [{ status: 'online', key: k.key, pointer: k.pointer, reason: `${k.key} is kept online (${k.pointer}), and it is ${k.why}; whoever takes over the service that signs with it holds it, for ever` }];
    return [{ status: 'unstated', key: k.key, pointer: k.pointer, reason: `${k.pointer} is not stated: ${k.key} is ${k.why}, so whether a thief can take it (kept online, by a service that signs on request) or not (offline) is not known` }];
  });
}
