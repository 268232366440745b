/**
 * Second reading, on purpose, of model/platform/crash-containment.ts (sharedServiceCrashes): for each shared service an
 * app's input reaches, does its crash stay its own, or does the device reboot? Held against it by
 * test/differential/crash-containment-differential.test.ts on flawed and sound designs and on random products. It
 * imports neither crash-containment.ts, app-interfaces.ts nor attack-graph.ts (whose layersAbove the rule reads): the
 * takers are product-reach.ts's (the emulated device's own reading of who takes an app's storage requests, network
 * traffic and device configuration), and each is crashed on a booted device (emulator/boot/service-crash.ts), which
 * shows what went down: the service alone (restarted by a running privileged mode of its core) or everything (the chip
 * reset and booted again).
 * Not crashed, as the rule counts them not: the takers of the inter-core channel and of the keys (not the design's
 * choice of placement), and the layers the app itself runs on (attack-reach.ts's own privilege reading: those directly
 * above its slot on its core), whose crash is its own OS's; an app filling no slot of the design, whose own layers are
 * not known.
 * Also crashed: the readers of memory the app's slot may write (a mailbox or window the design states: a
 * memory-region, storage or I/O-register (a FIFO) asset the slot has write rights on and another component read rights on, read here from
 * the access list itself), save the app slots and the layers taking another app slot's requests on their core (the
 * partner's kernel that routes inter-core messages, as above).
 * Each line: "<app> → <component> (<storage|network|config|memory>): restarted by <id> | reboot".
 */
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { crashComponent } from '../../emulator/boot/service-crash.js';
import { APP_IMAGE_TYPE } from '../../model/product/instantiate.js';
import type { Product } from '../../model/product/product.js';
import { layersTakingRequests } from './attack-reach.js';
import { productReach } from './product-reach.js';

/** The interfaces whose taker the design places (the others are inherent to what the app asks). */
const SHARED_KINDS = new Set(['storage', 'network', 'config', 'memory']);

export interface CrashReading {
  booted: boolean;
  /** One line per crashed taker (see the header), sorted. */
  crashes: string[];
}

export function crashContainmentReading(product: Product, lab: BootLab): CrashReading {
  const reach = productReach(product, lab, []);
  if (!reach.booted) return { booted: false, crashes: [] };
  const design = product.platform;
  const verifier = new NodeP256Verifier();
  const crashes = new Set<string>();
  const lines = [...reach.interfaces, ...memoryReaders(product)];
  for (const line of lines) {
    const m = /^(.*) → (\S+) \((\w+)\)$/.exec(line);
    if (!m || !SHARED_KINDS.has(m[3]!)) continue;
    const [, appName, taker, kind] = m as unknown as [string, string, string, string];
    const app = product.apps.find((a) => (a.manifest.name ?? a.manifest.componentId) === appName);
    const slot = design.components.find((c) => c.id === app?.slot);
    if (!slot || layersTakingRequests(design, slot).some((layer) => layer.id === taker)) continue;
    const { device, trace } = lab.boot(verifier, { scenario: `crash of ${taker}` });
    const outcome = crashComponent(device, trace, taker, verifier);
    const contained = !outcome.notRunning && !outcome.rebooted && outcome.down.length === 1 && outcome.down[0] === taker;
    crashes.add(`${appName} → ${taker} (${kind}): ${outcome.notRunning ? 'not running' : contained ? `restarted by ${outcome.restartedBy}` : 'reboot'}`);
  }
  return { booted: true, crashes: [...crashes].sort() };
}

/** "<app> → <reader> (memory)" for each component that may read a memory-region, storage or I/O-register asset the app's slot may write. */
function memoryReaders(product: Product): string[] {
  const design = product.platform;
  const slots = design.components.filter((c) => c.imageType === APP_IMAGE_TYPE);
  const routers = new Set(slots.flatMap((slot) => layersTakingRequests(design, slot).map((layer) => layer.id)));
  const carriers = new Set(design.assets.filter((a) => a.kind === 'memory-region' || a.kind === 'storage' || (a.kind === 'register' && a.location === 'io-registers')).map((a) => a.id));
  const found: string[] = [];
  for (const app of product.apps) {
    const written = design.access.filter((r) => r.component === app.slot && carriers.has(r.asset) && r.rights.includes('write')).map((r) => r.asset);
    for (const r of design.access) {
      if (!written.includes(r.asset) || !r.rights.includes('read') || r.component === app.slot || routers.has(r.component)) continue;
      if (slots.some((s) => s.id === r.component)) continue;
      found.push(`${app.manifest.name ?? app.manifest.componentId} → ${r.component} (memory)`);
    }
  }
  return found;
}
