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
 * Each line: "<app> → <component> (<storage|network|config>): restarted by <id> | reboot".
 */
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import { NodeP256Verifier } from '../../emulator/boot/p256-verifier.js';
import { crashComponent } from '../../emulator/boot/service-crash.js';
import type { Product } from '../../model/product/product.js';
import { layersTakingRequests } from './attack-reach.js';
import { productReach } from './product-reach.js';

/** The interfaces whose taker the design places (the others are inherent to what the app asks). */
const SHARED_KINDS = new Set(['storage', 'network', 'config']);

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
  for (const line of reach.interfaces) {
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
