/**
 * The attackers defense in depth searches from come from the requirement profile, not from the design
 * under test alone (defense-in-depth.standard-attackers): one on the network, a compromised app in every
 * app slot the product fills, one with physical access to the flash, and a compromised component in every component
 * the design marks untrusted (a vendor driver, a third-party service: code treated as potentially malicious). A design that names fewer (only the
 * network attacker, say) would shorten its own attack paths, or leave a critical asset "unreachable", by
 * omission; each one it leaves out is a gap (paths from it were not searched), so the verdict cannot hold.
 * The same rule as the empty attacker list in attack-check.ts, for each attacker the profile names.
 */
import { isAppSlot } from '../../model/product/instantiate.js';
import type { Product } from '../../model/product/product.js';

export const STANDARD_ATTACKERS = 'defense-in-depth.standard-attackers';

/** What the product's (instantiated) platform design leaves out of the profile's threat model, one sentence each. */
export function missingStandardAttackers(product: Product): string[] {
  const design = product.platform;
  if (design.attackers.length === 0) return []; // attack-check.ts already says the design names no attacker.
  const missing: string[] = [];
  if (!design.attackers.some((a) => a.network)) missing.push('no attacker on the network (an attacker with "network": true)');
  const uncovered = design.components.filter((c) => isAppSlot(c) && !design.attackers.some((a) => a.controls.includes(c.id))).map((c) => c.id);
  if (uncovered.length) missing.push(`no attacker controls the app slot${uncovered.length === 1 ? '' : 's'} ${uncovered.join(', ')} (a compromised app)`);
  // A component the design marks untrusted is code Sevenfold treats as potentially malicious (the schema's word), as it
  // treats an app: a vendor blob beside the kernel is a compromised component from the start, whatever its slot.
  const untrusted = design.components.filter((c) => c.untrusted === true && !isAppSlot(c) && !design.attackers.some((a) => a.controls.includes(c.id))).map((c) => c.id);
  if (untrusted.length) missing.push(`no attacker controls ${untrusted.join(', ')}, which the design marks untrusted (code treated as potentially malicious, as a compromised app is)`);
  if (!design.attackers.some((a) => a.writesFlash)) missing.push('no attacker with physical access to the flash (an attacker with "writesFlash": true)');
  return missing;
}
