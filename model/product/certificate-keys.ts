/**
 * Where the private key of an app's own certificate is kept (product file apps[i].certificateKeys), and
 * whether that makes it an unforgeable key. The profile's certificates-not-secrets asks for "certificates
 * proven by unforgeable keys"; a certificate says nothing about who else holds its key.
 *
 * On Azure Sphere an app's own key (not the device certificate's) can only be
 *  - in its image package: the same bytes on every device of the fleet and in every copy of the image (it is
 *    signed, not encrypted: azure-sphere-facts §3.1), a shared secret in effect;
 *  - in its MutableStorage: per-app flash (facts §1.3 "persistent per-app flash storage"; the built-in platform
 *    design marks app-mutable-storage not secret), which the app's own software, an exploit of it, or whoever
 *    reads the flash takes off the device;
 * since Pluton's only client-authentication key is the device's (facts §4: PLUTON_GENERATE_CLIENT_AUTH_KEY and
 * PLUTON_COMMIT_CLIENT_AUTH_KEY are the only client-key ioctls): an app that presents a Pluton-held key
 * presents the device certificate (authentication "device-certificate"). A platform design of a device maker
 * may hold a key for an app in hardware: naming that asset puts the key to the rule the device's own keys
 * meet (model/platform/key-custody.ts: a secret private key inside Pluton that only Pluton's firmware uses).
 */
import type { PlatformDesign } from '../platform/platform-design.js';
import { hardwareKeyProblems } from '../platform/key-custody.js';

/** The words apps[i].certificateKeys takes besides a platform asset id. */
export const APP_KEY_PLACES = ['image', 'mutable-storage'] as const;
export type AppKeyPlace = (typeof APP_KEY_PLACES)[number];

export type AppKeyCustody =
  /** An unforgeable key: a hardware-held asset of the platform design. */
  | { kind: 'hardware'; asset: string; description: string }
  /** A key someone other than the device's hardware has or can take. */
  | { kind: 'not-hardware'; reason: string };

/** Whether `stated` names a place an app key can be kept on this platform (a word or a platform asset id). */
export function isAppKeyPlace(stated: string, platform: Pick<PlatformDesign, 'assets'>): boolean {
  return (APP_KEY_PLACES as readonly string[]).includes(stated) || platform.assets.some((a) => a.id === stated);
}

/**
 * Whether the key kept where `stated` says is unforgeable. `quoteKey` is the protocol design's
 * attestation.signingKey when it is known: a certificate of the app's own over the key that signs the
 * device's quotes has the app's TLS stack ask Pluton to sign what it hands over with the key that vouches for
 * the measurements (the rule design-rules.ts applies to the device's client key).
 */
export function appKeyCustody(stated: string, platform: PlatformDesign, quoteKey: string | undefined): AppKeyCustody {
  if (stated === 'image') {
    return { kind: 'not-hardware', reason: "its private key is in the app's image package: the same bytes on every device of the fleet and in every copy of the image (signed, not encrypted), so whoever has one image has every device's key: a shared secret in effect, not an unforgeable key (azure-sphere-facts §3.1: an image package is a file system, metadata and a signature)" };
  }
  if (stated === 'mutable-storage') {
    return { kind: 'not-hardware', reason: "its private key is in the app's mutable storage: flash the app's own software reads (so an exploit of the app, or whoever reads the flash, takes it off the device), not a key the hardware holds (azure-sphere-facts §1.3: MutableStorage is per-app flash storage)" };
  }
  if (quoteKey !== undefined && stated === quoteKey) {
    return { kind: 'not-hardware', reason: `its private key is the quote key "${stated}": every TLS handshake has the app ask Pluton to sign what it hands over with the key that vouches for the measurements, so a compromised app signs a quote of good measurements; a key of the app's own needs an asset of its own` };
  }
  const problems = hardwareKeyProblems(platform, stated, `the app's key`);
  if (problems.length) return { kind: 'not-hardware', reason: `its private key is the platform asset "${stated}": ${problems.join('; ')}` };
  const asset = platform.assets.find((a) => a.id === stated)!;
  return { kind: 'hardware', asset: stated, description: `its private key is the platform asset "${stated}" (${asset.name}), a secret private key inside Pluton that only Pluton's firmware uses` };
}
