/**
 * Which apps the platform design lets write the I/O firewall configuration. The firewall gives each block
 * to one core (azure-sphere-facts §2.1); whoever may write its configuration (an asset of kind
 * "firewall-config") can move any block to any core, so an app with that right is not confined by it.
 * An app is the design component (app slot) it fills; an app that fills no slot has no right. The right may be its own
 * or that of a DMA engine it programs (busMasters, model/platform/bus-masters.ts).
 */
import { reachRules } from '../platform/bus-masters.js';
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
    // Its own rules or a bus master it programs (model/platform/bus-masters.ts): an engine the firewall lets write the
    // configuration rewrites it for the app (s37-dma: before, such an app held compartmentalization).
    const rule = reachRules(design).find((r) => r.component === compartment.slot && configs.has(r.asset) && r.rights.includes('write'));
    if (rule) writers.set(compartment.id, { compartment, slot: compartment.slot, asset: rule.asset });
  }
  return writers;
}

/** Who programs the I/O firewall at boot: a component and the firewall-config asset it may write, or the platform's default. */
export type FirewallProgrammer = { component: string; asset: string } | 'azure-sphere-default';

/**
 * Who programs the I/O firewall at boot from the allocation (on Azure Sphere the Security Monitor): a component
 * of the running system (immutable, or a boot stage) that the design lets write a firewall-config asset. With
 * none, nothing can program it and every block stays at its reset state, open to every core. A product without
 * a platform design gets Azure Sphere's behaviour (programmed). Undefined: nothing programs it.
 */
export function firewallProgrammer(design: PlatformDesign | undefined): FirewallProgrammer | undefined {
  if (!design) return 'azure-sphere-default';
  const configs = new Set(design.assets.filter((a) => a.kind === 'firewall-config').map((a) => a.id));
  const running = new Set([...design.components.filter((c) => !c.mutable).map((c) => c.id), ...design.boot.map((s) => s.image)]);
  const rule = reachRules(design).find((r) => running.has(r.component) && configs.has(r.asset) && r.rights.includes('write'));
  return rule ? { component: rule.component, asset: rule.asset } : undefined;
}
