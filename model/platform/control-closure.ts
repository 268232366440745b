/**
 * Whom a set of components holds by the hardware: whoever may write memory or storage a component executes (the
 * access rules' write and execute rights on one asset) decides what that component runs, and whoever runs above a
 * component on its core, or beside it in one privileged mode (attack-graph.ts controlsByPrivilege,
 * sharesPrivilegedMode), holds its memory. Closed until nothing more joins. Read by the takeover rule
 * (verifier-takeover.ts: the components an attacker runs as) and by the rule of who holds a private key through
 * Pluton's firmware (key-control.ts) and of who writes an anti-rollback counter (model/update/rollback.ts): a grant a rule
 * keeps inside some components counts against every component outside that holds one of them (rightsThroughControl). The emulated device's own reading is emulator/boot/attacker-takeover.ts
 * runsAsFrom, which imports nothing from here.
 */
import { controlsByPrivilege, sharesPrivilegedMode } from './attack-graph.js';
import { reachRules } from './bus-masters.js';
import type { PlatformAsset, PlatformComponent, PlatformDesign } from './platform-design.js';

/**
 * Adds to `held` (component → why it is held) every component its members hold, with why; `holder(id)` names a
 * member in the why ("hl-app, which an attacker takes over (…)"). Returns `held`.
 */
export function closeOverControl(design: Pick<PlatformDesign, 'components' | 'access' | 'busMasters'>, held: Map<string, string>, holder: (id: string) => string): Map<string, string> {
  // A held component writes what the bus masters it programs write (bus-masters.ts).
  const reach = reachRules(design);
  for (let grew = true; grew; ) {
    grew = false;
    for (const w of reach.filter((r) => held.has(r.component) && r.rights.includes('write'))) {
      for (const x of reach.filter((r) => r.asset === w.asset && r.rights.includes('execute') && !held.has(r.component))) {
        held.set(x.component, `${holder(w.component)}, may write ${w.asset}${w.busMaster ? ` through the bus master ${w.busMaster}` : ''}, which it executes`);
        grew = true;
      }
    }
    for (const h of design.components.filter((c) => held.has(c.id))) {
      for (const c of design.components.filter((x) => !held.has(x.id))) {
        const above = controlsByPrivilege(h, c);
        if (!above && !sharesPrivilegedMode(h, c)) continue;
        held.set(c.id, `${holder(h.id)}, runs ${above ? 'above it' : `beside it in ${c.world}-world ${c.privilege} mode`} on ${c.core}`);
        grew = true;
      }
    }
  }
  return held;
}

/** Which grants of which components a rule keeps to those components: who runs as one of them gets its grants. */
export interface KeptRights {
  inside: (c: PlatformComponent) => boolean;
  asset: (a: PlatformAsset) => boolean;
  rights: readonly string[];
}
export interface RightThroughControl {
  /** Who gets the right: a component outside, or (key-control.ts) the insider itself when an attacker runs as it. */
  component: string;
  /** The component inside that the access rules give the right. */
  via: string;
  asset: string;
  right: string;
  /** Index of the access rule that gives `via` the right. */
  access: number;
  why: string;
}

/** The grants `kept` keeps inside, each with the access rule that gives it. */
export function insideRights(design: PlatformDesign, kept: KeptRights): { via: string; asset: string; right: string; access: number }[] {
  return reachRules(design).flatMap((rule, access) => {
    const c = design.components.find((x) => x.id === rule.component);
    const a = design.assets.find((x) => x.id === rule.asset);
    if (!c || !a || !kept.inside(c) || !kept.asset(a)) return [];
    return rule.rights.filter((r) => kept.rights.includes(r)).map((right) => ({ via: c.id, asset: a.id, right, access }));
  });
}

/** Every component outside `kept.inside` that holds a component inside with a kept grant (control-closure.ts), with the grant. */
export function rightsThroughControl(design: PlatformDesign, kept: KeptRights): RightThroughControl[] {
  const granted = insideRights(design, kept);
  if (granted.length === 0) return [];
  const out: RightThroughControl[] = [];
  for (const c of design.components) {
    if (kept.inside(c)) continue;
    const held = new Map([[c.id, 'its own program']]);
    closeOverControl(design, held, (id) => (id === c.id ? id : `${id}, which ${c.id} holds (${held.get(id)})`));
    for (const r of granted) {
      const why = held.get(r.via);
      if (why && r.via !== c.id) out.push({ component: c.id, ...r, why: `${c.id} runs its own code as ${r.via}: ${why}` });
    }
  }
  return out;
}

