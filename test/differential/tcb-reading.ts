/**
 * Second reading, on purpose, of model/platform/tcb.ts (computeTcb): which components the device trusts, read
 * from what the emulated device does rather than from the design's lists. Held against it by
 * test/differential/tcb-differential.test.ts over random designs; it imports nothing from tcb.ts.
 *
 * A component is trusted, on these grounds:
 *  - immutable-root: it is mask ROM (the design's `mutable: false`; the emulator has no image of it to replace);
 *  - secret-access, firewall-write, efuse-write, trust-write: run as a compromised component on a provisioned device
 *    (emulator/boot/compromised-component.ts), the device's access controller lets it read or use a secret, write the
 *    I/O firewall configuration, write an eFuse field, or write an asset that decides what the device trusts (a key
 *    store, a key hash, a measurement register, an anti-rollback counter, a private key). What counts is that the
 *    access controller lets the request through: the eFuse controller may still refuse a field already programmed,
 *    but a component the hardware lets ask is trusted not to ask. Where the emulated device has no door for the
 *    request (using a key outside Pluton, writing a register Pluton keeps, writing a counter the boot raises), the
 *    device's access controller (emulator/boot/access-rules.ts) answers it directly;
 *  - holds-member: it runs beside a member (same core and world, same level above user; bare-metal is supervisor's
 *    level), where no mode switch keeps it out of the member's memory, and so can do what the member does;
 *  - verifies, measures: in a normal boot of the device (emulator/boot/boot.ts) it makes a stage's signature or
 *    manifest-hash check, or is the component the device asks to measure a stage (refused or not: the design entrusts
 *    the measurement to it);
 *  - code-write, runs-above, holds-member (mirror computeTcb's closure over control of a member): it may write an
 *    asset a member may execute (read from the design's access list: the emulated device has no door for code
 *    memory), it sits above a member on its core (attack-reach.ts's own privilege reading), or it runs beside one
 *    (below); repeated until nothing more joins.
 */
import { runCompromisedComponent, type AccessAttempt } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import type { PlatformAsset } from '../../model/platform/platform-design.js';
import { sitsAbove } from './attack-reach.js';

export type GroundKind = 'immutable-root' | 'secret-access' | 'firewall-write' | 'efuse-write' | 'trust-write' | 'verifies' | 'measures' | 'code-write' | 'runs-above' | 'holds-member';

const LEVEL: Record<string, number> = { user: 1, 'bare-metal': 2, supervisor: 2, firmware: 3, rom: 4 };
type Placed = { id: string; core: string; world: string; privilege: string };
/** Whether running as `c` gives what `m` can do: the same core and world, the same level above user (bare-metal is supervisor's level). */
function holdsOnCore(c: Placed, m: Placed): boolean {
  return c.id !== m.id && c.core === m.core && c.world === m.world && c.privilege !== 'user' && m.privilege !== 'user' && LEVEL[c.privilege] === LEVEL[m.privilege];
}

const DECIDES_TRUST: ReadonlySet<PlatformAsset['kind']> = new Set<PlatformAsset['kind']>(['key-store', 'key-hash', 'counter', 'private-key']);
/** A register decides trust unless it is a FIFO: kept in the I/O registers with no boot stage measured into it (own reading of model/platform/measurement-register.ts). */
const fifo = (design: { boot: readonly { measurement?: { register: string } }[] }, asset: PlatformAsset): boolean => asset.kind === 'register' && asset.location === 'io-registers' && !design.boot.some((s) => s.measurement?.register === asset.id);

/** Whether the device's access controller let the request through (the hardware behind it may still have refused). */
function accessGranted(lab: BootLab, attempt: AccessAttempt): boolean {
  if (attempt.outcome === 'granted') return true;
  if (attempt.outcome === 'refused' && /^the eFuse controller refused/.test(attempt.detail)) return true;
  const noDoor = attempt.outcome === 'no-such-operation' || /Pluton holds no key|is not a programmable field/.test(attempt.detail);
  return noDoor && lab.factoryDevice.profile.access.decide(attempt.component, attempt.asset, attempt.right).granted;
}

/** Each trusted component and the kinds of ground that put it there, as the emulated device shows them. */
export function tcbAsRun(lab: BootLab): { members: Map<string, Set<GroundKind>>; booted: boolean } {
  const design = lab.design;
  const members = new Map<string, Set<GroundKind>>();
  const add = (component: string, ground: GroundKind) => {
    if (!design.components.some((c) => c.id === component)) return;
    members.set(component, (members.get(component) ?? new Set()).add(ground));
  };
  for (const c of design.components) if (c.mutable === false) add(c.id, 'immutable-root');
  for (const c of design.components) {
    for (const attempt of runCompromisedComponent(lab.factoryDevice.clone(), c.id, design.assets, lab.attacker.compromisedProgram(new Uint8Array([0x54, 0x43, 0x42])))) {
      if (!accessGranted(lab, attempt)) continue;
      const asset = design.assets.find((a) => a.id === attempt.asset)!;
      if (attempt.right !== 'write') {
        if (asset.secret) add(c.id, 'secret-access');
        continue;
      }
      if (asset.kind === 'firewall-config') add(c.id, 'firewall-write');
      if (asset.location === 'efuse') add(c.id, 'efuse-write');
      else if (DECIDES_TRUST.has(asset.kind) || (asset.kind === 'register' && !fifo(design, asset))) add(c.id, 'trust-write');
    }
  }
  const { trace } = lab.boot(new NodeP256Verifier());
  for (const stage of trace.stages) {
    if (stage.checks.some((check) => check.kind !== 'rollback')) add(stage.loadedBy, 'verifies');
    if (stage.measurement) add(stage.measurement.by, 'measures');
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of design.components) {
      if (members.has(c.id)) continue;
      const writesCode = design.access.some((w) => w.component === c.id && w.rights.includes('write') && design.access.some((x) => x.asset === w.asset && x.component !== c.id && x.rights.includes('execute') && members.has(x.component)));
      if (writesCode) add(c.id, 'code-write');
      if (design.components.some((m) => members.has(m.id) && m.id !== c.id && sitsAbove(c, m))) add(c.id, 'runs-above');
      // holds-member: a component the device runs beside a member, at its level on its core, is trusted as the member is.
      if (design.components.some((m) => members.has(m.id) && holdsOnCore(c, m))) add(c.id, 'holds-member');
      if (members.has(c.id)) grew = true;
    }
  }
  return { members, booted: trace.stages.length === design.boot.length && trace.stages.every((s) => s.outcome.status === 'ran') };
}
