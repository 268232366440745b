/**
 * The crash of each shared service an app's input reaches, as the emulated device shows it. Second reading, on
 * purpose, of model/platform/crash-containment.ts (sharedServiceCrashes): compartmentalization's failure-isolation
 * reads both (properties/compartmentalization/service-crashes.ts), and
 * test/differential/crash-containment-differential.test.ts holds this against the rule on fixtures and random products. It imports
 * neither crash-containment.ts nor app-interfaces.ts nor attack-graph.ts (layersAbove): who takes an app's input is
 * read from the devices themselves, and each taker is crashed on a booted device (emulator/boot/service-crash.ts),
 * which shows what went down.
 *
 * Who takes a held app's input, of the kinds whose taker the design places (the others are inherent to what the app
 * asks: the partner's kernel for an inter-core message, the key user behind DeviceAuthentication):
 *  - storage: the app device serves the app its own storage, and the boot emulator's bus lets the component read or
 *    write the design's storage asset;
 *  - network: the booted app can open a connection (to a host its manifest names, a wildcard's instance, or a host
 *    nobody names) or listen on a port, and the component, on the app's core, parses the network (marked
 *    networkFacing, or of image type WifiFirmware or Services, facts §3.3, §3.5);
 *  - config: the manifest turns on a boolean capability or PowerControls, and the component, on the app's core, is
 *    the OS services image (Services, facts §1.3);
 *  - memory: the component may read a memory region, storage or an I/O register (a FIFO) the app's slot may write
 *    (the access list, as the device's access controller grants it), save the app slots and the layers directly above
 *    another app slot on their core (the partner's kernel that routes inter-core messages).
 * Not crashed: app slots, and the layers directly above the app's own slot on its core (its own OS: their crash is
 * the app's own OS's); an app filling no slot of the design, whose own layers are not known. "Directly above" is this
 * file's own privilege reading: on one core, the secure world over the normal one at no lower privilege, and within a
 * world a higher privilege over a lower one, with nothing else between.
 */
import { bootDevice as bootAppDevice, prepareBoot } from './app-device.js';
import type { BootLab } from './boot/boot-lab.js';
import { runCompromisedComponent } from './boot/compromised-component.js';
import type { SignatureVerifier } from './boot/p256-verifier.js';
import { crashComponent, type CrashOutcome } from './boot/service-crash.js';
import type { Syscall } from './syscalls.js';
import type { PlatformComponent } from '../model/platform/platform-design.js';
import { APP_IMAGE_TYPE } from '../model/product/instantiate.js';
import type { Product } from '../model/product/product.js';

export type SharedServiceKind = 'storage' | 'network' | 'config' | 'memory';

export interface DeviceServiceCrash {
  /** Index of the app in product.apps, and its manifest name (or component id). */
  app: number;
  appName: string;
  /** The component that takes the app's input, crashed. */
  component: string;
  kind: SharedServiceKind;
  /** What the device showed: the service alone restarted (by whom), the chip reset, or the service was not running. */
  outcome: 'restarted' | 'reboot' | 'not running';
  restartedBy?: string;
  crash: CrashOutcome;
}

const LEVEL: Record<PlatformComponent['privilege'], number> = { user: 1, 'bare-metal': 2, supervisor: 2, firmware: 3, rom: 4 };
const over = (a: PlatformComponent, b: PlatformComponent) => a.id !== b.id && a.core === b.core && !(a.world === 'normal' && b.world === 'secure') && 2 * LEVEL[a.privilege] + (a.world === 'secure' ? 1 : 0) > 2 * LEVEL[b.privilege] + (b.world === 'secure' ? 1 : 0);
function directlyAbove(components: readonly PlatformComponent[], under: PlatformComponent): PlatformComponent[] {
  const above = components.filter((c) => over(c, under));
  return above.filter((c) => !above.some((between) => over(c, between)));
}

/** Each shared service an app's input reaches, crashed on a booted device; booted false when a device would not start. */
export function crashSharedServices(product: Product, lab: BootLab, verifier: SignatureVerifier): { booted: boolean; crashes: DeviceServiceCrash[] } {
  const design = product.platform;
  const names = product.apps.map((a) => a.manifest.name ?? a.manifest.componentId);
  const ids = product.apps.map((a) => a.manifest.componentId);
  // Each probe runs on a fresh device (a refused call must not change the next); the installation is prepared once.
  const prepared = prepareBoot(product);
  const fresh = () => {
    const booted = bootAppDevice(product, { prepared });
    return booted.ok ? booted.device : undefined;
  };
  if (!fresh()) return { booted: false, crashes: [] };
  const ok = (i: number, call: Syscall) => fresh()!.syscall(ids[i]!, call).ok;

  const storageHolders = new Set<string>();
  const storage = design.assets.filter((a) => a.kind === 'storage');
  for (const c of design.components) {
    for (const attempt of runCompromisedComponent(lab.factoryDevice.clone(), c.id, storage, lab.attacker.compromisedProgram(new Uint8Array([0x53, 0x54, 0x4f])))) {
      if (attempt.outcome === 'granted' && (attempt.right === 'read' || attempt.right === 'write')) storageHolders.add(c.id);
    }
  }
  const access = lab.factoryDevice.profile.access;
  const slotIds = new Set(product.apps.map((a) => a.slot).filter((s): s is string => s !== undefined));
  const appSlots = design.components.filter((c) => slotIds.has(c.id) || c.imageType === APP_IMAGE_TYPE);
  const routers = new Set(appSlots.flatMap((slot) => directlyAbove(design.components, slot).map((c) => c.id)));
  const carriers = design.assets.filter((a) => a.kind === 'memory-region' || a.kind === 'storage' || (a.kind === 'register' && a.location === 'io-registers'));
  const parsesNetwork = (c: PlatformComponent) => c.networkFacing === true || c.imageType === 'WifiFirmware' || c.imageType === 'Services';

  const takers: { app: number; component: string; kind: SharedServiceKind }[] = [];
  product.apps.forEach((app, i) => {
    const slot = design.components.find((c) => c.id === app.slot);
    if (!slot) return;
    const own = new Set([slot.id, ...directlyAbove(design.components, slot).map((c) => c.id)]);
    const take = (components: readonly string[], kind: SharedServiceKind) => {
      for (const component of components) if (!own.has(component) && !appSlots.some((s) => s.id === component) && !takers.some((t) => t.app === i && t.component === component && t.kind === kind)) takers.push({ app: i, component, kind });
    };
    const m = app.manifest;
    if (ok(i, { kind: 'storage-read', owner: ids[i]! }) || ok(i, { kind: 'storage-write', owner: ids[i]!, data: 'x' })) take([...storageHolders], 'storage');
    const hosts = [...m.allowedConnections.map((h) => h.replace(/^\*\./, 'instance.')), 'nobody-names-this.example.org'];
    const listens = [...m.tcpServerPorts.map((port) => ({ protocol: 'tcp' as const, port })), ...m.udpServerPorts.map((port) => ({ protocol: 'udp' as const, port })), { protocol: 'tcp' as const, port: 40_001 }, { protocol: 'udp' as const, port: 40_002 }];
    const onCore = design.components.filter((c) => c.core === slot.core);
    if (hosts.some((host) => ok(i, { kind: 'connect', host })) || listens.some((l) => ok(i, { kind: 'listen', ...l }))) take(onCore.filter(parsesNetwork).map((c) => c.id), 'network');
    if (m.enabled.length || m.powerControls.length) take(onCore.filter((c) => c.imageType === 'Services').map((c) => c.id), 'config');
    // What the app's slot can get written, itself or by a DMA engine it programs (boot/access-rules.ts reach).
    const written = carriers.filter((a) => access.reach(slot.id, a.id, 'write').granted);
    take(design.components.filter((c) => !routers.has(c.id) && written.some((a) => access.reach(c.id, a.id, 'read').granted)).map((c) => c.id), 'memory');
  });

  const crashes = takers.map(({ app, component, kind }): DeviceServiceCrash => {
    const { device, trace } = lab.boot(verifier, { scenario: `crash of ${component}` });
    const crash = crashComponent(device, trace, component, verifier);
    const contained = !crash.notRunning && !crash.rebooted && crash.down.length === 1 && crash.down[0] === component;
    const outcome = crash.notRunning ? 'not running' : contained ? 'restarted' : 'reboot';
    return { app, appName: names[app]!, component, kind, outcome, ...(contained && crash.restartedBy ? { restartedBy: crash.restartedBy } : {}), crash };
  });
  return { booted: true, crashes };
}
