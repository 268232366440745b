/**
 * Who may write the flash, the one reading every rule that asks it reads (renewable-security's key-store rule,
 * model/update/key-store-rollback.ts; the takeover of a component that runs unchecked code from flash,
 * model/platform/verifier-takeover.ts, read by hardware-root-of-trust's verifier and measurer rules).
 */
import type { PlatformDesign } from './platform-design.js';

/**
 * Who may write the flash: the design's attackers with it, or, where it names none, the attacker with physical access
 * to the flash that the requirement profile's threat model always has (defense-in-depth.standard-attackers: "a design
 * cannot shorten its attack paths by naming fewer attackers"; azure-sphere-facts §7, physical attacks on the boot
 * chain). Before (s32), a design that left its flash attacker out held renewable-security with its key store's counter
 * in flash, while hardware-root-of-trust (counterWeakness: "whoever writes the flash sets it back") was violated; and
 * held hardware-root-of-trust with a loader that runs unchecked code from flash (no takeover without a named flash writer).
 */
export function flashWriters(platform: Pick<PlatformDesign, 'attackers'>): string[] {
  const named = platform.attackers.filter((a) => a.writesFlash).map((a) => a.id);
  return named.length ? named : [PROFILE_FLASH_ATTACKER];
}

/** How the profile's attacker with the flash is named when the design names none. */
export const PROFILE_FLASH_ATTACKER = "an attacker with physical access to the flash (the profile's threat model)";

