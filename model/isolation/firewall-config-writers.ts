/**
 * Which apps the platform design lets write the I/O firewall configuration. The firewall gives each block
 * to one core (azure-sphere-facts §2.1); whoever may write its configuration (an asset of kind
 * "firewall-config") can move any block to any core, so an app with that right is not confined by it.
 * An app is the design component (app slot) it fills; an app that fills no slot has no right.
 */
import type { PlatformDesign } from '../platform/platform-design.js';
import type { Compartment } from './apps.js';

export interface FirewallConfigWriter {
  compartment: Compartment;
  /** The design component the app runs as. */
  slot: string;
  /** The firewall-config asset it may write. */
  asset: string;
}

export function firewallConfigWriters(design: PlatformDesign | undefined, compartments: readonly Compartment[]): Map<string, FirewallConfigWriter> {
  const writers = new Map<string, FirewallConfigWriter>();
  if (!design) return writers;
  const configs = new Set(design.assets.filter((a) => a.kind === 'firewall-config').map((a) => a.id));
  for (const compartment of compartments) {
    if (!compartment.manifest || compartment.slot === undefined) continue;
    const rule = design.access.find((r) => r.component === compartment.slot && configs.has(r.asset) && r.rights.includes('write'));
    if (rule) writers.set(compartment.id, { compartment, slot: compartment.slot, asset: rule.asset });
  }
  return writers;
}
