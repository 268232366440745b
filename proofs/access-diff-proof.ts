/**
 * "Does the new product grant any access the old one did not?" (the idea of AWS IAM Access
 * Analyzer's check-no-new-access). Apps are matched by compartment id (the component ID). For each
 * app of the new product, every node of the new access graph is a candidate target: Z3 proves it
 * reachable in the new product (with a witness) and then unreachable in the old one. An app the old
 * product did not have gains everything it reaches.
 *
 * Work stays proportional: one ReachSession (one solver) per app and product, one push/pop check
 * per target, and the old product is asked only about targets the new one reaches.
 *
 * Products with no firewall assignment (declared-access.ts): the new one is compared on its
 * declared manifests, an over-approximation of whatever the device grants, so "no new access" stays
 * a proof and every grant found is one its manifests ask for (marked so, with the conflicts). The
 * old one is the baseline and must be exact: an old product with a conflict has no single set of
 * accesses, so the answer is unknown with the conflict as the reason.
 *
 * OS capabilities that are no node of the graph (NetworkConfig, PowerControls, a DeviceAuthentication
 * tenant, …) are compared per app as sets (capability-diff.ts); one an app gained is new access too. So is
 * another compartment's secret an app's slot may now write or use (secret-diff.ts: the identity key, the key store).
 */
import type { AccessEdge, IsolationSpec, Resource } from '../model/isolation/isolation-spec.js';
import { accessGraph, appNode, imageDifferenceReason, unconfinedReason } from './access-graph.js';
import { newCapabilities, type CapabilityGrant } from './capability-diff.js';
import { newSecretReach, type SecretGrant } from './secret-diff.js';
import { conflictSummary, type AccessBasis } from './declared-access.js';
import { gapReason, UNSEEN_REACH_CONSEQUENCE, UNSTATED_EDGES_CONSEQUENCE } from './graph-gaps.js';
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

interface DiffBasis {
  /** OS capabilities outside the access graph that an app gained (capability-diff.ts): new access too. */
  capabilityGrants: CapabilityGrant[];
  /** Another compartment's secret an app's slot may now write or use (secret-diff.ts): new access too. */
  secretGrants: SecretGrant[];
  /** Of the new product: 'declared-manifests' when it has no firewall assignment (grants are what its manifests ask for). */
  basis: AccessBasis;
  /** The new product's allocation problems, one line each. */
  conflicts: string[];
}

export type AccessDiffProof =
  | ({ status: 'no-new-access'; grants: NewGrant[]; checks: number; timeMs: number } & DiffBasis)
  | ({ status: 'new-access'; grants: NewGrant[]; checks: number; timeMs: number } & DiffBasis)
  /** Some check was undecided, or the old product has no firewall assignment: the grants found so far are real, but the list may be incomplete. */
  | ({ status: 'unknown'; reason: string; grants: NewGrant[]; checks: number; timeMs: number } & DiffBasis);

export async function proveNoNewAccess(oldSpec: IsolationSpec, newSpec: IsolationSpec, opts: SolverOptions = {}): Promise<AccessDiffProof> {
  await z3Context(); // timeMs leaves out Z3's one-off start-up
  const start = performance.now();
  const newGraph = accessGraph(newSpec);
  const oldGraph = accessGraph(oldSpec);
  const grants: NewGrant[] = [];
  let checks = 0;
  const capabilityGrants = newCapabilities(oldSpec, newSpec);
  const secretGrants = newSecretReach(oldSpec, newSpec);
  const basis = { basis: newGraph.basis, conflicts: newGraph.conflicts, capabilityGrants, secretGrants };
  const finish = (reason?: string): AccessDiffProof => {
    const timeMs = performance.now() - start;
    if (reason !== undefined) return { status: 'unknown', reason, grants, checks, timeMs, ...basis };
    return { status: grants.length || capabilityGrants.length || secretGrants.length ? 'new-access' : 'no-new-access', grants, checks, timeMs, ...basis };
  };
  // The device enforces each image's manifest: a graph built from other manifests is no baseline (old)
  // and no proof of "nothing new" (new).
  if (oldGraph.imageDifferences.length) return finish(`in the old product ${oldSpec.product.name}, ${imageDifferenceReason(oldGraph.imageDifferences)}`);
  if (newGraph.imageDifferences.length) return finish(`in the new product ${newSpec.product.name}, ${imageDifferenceReason(newGraph.imageDifferences)}`);
  // An app nothing confines to its manifest: the old graph is no baseline and the new one no proof of "nothing new".
  if (oldGraph.unconfined.length) return finish(`in the old product ${oldSpec.product.name}, ${unconfinedReason(oldGraph.unconfined)}`);
  if (newGraph.unconfined.length) return finish(`in the new product ${newSpec.product.name}, ${unconfinedReason(newGraph.unconfined)}`);
  // What the graph cannot see (graph-gaps.ts): in the old product it is no baseline, in the new one no proof of "nothing new".
  for (const [which, spec, graph] of [['old', oldSpec, oldGraph], ['new', newSpec, newGraph]] as const) {
    if (graph.unstatedEdges.length) return finish(`in the ${which} product ${spec.product.name}, ${gapReason(graph.unstatedEdges, UNSTATED_EDGES_CONSEQUENCE)}`);
    if (graph.unseenReach.length) return finish(`in the ${which} product ${spec.product.name}, ${gapReason(graph.unseenReach, UNSEEN_REACH_CONSEQUENCE)}`);
  }
  if (oldGraph.basis !== 'firewall-assignment') {
    return finish(`the old product ${oldSpec.product.name} has no firewall assignment, so there is no single set of accesses to compare with: ${conflictSummary(oldGraph.conflicts)}`);
  }

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
        // The old product is the baseline: its host entries as written, never widened (hostNodeReaches).
        const before = await inOld.reach(resource, true);
        if (before.status === 'unknown') return finish(`${app.name} → ${key} in the old product: ${before.reason}`);
        if (before.status === 'reachable') continue;
      }
      grants.push({ app: app.id, appName: app.name, resource, witness: now.witness, newApp: !inOld });
    }
  }
  return finish();
}
