/**
 * The platform components that take an app's input through the interfaces its manifest asks for, read from the
 * product's manifests and the platform design (the schema has no interface list, so each interface is derived from
 * what the design and the manifest already state). Whoever holds the app writes that input, so each is one exploit of
 * the component that takes it (defense-in-depth.derived-exploitability: a parser of attacker-controlled input is
 * exploitable; no exception the design states for network or flash input covers an app's requests). Read by
 * product-attack-graph.ts and by crash-containment.ts (which of these takers' crashes the design contains); its second
 * reading is test/differential/product-reach.ts (`interfaces`).
 *  - inter-core channel (AllowedApplicationConnections, facts §1.4): an app that lists a partner installed in the
 *    product sends to it, and the layers directly above the partner on its core (the partner's kernel: on the MT3620
 *    the Linux kernel's inter-core mailbox driver) take every message first, to check both lists and route it. That
 *    is so whether or not the partner lists the sender back: refusing a one-sided sender means reading its message;
 *    and so when no app of the product has the listed id (the corpus's real-time labs list high-level apps their
 *    repositories do not ship): the sender still sends, and refusing a message to an absent app means reading it
 *    too. Which core it goes to is not known then, so every app slot of the design but the sender's stands for the
 *    absent partner (on the MT3620 a real-time app's messages go to the A7, whose kernel takes them; an empty slot
 *    is dropped from the product's design, so the slots are the design's as written, `basePlatform`); before s37
 *    such a listing reached nothing, and the compartmentalization warning said "nothing takes what it sends";
 *    and so for every app the design opens a channel to from it, listed or not (appConnections any-app);
 *  - mutable storage (MutableStorage, facts §2.1: a service of the OS): an app that may open its own storage sends
 *    its requests to every component outside the app slots the design's access rules let read or write the storage
 *    asset (the storage service);
 *  - device authentication (DeviceAuthentication, facts §4: the DAA certificate and the TLS client key are used in
 *    Pluton for the app, through /dev/pluton): every component outside the app slots that may use a private key or
 *    a key store;
 *  - network (AllowedConnections, AllowedTcpServerPorts, AllowedUdpServerPorts): the app's traffic is carried by the
 *    components of its core that parse network traffic (the attack surface's network parsers: marked
 *    networkFacing, or of a network image type under the profile's rule);
 *  - device configuration (NetworkConfig, WifiConfig, SystemTime, PowerControls, …: the boolean capabilities and
 *    PowerControls, facts §1.3 table): served by the OS services (image type Services) of the app's core.
 * An app filling no slot of the design has no core the design describes: only the storage and key services, which
 * do not depend on the core, are derived for it.
 */
import type { Product, ProductApp } from '../product/product.js';
import { isAppSlot } from '../product/instantiate.js';
import { IsolationSpec } from '../isolation/isolation-spec.js';
import { layersAbove } from './attack-graph.js';
import { platformParsers, type AttackSurfaceRules } from './attack-surface.js';
import type { PlatformComponent } from './platform-design.js';
import { reachRules } from './bus-masters.js';

export const APP_INTERFACES_RULE = 'defense-in-depth.derived-exploitability';

export interface AppInterface {
  /** Index of the app in product.apps. */
  app: number;
  /** The platform component that takes the app's input. */
  component: string;
  /** Which interface: "channel to <partner>", "MutableStorage", … */
  via: string;
  /** Its kind: the inter-core channel, mutable storage, the device's keys, network traffic, device configuration. */
  kind: AppInterfaceKind;
  /** Where the manifest asks for it (a JSON pointer into the app's manifest). */
  pointer: string;
}

/**
 * 'memory': memory or storage the design lets the app's slot write and the component read (data-paths.ts). Not derived
 * here (the design, not the manifest, states it; attack-graph.ts already gives the edge from the slot): crash-containment.ts
 * adds it, its pointer into the design's access list.
 */
export type AppInterfaceKind = 'channel' | 'storage' | 'keys' | 'network' | 'config' | 'memory';

/** Image type of the OS services (facts §3.3): the application manager, networking and update. */
const SERVICES_IMAGE_TYPE = 'Services';

export function appInterfaces(product: Product, rules: AttackSurfaceRules = {}, spec: IsolationSpec = new IsolationSpec(product)): AppInterface[] {
  const design = product.platform;
  const found: AppInterface[] = [];
  const component = (id: string | undefined) => (id === undefined ? undefined : design.components.find((c) => c.id === id));
  const services = design.components.filter((c) => !isAppSlot(c));
  // Who holds the storage or a key: by its own rules or a bus master it programs (the effective access, bus-masters.ts).
  const reach = reachRules(design);
  const holding = (kinds: readonly string[], rights: readonly string[]) =>
    services.filter((c) => reach.some((r) => r.component === c.id && rights.some((x) => r.rights.includes(x as never)) && kinds.includes(design.assets.find((a) => a.id === r.asset)?.kind ?? '')));
  const networkParsers = new Set(platformParsers(design, rules).filter((p) => p.input === 'network').map((p) => p.component));
  const add = (app: number, to: readonly PlatformComponent[], via: string, pointer: string, kind: AppInterfaceKind) => {
    for (const c of to) {
      if (c.id === product.apps[app]!.slot || found.some((f) => f.app === app && f.component === c.id && f.via === via)) continue;
      found.push({ app, component: c.id, via, pointer, kind });
    }
  };
  const edges = spec.accessEdges();
  product.apps.forEach((app: ProductApp, i) => {
    const m = app.manifest;
    const compartment = spec.compartments[i]!;
    const own = component(app.slot);
    // The apps it lists, and every app the design opens a channel to from it (appConnections either-lists-the-other or any-app).
    const receivers = [
      ...m.partners.map((partner) => ({ j: product.apps.findIndex((other) => other.manifest.componentId === partner.componentId), pointer: partner.pointer })),
      ...edges.filter((e) => e.from === compartment.id && e.to.kind === 'app').map((e) => ({ j: spec.compartments.findIndex((c) => e.to.kind === 'app' && c.id === e.to.id), pointer: '/Capabilities/AllowedApplicationConnections' })),
    ];
    for (const { j, pointer } of receivers) {
      const slot = component(product.apps[j]?.slot);
      if (j < 0 || j === i || !slot) continue;
      add(i, layersAbove(design, slot), `channel to ${product.apps[j]!.manifest.name ?? product.apps[j]!.manifest.componentId}`, pointer, 'channel');
    }
    for (const partner of m.partners.filter((p) => !product.apps.some((other) => other.manifest.componentId === p.componentId))) {
      add(i, absentPartnerTakers(product, app.slot), `channel to ${partner.componentId}, which no app of the product has`, partner.pointer, 'channel');
    }
    if (edges.some((e) => e.from === compartment.id && e.to.kind === 'storage' && e.to.owner === compartment.id)) {
      add(i, holding(['storage'], ['read', 'write']), 'MutableStorage', '/Capabilities/MutableStorage', 'storage');
    }
    if (m.deviceAuthentication !== undefined) add(i, holding(['private-key', 'key-store'], ['use']), 'DeviceAuthentication', '/Capabilities/DeviceAuthentication', 'keys');
    if (!own) return;
    const onCore = services.filter((c) => c.core === own.core);
    const network = edges.find((e) => e.from === compartment.id && (e.to.kind === 'host' || e.to.kind === 'port'));
    if (network) {
      const pointer = m.allowedConnections.length ? '/Capabilities/AllowedConnections' : m.tcpServerPorts.length ? '/Capabilities/AllowedTcpServerPorts' : m.udpServerPorts.length ? '/Capabilities/AllowedUdpServerPorts' : '/Capabilities';
      add(i, onCore.filter((c) => networkParsers.has(c.id)), 'network traffic', pointer, 'network');
    }
    const config = [...m.enabled, ...(m.powerControls.length ? ['PowerControls'] : [])];
    if (config.length) add(i, onCore.filter((c) => c.imageType === SERVICES_IMAGE_TYPE), config.join(', '), `/Capabilities/${config[0]}`, 'config');
  });
  return found;
}

/**
 * The layers that take a message an app sends to a partner id no app of the product has (see the header): the layers
 * directly above every app slot of the design as written, but the sender's own (its own kernel is already one exploit
 * away by layer escalation), as far as they run in the product's design.
 */
export function absentPartnerTakers(product: Product, senderSlot: string | undefined): PlatformComponent[] {
  const design = product.platform;
  const takers = product.basePlatform.components
    .filter((slot) => isAppSlot(slot) && slot.id !== senderSlot)
    .flatMap((slot) => layersAbove(design, slot))
    .filter((layer) => !isAppSlot(layer));
  return takers.filter((layer, k) => takers.findIndex((t) => t.id === layer.id) === k);
}
