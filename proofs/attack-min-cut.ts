/**
 * The fewest independent compromises an attacker needs to reach an asset, proved with Z3 over the
 * attack graph of a platform design (model/platform/attack-graph.ts).
 *
 * Encoding: one Bool per barrier ("broken"), one Bool per node ("reached") and an Int rank per node;
 * the attacker's node is reached; a node is reached only through an edge from a reached node of lower
 * rank whose barriers are all broken (the ranks rule out circular justification); the asset is
 * reached. We then ask for at most k broken barriers for k = 0, 1, 2, …: the first satisfiable k is
 * the minimum, and the unsatisfiable k - 1 before it is Z3's proof that no cheaper attack exists. One
 * check without the bound comes first: when even breaking every barrier reaches nothing, that one
 * unsatisfiable check proves the asset unreachable.
 * Counting distinct barriers, not edges, is what makes compromises "independent": breaking one
 * barrier helps everywhere it stands.
 */
import type { AttackEdge, AttackGraph } from '../model/platform/attack-graph.js';
import { newSolver, timedCheck, type SolverOptions, type Z3Bool } from './z3-session.js';

export type MinCutProof =
  | { status: 'proved'; attacker: string; asset: string; cost: number; path: AttackEdge[]; timeMs: number }
  | { status: 'unknown'; attacker: string; asset: string; reason: string; timeMs: number };

/** The cheapest attack by one attacker on each of the given assets; one solver, each asset inside push/pop. */
export async function proveMinimumCompromises(graph: AttackGraph, attacker: string, assets: readonly string[], opts: SolverOptions = {}): Promise<MinCutProof[]> {
  const { ctx, solver } = await newSolver(opts);
  const barriers = [...new Set(graph.edges.flatMap((e) => e.barriers))];
  const broken = new Map(barriers.map((b) => [b, ctx.Bool.const(`broken:${b}`)]));
  const reached = new Map(graph.nodes.map((n) => [n.id, ctx.Bool.const(`reached:${n.id}`)]));
  const rank = new Map(graph.nodes.map((n) => [n.id, ctx.Int.const(`rank:${n.id}`)]));
  const edgeUsable = (e: AttackEdge) => ctx.And(reached.get(e.from)!, rank.get(e.from)!.lt(rank.get(e.to)!), ...e.barriers.map((b) => broken.get(b)!));

  solver.add(reached.get(attacker)!, rank.get(attacker)!.eq(0));
  for (const node of graph.nodes) {
    if (node.id === attacker) continue;
    const incoming = graph.edges.filter((e) => e.to === node.id && reached.has(e.from));
    solver.add(ctx.Implies(reached.get(node.id)!, incoming.length ? ctx.Or(...incoming.map(edgeUsable)) : ctx.Bool.val(false)));
  }
  const brokenVars = [...broken.values()] as Z3Bool[];
  const proofs: MinCutProof[] = [];
  for (const asset of assets) {
    const started = performance.now();
    solver.push();
    solver.add(reached.get(asset)!);
    let proof: MinCutProof = { status: 'proved', attacker, asset, cost: Infinity, path: [], timeMs: 0 };
    // First with every barrier breakable: unsatisfiable means no path at all, proved in one check.
    const anyPath = await timedCheck(solver);
    const first = anyPath.status === 'unsat' ? barriers.length + 1 : 0;
    if (anyPath.status === 'unknown') proof = { status: 'unknown', attacker, asset, reason: anyPath.reason, timeMs: 0 };
    for (let k = first; k <= barriers.length && proof.status === 'proved'; k++) {
      solver.push();
      if (brokenVars.length > 0) solver.add(ctx.AtMost(brokenVars as [Z3Bool, ...Z3Bool[]], k));
      const outcome = await timedCheck(solver);
      if (outcome.status === 'unknown') {
        solver.pop();
        proof = { status: 'unknown', attacker, asset, reason: outcome.reason, timeMs: 0 };
        break;
      }
      if (outcome.status === 'sat') {
        const model = solver.model();
        const isTrue = (b: Z3Bool) => model.eval(b, true).toString() === 'true';
        const rankOf = (id: string) => Number(model.eval(rank.get(id)!, true).toString());
        const usable = (e: AttackEdge) => isTrue(reached.get(e.from)!) && isTrue(reached.get(e.to)!) && rankOf(e.from) < rankOf(e.to) && e.barriers.every((b) => isTrue(broken.get(b)!));
        proof = { status: 'proved', attacker, asset, cost: k, path: walkBack(graph, attacker, asset, usable), timeMs: 0 };
        solver.pop();
        break;
      }
      solver.pop();
    }
    solver.pop();
    proofs.push({ ...proof, timeMs: performance.now() - started });
  }
  return proofs;
}

/** A path from attacker to asset through edges the model uses (ranks strictly increase, so this ends). */
function walkBack(graph: AttackGraph, attacker: string, asset: string, usable: (e: AttackEdge) => boolean): AttackEdge[] {
  const path: AttackEdge[] = [];
  let node = asset;
  while (node !== attacker) {
    const edge = graph.edges.find((e) => e.to === node && usable(e));
    if (!edge) break;
    path.unshift(edge);
    node = edge.from;
  }
  return path;
}
