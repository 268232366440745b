/**
 * "Does the new product grant any access the old one did not?" (the idea of AWS IAM Access
 * Analyzer's check-no-new-access). Apps are matched by compartment id (the component ID). For each
 * app of the new product, every node of the new access graph is a candidate target: Z3 proves it
 * reachable in the new product (with a witness) and then unreachable in the old one. An app the old
 * product did not have gains everything it reaches.
 *
 * Work stays proportional: one ReachSession (one solver) per app and product, one push/pop check
 * per target, and the old product is asked only about targets the new one reaches.
 */
import type { AccessEdge, IsolationSpec, Resource } from '../model/isolation/isolation-spec.js';
import { accessGraph, appNode } from './access-graph.js';
import { ReachSession } from './reachability-proof.js';
import { z3Context, type SolverOptions } from './z3-session.js';

export interface NewGrant {
  /** Compartment id (component ID) of the app that gains the access. */
  app: string;
  appName: string;
  resource: Resource;
  /** Path in the new product from the app to the resource. */
  witness: AccessEdge[];
  /** True when the old product had no app with this id. */
  newApp: boolean;
}

export type AccessDiffProof =
  | { status: 'no-new-access'; grants: NewGrant[]; checks: number; timeMs: number }
  | { status: 'new-access'; grants: NewGrant[]; checks: number; timeMs: number }
  /** Some check was undecided: the grants found so far are real, but the list may be incomplete. */
  | { status: 'unknown'; reason: string; grants: NewGrant[]; checks: number; timeMs: number };

export async function proveNoNewAccess(oldSpec: IsolationSpec, newSpec: IsolationSpec, opts: SolverOptions = {}): Promise<AccessDiffProof> {
  await z3Context(); // timeMs leaves out Z3's one-off start-up
  const start = performance.now();
  const newGraph = accessGraph(newSpec);
  const oldGraph = accessGraph(oldSpec);
  const grants: NewGrant[] = [];
  let checks = 0;
  const finish = (reason?: string): AccessDiffProof => {
    const timeMs = performance.now() - start;
    if (reason !== undefined) return { status: 'unknown', reason, grants, checks, timeMs };
    return { status: grants.length ? 'new-access' : 'no-new-access', grants, checks, timeMs };
  };

  for (const app of newSpec.compartments) {
    if (!app.manifest) continue;
    const inNew = await ReachSession.open(newSpec, app.id, opts, newGraph);
    const inOld = oldSpec.compartment(app.id)?.manifest ? await ReachSession.open(oldSpec, app.id, opts, oldGraph) : undefined;
    for (const [key, resource] of newGraph.nodes) {
      if (key === appNode(app.id)) continue;
      checks++;
      const now = await inNew.reach(resource);
      if (now.status === 'unknown') return finish(`${app.name} → ${key}: ${now.reason}`);
      if (now.status === 'unreachable') continue;
      if (inOld) {
        checks++;
        const before = await inOld.reach(resource);
        if (before.status === 'unknown') return finish(`${app.name} → ${key} in the old product: ${before.reason}`);
        if (before.status === 'reachable') continue;
      }
      grants.push({ app: app.id, appName: app.name, resource, witness: now.witness, newApp: !inOld });
    }
  }
  return finish();
}
