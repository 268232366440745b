/**
 * Whether the design contains the crash of a shared service an app's input reaches, or the device must reboot.
 * The edges are app-interfaces.ts's (the same rule defense-in-depth reads, not a copy): whoever holds an app writes
 * what that app asks the platform for, so the component taking it can be made to fail by it, and a failure in one
 * component must not require a reboot of the entire device (Seven Properties, compartmentalization's question).
 * Shared services, whose placement is the design's choice: the storage service behind MutableStorage (facts §2.1: a
 * service of the OS), the network stack behind an app's connections and server ports, and the OS services behind
 * device configuration (facts §1.3). Not counted, since no design can serve them elsewhere: the layers the app itself
 * runs on (its own kernel: their crash is the crash of the app's own OS), the partner's kernel that routes an
 * inter-core message (facts §1.4: the OS checks both lists), and the key user behind DeviceAuthentication (facts §4:
 * the key is used inside Pluton for the app). A mailbox or window the design states (data-paths.ts: memory or storage
 * the app's slot may write and a component outside the app slots reads) is a shared service of the design's choosing
 * too, with one exception: the layer directly above another app slot on the reader's core, which takes that slot's
 * inter-core messages (the same partner's kernel as above, placed by the design in SRAM).
 * A crashed service is restarted alone when it runs in user mode under a running layer on its core (the layer
 * restarts it as the OS restarts an app: an Azure Sphere OS service is a process); any other component (a kernel,
 * the Security Monitor, firmware) is a privilege domain of its own, whose crash nothing restarts but a reboot.
 * Read by compartmentalization's crash isolation under compartmentalization.failure-isolation.
 */
import type { Product } from '../product/product.js';
import type { IsolationSpec } from '../isolation/isolation-spec.js';
import { appInterfaces, type AppInterface, type AppInterfaceKind } from './app-interfaces.js';
import { layersAbove } from './attack-graph.js';
import { dataPaths } from './data-paths.js';
import { reachPointer } from './bus-masters.js';
import { isAppSlot } from '../product/instantiate.js';
import type { AttackSurfaceRules } from './attack-surface.js';

export interface ServiceCrash {
  /** The interface whose taker crashes (app, component, via, pointer into the app's manifest). */
  taker: AppInterface;
  /** The layers on the service's core that restart it alone; empty: its crash reboots the device. */
  restartedBy: string[];
  /** Where the service runs, for the evidence: "secure supervisor on A7". */
  runs: string;
  /** Which file taker.pointer points into: the app's manifest (what it asks for) or the platform design (a memory path). */
  source: 'manifest' | 'design';
}

/** Interface kinds whose taker the design chooses; the others' takers are inherent to what the app asks (above). */
const SHARED: ReadonlySet<AppInterfaceKind> = new Set(['storage', 'network', 'config', 'memory']);

export function sharedServiceCrashes(product: Product, rules: AttackSurfaceRules = {}, spec?: IsolationSpec): ServiceCrash[] {
  const design = product.platform;
  const component = (id: string | undefined) => (id === undefined ? undefined : design.components.find((c) => c.id === id));
  const crashes: ServiceCrash[] = [];
  const routers = new Set(design.components.filter(isAppSlot).flatMap((slot) => layersAbove(design, slot).map((layer) => layer.id)));
  const memory: AppInterface[] = dataPaths(design).flatMap((path) => {
    const app = product.apps.findIndex((a) => a.slot === path.writer);
    const reader = component(path.reader);
    if (app < 0 || !reader || isAppSlot(reader) || routers.has(reader.id)) return [];
    return [{ app, component: path.reader, via: `memory ${path.asset}`, kind: 'memory' as const, pointer: reachPointer(design, path.writeRule) }];
  });
  for (const taker of [...appInterfaces(product, rules, spec), ...memory]) {
    if (!SHARED.has(taker.kind)) continue;
    // An app filling no slot of the design runs on nothing the design states, so which layers are its own is not
    // known: not counted here (defense-in-depth names such an app undecided, and hardware-root-of-trust and small-tcb too).
    const slot = component(product.apps[taker.app]?.slot);
    if (!slot || layersAbove(design, slot).some((layer) => layer.id === taker.component)) continue;
    const service = component(taker.component);
    if (!service) continue;
    const restartedBy = service.privilege === 'user' ? layersAbove(design, service).map((layer) => layer.id) : [];
    crashes.push({ taker, restartedBy, runs: `${service.world} ${service.privilege} on ${service.core}`, source: taker.kind === 'memory' ? 'design' : 'manifest' });
  }
  return crashes;
}
