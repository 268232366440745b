/**
 * "Can app A reach resource R?" proved with Z3 over the access graph (access-graph.ts).
 *
 * Encoding: one Bool reach[n] per node; reach[source] holds; each edge u→v is a tracked implication
 * reach[u] → reach[v]; the query asserts ¬reach[target]. Unsat means reachable, and the edges in the
 * unsat core contain a path, which we order into the witness. Sat means unreachable, and the nodes
 * the model sets true form the certificate: a set closed under every edge that contains the source
 * and not the target.
 *
 * A ReachSession keeps one solver per source app (edges asserted once) and asks each target inside
 * push/pop, so checking many targets (access-diff-proof.ts) costs one small check each.
 *
 * A product with no firewall assignment is asked on its declared manifests (declared-access.ts):
 * "unreachable" there holds whichever app the device refuses, so it stays a proof (with the
 * conflicts named); "reachable" does not (the refused app may be the one on the path), so
 * proveReach answers unknown with the conflicts as the reason and the declared path beside it.
 *
 * Where the graph cannot see some reach (graph-gaps.ts: bus masters the design leaves out, an app that loads a part of
 * the system), "unreachable" is unknown; where its edges rest on values nobody stated (appIsolation a non-Azure OS
 * leaves out, `$NAME` requests nothing resolved), both answers are.
 *
 * A product with an app whose image carries another manifest than the product's: the device enforces
 * the image's, the graph holds the product's, so neither answer is one about the device: unknown,
 * naming each difference (as compartmentalization is violated and certificate-authentication unknown).
 */
import { describeResource } from '../model/isolation/resource-names.js';
import { type AccessEdge, type IsolationSpec, type Resource } from '../model/isolation/isolation-spec.js';
import { accessGraph, appNode, imageDifferenceReason, unconfinedReason, shortestPath, targetKeys, type AccessGraph, type GraphEdge } from './access-graph.js';
import { conflictSummary, type AccessBasis } from './declared-access.js';
import { gapReason, UNSEEN_REACH_CONSEQUENCE, UNSTATED_EDGES_CONSEQUENCE } from './graph-gaps.js';
import { newSolver, timedCheck, z3Context, type SolverOptions, type Z3Bool, type Z3Context, type Z3Solver } from './z3-session.js';

export type ReachProof =
  | { status: 'reachable'; witness: AccessEdge[]; timeMs: number }
  /** basis 'declared-manifests': proved on the manifests as declared, so for every way the device resolves `conflicts`. */
  | { status: 'unreachable'; certificate: string; timeMs: number; basis: AccessBasis; conflicts: string[] }
  /** declaredWitness: the path the manifests declare when the product has no firewall assignment. */
  | { status: 'unknown'; reason: string; timeMs: number; declaredWitness?: AccessEdge[]; conflicts?: string[] };

/** Proves whether the app (by compartment id) reaches the target resource. */
export async function proveReach(spec: IsolationSpec, fromAppId: string, target: Resource, opts: SolverOptions = {}): Promise<ReachProof> {
  await z3Context(); // timeMs leaves out Z3's one-off start-up
  const start = performance.now();
  const session = await ReachSession.open(spec, fromAppId, opts);
  const proof = await session.reach(target);
  // Count the encoding too: the caller asked one question.
  const timeMs = performance.now() - start;
  if (proof.status !== 'unknown' && session.graph.imageDifferences.length) {
    return { status: 'unknown', reason: imageDifferenceReason(session.graph.imageDifferences), timeMs };
  }
  // Edges on values nobody stated: neither answer is about the device (graph-gaps.ts).
  if (proof.status !== 'unknown' && session.graph.unstatedEdges.length) return { status: 'unknown', reason: gapReason(session.graph.unstatedEdges, UNSTATED_EDGES_CONSEQUENCE), timeMs };
  // A path the manifests open stays a path; its absence is no proof for an app nothing confines to its manifest.
  if (proof.status === 'unreachable' && session.graph.unconfined.length) return { status: 'unknown', reason: unconfinedReason(session.graph.unconfined), timeMs };
  // Nor where some reach has no edge (a bus master nobody stated, an app that loads a part of the system).
  if (proof.status === 'unreachable' && session.graph.unseenReach.length) return { status: 'unknown', reason: gapReason(session.graph.unseenReach, UNSEEN_REACH_CONSEQUENCE), timeMs };
  if (proof.status === 'reachable' && session.graph.basis === 'declared-manifests') {
    const conflicts = session.graph.conflicts;
    const reason = `${spec.product.name} has no firewall assignment, so the device refuses part of it and which part decides the answer: ${conflictSummary(conflicts)}`;
    return { status: 'unknown', reason, timeMs, declaredWitness: proof.witness, conflicts };
  }
  return { ...proof, timeMs };
}

export class ReachSession {
  private readonly reachVar = new Map<string, Z3Bool>();
  private readonly source: string;

  private constructor(
    private readonly spec: IsolationSpec,
    readonly graph: AccessGraph,
    private readonly ctx: Z3Context,
    private readonly solver: Z3Solver,
    fromAppId: string,
  ) {
    this.source = appNode(fromAppId);
    solver.add(this.node(this.source));
    graph.edges.forEach((e, i) => solver.addAndTrack(ctx.Implies(this.node(e.from), this.node(e.to)), edgeLabel(i)));
  }

  static async open(spec: IsolationSpec, fromAppId: string, opts: SolverOptions = {}, graph: AccessGraph = accessGraph(spec)): Promise<ReachSession> {
    if (!spec.compartment(fromAppId)?.manifest) throw new Error(`no app ${fromAppId} in ${spec.product.name}`);
    const { ctx, solver } = await newSolver(opts);
    return new ReachSession(spec, graph, ctx, solver, fromAppId);
  }

  /** `exactHosts`: host entries as the spec reads them only (access-graph.ts hostNodeReaches), for a diff's baseline. */
  async reach(target: Resource, exactHosts = false): Promise<ReachProof> {
    const keys = targetKeys(this.graph, target, exactHosts);
    this.solver.push();
    try {
      for (const key of keys) this.solver.add(this.ctx.Not(this.node(key)));
      const outcome = await timedCheck(this.solver);
      if (outcome.status === 'unknown') return outcome;
      if (outcome.status === 'unsat') return { status: 'reachable', witness: this.witness(keys), timeMs: outcome.timeMs };
      return { status: 'unreachable', certificate: this.certificate(target, keys), timeMs: outcome.timeMs, basis: this.graph.basis, conflicts: this.graph.conflicts };
    } finally {
      this.solver.pop();
    }
  }

  /** The core's edges contain a path from the source to a target key; BFS over them orders it. */
  private witness(keys: string[]): AccessEdge[] {
    const core = this.solver.unsatCore();
    const used: GraphEdge[] = [];
    for (let i = 0; i < core.length(); i++) {
      const index = edgeIndex(core.get(i).toString());
      if (index !== undefined) used.push(this.graph.edges[index]!);
    }
    const path = shortestPath(used, this.source, keys);
    if (!path) throw new Error(`Z3 proved ${keys[0]} reachable, but its unsat core holds no path: a Sevenfold defect`);
    return path.map((e) => e.edge);
  }

  /** The model's true nodes: checked here to be closed under every edge, so the claim does not rest on trust. */
  private certificate(target: Resource, keys: string[]): string {
    const model = this.solver.model();
    const closed = new Set([...this.reachVar].filter(([, b]) => model.eval(b, true).toString() === 'true').map(([key]) => key));
    const leak = this.graph.edges.find((e) => closed.has(e.from) && !closed.has(e.to));
    if (!closed.has(this.source) || leak || keys.some((k) => closed.has(k))) throw new Error('Z3 model is not a closed set excluding the target: a Sevenfold defect');
    const name = (key: string) => {
      const r = this.graph.nodes.get(key);
      return r ? describeResource(this.spec, r) : key;
    };
    const shown = [...closed].slice(0, 8).map(name);
    const more = closed.size > shown.length ? `, … (${closed.size - shown.length} more)` : '';
    return `the ${closed.size} node${closed.size === 1 ? '' : 's'} {${shown.join(', ')}${more}} contain ${name(this.source)}, are closed under all ${this.graph.edges.length} access edges${this.graph.basis === 'declared-manifests' ? ' the manifests declare' : ''}, and do not contain ${describeResource(this.spec, target)}`;
  }

  private node(key: string): Z3Bool {
    let b = this.reachVar.get(key);
    if (!b) {
      b = this.ctx.Bool.const(`reach_${this.reachVar.size}`);
      this.reachVar.set(key, b);
    }
    return b;
  }
}

const edgeLabel = (i: number) => `edge_${i}`;

function edgeIndex(label: string): number | undefined {
  const m = /^edge_(\d+)$/.exec(label);
  return m ? Number(m[1]) : undefined;
}
