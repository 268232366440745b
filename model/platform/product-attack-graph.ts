/**
 * The attack graph of a product: the platform's (attack-graph.ts, built on the platform design the
 * product instantiates) joined with what the product's manifests open and what its product file marks
 * critical (issue 11, defense-in-depth):
 *  - every app that listens (AllowedTcpServerPorts / AllowedUdpServerPorts) or connects out
 *    (AllowedConnections) is an entry point of the network attacker: exploiting its network input is
 *    one barrier (exploit:<app>). An app with no network exposure has no such edge;
 *  - a partner link that both apps declare (AllowedApplicationConnections) is an edge each way: the
 *    receiving app parses the sender's messages, so taking it over is one barrier (exploit:<app>);
 *  - an app reaches the peripherals it claims, and a real-time app everything in the blocks its core
 *    owns (the isolation spec's access edges); a component that writes the I/O firewall reaches every
 *    peripheral, and another app a block only once that writer has moved it (not an edge of that app's
 *    own: it costs taking the writer); an app reaches its own storage (on a design that shares storage, the others' too), a
 *    component with rights on the apps' storage reaches every app's, and an attacker who writes the flash
 *    reaches it where the design keeps the apps' storage in flash, past that asset's physical barriers;
 *  - what an app's manifest asks the platform's components for (a partner's kernel relaying its channel, the storage
 *    service, the key user behind DeviceAuthentication, its core's network stack and OS services: app-interfaces.ts)
 *    is input that component parses: taking it is one barrier (exploit:<component>);
 *  - the product file's criticalAssets ("Pwm:PWM-CONTROLLER-0", "storage:Thermostat") are goals.
 * Which inputs and resources are reachable is decided once, in model/isolation/isolation-spec.ts.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { blockOfPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import { usageOf } from '../isolation/claims.js';
import { sharePins } from '../isolation/conflicts.js';
import { ANY_HOST, IsolationSpec, resourceKey, type Resource } from '../isolation/isolation-spec.js';
import { describeResource, parseResource } from '../isolation/resource-names.js';
import type { Product, ProductApp } from '../product/product.js';
import { buildAttackGraph, keepKnown, type AttackEdge, type AttackGoal, type AttackGraph, type AttackGraphOptions, type AttackNode } from './attack-graph.js';
import { APP_INTERFACES_RULE, appInterfaces } from './app-interfaces.js';
import { exploitBarrier, exploitException, PHYSICAL_BARRIERS_CHECKED, physicalBarriersOf } from './attack-surface.js';
import { reachRules } from './bus-masters.js';

export interface ProductAttackGraph extends AttackGraph {
  /**
   * Attacker nodes that start as one of the product's own apps (a breached or malicious app), with its slot. Against a
   * product goal each counts unless its app drives that goal by its own claim (drivers): the app that owns an
   * actuator or a storage holds it by design, and no layer stands between the two.
   */
  appStarts: { id: string; slot: string }[];
  /** Apps the network attacker enters through, with what exposes them. */
  entryPoints: { app: string; node: string; exposures: string[] }[];
  /** Apps that are network-exposed although the design names no network attacker: the graph cannot judge them. */
  unjudgedExposure: string[];
  /** Product critical assets that name nothing on the device, with where they are written. */
  goalErrors: { resource: string; where: string; message: string }[];
  /** For each product goal, the apps that reach it directly. */
  owners: Map<string, string[]>;
  /**
   * For each product goal, the app nodes that drive it by their own manifest's claim (of the peripheral, or of one on
   * its pins) or own it (the storage): the rest of `owners` reach it by other means (a real-time core's whole block, a
   * design that shares storage), and a breach of those apps is what defense in depth is about.
   */
  drivers: Map<string, string[]>;
}

export function buildProductAttackGraph(product: Product, options: AttackGraphOptions = {}): ProductAttackGraph {
  const derived = options.derivedExploitability ?? true;
  const design = product.platform;
  const base = buildAttackGraph(design, options);
  const spec = new IsolationSpec(product);
  const productFile = displayPath(product.file);
  const nodes: AttackNode[] = [...base.nodes];
  let edges: AttackEdge[] = [...base.edges];

  // One node per app: its platform slot when it fills one, else a node of its own.
  const nodeOfCompartment = new Map<string, string>();
  const appOf = new Map<string, ProductApp>();
  product.apps.forEach((app, i) => {
    const compartment = spec.compartments[i]!;
    const node = app.slot ?? `app:${compartment.id}`;
    nodeOfCompartment.set(compartment.id, node);
    appOf.set(node, app);
    if (!app.slot) nodes.push({ kind: 'app', id: node, name: `app ${compartment.name}` });
  });
  const appName = (node: string) => appOf.get(node)?.manifest.name ?? node;
  const manifestAt = (app: ProductApp, pointer: string) => `${displayPath(app.manifestFile)} ${pointer}`;

  // An access that needs another app to move a block through the I/O firewall is not this app's own: the mover reaches
  // the peripheral itself (the firewall writers' edges below), and this app only by taking the mover first.
  const accessEdges = spec.accessEdges().filter((e) => e.movedBy === undefined || e.movedBy === e.from);
  const networkStarts = (base.starts ?? []).filter((s) => design.attackers.find((a) => a.id === s.attacker)?.network);
  const flashStarts = (base.starts ?? []).filter((s) => design.attackers.find((a) => a.id === s.attacker)?.writesFlash);
  const entryPoints: ProductAttackGraph['entryPoints'] = [];
  for (const [compartmentId, node] of nodeOfCompartment) {
    const app = appOf.get(node)!;
    const m = app.manifest;
    const exposures = accessEdges
      .filter((e) => e.from === compartmentId && (e.to.kind === 'host' || e.to.kind === 'port'))
      .map((e) => {
        const to = e.to as Extract<Resource, { kind: 'host' | 'port' }>;
        const pointer =
          to.kind === 'host'
            ? joinPointer('/Capabilities/AllowedConnections', m.allowedConnections.indexOf(to.host))
            : joinPointer(to.protocol === 'tcp' ? '/Capabilities/AllowedTcpServerPorts' : '/Capabilities/AllowedUdpServerPorts', (to.protocol === 'tcp' ? m.tcpServerPorts : m.udpServerPorts).indexOf(to.port));
        return `${to.kind === 'host' ? `connects to ${to.host === ANY_HOST ? 'any host' : to.host}` : `listens on ${to.protocol.toUpperCase()} ${to.port}`} (${manifestAt(app, pointer)})`;
      });
    if (exposures.length) entryPoints.push({ app: appName(node), node, exposures });
  }
  const unjudgedExposure = networkStarts.length === 0 ? entryPoints.map((e) => e.app) : [];

  // Whether an app takes network input is the product's to say: an exploit the design lists from a
  // network attacker into an app slot stands only if the app there is network-exposed, and only when
  // exploitability is not derived (then the entry point below replaces it).
  const networkStartIds = new Set(networkStarts.map((s) => s.id));
  const exposed = new Set(entryPoints.map((e) => e.node));
  const appNodes = new Set(appOf.keys());
  edges = edges.filter((e) => !(networkStartIds.has(e.from) && appNodes.has(e.to) && (derived || !exposed.has(e.to))));
  for (const entry of entryPoints) {
    const app = appOf.get(entry.node)!;
    if (!derived || (app.slot && exploitException(design, app.slot, 'network', options))) continue;
    for (const start of networkStarts) {
      edges.push({ from: start.id, to: entry.node, barriers: [exploitBarrier(entry.node)], description: `exploit app ${entry.app}'s network input: it ${entry.exposures.join('; ')}`, where: `${productFile} ${app.pointer}` });
    }
  }

  for (const e of accessEdges) {
    if (e.to.kind !== 'app') continue;
    const from = nodeOfCompartment.get(e.from);
    const to = nodeOfCompartment.get(e.to.id);
    if (!from || !to || !derived) continue;
    const receiver = appOf.get(to)!;
    if (receiver.slot && exploitException(design, receiver.slot, 'partner-app', options)) continue;
    const sender = appOf.get(from)!;
    const link = (a: ProductApp, other: ProductApp) => a.manifest.partners.find((p) => p.componentId === other.manifest.componentId)?.pointer ?? '/Capabilities/AllowedApplicationConnections';
    edges.push({
      from,
      to,
      barriers: [exploitBarrier(to)],
      description: `exploit app ${appName(to)}'s handling of messages from ${appName(from)} (both list each other: ${manifestAt(sender, link(sender, receiver))}, ${manifestAt(receiver, link(receiver, sender))})`,
    });
  }

  // What the apps' manifests ask the platform's components for (app-interfaces.ts): whoever holds the app writes that
  // input, so taking the component costs one exploit of it. A channel's receiving layer may be excepted for partner
  // messages as the receiving app may (only where the profile accepts such an exception).
  if (derived) {
    for (const f of appInterfaces(product, options, spec)) {
      const app = product.apps[f.app]!;
      const from = nodeOfCompartment.get(spec.compartments[f.app]!.id)!;
      if (f.via.startsWith('channel') && exploitException(design, f.component, 'partner-app', options)) continue;
      edges.push({
        from,
        to: f.component,
        barriers: [exploitBarrier(f.component)],
        description: `exploit ${design.components.find((c) => c.id === f.component)?.name ?? f.component}'s handling of what app ${appName(from)} sends it (${f.via}: ${manifestAt(app, f.pointer)})`,
        where: manifestAt(app, f.pointer),
        rule: APP_INTERFACES_RULE,
      });
    }
  }

  const goals: AttackGoal[] = [...base.goals];
  const goalErrors: ProductAttackGraph['goalErrors'] = [];
  const owners = new Map<string, string[]>();
  const drivers = new Map<string, string[]>();
  const firewallWriters = reachRules(design).filter((r) => r.rights.includes('write') && design.assets.find((a) => a.id === r.asset)?.kind === 'firewall-config').map((r) => r.component);
  const storageHolders = reachRules(design).filter((r) => (r.rights.includes('write') || r.rights.includes('read')) && design.assets.find((a) => a.id === r.asset)?.kind === 'storage').map((r) => r.component);
  for (const critical of product.criticalAssets) {
    const where = `${productFile} ${critical.pointer}`;
    const resource = parseResource(spec, critical.resource);
    if ('error' in resource) {
      goalErrors.push({ resource: critical.resource, where, message: resource.error });
      continue;
    }
    const id = goalId(resource);
    if (goals.some((g) => g.id === id)) continue;
    goals.push({ id, name: describeResource(spec, resource), origin: 'product', where });
    nodes.push({ kind: 'resource', id, name: describeResource(spec, resource) });
    const reachedBy: string[] = [];
    const claimedBy = new Set<string>();
    if (resource.kind === 'peripheral') {
      const key = resourceKey(resource);
      for (const e of accessEdges) {
        const node = nodeOfCompartment.get(e.from);
        if (node && resourceKey(e.to) === key) {
          edges.push({ from: node, to: id, barriers: [], description: `app ${appName(node)} drives ${describeResource(spec, resource)}: ${e.because}` });
          reachedBy.push(node);
        }
      }
      // Declared claims too, even where the allocation failed: the graph must not lose an owner.
      for (const claim of spec.claims) {
        const node = nodeOfCompartment.get(claim.compartment.id);
        if (node && resourceKey({ kind: 'peripheral', capability: claim.capability, value: claim.value }) === key) claimedBy.add(node);
        if (!node || reachedBy.includes(node) || resourceKey({ kind: 'peripheral', capability: claim.capability, value: claim.value }) !== key) continue;
        edges.push({ from: node, to: id, barriers: [], description: `app ${appName(node)} claims ${describeResource(spec, resource)}`, where: manifestAt(appOf.get(node)!, claim.pointer) });
        reachedBy.push(node);
      }
      // A peripheral that drives the asset's pins drives the asset: an app with PWM-CONTROLLER-2 sets GPIO 8-11.
      const target = pinUse(product, resource.capability, resource.value);
      type Driven = { from: string; to: Extract<Resource, { kind: 'peripheral' }>; pointer?: string };
      // Claims first, so an edge names the manifest entry; then access (a real-time app's whole blocks).
      const driven: Driven[] = [
        ...spec.claims.map((c): Driven => ({ from: c.compartment.id, to: { kind: 'peripheral', capability: c.capability, value: c.value }, pointer: c.pointer })),
        ...accessEdges.flatMap((e): Driven[] => (e.to.kind === 'peripheral' ? [{ from: e.from, to: e.to }] : [])),
      ];
      for (const d of driven) {
        const node = nodeOfCompartment.get(d.from);
        const use = pinUse(product, d.to.capability, d.to.value);
        if (!node || !target || !use || resourceKey(d.to) === key || !sharePins(target, use)) continue;
        if (d.pointer !== undefined) claimedBy.add(node);
        if (reachedBy.includes(node)) continue;
        const where = d.pointer === undefined ? {} : { where: manifestAt(appOf.get(node)!, d.pointer) };
        edges.push({ from: node, to: id, barriers: [], description: `app ${appName(node)} drives ${describeResource(spec, d.to)}, which uses the pins of ${describeResource(spec, resource)} (block ${target.block.id})`, ...where });
        reachedBy.push(node);
      }
      for (const c of firewallWriters) edges.push({ from: c, to: id, barriers: [], description: `${c} may write the I/O firewall configuration: it can give ${describeResource(spec, resource)}'s block to itself` });
    } else if (resource.kind === 'storage') {
      // Every app the isolation spec lets open this storage: its owner, and on a design that shares storage the others too.
      const key = resourceKey(resource);
      for (const e of accessEdges) {
        const node = nodeOfCompartment.get(e.from);
        if (node && e.from === resource.owner) claimedBy.add(node);
        if (!node || reachedBy.includes(node) || resourceKey(e.to) !== key) continue;
        edges.push({ from: node, to: id, barriers: [], description: e.from === resource.owner ? `app ${appName(node)} owns this storage` : `app ${appName(node)} opens this storage: ${e.because}` });
        reachedBy.push(node);
      }
      for (const c of storageHolders) edges.push({ from: c, to: id, barriers: [], description: `${c} has rights on the apps' mutable storage` });
      // The storage lies in the design's storage asset. Where that asset is kept in flash, whoever writes the flash
      // writes this app's storage there directly, past only the asset's physical barriers: the rule attack-graph.ts
      // applies to the design's own critical assets in flash, now that the product makes part of this one critical.
      for (const asset of design.assets.filter((a) => a.kind === 'storage' && a.location === 'flash')) {
        const { counted, refused } = physicalBarriersOf(design, asset, options);
        const uncounted = refused.length ? `; ${PHYSICAL_BARRIERS_CHECKED}: ${refused.join(', ')} not counted, no boot check of that kind` : '';
        for (const start of flashStarts) {
          edges.push({ from: start.id, to: id, barriers: counted, description: `write ${describeResource(spec, resource)} directly in flash (it lies in ${asset.name}${counted.length ? `, past ${counted.join(' and ')}` : ', which nothing protects against a flash writer'}${uncounted})`, ...(refused.length ? { rule: PHYSICAL_BARRIERS_CHECKED } : {}) });
        }
      }
    } else {
      goalErrors.push({ resource: critical.resource, where, message: `"${critical.resource}" is not a peripheral or an app's storage: only those can be critical assets` });
      goals.pop();
      nodes.pop();
      continue;
    }
    owners.set(id, reachedBy.map(appName));
    drivers.set(id, [...claimedBy]);
  }

  const appSlots = new Set(product.apps.map((a) => a.slot).filter((s): s is string => s !== undefined));
  const appStarts = (base.starts ?? []).flatMap((s) => (s.startsAs !== undefined && appSlots.has(s.startsAs) ? [{ id: s.id, slot: s.startsAs }] : []));
  // Every edge the product's files added is marked, so a finding the product makes can be told from the platform's.
  const platformEdges = new Set(base.edges);
  const marked = edges.map((e) => (platformEdges.has(e) ? e : { ...e, product: true }));
  return { ...base, nodes, edges: keepKnown(nodes, marked), goals, appStarts, entryPoints, unjudgedExposure, goalErrors, owners, drivers };
}

/** The block a peripheral lies in and whether it uses the block as a whole (the claims' reading, model/isolation/claims.ts). */
function pinUse(product: Product, capability: PeripheralCapability, value: string | number) {
  const block = blockOfPeripheral(product.chip, capability, value);
  return block ? { block, usage: usageOf(capability), value } : undefined;
}

/** Node id of a product resource: "Pwm:PWM-CONTROLLER-0", "storage:<component id>" (platform ids cannot contain ':'). */
function goalId(r: Resource): string {
  if (r.kind === 'peripheral') return `${r.capability}:${r.value}`;
  if (r.kind === 'storage') return `storage:${r.owner}`;
  return resourceKey(r);
}
