/**
 * Second reading, on purpose, of model/platform/attack-graph.ts (buildAttackGraph, then minimumCompromises over it):
 * how few independent compromises take each attacker of a platform design to each critical asset. Held against
 * it by test/differential/attack-graph-differential.test.ts over random designs. It imports nothing from the
 * attack graph, from the attack surface (attack-surface.ts, which says who parses attacker-controlled input) or from
 * the scope (critical-assets.ts isCriticalAsset, which assets are goals): a wrong edge or a dropped goal there would otherwise be
 * agreed by both readings. The goals are read here too: an asset the design marks critical, and, when the profile's
 * defense-in-depth.trust-assets-critical is on, every asset whose kind decides what the device trusts, proves or
 * isolates (a private key, a key store, the anchor's key hash, a measurement register, the I/O firewall
 * configuration), whatever the design marks.
 *
 * It does not build a graph. It asks, for each set of barriers an attacker might break (smallest sets first),
 * what the attacker then holds: a monotone fixpoint of components it runs as and assets it has reached. The
 * first set size at which an asset falls is its cost. What a component it runs as can do to an asset is not
 * read from the design's access list but taken from the emulator: the compromised component's program
 * (emulator/boot/compromised-component.ts) tries every read and write on a provisioned device, and the hardware
 * (Pluton's mailbox, the bus controller, the eFuse controller) grants or refuses it. Where the emulated device
 * has no door for an asset (a measurement register in Pluton, a counter raised only by the boot), the device's
 * own access controller (emulator/boot/access-rules.ts) answers, and a one-time-programmable asset is never
 * written.
 *
 * The rules of movement, read from the design's documentation (platform-design.ts) and not from the graph's code:
 *  - an attacker starts as each component it controls (one start each), or as nothing;
 *  - with the flash, it replaces any stage's image once every check that stage makes is broken, a check being as
 *    strong as the signer it needs forged (a manifest hash under a key that also signs images falls with the signature;
 *    a barrier broken once is broken everywhere), and reaches a critical flash asset past that asset's physical barriers, of
 *    which only a kind of check some stage of the boot makes stands (the profile's physical-barriers-checked, on
 *    unless false: a barrier name no boot check carries is a word, and the flash writer walks past it); code a
 *    component runs from a flash asset (an execute right on it) is rewritten past the same standing barriers, and the
 *    flash writer then holds that component;
 *  - derived exploitability: a component that loads a stage, or may read an asset kept in flash, parses what the
 *    flash writer wrote, and a network-facing one parses the network: breaking that component ("exploit" of it,
 *    one barrier per component whatever the input) gives it, unless the design excepts it for that input; a
 *    loader taken over through the flash gives every stage it goes on to load, at any depth; a component whose image
 *    is the Wi-Fi firmware or the OS services (image types WifiFirmware, Services: the radio's frames, the
 *    networking and TLS stack, facts §3.3, §3.5) parses the network whatever the design marks (the profile's
 *    network-facing-by-image-type); and an exception counts only for flash input, from a component that checks a
 *    signature on every stage it loads (the profile's exceptions-flash-only: nobody signs network traffic or a
 *    partner's messages, and a verify-then-parse claim needs something signed to verify: every stage it loads under a
 *    signature check, every flash asset it reads behind a standing "signature" barrier);
 *  - a listed exploit from an attacker (each of its starts) or a held component gives its target for its barrier;
 *  - a held component holds what runs below it on its core: a secure-world component holds a normal-world one of
 *    no higher privilege, and within a world a higher privilege holds a lower one (the normal world never holds
 *    the secure world); two components level with each other in one world above user mode (supervisor and
 *    bare-metal count alike: the core's privileged mode) hold each other, since nothing inside that mode walls
 *    one off from the other;
 *  - escalation (the profile's defense-in-depth.layer-escalation, on unless false): a held component sends requests
 *    to each layer directly above it on its core (one that sits above it with nothing else sitting between them: the
 *    app's kernel, the kernel's monitor, never the app's monitor) and, breaking that layer ("exploit" of it, the same
 *    one barrier), holds it, whatever exploits the design lists and whatever exceptions it states;
 *  - a held component that may write an asset another component may execute holds that component (read from the
 *    design's access list: the emulated device has no door for code memory);
 *  - derived exploitability again: a held component that may write memory, storage, a failure log (records the
 *    uploader parses) or a register in the I/O registers (a FIFO: what carries messages) another component may read is writing that reader's input, so breaking the reader ("exploit" of it)
 *    gives it; from the access list too, and no exception counts but the reader's flash one on an asset in flash
 *    (what it claims for the flash writer's bytes it claims for any writer's), and that one not for a writer that may
 *    read, write or use the private key the asset names as its signer (signedBy): it signs what it writes, and the
 *    check passes it (mirrors model/platform/asset-signer.ts, s36);
 *  - an asset is reached by writing it, and by reading it too when its contents are secret (a secret replaced is
 *    one the attacker chose); the emulated device refuses a write of a one-time-programmable asset. A secret key (a
 *    private key or a key store) is reached by using it too, by a component that is not Pluton's own firmware (on the
 *    Pluton core, not marked untrusted, not an app image): Pluton signs for it, or, for a key outside Pluton, the
 *    emulated device has no use request and the design's grant is taken (software that signs fetches the bytes).
 *    Pluton's firmware using its keys is the vault itself. Mirrors model/platform/attack-graph.ts usesAsOracle (s36).
 */
import { runCompromisedComponent, type AccessAttempt } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import type { PlatformAsset, PlatformComponent, PlatformDesign } from '../../model/platform/platform-design.js';

export interface ReachOptions {
  derivedExploitability: boolean;
  trustAssetsCritical: boolean;
  /** Costs above this are reported as Infinity-or-more ("beyond"): the enumeration stops there. */
  maxCost: number;
  /** The profile's defense-in-depth.network-facing-by-image-type (on unless false): see the header. */
  networkFacingByImageType?: boolean;
  /** The profile's defense-in-depth.exceptions-flash-only (on unless false): see the header. */
  exceptionsFlashOnly?: boolean;
  /** The profile's defense-in-depth.layer-escalation (on unless false): see the header. */
  layerEscalation?: boolean;
  /** The profile's defense-in-depth.physical-barriers-checked (on unless false): see the header. */
  physicalBarriersChecked?: boolean;
}

/** One attacker start: the design's attacker, and the component it runs as from the start (if any). */
export interface ReachStart {
  attacker: string;
  startsAs?: string;
}

/** What a running component can do to an asset at run time: `${component} ${right} ${asset}` for every granted attempt. */
export type RuntimeGrants = ReadonlySet<string>;

/** Runs the compromised component's program for every component on its own clone of the lab's provisioned device. */
export function runtimeGrants(lab: BootLab, assets: readonly PlatformAsset[]): { grants: Set<string>; attempts: AccessAttempt[] } {
  const design = lab.design;
  const grants = new Set<string>();
  const attempts: AccessAttempt[] = [];
  for (const component of design.components) {
    const done = runCompromisedComponent(lab.factoryDevice.clone(), component.id, assets, lab.attacker.compromisedProgram(new Uint8Array([0x51, 0x55, 0x4f, 0x54, 0x45])));
    attempts.push(...done);
    for (const attempt of done) {
      const asset = assets.find((a) => a.id === attempt.asset)!;
      const noDoor = (attempt.outcome === 'refused' && noDoorFor(attempt)) || (attempt.outcome === 'no-such-operation' && attempt.right === 'use');
      const granted = attempt.outcome === 'granted' || (noDoor && lab.factoryDevice.profile.access.decide(component.id, asset.id, attempt.right).granted && !(attempt.right === 'write' && asset.oneTimeProgrammable));
      if (granted) grants.add(`${component.id} ${attempt.right} ${asset.id}`);
    }
  }
  return { grants, attempts };
}

/** Pluton's own firmware, own reading: on the Pluton core, not marked untrusted, and not loaded from an app image. */
function ownFirmwareOfPluton(c: PlatformComponent): boolean {
  return c.core === 'Pluton' && c.untrusted !== true && c.imageType !== 'Applications';
}

/** The emulated device has no request for this asset at all (not a refusal by the access controller). */
function noDoorFor(attempt: AccessAttempt): boolean {
  return /Pluton holds no key|is not a programmable field/.test(attempt.detail);
}

/** Every start of the design's attackers. */
export function reachStarts(design: PlatformDesign): ReachStart[] {
  return design.attackers.flatMap((a) => (a.controls.length ? a.controls.map((c) => ({ attacker: a.id, startsAs: c })) : [{ attacker: a.id }]));
}

const LEVEL: Record<PlatformComponent['privilege'], number> = { user: 1, 'bare-metal': 2, supervisor: 2, firmware: 3, rom: 4 };

/** Whether holding `over` gives `under`: same core, and `over` sits higher (secure world counts half a level up). */
export function sitsAbove(over: PlatformComponent, under: PlatformComponent): boolean {
  if (over.id === under.id || over.core !== under.core) return false;
  if (over.world === 'normal' && under.world === 'secure') return false;
  const score = (c: PlatformComponent) => 2 * LEVEL[c.privilege] + (c.world === 'secure' ? 1 : 0);
  return score(over) > score(under);
}

/** The layers `under` sends its requests to: each that sits above it with nothing else sitting between them (see the header). */
export function layersTakingRequests(design: PlatformDesign, under: PlatformComponent): PlatformComponent[] {
  const above = design.components.filter((over) => sitsAbove(over, under));
  return above.filter((over) => !above.some((between) => sitsAbove(over, between)));
}

/** Whether holding `a` gives `b` by standing level with it: same core and world, one level above user mode (the core's privileged mode has no wall inside it). */
function levelWith(a: PlatformComponent, b: PlatformComponent): boolean {
  return a.id !== b.id && a.core === b.core && a.world === b.world && LEVEL[a.privilege] === LEVEL[b.privilege] && LEVEL[a.privilege] >= 2;
}

/**
 * For each start and each critical asset, the fewest barriers that let the start reach it (Infinity when none
 * do, or when more than options.maxCost would be needed).
 */
const DECIDES_TRUST: ReadonlySet<PlatformAsset['kind']> = new Set<PlatformAsset['kind']>(['private-key', 'key-store', 'key-hash', 'firewall-config']);

/** A register some stage is measured into, or one kept outside the I/O registers (where a register is a FIFO): own reading of model/platform/measurement-register.ts. */
const measures = (design: PlatformDesign, a: PlatformAsset): boolean => a.kind === 'register' && (design.boot.some((s) => s.measurement?.register === a.id) || a.location !== 'io-registers');

/** The assets an attacker is searched towards (see the header). */
export function reachGoals(design: PlatformDesign, trustAssetsCritical: boolean): PlatformAsset[] {
  return design.assets.filter((a) => a.critical || (trustAssetsCritical && (DECIDES_TRUST.has(a.kind) || measures(design, a))));
}

export function cheapestReach(design: PlatformDesign, grants: RuntimeGrants, options: ReachOptions): Map<string, number> {
  const components = new Map(design.components.map((c) => [c.id, c]));
  const critical = reachGoals(design, options.trustAssetsCritical);
  const criticalIds = new Set(critical.map((a) => a.id));
  const flashOnly = options.exceptionsFlashOnly ?? true;
  const signsAllItLoads = (component: string) => design.boot.filter((s) => s.loadedBy === component).every((s) => s.checks.some((c) => c.kind === 'signature'));
  // What stands between the flash writer and a flash asset: its barrier names, or only those a boot check carries.
  const checkedKinds = new Set<string>(design.boot.flatMap((st) => st.checks.map((c) => c.kind)));
  // A check is as strong as the signer the attacker must forge to pass it (platform-design.ts BootCheck.key: the key a
  // signature check uses, or that signed the manifest a hash check compares with). Keys that sign images stand for the
  // signature barrier: a manifest one of them signs is forged with it, so its hash check is that barrier too. Only a
  // manifest under a key that signs no image is a barrier of its own.
  const imageSigners = new Set(design.boot.flatMap((st) => st.checks.filter((c) => c.kind === 'signature').map((c) => c.key)));
  const forgedAs = (c: { kind: string; key: string }) => (imageSigners.has(c.key) ? 'signature' : c.kind);
  // An asset's barrier names no key: its manifest hash is forged with an image signer when some manifest of the boot is.
  const manifestsByImageSigner = design.boot.some((st) => st.checks.some((c) => c.kind === 'manifest-hash' && imageSigners.has(c.key)));
  const standing = (a: PlatformAsset) => [
    ...new Set((a.physicalBarriers ?? []).filter((b) => options.physicalBarriersChecked === false || checkedKinds.has(b)).map((b) => (options.physicalBarriersChecked !== false && b === 'manifest-hash' && manifestsByImageSigner ? 'signature' : b))),
  ];
  // A flash asset it reads is signed when a signature barrier stands before it (see `standing` below).
  const readsOnlySigned = (component: string) =>
    design.access.filter((r) => r.component === component && r.rights.includes('read')).every((r) => {
      const a = design.assets.find((x) => x.id === r.asset);
      return !a || a.location !== 'flash' || standing(a).includes('signature');
    });
  const excepted = (component: string, input: string) =>
    (!flashOnly || (input === 'flash' && signsAllItLoads(component) && readsOnlySigned(component))) &&
    (design.exploitExceptions ?? []).some((e) => e.component === component && e.input === input);
  const NETWORK_IMAGES = ['WifiFirmware', 'Services'];
  // A barrier is named by a string the design (or, for a derived exploit, the documented exploit:<id>) gives it:
  // the same name anywhere is the same barrier, broken once.
  const exploitOf = (component: string) => `exploit:${component}`;

  // Who parses what the flash writer wrote, and who parses the network (derived exploitability).
  const flashParsers = new Set<string>();
  const networkParsers = new Set<string>();
  if (options.derivedExploitability) {
    for (const stage of design.boot) flashParsers.add(stage.loadedBy);
    for (const rule of design.access) {
      const asset = design.assets.find((a) => a.id === rule.asset);
      if (asset?.location === 'flash' && rule.rights.includes('read')) flashParsers.add(rule.component);
    }
    for (const c of design.components) if (c.networkFacing || ((options.networkFacingByImageType ?? true) && NETWORK_IMAGES.includes(c.imageType ?? ''))) networkParsers.add(c.id);
    for (const set of [flashParsers, networkParsers]) for (const id of [...set]) if (!components.has(id)) set.delete(id);
    for (const id of [...flashParsers]) if (excepted(id, 'flash')) flashParsers.delete(id);
    for (const id of [...networkParsers]) if (excepted(id, 'network')) networkParsers.delete(id);
  }
  const stageKinds = design.boot.map((s) => ({ image: s.image, loader: s.loadedBy, kinds: [...new Set(s.checks.map(forgedAs))] }));
  /** Everything a loader taken over at boot goes on to load, at any depth. */
  const bootedBy = (loader: string): string[] => {
    const out = new Set<string>();
    let grew = true;
    while (grew) {
      grew = false;
      for (const s of stageKinds) {
        if (s.image !== loader && !out.has(s.image) && (s.loader === loader || out.has(s.loader))) {
          out.add(s.image);
          grew = true;
        }
      }
    }
    return [...out];
  };

  // Escalation: the layers each component sends its requests to (see the header).
  const requestsGoTo = new Map<string, PlatformComponent[]>();
  if (options.layerEscalation ?? true) {
    for (const under of design.components) requestsGoTo.set(under.id, layersTakingRequests(design, under));
  }

  const universe = new Set<string>();
  for (const s of stageKinds) s.kinds.forEach((k) => universe.add(k));
  for (const a of critical) if (a.location === 'flash') standing(a).forEach((b) => universe.add(b));
  for (const x of design.access) {
    const a = design.assets.find((y) => y.id === x.asset);
    if (a?.location === 'flash' && x.rights.includes('execute')) standing(a).forEach((b) => universe.add(b));
  }
  for (const id of [...flashParsers, ...networkParsers]) universe.add(exploitOf(id));
  for (const e of design.exploits) universe.add(e.barrier);
  for (const targets of requestsGoTo.values()) for (const t of targets) universe.add(exploitOf(t.id));
  // Whether a writer gets what it writes past the reader's signature check: the asset (or a key store's image) names as
  // its signer a private key of the design the writer may read, write or use. A key of /keys signs off the device, and
  // an unstated signer is taken as the graph's default takes it (covered), which defense-in-depth reports as a gap.
  const signsFor = (writer: string, a: PlatformAsset) => {
    const signer = a.signedBy ?? a.signedImage?.signedBy;
    const key = design.assets.find((x) => x.id === signer && x.kind === 'private-key');
    return key !== undefined && design.access.some((x) => x.component === writer && x.asset === key.id && x.rights.some((right) => right === 'read' || right === 'write' || right === 'use'));
  };
  // Who reads what another may write, memory, storage or an I/O register (see the header): [writer, reader] by asset.
  const fedBy: [string, string][] = [];
  if (options.derivedExploitability) {
    for (const w of design.access) {
      const a = design.assets.find((x) => x.id === w.asset);
      if (!a || !(a.kind === 'memory-region' || a.kind === 'storage' || a.kind === 'failure-log' || (a.kind === 'register' && a.location === 'io-registers')) || !w.rights.includes('write')) continue;
      for (const r of design.access) {
        if (r.asset !== a.id || r.component === w.component || !r.rights.includes('read') || !components.has(r.component)) continue;
        if (a.location === 'flash' && excepted(r.component, 'flash') && !signsFor(w.component, a)) continue;
        fedBy.push([w.component, r.component]);
        universe.add(exploitOf(r.component));
      }
    }
  }
  const barriers = [...universe].sort();

  const result = new Map<string, number>();
  for (const start of reachStarts(design)) {
    const attacker = design.attackers.find((a) => a.id === start.attacker)!;
    const open = new Set(critical.map((a) => a.id));
    for (let size = 0; size <= Math.min(options.maxCost, barriers.length) && open.size > 0; size++) {
      for (const broken of subsetsOfSize(barriers, size)) {
        const reached = holdings(broken);
        for (const id of [...open]) {
          if (reached.has(id)) {
            result.set(`${startKey(start)} ${id}`, size);
            open.delete(id);
          }
        }
        if (open.size === 0) break;
      }
    }
    for (const id of open) result.set(`${startKey(start)} ${id}`, Infinity);

    function holdings(broken: ReadonlySet<string>): Set<string> {
      const held = new Set<string>();
      const reached = new Set<string>();
      const take = (id: string) => {
        if (components.has(id)) held.add(id);
        else if (criticalIds.has(id)) reached.add(id);
      };
      const listed = (barrier: string) => broken.has(barrier);
      if (start.startsAs) take(start.startsAs);
      if (attacker.writesFlash) {
        for (const s of stageKinds) if (s.kinds.every((k) => broken.has(k))) take(s.image);
        for (const a of critical) if (a.location === 'flash' && standing(a).every((b) => broken.has(b))) reached.add(a.id);
        for (const x of design.access) {
          const a = design.assets.find((y) => y.id === x.asset);
          if (a?.location === 'flash' && x.rights.includes('execute') && standing(a).every((b) => broken.has(b))) take(x.component);
        }
        for (const p of flashParsers) {
          if (!broken.has(exploitOf(p))) continue;
          take(p);
          bootedBy(p).forEach(take);
        }
      }
      if (attacker.network) for (const p of networkParsers) if (broken.has(exploitOf(p))) take(p);
      for (const e of design.exploits) if (e.from === attacker.id && listed(e.barrier)) take(e.to);
      let before = -1;
      while (held.size + reached.size !== before) {
        before = held.size + reached.size;
        for (const id of [...held]) {
          for (const other of design.components) if (sitsAbove(components.get(id)!, other) || levelWith(components.get(id)!, other)) held.add(other.id);
          for (const over of requestsGoTo.get(id) ?? []) if (broken.has(exploitOf(over.id))) held.add(over.id);
          // Writing what another component executes runs the writer's code as that component.
          for (const w of design.access) {
            if (w.component !== id || !w.rights.includes('write')) continue;
            for (const x of design.access) if (x.asset === w.asset && x.component !== id && x.rights.includes('execute') && components.has(x.component)) held.add(x.component);
          }
          for (const [writer, reader] of fedBy) if (writer === id && broken.has(exploitOf(reader))) held.add(reader);
          for (const e of design.exploits) if (e.from === id && listed(e.barrier)) take(e.to);
          for (const a of critical) {
            if (grants.has(`${id} write ${a.id}`) || (a.secret && grants.has(`${id} read ${a.id}`))) reached.add(a.id);
            if (a.secret && (a.kind === 'private-key' || a.kind === 'key-store') && !ownFirmwareOfPluton(components.get(id)!) && grants.has(`${id} use ${a.id}`)) reached.add(a.id);
          }
        }
      }
      return reached;
    }
  }
  return result;
}

export const startKey = (s: ReachStart): string => (s.startsAs ? `${s.attacker}@${s.startsAs}` : s.attacker);

function* subsetsOfSize(items: readonly string[], size: number, from = 0, chosen: string[] = []): Generator<Set<string>> {
  if (chosen.length === size) {
    yield new Set(chosen);
    return;
  }
  for (let i = from; i <= items.length - (size - chosen.length); i++) yield* subsetsOfSize(items, size, i + 1, [...chosen, items[i]!]);
}

