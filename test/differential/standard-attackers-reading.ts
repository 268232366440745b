/**
 * Second reading, on purpose, of defense-in-depth's standard attackers (properties/defense-in-depth/standard-attackers.ts,
 * missingStandardAttackers): which of the threats the profile states (defense-in-depth.standard-attackers: an attacker
 * on the network, a compromised app as every app the product runs, an attacker with physical access to the flash) the
 * design's attackers leave out. Held against it by test/differential/standard-attackers-differential.test.ts over random
 * products; it imports neither standard-attackers.ts nor instantiate.ts (isAppSlot, which components are app slots).
 *
 * Which components the product's apps run as is read from the emulated device: the application manager's installation
 * (emulator/app-manager.ts) puts each app in a compartment and names the platform component it runs as; an app the
 * device runs as no component is not a component an attacker could be said to start as (small-tcb names it unknown).
 * A design that names no attacker at all is left to the attack check (it says so itself), so nothing is missing here.
 */
import { prepareBoot } from '../../emulator/app-device.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { InstalledSoftware } from '../../model/product/product.js';

export interface MissingThreats {
  network: boolean;
  /** Components a product app runs as that no attacker starts as. */
  apps: string[];
  flash: boolean;
}

export function missingThreatsAsRun(product: InstalledSoftware & { platform: PlatformDesign }): MissingThreats {
  const design = product.platform;
  if (design.attackers.length === 0) return { network: false, apps: [], flash: false };
  const runAs = prepareBoot(product).installation.compartments.flatMap((c) => (c.kind !== 'board-config' && c.component !== undefined ? [c.component] : []));
  const startsAs = new Set(design.attackers.flatMap((a) => a.controls));
  return {
    network: !design.attackers.some((a) => a.network === true),
    apps: [...new Set(runAs.filter((c) => !startsAs.has(c)))].sort(),
    flash: !design.attackers.some((a) => a.writesFlash === true),
  };
}
