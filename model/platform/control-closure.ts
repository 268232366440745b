/**
 * Whom a set of components holds by the hardware: whoever may write memory or storage a component executes (the
 * access rules' write and execute rights on one asset) decides what that component runs, and whoever runs above a
 * component on its core, or beside it in one privileged mode (attack-graph.ts controlsByPrivilege,
 * sharesPrivilegedMode), holds its memory. Closed until nothing more joins. Read by the takeover rule
 * (verifier-takeover.ts: the components an attacker runs as) and by the rule of who holds a private key through
 * Pluton's firmware (key-control.ts). The emulated device's own reading is emulator/boot/attacker-takeover.ts
 * runsAsFrom, which imports nothing from here.
 */
import { controlsByPrivilege, sharesPrivilegedMode } from './attack-graph.js';
import type { PlatformDesign } from './platform-design.js';

/**
 * Adds to `held` (component → why it is held) every component its members hold, with why; `holder(id)` names a
 * member in the why ("hl-app, which an attacker takes over (…)"). Returns `held`.
 */
export function closeOverControl(design: Pick<PlatformDesign, 'components' | 'access'>, held: Map<string, string>, holder: (id: string) => string): Map<string, string> {
  for (let grew = true; grew; ) {
    grew = false;
    for (const w of design.access.filter((r) => held.has(r.component) && r.rights.includes('write'))) {
      for (const x of design.access.filter((r) => r.asset === w.asset && r.rights.includes('execute') && !held.has(r.component))) {
        held.set(x.component, `${holder(w.component)}, may write ${w.asset}, which it executes`);
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
