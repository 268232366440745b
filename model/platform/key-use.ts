/**
 * What a right to use a private key grants, by where the design keeps the key. Inside Pluton a use is a request:
 * Pluton signs and the key never leaves its vault. Anywhere else (eFuses, flash, SRAM, I/O registers) there is no
 * vault to ask: software that signs with the key fetches its bytes over the bus and signs in its own memory (the
 * emulator's attestation client does the same for a quote key kept there, emulator/boot/quote-key.ts), so a use of
 * such a key holds the key as a read does. Read by hardware-root-of-trust's private-keys-confined
 * (properties/hardware-root-of-trust/key-confinement.ts), whose emulated bus has no "use" request to try: a use
 * granted there was never tried, and the rule held with "every one refused".
 */
import type { PlatformAsset } from './platform-design.js';

export function useHoldsKeyBytes(asset: Pick<PlatformAsset, 'location'>): boolean {
  return asset.location !== 'pluton';
}
