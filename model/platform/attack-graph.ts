/**
 * The attack graph of a platform design, for defense in depth. Nodes are attackers (one node per
 * component an attacker starts as), components, critical assets and, once the product joins
 * (product-attack-graph.ts), apps and product resources. An edge is either free (an attacker runs as
 * its own app; a component uses its access rights; a more privileged component controls what runs
 * below it on its core, and two components in one privileged mode of one core control each other) or needs barriers broken (an exploit; rewriting an image in flash past its
 * boot checks). A loader exploited through the images it reads from flash is taken over while the
 * device boots, so that one exploit also gives every stage it goes on to load. An attacker reaches any asset by
 * writing it, and a secret one by reading it too (goalRights), a secret key by using it too from outside Pluton's own
 * firmware (usesAsOracle); one-time-programmable assets cannot be written at all (a secret one is still read).
 *
 * Exploitability is derived, not only listed (requirement defense-in-depth.derived-exploitability):
 * every component that parses attacker-controlled input (attack-surface.ts) is exploitable by the
 * attacker who controls that input, one barrier per component, unless the design states an exception
 * the profile accepts (attack-surface.ts: under defense-in-depth.exceptions-flash-only, flash input
 * only, verified before it is parsed). The exploits the design lists are added on top.
 *
 * Escalation is derived too (requirement defense-in-depth.layer-escalation): a component takes requests from the
 * layers directly below it on its core (a kernel the system calls of the apps and services it runs, a secure
 * monitor the secure calls of the kernel), so a compromised lower layer can exploit the layer directly above it,
 * one barrier (the same exploit:<id> as any other exploit of that component), whether or not the design lists the
 * exploit. Only the layer directly above: a user app cannot issue a secure monitor call itself, it needs the kernel
 * first. No exception applies: requests are signed by nobody.
 *
 * The cost of a path is the number of distinct barriers on it: breaking one barrier (say, forging
 * an image signature) helps everywhere that barrier stands, so it counts once. A boot check is as strong as the signer
 * it needs forged: a manifest hash under a key that also signs images falls with the signature (attack-surface.ts
 * signerBarrier), so a stage checked by both under one key is one barrier to the flash writer, not two. Z3 minimises this in
 * proofs/; minimumCompromises() below is the exhaustive reference the solver is checked against.
 */
import { reachPointer, reachRules } from './bus-masters.js';
import { exploitBarrier, exploitException, flashCodeExecuted, signerBarrier, PHYSICAL_BARRIERS_CHECKED, physicalBarriersOf, platformParsers, refusedException, type AttackSurfaceRules } from './attack-surface.js';
import { isCriticalAsset } from './critical-assets.js';
import { dataPaths } from './data-paths.js';
import { isPlutonFirmware } from './pluton-firmware.js';
import { statedSigner, writerSigning } from './asset-signer.js';
import type { AttackerInput, ExploitException, PlatformAsset, PlatformComponent, PlatformDesign, Privilege } from './platform-design.js';

export type AttackNodeKind = 'attacker' | 'component' | 'asset' | 'app' | 'resource';

export interface AttackNode {
  kind: AttackNodeKind;
  id: string;
  /** For people; the id when absent. */
  name?: string;
}

export interface AttackEdge {
  from: string;
  to: string;
  barriers: string[];
  description: string;
  /** Where the input says so: "file /pointer" (a manifest entry, a design rule). */
  where?: string;
  /** The profile requirement that puts the edge there when the design does not (LAYER_ESCALATION). */
  rule?: string;
  /** Put there by the product (its manifests, its product file), not by the platform design (product-attack-graph.ts). */
  product?: boolean;
}

export interface AttackGoal {
  id: string;
  name: string;
  /** A critical asset of the platform design, or a critical resource of the product file. */
  origin: 'platform' | 'product';
  /** Where it is declared critical ("file /pointer"), for product goals. */
  where?: string;
}

/** An attacker as it enters the graph: one node per component it starts as (or one, when it starts as none). */
export interface AttackerStart {
  /** The graph node. */
  id: string;
  /** The design's attacker entry. */
  attacker: string;
  name: string;
  /** The component it runs as from the start, if any. */
  startsAs?: string;
}

/** An exception the design states, and whether it applied (the component parses that input at all, and the profile accepts it). */
export interface AppliedException extends ExploitException {
  applied: boolean;
  what?: string;
  /** Why the profile does not accept it (attack-surface.ts refusedException); the component stays exploitable. */
  refused?: string;
}

export interface AttackGraph {
  nodes: AttackNode[];
  edges: AttackEdge[];
  /** Attacker node ids (see starts). */
  attackers: string[];
  goals: AttackGoal[];
  starts?: AttackerStart[];
  /** The design's exploit exceptions, each with whether it removed a derived exploit. */
  exceptions?: AppliedException[];
  /** Writers of a signed flash asset whose excepted reader's check may or may not pass their content: the design does not say who signs it (asset-signer.ts). */
  unstatedSigners?: UnstatedSigner[];
}

/** A writer of a flash asset with no stated signer, and the excepted reader that parses it. */
export interface UnstatedSigner {
  asset: string;
  writer: string;
  reader: string;
  /** Index of the asset in the design's assets (its pointer /assets/<i>/signedBy). */
  assetIndex: number;
}

export interface AttackGraphOptions extends AttackSurfaceRules {
  /** Derive an exploit for every parser of attacker-controlled input (default: true). */
  derivedExploitability?: boolean;
  /** Every asset whose kind decides trust is critical, whatever the design marks (critical-assets.ts; default: true). */
  trustAssetsCritical?: boolean;
  /** A compromised layer can exploit the layer directly above it on its core, listed or not (LAYER_ESCALATION; default: true). */
  layerEscalation?: boolean;
  /**
   * A writer of a signed flash asset whose signer the design leaves out can get its content signed (default: false;
   * a set: only for these assets). defense-in-depth builds the graph both ways and is unknown where they differ
   * (asset-signer.ts, properties/defense-in-depth/signer-gaps.ts).
   */
  unstatedSignersSign?: boolean | ReadonlySet<string>;
}

function unstatedSignerSigns(option: AttackGraphOptions['unstatedSignersSign'], asset: string): boolean {
  return option === true || (typeof option === 'object' && option.has(asset));
}

export const LAYER_ESCALATION = 'defense-in-depth.layer-escalation';
export const DERIVED_EXPLOITABILITY = 'defense-in-depth.derived-exploitability';

export function goalRight(asset: PlatformAsset): 'read' | 'write' {
  return asset.secret ? 'read' : 'write';
}

/**
 * Every right that reaches the asset: writing it, and for a secret reading it too. A secret replaced is as lost as a
 * secret read: whoever writes the device's private key chooses the key the device proves its identity with, and knows
 * it (before s35 only the read counted, and an app that may replace the identity key left it at two compromises). A
 * one-time-programmable asset is never written.
 */
export function goalRights(asset: PlatformAsset): ('read' | 'write')[] {
  const rights: ('read' | 'write')[] = asset.secret ? ['read', 'write'] : ['write'];
  return asset.oneTimeProgrammable ? rights.filter((r) => r !== 'write') : rights;
}

/**
 * Whether a `use` right reaches a secret key (a private key or a key store): when the component using it is not Pluton's
 * own firmware (model/platform/pluton-firmware.ts). Such a component has the key sign (or decrypt) what it chooses, a
 * quote of a boot that never ran, a handshake as the device; outside Pluton it holds the key's bytes as well
 * (key-use.ts useHoldsKeyBytes). That is hardware-root-of-trust's private-keys-confined rule (only the security
 * subsystem's own firmware may use a private key) and compartmentalization's appsUsingOthersKeys, read here so the
 * attacker who holds that component holds the key. Pluton's own firmware using its keys is the vault at work: what an
 * attacker who takes it over gets of the key is the design's to state (the built-in design's hardware-key-vault
 * exploit, extraction by side channel or glitch), as before. Before (s36) no use reached a key, and a defended design
 * whose app slot may have Pluton sign with the identity key held with the key at two compromises.
 */
export function usesAsOracle(design: Pick<PlatformDesign, 'components'>, component: string, asset: PlatformAsset, rights: readonly string[]): boolean {
  if (!rights.includes('use') || !asset.secret || !KEY_KINDS.has(asset.kind)) return false;
  const user = design.components.find((c) => c.id === component);
  return user !== undefined && !isPlutonFirmware(user);
}

/** The asset kinds a use right operates (platform.schema.json /access/rights). */
const KEY_KINDS: ReadonlySet<PlatformAsset['kind']> = new Set<PlatformAsset['kind']>(['private-key', 'key-store']);

const PRIVILEGE_RANK: Record<Privilege, number> = { rom: 4, firmware: 3, supervisor: 2, user: 1, 'bare-metal': 2 };

/** Whether `over` runs above `under` on the same core: higher privilege, and the same world or the secure one. */
export function controlsByPrivilege(over: PlatformComponent, under: PlatformComponent): boolean {
  if (over.id === under.id || over.core !== under.core) return false;
  const rankOver = PRIVILEGE_RANK[over.privilege];
  const rankUnder = PRIVILEGE_RANK[under.privilege];
  if (over.world === under.world) return rankOver > rankUnder;
  return over.world === 'secure' && rankOver >= rankUnder;
}

/**
 * Whether `a` and `b` run in one privileged mode on one core: the same world and the same privilege, above user mode
 * (supervisor and bare-metal are both the core's privileged mode). Nothing in the hardware separates two such
 * components: each may map, or write, the other's memory (a kernel moved into the secure world sits beside the secure
 * monitor, a services daemon built into the kernel is the kernel), so a compromise of either is a compromise of both.
 * User-mode components are kept apart by the layer above them (the kernel's address spaces), which the design's
 * exploits and app isolation describe; controlsByPrivilege's strict order is kept for layersAbove.
 */
export function sharesPrivilegedMode(a: PlatformComponent, b: PlatformComponent): boolean {
  if (a.id === b.id || a.core !== b.core || a.world !== b.world) return false;
  const rank = PRIVILEGE_RANK[a.privilege];
  return rank === PRIVILEGE_RANK[b.privilege] && rank > PRIVILEGE_RANK.user;
}

/**
 * The layers directly above `under` on its core, the ones it makes requests to: every component that runs above it
 * (controlsByPrivilege) with no other such component between the two. An app's is the kernel, the kernel's the
 * secure monitor; never the secure monitor for the app, since the kernel stands between them.
 */
export function layersAbove(design: PlatformDesign, under: PlatformComponent): PlatformComponent[] {
  const above = design.components.filter((over) => controlsByPrivilege(over, under));
  return above.filter((over) => !above.some((between) => controlsByPrivilege(over, between)));
}

export function buildAttackGraph(design: PlatformDesign, options: AttackGraphOptions = {}): AttackGraph {
  const derived = options.derivedExploitability ?? true;
  const critical = (asset: PlatformAsset) => isCriticalAsset(asset, options.trustAssetsCritical ?? true, design);
  const edges: AttackEdge[] = [];
  const component = (id: string) => design.components.find((c) => c.id === id);
  const nameOf = (id: string) => component(id)?.name ?? design.assets.find((a) => a.id === id)?.name ?? id;

  const starts: AttackerStart[] = design.attackers.flatMap((a) =>
    a.controls.length === 0 ? [{ id: a.id, attacker: a.id, name: a.name }] : a.controls.map((c) => ({ id: `${a.id}@${c}`, attacker: a.id, name: `${a.name}, as ${nameOf(c)}`, startsAs: c })),
  );
  const parsers = platformParsers(design, options);
  const exceptions: AppliedException[] = (design.exploitExceptions ?? []).map((e) => {
    const parsed = parsers.find((p) => p.component === e.component && p.input === e.input);
    const refused = refusedException(design, e, options);
    return { ...e, applied: parsed !== undefined && refused === undefined, ...(parsed ? { what: parsed.what } : {}), ...(refused ? { refused } : {}) };
  });
  const exploitable = (id: string, input: AttackerInput) => derived && !exploitException(design, id, input, options);

  for (const start of starts) {
    const a = design.attackers.find((x) => x.id === start.attacker)!;
    if (start.startsAs) edges.push({ from: start.id, to: start.startsAs, barriers: [], description: `${a.name} runs as ${nameOf(start.startsAs)}` });
    if (a.writesFlash) {
      for (const stage of design.boot) {
        const barriers = [...new Set(stage.checks.map((c) => signerBarrier(design, c)))];
        edges.push({ from: start.id, to: stage.image, barriers, description: `rewrite the ${stage.image} image in flash and get past ${barriers.length ? barriers.join(' and ') : 'no check'}` });
      }
      for (const asset of design.assets) {
        if (asset.location === 'flash' && critical(asset)) {
          const { counted, refused } = physicalBarriersOf(design, asset, options);
          const uncounted = refused.length ? ` (${PHYSICAL_BARRIERS_CHECKED}: ${refused.join(', ')} not counted, no boot check of that kind)` : '';
          edges.push({ from: start.id, to: asset.id, barriers: counted, description: `${goalRight(asset)} ${asset.name} directly in flash${uncounted}`, ...(refused.length ? { rule: PHYSICAL_BARRIERS_CHECKED } : {}) });
        }
      }
      // Code a component runs from flash outside the boot chain (an overlay, a module): the flash writer rewrites it and
      // holds that component past the asset's counted physical barriers alone, as any writer of code another runs does
      // below; no boot check stands there, only what the design names and the profile counts.
      for (const { component, asset, counted, refused } of flashCodeExecuted(design, options)) {
        const uncounted = refused.length ? ` (${PHYSICAL_BARRIERS_CHECKED}: ${refused.join(', ')} not counted, no boot check of that kind)` : '';
        edges.push({ from: start.id, to: component, barriers: counted, description: `rewrite ${asset.name} in flash, which ${nameOf(component)} executes${counted.length ? `, past ${counted.join(' and ')}` : ''}${uncounted}` });
      }
      for (const p of parsers) {
        if (p.input !== 'flash' || !exploitable(p.component, 'flash')) continue;
        const exploit = `exploit ${nameOf(p.component)}'s parsing of ${p.what} (written by the attacker)`;
        edges.push({ from: start.id, to: p.component, barriers: [exploitBarrier(p.component)], description: exploit });
        // Taken over while it boots, a loader runs what it likes in every slot it loads, and so on down.
        for (const loaded of loadedBelow(design, p.component)) {
          edges.push({ from: start.id, to: loaded, barriers: [exploitBarrier(p.component)], description: `${exploit}: taken over during boot, it loads the attacker's image as ${nameOf(loaded)}` });
        }
      }
    }
    if (a.network) {
      for (const p of parsers) {
        if (p.input === 'network' && exploitable(p.component, 'network')) {
          edges.push({ from: start.id, to: p.component, barriers: [exploitBarrier(p.component)], description: `exploit ${nameOf(p.component)}'s parsing of ${p.what}` });
        }
      }
    }
  }
  for (const over of design.components) {
    for (const under of design.components) {
      if (controlsByPrivilege(over, under)) edges.push({ from: over.id, to: under.id, barriers: [], description: `${nameOf(over.id)} runs above ${nameOf(under.id)} on ${over.core} (${over.world} ${over.privilege} over ${under.world} ${under.privilege})` });
      else if (sharesPrivilegedMode(over, under)) edges.push({ from: over.id, to: under.id, barriers: [], description: `${nameOf(over.id)} runs beside ${nameOf(under.id)} on ${over.core}, in one privileged mode (${over.world} ${over.privilege}, ${under.world} ${under.privilege}): nothing in the hardware separates them` });
    }
  }
  // Memory or storage a component executes from is that component: whoever may write it decides what it runs (a DMA
  // path from a real-time core into the kernel's memory; compartmentalization reads the same rule for app slots,
  // model/platform/app-confinement.ts). Where the writer already runs above it, the privilege edge says so.
  // A component reaches what the bus masters it programs reach (bus-masters.ts): a DMA write is its write.
  const reach = reachRules(design);
  for (const rule of reach) {
    if (!rule.rights.includes('write')) continue;
    for (const runner of reach) {
      if (runner.asset !== rule.asset || runner.component === rule.component || !runner.rights.includes('execute')) continue;
      if (edges.some((e) => e.from === rule.component && e.to === runner.component && e.barriers.length === 0)) continue;
      edges.push({ from: rule.component, to: runner.component, barriers: [], description: `${nameOf(rule.component)} may write ${nameOf(rule.asset)}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : ''}, which ${nameOf(runner.component)} executes` });
    }
  }
  for (const e of design.exploits) {
    // An exploit from an attacker starts at each of its nodes.
    const from = starts.some((s) => s.attacker === e.from) ? starts.filter((s) => s.attacker === e.from).map((s) => s.id) : [e.from];
    for (const f of from) edges.push({ from: f, to: e.to, barriers: [e.barrier], description: e.description });
  }
  // After the listed exploits: where both give the same step at the same cost, the evidence shows the design's own.
  if (options.layerEscalation ?? true) {
    for (const under of design.components) {
      for (const over of layersAbove(design, under)) {
        edges.push({
          from: under.id,
          to: over.id,
          barriers: [exploitBarrier(over.id)],
          description: `exploit ${nameOf(over.id)}'s handling of requests from ${nameOf(under.id)}, the layer below it on ${over.core} (${LAYER_ESCALATION}: assumed whether or not the design lists it)`,
          rule: LAYER_ESCALATION,
        });
      }
    }
  }
  // Data one component writes and another parses (data-paths.ts): the writer, once held, exploits the reader. A
  // flash asset is the flash reader's input, whoever wrote it: the reader's flash exception, where the profile accepts
  // it, covers it as it covers the flash writer's bytes, unless the writer can get what it writes signed under the
  // key the reader checks (asset-signer.ts: it may use that key; or the design does not say who signs, and
  // `unstatedSignersSign` asks for the graph where it can). Memory is signed by nobody, so no exception covers it.
  const unstatedSigners: UnstatedSigner[] = [];
  if (derived) {
    // The writer's reach counts the bus masters it programs (bus-masters.ts): a mailbox its DMA engine fills is its input to the reader.
    for (const path of dataPaths(design)) {
      const asset = design.assets.find((a) => a.id === path.asset)!;
      let signed = '';
      if (asset.location === 'flash' && !exploitable(path.reader, 'flash')) {
        const signing = writerSigning(design, asset, path.writer);
        if (signing === 'unstated') unstatedSigners.push({ asset: asset.id, writer: path.writer, reader: path.reader, assetIndex: design.assets.indexOf(asset) });
        if (signing === 'cannot' || (signing === 'unstated' && !unstatedSignerSigns(options.unstatedSignersSign, asset.id))) continue;
        signed = signing === 'can' ? `, signing it under ${statedSigner(asset)}, which it may use, so the check before parsing passes it` : `, signing it (the design does not state who signs it, /assets/${design.assets.indexOf(asset)}/signedBy: taken to be able to)`;
      }
      if (edges.some((e) => e.from === path.writer && e.to === path.reader && e.barriers.length === 0)) continue;
      edges.push({
        from: path.writer,
        to: path.reader,
        barriers: [exploitBarrier(path.reader)],
        description: `exploit ${nameOf(path.reader)}'s parsing of ${asset.name}, which ${nameOf(path.writer)} may write${signed} (the design's ${reachPointer(design, path.writeRule)}; ${DERIVED_EXPLOITABILITY})`,
        rule: DERIVED_EXPLOITABILITY,
      });
    }
  }
  for (const rule of reach) {
    const asset = design.assets.find((a) => a.id === rule.asset);
    // One-time programmable stops writing, not reading: a secret burnt into eFuses is still read by whoever may read it.
    if (!asset || !critical(asset)) continue;
    const right = goalRights(asset).find((r) => rule.rights.includes(r)) ?? (usesAsOracle(design, rule.component, asset, rule.rights) ? 'use' : undefined);
    if (right) edges.push({ from: rule.component, to: asset.id, barriers: [], description: `${rule.component} may ${right} ${asset.name}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : ''}${right === 'use' ? ' (a use outside Pluton\'s own firmware: it signs, or holds the bytes, as the key\'s owner)' : ''}` });
  }
  const goals: AttackGoal[] = design.assets.filter(critical).map((a) => ({ id: a.id, name: a.name, origin: 'platform' }));
  const nodes: AttackNode[] = [
    ...starts.map((s) => ({ kind: 'attacker' as const, id: s.id, name: s.name })),
    ...design.components.map((c) => ({ kind: 'component' as const, id: c.id, name: c.name })),
    ...goals.map((g) => ({ kind: 'asset' as const, id: g.id, name: g.name })),
  ];
  return { nodes, edges: keepKnown(nodes, edges), attackers: starts.map((s) => s.id), goals, starts, exceptions, ...(unstatedSigners.length ? { unstatedSigners } : {}) };
}

/**
 * Every component `loader` loads, directly or through what it loads. A loader taken over while the
 * device boots decides all of them; one taken over later (at run time, through an interface) does
 * not, since they were verified and started before, so this is used for boot-time exploits only.
 */
export function loadedBelow(design: PlatformDesign, loader: string): string[] {
  const found: string[] = [];
  const queue = [loader];
  for (let i = 0; i < queue.length; i++) {
    for (const stage of design.boot) {
      if (stage.loadedBy === queue[i] && !found.includes(stage.image) && stage.image !== loader) {
        found.push(stage.image);
        queue.push(stage.image);
      }
    }
  }
  return found;
}

/** Edges whose ends are both nodes of the graph (an attack on a non-critical asset leads nowhere). */
export function keepKnown(nodes: readonly AttackNode[], edges: readonly AttackEdge[]): AttackEdge[] {
  const ids = new Set(nodes.map((n) => n.id));
  return edges.filter((e) => ids.has(e.from) && ids.has(e.to));
}

export interface CheapestAttack {
  attacker: string;
  asset: string;
  /** Distinct barriers on the cheapest path; Infinity when unreachable. */
  cost: number;
  path: AttackEdge[];
}

/**
 * Cheapest path from an attacker to an asset by distinct barriers, found by a search over
 * (node, barriers broken so far). Exact; fine for designs of a few dozen nodes and a cheapest attack
 * of a few barriers. An asset that no path reaches at all is answered first, by plain reachability,
 * so the search never enumerates barrier sets for it. `maxOpenStates` bounds the search's memory: past it the
 * search throws rather than answer (an answer cut short could be too high); tests lower it to reach the bound.
 */
export const MAX_OPEN_ATTACK_STATES = 200_000;

export function minimumCompromises(graph: AttackGraph, attacker: string, asset: string, maxOpenStates = MAX_OPEN_ATTACK_STATES): CheapestAttack {
  const unreachable = { attacker, asset, cost: Infinity, path: [] };
  const outgoing = outgoingEdges(graph);
  if (!reachableVia(outgoing, attacker).has(asset)) return unreachable;
  type State = { node: string; broken: Set<string>; path: AttackEdge[] };
  const best = new Map<string, number>();
  let frontier: State[] = [{ node: attacker, broken: new Set(), path: [] }];
  let answer: State | undefined;
  while (frontier.length > 0) {
    frontier.sort((a, b) => a.broken.size - b.broken.size || a.path.length - b.path.length);
    const state = frontier.shift()!;
    if (answer && state.broken.size >= answer.broken.size) break;
    if (state.node === asset) {
      answer = state;
      continue;
    }
    for (const edge of outgoing.get(state.node) ?? NO_EDGES) {
      if (edge.to === attacker || state.path.some((e) => e.from === edge.to)) continue;
      const broken = new Set([...state.broken, ...edge.barriers]);
      const key = `${edge.to}|${[...broken].sort().join(',')}`;
      if ((best.get(key) ?? Infinity) <= state.path.length + 1) continue;
      best.set(key, state.path.length + 1);
      frontier.push({ node: edge.to, broken, path: [...state.path, edge] });
    }
    if (frontier.length > maxOpenStates) throw new Error(`the exhaustive attack search from ${attacker} to ${asset} exceeded ${maxOpenStates} open states`);
  }
  return answer ? { attacker, asset, cost: answer.broken.size, path: answer.path } : unreachable;
}

/** Every node reachable from `from`, ignoring barriers. */
export function reachable(graph: AttackGraph, from: string): Set<string> {
  return reachableVia(outgoingEdges(graph), from);
}

/**
 * Each node's outgoing edges, in the graph's order: the searches walk a node's edges in the order they
 * would meet them scanning the whole list (so ties break the same way), without scanning it per step.
 */
function outgoingEdges(graph: AttackGraph): Map<string, AttackEdge[]> {
  const outgoing = new Map<string, AttackEdge[]>();
  for (const e of graph.edges) {
    const list = outgoing.get(e.from);
    if (list) list.push(e);
    else outgoing.set(e.from, [e]);
  }
  return outgoing;
}

const NO_EDGES: readonly AttackEdge[] = [];

function reachableVia(outgoing: ReadonlyMap<string, readonly AttackEdge[]>, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const e of outgoing.get(queue[i]!) ?? NO_EDGES) {
      if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}
