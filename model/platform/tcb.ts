/**
 * The trusted computing base computed from a platform design: every component that can read (or
 * use) a secret, change an I/O firewall, write an eFuse, overwrite what decides trust (a key store, a
 * key hash, a measurement register, an anti-rollback counter, a private key, wherever it lives), or whose failure would
 * skip a boot check or a measurement. Each member carries its grounds: which access to which asset, or which check it
 * performs, and where the design says so, so a reviewer can see why it is trusted. The TCB is closed over control of
 * its members: a component that may write memory or storage a member executes decides what that member runs, one
 * that runs above a member on its core can do what that member does, and one that runs beside a member in one
 * privileged mode of its core holds it, so each is trusted as much as the member (a real-time app slot with a DMA path
 * into the Security Monitor's memory is in the TCB, whatever it is marked; so is a kernel put beside the monitor, and a
 * loader that brings up a member's image without checking it).
 */
import { controlsByPrivilege, sharesPrivilegedMode } from './attack-graph.js';
import { reachRules, type ReachRule } from './bus-masters.js';
import { isMeasurementRegister } from './measurement-register.js';
import type { PlatformAsset, PlatformDesign } from './platform-design.js';

export type TcbGround =
  | { kind: 'immutable-root'; text: string }
  | { kind: 'secret-access'; asset: string; right: 'read' | 'use'; access: number; via?: BusMasterVia; text: string }
  | { kind: 'firewall-write'; asset: string; access: number; via?: BusMasterVia; text: string }
  | { kind: 'efuse-write'; asset: string; access: number; via?: BusMasterVia; text: string }
  | { kind: 'trust-write'; asset: string; access: number; via?: BusMasterVia; text: string }
  | { kind: 'verifies'; image: string; checks: string[]; stage: number; text: string }
  | { kind: 'measures'; image: string; register: string; stage: number; text: string }
  /** It may write memory or storage a member executes: it decides what that member runs. */
  | { kind: 'code-write'; asset: string; member: string; access: number; via?: BusMasterVia; text: string }
  /** It loads a member's image with no check (boot[].loadedBy, checks []): it decides what that member runs. */
  | { kind: 'loads'; image: string; stage: number; text: string }
  /** It runs above a member on its core (attack-graph.ts controlsByPrivilege): it can do whatever that member does. */
  | { kind: 'runs-above'; member: string; text: string }
  /** It runs beside a member in one privileged mode of its core (attack-graph.ts sharesPrivilegedMode): it holds that member. */
  | { kind: 'holds-member'; member: string; text: string };

/**
 * A right a component has through a bus master it programs (bus-masters.ts), not by an access rule of its own: then
 * `access` is not an index of design.access, and the ground's pointer is this one (/busMasters/i/reaches/j).
 */
export interface BusMasterVia {
  busMaster: string;
  pointer: string;
}

export interface TcbMember {
  component: string;
  /** Why it is in the TCB, one sentence per ground. */
  reasons: string[];
  /** The same grounds as data: `access` and `stage` index design.access and design.boot. */
  grounds: TcbGround[];
}

/**
 * Assets whose contents decide what the device trusts: which keys may sign images, which key the ROM
 * anchors, what the device attests it ran, how far back an image may go. A component that can write one
 * can make the device trust what it chooses (an app that writes the measurement register forges what
 * the device attests), as much as one that performs the check. Extending a register is not writing it.
 * A private key is one too: whoever can replace the device's key decides what identity it proves, and
 * holds the new key's private half (the Seven Properties' vault is "inaccessible to software").
 */
const TRUST_DECIDING: ReadonlySet<string> = new Set(['key-store', 'key-hash', 'counter', 'private-key']);
/** A measurement register decides trust; a FIFO stated as a register in the I/O registers carries messages (measurement-register.ts). */
const decidesTrust = (a: PlatformAsset, design: PlatformDesign): boolean => TRUST_DECIDING.has(a.kind) || isMeasurementRegister(a, design);

export function computeTcb(design: PlatformDesign): TcbMember[] {
  const grounds = new Map<string, TcbGround[]>();
  const add = (component: string, ground: TcbGround) => grounds.set(component, [...(grounds.get(component) ?? []), ground]);
  const asset = (id: string) => design.assets.find((a) => a.id === id);

  for (const c of design.components) if (!c.mutable) add(c.id, { kind: 'immutable-root', text: 'is immutable ROM: the root every check starts from' });
  // What a component reaches is its own rules and those of every bus master it programs (bus-masters.ts): an app slot
  // whose DMA engine the firewall lets write the key store is in the TCB as surely as one that writes it itself.
  const reach = reachRules(design);
  const viaOf = (rule: ReachRule): { via?: BusMasterVia } => (rule.busMaster ? { via: { busMaster: rule.busMaster, pointer: rule.pointer } } : {});
  const through = (rule: ReachRule): string => (rule.busMaster ? ` (through the bus master ${rule.busMaster} it programs)` : '');
  reach.forEach((rule, access) => {
    const a = asset(rule.asset);
    if (!a) return;
    if (a.secret && rule.rights.some((r) => r === 'read' || r === 'use')) {
      const right = rule.rights.includes('read') ? 'read' : 'use';
      add(rule.component, { kind: 'secret-access', asset: a.id, right, access, ...viaOf(rule), text: `can ${right} the secret ${a.name}${through(rule)}` });
    }
    if (a.kind === 'firewall-config' && rule.rights.includes('write')) add(rule.component, { kind: 'firewall-write', asset: a.id, access, ...viaOf(rule), text: `can change the ${a.name}${through(rule)}` });
    if (a.location === 'efuse' && rule.rights.includes('write')) add(rule.component, { kind: 'efuse-write', asset: a.id, access, ...viaOf(rule), text: `can write eFuses (${a.name})${through(rule)}` });
    else if (decidesTrust(a, design) && rule.rights.includes('write')) add(rule.component, { kind: 'trust-write', asset: a.id, access, ...viaOf(rule), text: `can overwrite the ${a.name}${through(rule)}, which decides what the device trusts` });
  });
  design.boot.forEach((stage, index) => {
    if (stage.checks.length > 0) {
      const checks = stage.checks.map((c) => c.id);
      add(stage.loadedBy, { kind: 'verifies', image: stage.image, checks, stage: index, text: `verifies ${stage.image} (${checks.join(', ')}): its failure skips those checks` });
    }
    if (stage.measurement) {
      const m = stage.measurement;
      add(m.by, { kind: 'measures', image: stage.image, register: m.register, stage: index, text: `measures ${stage.image} into ${m.register}: its failure skips that measurement` });
    }
  });
  // Closed over control of a member (see the header), until nothing more joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of design.components) {
      if (grounds.has(c.id)) continue;
      const members = design.components.filter((m) => grounds.has(m.id));
      const writes = reach.flatMap((rule, access) => (rule.component === c.id && rule.rights.includes('write') ? [{ rule, access }] : []));
      for (const { rule, access } of writes) {
        for (const runner of reach) {
          if (runner.asset !== rule.asset || runner.component === c.id || !runner.rights.includes('execute') || !grounds.has(runner.component)) continue;
          add(c.id, { kind: 'code-write', asset: rule.asset, member: runner.component, access, ...viaOf(rule), text: `may write ${asset(rule.asset)?.name ?? rule.asset}${through(rule)}, which the TCB member ${runner.component} executes: it decides what that member runs` });
        }
      }
      // A loader that checks nothing of a member's image still picks the bytes the member runs (a checking loader is a
      // member already, by its checks): the Normal World loader bringing up an unchecked Security Monitor held small-tcb
      // at 4 of 10 while it decides the monitor (s36-tcb).
      design.boot.forEach((stage, index) => {
        if (stage.loadedBy === c.id && stage.checks.length === 0 && grounds.has(stage.image)) add(c.id, { kind: 'loads', image: stage.image, stage: index, text: `loads ${stage.image}, a TCB member, with no check: it decides what that member runs` });
      });
      for (const m of members) if (controlsByPrivilege(c, m)) add(c.id, { kind: 'runs-above', member: m.id, text: `runs above the TCB member ${m.id} on ${c.core}: it can do whatever that member does` });
      for (const m of members) if (sharesPrivilegedMode(c, m)) add(c.id, { kind: 'holds-member', member: m.id, text: `runs beside ${m.name} on ${c.core} at its level (${c.world} ${c.privilege}), and so holds whatever puts it in the TCB` });
      if (grounds.has(c.id)) grew = true;
    }
  }
  return design.components.filter((c) => grounds.has(c.id)).map((c) => ({ component: c.id, reasons: [...new Set(grounds.get(c.id)!.map((g) => g.text))], grounds: grounds.get(c.id)! }));
}
