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

/**
 * The component that programs the I/O firewall at boot (the bus lets it write the configuration register): one of
 * the running system (immutable, or a boot stage) with the write right on a firewall-config asset; undefined when
 * there is none, and the firewall stays at its reset state, open to every core. A product with no platform design
 * gets Azure Sphere's (the Security Monitor programs it). Second reading, on purpose, of the spec's
 * firewallProgrammer (model/isolation/firewall-config-writers.ts); test/differential/isolation-harness.ts holds them together.
 */
export function firewallProgrammerOf(design: PlatformDesign | undefined): string | undefined {
  if (!design) return 'security-monitor';
  const mutable = new Map(design.components.map((c) => [c.id, c.mutable]));
  const booted = new Set(design.boot.map((s) => s.image));
  for (const asset of design.assets) {
    if (asset.kind !== 'firewall-config') continue;
    const rule = design.access.find((r) => r.asset === asset.id && r.rights.includes('write') && (mutable.get(r.component) === false || booted.has(r.component)));
    if (rule) return rule.component;
  }
  return undefined;
}
