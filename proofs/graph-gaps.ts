/**
 * What the access graph (access-graph.ts) cannot see, read from the same spec functions compartmentalization reads
 * before it lets hardware-barriers hold, so a proof over the graph never says "cannot reach" where the property says
 * the barriers are undecided or broken. Before (s38-proofs cases c02-c05) the graph read only the image manifests and
 * unconfinedApps: `sevenfold query reach` answered "no: proved by Z3" on a design that leaves `busMasters` out under
 * an app driving an ISU, on a non-Azure OS that leaves appIsolation fields out (the edges stood on Azure Sphere's
 * placeholders), on a product with `$NAME` requests nothing resolved (API-built), and for an app slot that loads
 * another app (it decides what runs as that app, so it reaches what that app reaches).
 *
 * Three kinds, by what they undo:
 *  - `loads`: edges the graph gains. An app slot that loads another app's slot (appsLoadingOthers) reaches whatever
 *    that app reaches, as a channel does: an edge loader → app.
 *  - `unseenReach`: reach the graph has no edge for, so "no" is no proof (a path it finds stays a path): the design
 *    leaves /busMasters out while an app drives a peripheral block (busMastersUnstated: its DMA engine reaches what
 *    the firewall lets it), or an app slot loads a component that is not an app (it decides what runs as a part of the
 *    system that acts for every app).
 *  - `unstatedEdges`: the edges themselves rest on values nobody stated, so neither answer is a proof: appIsolation
 *    fields a non-Azure OS leaves out (IsolationSpec.unstated: Azure Sphere's values stand in), peripheral requests of
 *    unknown value (unresolvedRequests: the allocation, and so every peripheral edge, left them out).
 */
import { displayPath } from '../formats/diagnostics/display-path.js';
import { unresolvedRequests } from '../model/isolation/claims.js';
import type { AccessEdge, IsolationSpec } from '../model/isolation/isolation-spec.js';
import { appsLoadingOthers } from '../model/platform/app-confinement.js';
import { busMastersUnstated } from '../model/platform/bus-masters.js';
import { isAppSlot } from '../model/product/instantiate.js';

export interface GraphGaps {
  loads: AccessEdge[];
  unseenReach: string[];
  unstatedEdges: string[];
}

export function graphGaps(spec: IsolationSpec): GraphGaps {
  const design = spec.product.platform;
  const loads: AccessEdge[] = [];
  const unseenReach: string[] = [];
  if (design) {
    const filled = new Set(design.components.filter(isAppSlot).map((c) => c.id));
    const appIn = (slot: string) => spec.compartments.find((c) => c.manifest && c.slot === slot);
    for (const finding of appsLoadingOthers(design, filled, isAppSlot)) {
      const loader = appIn(finding.slot);
      const loaded = finding.loads === undefined ? undefined : appIn(finding.loads);
      if (loader && loaded) loads.push({ from: loader.id, to: { kind: 'app', id: loaded.id }, because: `${finding.message} (${finding.pointer})` });
      else unseenReach.push(`${finding.pointer}: ${finding.message}`);
    }
    unseenReach.push(...busMastersUnstated(design, spec.product.apps));
  }
  const unstatedEdges = [
    ...spec.unstated.map((u) => `${u.pointer}: ${u.reason}`),
    ...unresolvedRequests(spec.product).map((u) => `${displayPath(u.file)} ${u.pointer}: ${u.app}'s ${u.raw} resolves to no peripheral, so the allocation and every peripheral edge leave it out`),
  ];
  return { loads, unseenReach, unstatedEdges };
}

/** A gap list as one sentence for a reason line: the first two, and how many more. */
export function gapReason(lines: readonly string[], consequence: string): string {
  return `${lines.slice(0, 2).join('; ')}${lines.length > 2 ? `; and ${lines.length - 2} more` : ''}: ${consequence}`;
}

export const UNSEEN_REACH_CONSEQUENCE = 'the access graph has no edge for that reach, so "no" proves nothing (sevenfold verify --property compartmentalization names the design statement)';
export const UNSTATED_EDGES_CONSEQUENCE = 'the access graph is built on values nobody stated, so neither answer is a proof (sevenfold verify --property compartmentalization names them)';
