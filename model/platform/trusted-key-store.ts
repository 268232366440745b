/**
 * The trusted key store: the public keys that decide who may sign images (a key-store asset that is not
 * secret). Every Azure Sphere device has one: the pre-requisite update kind carries the Trusted Key Store
 * (azure-sphere-facts §3.5), and the "stage-without-manifest" TrustedKeystore attack targets it (§3.4). The
 * rules that range over it (who may write it: hardware-root-of-trust.key-store-writes-confined; that an
 * update renews it: renewable-security.every-stage-renewable) would hold over nothing for a design that
 * leaves it out, so they ask here first.
 */
import type { PlatformAsset, PlatformDesign } from './platform-design.js';

export const isTrustedKeyStore = (asset: PlatformAsset | undefined): boolean => asset?.kind === 'key-store' && !asset.secret;

/** Why the design cannot be judged on its trusted key store (it names none), or undefined when it names one. */
export function missingTrustedKeyStore(design: PlatformDesign): string | undefined {
  if (design.assets.some(isTrustedKeyStore)) return undefined;
  return '/assets names no trusted key store (a key-store asset that is not secret): where the public keys that may sign images are kept, who may write them and which update renews them is not stated';
}

/**
 * The trusted key store the loaders read when the design keeps it as a signed image (its signedImage stated): the one
 * in flash when there is one, else the first kept elsewhere but eFuses. An attacker can add no certificate to it
 * without breaking its signature. Undefined when that store states no signedImage.
 */
export function signedTrustedKeyStore(design: Pick<PlatformDesign, 'assets'>): PlatformAsset | undefined {
  const trusted = design.assets.filter((a) => isTrustedKeyStore(a) && a.location !== 'efuse');
  const store = trusted.find((a) => a.location === 'flash') ?? trusted[0];
  return store?.signedImage ? store : undefined;
}
