/**
 * The trusted computing base computed from a platform design: every component that can read (or
 * use) a secret, change an I/O firewall, write an eFuse, or whose failure would skip a boot check or
 * a measurement. The small-tcb property compares it with the TCB the designers declared.
 */
import type { PlatformDesign } from './platform-design.js';

export interface TcbMember {
  component: string;
  reasons: string[];
}

export function computeTcb(design: PlatformDesign): TcbMember[] {
  const reasons = new Map<string, string[]>();
  const add = (component: string, reason: string) => reasons.set(component, [...(reasons.get(component) ?? []), reason]);
  const asset = (id: string) => design.assets.find((a) => a.id === id);

  for (const c of design.components) if (!c.mutable) add(c.id, 'is immutable ROM: the root every check starts from');
  for (const rule of design.access) {
    const a = asset(rule.asset);
    if (!a) continue;
    if (a.secret && rule.rights.some((r) => r === 'read' || r === 'use')) add(rule.component, `can ${rule.rights.includes('read') ? 'read' : 'use'} the secret ${a.name}`);
    if (a.kind === 'firewall-config' && rule.rights.includes('write')) add(rule.component, `can change the ${a.name}`);
    if (a.location === 'efuse' && rule.rights.includes('write')) add(rule.component, `can write eFuses (${a.name})`);
  }
  const verifies = new Map<string, string[]>();
  const measures = new Map<string, string[]>();
  for (const stage of design.boot) {
    if (stage.checks.length > 0) verifies.set(stage.loadedBy, [...(verifies.get(stage.loadedBy) ?? []), `${stage.image} (${stage.checks.map((c) => c.id).join(', ')})`]);
    if (stage.measurement) measures.set(stage.measurement.by, [...(measures.get(stage.measurement.by) ?? []), stage.image]);
  }
  for (const [component, images] of verifies) add(component, `verifies ${images.join('; ')}: its failure skips those checks`);
  for (const [component, images] of measures) add(component, `measures ${images.join(', ')}: its failure skips those measurements`);
  return design.components.filter((c) => reasons.has(c.id)).map((c) => ({ component: c.id, reasons: dedupe(reasons.get(c.id)!) }));
}

function dedupe(list: string[]): string[] {
  return [...new Set(list)];
}
