/**
 * Certifies a cheapest attack found by the exhaustive path search (model/platform/attack-graph.ts,
 * minimumCompromises) without Z3, by two checks that search nothing the way it does:
 *  - the witness: the path starts at the attacker, each edge starts where the last one ended, it ends
 *    at the asset, and its distinct barriers number exactly the claimed cost (an upper bound);
 *  - no cheaper attack: for every set of cost − 1 barriers, breaking just those leaves the asset
 *    unreachable by plain graph reachability (a lower bound). Breaking more barriers only opens more
 *    edges, so sets of exactly cost − 1 cover every smaller one. An unreachable asset (cost Infinity)
 *    is certified by breaking every barrier and still not reaching it.
 * This is the semantics the Z3 encoding (attack-min-cut.ts) states: a node is reached through an edge
 * from a reached node whose barriers are all broken. The lower bound enumerates barrier sets, so it
 * is done only while their number stays within `maxSets`; past it the graph is large, and Z3 decides.
 */
import type { AttackEdge, AttackGraph, CheapestAttack } from '../model/platform/attack-graph.js';

export type MinCutCertificate = { status: 'certified'; sets: number } | { status: 'too-large'; sets: number } | { status: 'refuted'; reason: string };

/** Default bound on the barrier sets the lower bound may enumerate per (attacker, asset). */
export const MAX_CERTIFIED_SETS = 20_000;

export function certifyCheapestAttack(graph: AttackGraph, cheapest: CheapestAttack, maxSets = MAX_CERTIFIED_SETS): MinCutCertificate {
  const barriers = [...new Set(graph.edges.flatMap((e) => e.barriers))].sort();
  const { attacker, asset, cost, path } = cheapest;
  if (cost === Infinity) {
    return reaches(graph, attacker, asset, new Set(barriers)) ? { status: 'refuted', reason: `${asset} is reachable from ${attacker} once every barrier is broken` } : { status: 'certified', sets: 1 };
  }
  const witness = witnessProblem(graph, attacker, asset, cost, path);
  if (witness) return { status: 'refuted', reason: witness };
  if (cost === 0) return { status: 'certified', sets: 0 };
  const sets = binomial(barriers.length, cost - 1);
  if (sets > maxSets) return { status: 'too-large', sets };
  for (const chosen of subsets(barriers, cost - 1)) {
    if (reaches(graph, attacker, asset, new Set(chosen))) return { status: 'refuted', reason: `breaking only ${chosen.join(', ') || 'nothing'} (${cost - 1}) already reaches ${asset} from ${attacker}` };
  }
  return { status: 'certified', sets };
}

function witnessProblem(graph: AttackGraph, attacker: string, asset: string, cost: number, path: readonly AttackEdge[]): string | undefined {
  let at = attacker;
  for (const edge of path) {
    if (!graph.edges.includes(edge)) return `the witness uses an edge ${edge.from} → ${edge.to} the graph does not have`;
    if (edge.from !== at) return `the witness jumps from ${at} to an edge out of ${edge.from}`;
    at = edge.to;
  }
  if (at !== asset) return `the witness ends at ${at}, not at ${asset}`;
  const broken = new Set(path.flatMap((e) => e.barriers));
  if (broken.size !== cost) return `the witness breaks ${broken.size} distinct barriers, not the claimed ${cost}`;
  return undefined;
}

/** Can `attacker` reach `asset` through edges whose barriers are all in `broken`? */
function reaches(graph: AttackGraph, attacker: string, asset: string, broken: ReadonlySet<string>): boolean {
  const seen = new Set([attacker]);
  const queue = [attacker];
  for (let i = 0; i < queue.length; i++) {
    for (const e of graph.edges) {
      if (e.from !== queue[i] || seen.has(e.to) || !e.barriers.every((b) => broken.has(b))) continue;
      if (e.to === asset) return true;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen.has(asset);
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

function* subsets<T>(items: readonly T[], k: number, start = 0, chosen: T[] = []): Generator<T[]> {
  if (chosen.length === k) {
    yield chosen;
    return;
  }
  for (let i = start; i <= items.length - (k - chosen.length); i++) yield* subsets(items, k, i + 1, [...chosen, items[i]!]);
}
