/**
 * The attack graph of a platform design, for defense in depth. Nodes are attacker entries,
 * components and critical assets; an edge is either free (an attacker controls its own app; a
 * component uses its access rights) or needs barriers broken (an exploit; rewriting an image in flash
 * past its boot checks). An attacker reaches a secret asset by reading it and any other asset by
 * writing it; one-time-programmable assets cannot be written at all.
 *
 * The cost of a path is the number of distinct barriers on it: breaking one barrier (say, forging
 * an image signature) helps everywhere that barrier stands, so it counts once. Z3 minimises this in
 * proofs/; minimumCompromises() below is the exhaustive reference the solver is checked against.
 */
import type { PlatformAsset, PlatformDesign } from './platform-design.js';

export type AttackNode = { kind: 'attacker' | 'component' | 'asset'; id: string };

export interface AttackEdge {
  from: string;
  to: string;
  barriers: string[];
  description: string;
}

export interface AttackGraph {
  nodes: AttackNode[];
  edges: AttackEdge[];
  attackers: string[];
  /** Critical assets: the goals. */
  goals: PlatformAsset[];
}

export function goalRight(asset: PlatformAsset): 'read' | 'write' {
  return asset.secret ? 'read' : 'write';
}

export function buildAttackGraph(design: PlatformDesign): AttackGraph {
  const edges: AttackEdge[] = [];
  for (const a of design.attackers) {
    for (const c of a.controls) edges.push({ from: a.id, to: c, barriers: [], description: `${a.name} runs as ${c}` });
    if (a.writesFlash) {
      for (const stage of design.boot) {
        const barriers = [...new Set(stage.checks.map((c) => c.kind))];
        edges.push({ from: a.id, to: stage.image, barriers, description: `rewrite the ${stage.image} image in flash and get past ${barriers.length ? barriers.join(' and ') : 'no check'}` });
      }
      for (const asset of design.assets) {
        if (asset.location === 'flash' && asset.critical) {
          edges.push({ from: a.id, to: asset.id, barriers: asset.physicalBarriers ?? [], description: `${goalRight(asset)} ${asset.name} directly in flash` });
        }
      }
    }
  }
  for (const e of design.exploits) edges.push({ from: e.from, to: e.to, barriers: [e.barrier], description: e.description });
  for (const rule of design.access) {
    const asset = design.assets.find((a) => a.id === rule.asset);
    if (!asset?.critical || asset.oneTimeProgrammable) continue;
    if (rule.rights.includes(goalRight(asset))) edges.push({ from: rule.component, to: asset.id, barriers: [], description: `${rule.component} may ${goalRight(asset)} ${asset.name}` });
  }
  const goals = design.assets.filter((a) => a.critical);
  const nodes: AttackNode[] = [
    ...design.attackers.map((a) => ({ kind: 'attacker' as const, id: a.id })),
    ...design.components.map((c) => ({ kind: 'component' as const, id: c.id })),
    ...goals.map((a) => ({ kind: 'asset' as const, id: a.id })),
  ];
  return { nodes, edges: edges.filter((e) => nodes.some((n) => n.id === e.to)), attackers: design.attackers.map((a) => a.id), goals };
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
 * (node, barriers broken so far). Exact; fine for designs of a few dozen nodes.
 */
export function minimumCompromises(graph: AttackGraph, attacker: string, asset: string): CheapestAttack {
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
    for (const edge of graph.edges) {
      if (edge.from !== state.node || state.path.some((e) => e.from === edge.to)) continue;
      const broken = new Set([...state.broken, ...edge.barriers]);
      const key = `${edge.to}|${[...broken].sort().join(',')}`;
      if ((best.get(key) ?? Infinity) <= state.path.length + 1) continue;
      best.set(key, state.path.length + 1);
      frontier.push({ node: edge.to, broken, path: [...state.path, edge] });
    }
  }
  return answer ? { attacker, asset, cost: answer.broken.size, path: answer.path } : { attacker, asset, cost: Infinity, path: [] };
}
