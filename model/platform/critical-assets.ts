/**
 * Which platform assets defense in depth must protect. The design marks its own (`critical`), but when the
 * profile's defense-in-depth.trust-assets-critical is on it cannot take the mark off an asset whose
 * compromise lets an attacker decide what the device trusts, proves or isolates; otherwise a design that
 * marked its own trusted key store non-critical would grade itself on what is left. Those kinds:
 *  - a private key, or a key store (secret keys, or the list of keys that may sign images): Seven Properties,
 *    hardware-based root of trust, "unforgeable cryptographic keys generated and protected by hardware";
 *    azure-sphere-facts §3.3 (TrustedKeystore, image type 19);
 *  - the key hash the ROM anchors the boot chain in (azure-sphere-facts §3.4);
 *  - a measurement register, what attestation reports the device ran (azure-sphere-facts §4);
 *  - the I/O firewall configuration, the hardware barrier between apps (Seven Properties,
 *    compartmentalization: "hardware-enforced barriers between software components").
 * Anti-rollback counters are left to the design: a counter that can go back is already violated by the
 * rollback rule (model/update/rollback.ts), and raising an eFuse counter strands releases without running
 * anything the vendor did not sign.
 */
import { isMeasurementRegister } from './measurement-register.js';
import type { PlatformAsset, PlatformDesign } from './platform-design.js';

export const TRUST_ASSETS_CRITICAL = 'defense-in-depth.trust-assets-critical';

const TRUST_ASSET_KINDS: ReadonlySet<string> = new Set(['private-key', 'key-store', 'key-hash', 'firewall-config']);

/**
 * Whether defense in depth must protect the asset: the design says so, or (`trustAssets`) its kind decides trust. A
 * `register` decides trust when it is a measurement register (model/platform/measurement-register.ts): a FIFO in the
 * I/O registers carries messages, and is the design's to mark.
 */
export function isCriticalAsset(asset: PlatformAsset, trustAssets: boolean, design: Pick<PlatformDesign, 'boot'>): boolean {
  return asset.critical || (trustAssets && (TRUST_ASSET_KINDS.has(asset.kind) || isMeasurementRegister(asset, design)));
}

/** Assets critical by their kind that the design does not mark critical. */
export function unmarkedTrustAssets(design: Pick<PlatformDesign, 'assets' | 'boot'>, trustAssets: boolean): PlatformAsset[] {
  return design.assets.filter((a) => !a.critical && isCriticalAsset(a, trustAssets, design));
}
