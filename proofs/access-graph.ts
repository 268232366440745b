/**
 * The access graph of a product, as the reachability proofs see it: one node per app and per
 * resource (named by resourceKey), one edge per AccessEdge from IsolationSpec.accessEdges(). An app
 * reaches what its edges lead to and, through an open inter-app channel (or an app slot it loads,
 * graph-gaps.ts), whatever the partner app reaches. What the edges cannot see is listed beside them
 * (imageDifferences, unconfined, unseenReach, unstatedEdges), and the proofs read those lists. This module also holds the plain BFS used to cross-check the Z3 proofs.
 */
import { ANY_PORT, hostReaches, resourceKey, type AccessEdge, type IsolationSpec, type Resource } from '../model/isolation/isolation-spec.js';
import { domainToASCII } from 'node:url';
import { displayPath } from '../formats/diagnostics/display-path.js';
import type { ProductApp } from '../model/product/product.js';
import { accessEdgesOf, type AccessBasis } from './declared-access.js';
import { graphGaps } from './graph-gaps.js';
import { unconfinedApps } from '../model/platform/app-confinement.js';
import { isAppSlot } from '../model/product/instantiate.js';

export interface GraphEdge {
  from: string;
  to: string;
  edge: AccessEdge;
}

export interface AccessGraph {
  /** Node key → the resource it stands for (apps as { kind: 'app' }). */
  nodes: Map<string, Resource>;
  edges: GraphEdge[];
  /** What the edges stand for: the device's grants, or (no firewall assignment) the manifests' declarations. */
  basis: AccessBasis;
  /** The allocation problems when basis is 'declared-manifests', one line each. */
  conflicts: string[];
  /**
   * Where an app's image carries another manifest than the product's (one line each): the device
   * enforces the image's, and the edges were built from the product's, so no answer over them is a proof.
   */
  imageDifferences: string[];
  /**
   * App slots nothing on their core confines (model/platform/app-confinement.ts), one line each: the edges hold them
   * to their manifests, which nothing on the device does, so "no path" over them is no proof.
   */
  unconfined: string[];
  /** Reach the edges miss (graph-gaps.ts): "no" over them is no proof. */
  unseenReach: string[];
  /** Values the edges rest on that nobody stated (graph-gaps.ts): no answer over them is a proof. */
  unstatedEdges: string[];
}

export const appNode = (id: string): string => resourceKey({ kind: 'app', id });

export function accessGraph(spec: IsolationSpec): AccessGraph {
  const nodes = new Map<string, Resource>();
  const edges: GraphEdge[] = [];
  const access = accessEdgesOf(spec);
  for (const c of spec.compartments) if (c.manifest) nodes.set(appNode(c.id), { kind: 'app', id: c.id });
  const gaps = graphGaps(spec);
  for (const edge of [...access.edges, ...gaps.loads]) {
    const from = appNode(edge.from);
    const to = resourceKey(edge.to);
    if (!nodes.has(to)) nodes.set(to, edge.to);
    edges.push({ from, to, edge });
  }
  return { nodes, edges, basis: access.basis, conflicts: access.conflicts, imageDifferences: imageManifestDifferences(spec), unconfined: unconfinedOf(spec), unseenReach: gaps.unseenReach, unstatedEdges: gaps.unstatedEdges };
}

/** The unconfined app slots of the product's instantiated platform (it keeps only the slots its apps fill). */
function unconfinedOf(spec: IsolationSpec): string[] {
  const platform = spec.product.platform;
  if (!platform) return [];
  return unconfinedApps(platform, new Set(platform.components.filter(isAppSlot).map((c) => c.id)), isAppSlot).map((u) => u.message);
}

/** The unconfined slots as one sentence for a reason line. */
export function unconfinedReason(unconfined: string[]): string {
  return `${unconfined.slice(0, 2).join('; ')}${unconfined.length > 2 ? `; and ${unconfined.length - 2} more` : ''}: the access graph holds each app to its manifest, which nothing on the device does for that app, so "no" proves nothing (sevenfold verify --property compartmentalization names the design statement)`;
}

/**
 * The apps whose image (product file apps[].image) carries a manifest that differs from the one the
 * product names, with each difference: the device runs the image and enforces its manifest, so it may
 * grant hosts, ports, partners or peripherals the edges above never saw (or lack ones they have).
 */
export function imageManifestDifferences(spec: IsolationSpec): string[] {
  return spec.product.apps.flatMap((app) => {
    // Software installed without images (the emulator's, a test's) has nothing to differ.
    const image = (app as Partial<Pick<ProductApp, 'image'>>).image;
    const name = app.manifest.name ?? displayPath(app.manifestFile);
    return (image?.manifestMismatches ?? []).map((m) => `${name}'s image ${displayPath(image!.file)} carries ${m.field} ${m.image}, but its manifest states ${m.product}`);
  });
}

/** The differences as one sentence for a reason line. */
export function imageDifferenceReason(differences: string[]): string {
  const shown = differences.slice(0, 3).join('; ');
  const more = differences.length > 3 ? `; and ${differences.length - 3} more` : '';
  return `the device enforces the manifest inside each app's image, and it differs from the product's: ${shown}${more}; the access graph is built from the product's manifests, so it proves nothing about what the device grants`;
}

/**
 * The graph nodes whose reaching means reaching the target. Usually just its own key; a host is
 * also reached through any AllowedConnections pattern that matches it ("*.example.com" reaches
 * "api.example.com") and through the any-host node of an app no network firewall holds, decided by the
 * spec's hostReaches; a port also through the any-port node of its protocol.
 */
export function targetKeys(graph: AccessGraph, target: Resource, exactHosts = false): string[] {
  const keys = new Set([resourceKey(target)]);
  if (target.kind === 'host') {
    for (const [key, r] of graph.nodes) if (r.kind === 'host' && hostNodeReaches(r.host, target.host, exactHosts)) keys.add(key);
  }
  if (target.kind === 'port') keys.add(resourceKey({ ...target, port: ANY_PORT }));
  return [...keys];
}

/**
 * Whether reaching host node `node` may reach `host`: the spec's reading (hostReaches), or the same after
 * IDNA (UTS #46) mapping of both names, the name a resolver looks up: an entry written with full-width
 * dots or letters ("contoso-hub．azure-devices．net") reaches the host its mapped form names. No source
 * says whether the device's firewall compares entries as written or as looked up, so "cannot reach" must
 * hold either way; certificate-authentication reads IoT endpoints the same way
 * (properties/certificate-authentication/azure-iot-endpoints.ts). `exact` keeps the spec's reading alone:
 * the old product of a diff is a baseline, and widening it would hide new access.
 */
export function hostNodeReaches(node: string, host: string, exact = false): boolean {
  if (hostReaches(node, host)) return true;
  if (exact) return false;
  const mapped = domainToASCII(node);
  return mapped !== '' && mapped !== node.toLowerCase() && hostReaches(mapped, domainToASCII(host) || host);
}

/** Every node key the app reaches (itself included), by breadth-first search. */
export function reachableSet(spec: IsolationSpec, fromAppId: string): Set<string> {
  return bfs(accessGraph(spec).edges, appNode(fromAppId)).seen;
}

/** A shortest path over the given edges from a node to any of the targets, or undefined. */
export function shortestPath(edges: GraphEdge[], from: string, targets: Iterable<string>): GraphEdge[] | undefined {
  const wanted = new Set(targets);
  const { seen, via } = bfs(edges, from);
  const end = [...wanted].find((t) => seen.has(t));
  if (end === undefined) return undefined;
  const path: GraphEdge[] = [];
  for (let node = end; node !== from; ) {
    const e = via.get(node)!;
    path.unshift(e);
    node = e.from;
  }
  return path;
}

function bfs(edges: GraphEdge[], from: string): { seen: Set<string>; via: Map<string, GraphEdge> } {
  const out = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const list = out.get(e.from);
    if (list) list.push(e);
    else out.set(e.from, [e]);
  }
  const seen = new Set([from]);
  const via = new Map<string, GraphEdge>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    for (const e of out.get(queue[i]!) ?? []) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      via.set(e.to, e);
      queue.push(e.to);
    }
  }
  return { seen, via };
}
