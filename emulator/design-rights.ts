/**
 * The hardware's reading of the platform design's access rules: the bus in front of the I/O firewall
 * configuration register lets a component write it only when the design gives that component the
 * write right on an asset of kind "firewall-config". An app runs as the design component (app slot)
 * it fills; an app that fills none has no right.
 *
 * Second reading, on purpose: it mirrors the spec's firewallConfigWriters (model/isolation/firewall-config-writers.ts) without
 * calling it; test/differential/isolation-harness.ts holds the two together (every app's firewall-config
 * write is decided the same way by both).
 */
import type { PlatformDesign } from '../model/platform/platform-design.js';

/** The firewall-config asset the component may write, or undefined when it may write none. */
export function firewallConfigWriteRight(design: PlatformDesign | undefined, component: string | undefined): string | undefined {
  if (!design || component === undefined) return undefined;
  for (const asset of design.assets) {
    if (asset.kind !== 'firewall-config') continue;
    const granted = design.access.some((rule) => rule.component === component && rule.asset === asset.id && rule.rights.includes('write'));
    if (granted) return asset.id;
  }
  return undefined;
}
