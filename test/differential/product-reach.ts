/**
 * Second reading, on purpose, of the product part of the attack graph (model/platform/product-attack-graph.ts,
 * buildProductAttackGraph): where the network attacker enters the product's apps, which app parses which other app's
 * messages, and who reaches each product critical asset (a peripheral, an app's storage) with no further compromise.
 * Held against it by test/differential/product-graph-differential.test.ts over random products; it imports neither
 * product-attack-graph.ts, attack-graph.ts, attack-surface.ts nor the isolation spec (model/isolation/), whose
 * accessEdges the graph is built from: the apps' behaviour is the emulated device's (emulator/app-device.ts, which
 * reads the manifests on its own), the platform components' the boot emulator's.
 *
 * Read as the device shows it:
 *  - an app is an entry point of each network attacker when, booted, it can open a connection (to a host its manifest
 *    names, a wildcard's instance, or a host nobody names) or listen on a port (its own, or one it does not name):
 *    then it parses what the network sends;
 *  - an app parses another's messages when the other's channel send to it is delivered and it receives it;
 *  - a product peripheral is reached by every app the device lets open it, by every app that opens a peripheral driving
 *    the same pins (the chip's block table, facts §2: a block's controller — PWM, UART/SPI/I2C on an ISU, the ADC, I2S —
 *    drives every pin of its block; a GPIO or an interrupt only its own pin), and by every component the boot
 *    emulator's access controller lets write the I/O firewall configuration (it gives itself the block);
 *  - an app's storage is reached by every app the device lets read or write it, by every component the bus lets read or
 *    write the design's storage asset, and by each flash-writing attacker where that asset is kept in flash, past the
 *    asset's physical barriers that are kinds of check some boot stage makes (physical-barriers-checked).
 *  - a platform component takes a held app's input (one exploit of it gives it; model/platform/app-interfaces.ts is
 *    the rule this mirrors) when: the app lists a partner the product installs (compared without regard to case, facts
 *    §1.4), or the device delivers its channel sends to another app, and the component sits directly above that
 *    partner on its core (attack-reach.ts's own privilege reading:
 *    the partner's kernel takes every message to check the lists, delivered or not); or the app lists an id no app of
 *    the product has and the component sits directly above any other app slot of the design as written (the kernel
 *    reads the message to find there is no such app); the device serves the app's own
 *    storage and the boot emulator's bus lets the component read or write the storage asset; the manifest states
 *    DeviceAuthentication and Pluton lets the component use a key (or, for a key outside Pluton, which has no door to
 *    use it by, the device's access controller grants the use); the booted app can open a connection or listen and
 *    the component, on the app's core, parses the network (marked networkFacing, or of image type WifiFirmware or
 *    Services); the manifest turns on a boolean capability or PowerControls and the component, on the app's core, is
 *    the OS services image (Services). App slots take no app's input this way.
 * Apps are named by their manifest name; platform components by id.
 */
import { bootDevice } from '../../emulator/app-device.js';
import { runCompromisedComponent } from '../../emulator/boot/compromised-component.js';
import type { BootLab } from '../../emulator/boot/boot-lab.js';
import type { Syscall } from '../../emulator/syscalls.js';
import { blockOfPeripheral, type PeripheralCapability } from '../../formats/chips/chip-profile.js';
import type { Product } from '../../model/product/product.js';
import { layersTakingRequests } from './attack-reach.js';

export interface ProductReach {
  booted: boolean;
  /** Apps (by name) each network attacker enters with one exploit. */
  entries: string[];
  /** "<sender> → <receiver>": the receiver parses the sender's messages. */
  partners: string[];
  /** "<app> → <component id> (<channel|storage|keys|network|config>)": the component takes what the held app sends it (see the header). */
  interfaces: string[];
  /** For each product goal ("Pwm:PWM-CONTROLLER-0", "storage:<id>"): "<who>" with no barrier, "<attacker> past <barriers>" from a flash writer. */
  goals: Map<string, string[]>;
}

/** A peripheral drives only its own pin, or every pin of its block (see the header). */
const PIN_LEVEL: readonly PeripheralCapability[] = ['Gpio', 'ExternalInterrupt'];

export function productReach(product: Product, lab: BootLab, goals: readonly { id: string; capability?: PeripheralCapability; value?: string | number; owner?: string }[]): ProductReach {
  const design = product.platform;
  const names = product.apps.map((a) => a.manifest.name ?? a.manifest.componentId);
  const ids = product.apps.map((a) => a.manifest.componentId);
  const boot = () => {
    const booted = bootDevice(product);
    if (!booted.ok) return undefined;
    return booted.device;
  };
  const first = boot();
  if (!first) return { booted: false, entries: [], partners: [], interfaces: [], goals: new Map() };
  const ok = (i: number, call: Syscall) => boot()!.syscall(ids[i]!, call).ok;

  const entries: string[] = [];
  const talksToNetwork = new Set<number>();
  const hasNetworkAttacker = design.attackers.some((a) => a.network);
  product.apps.forEach((app, i) => {
    const m = app.manifest;
    const hosts = [...m.allowedConnections.map((h) => h.replace(/^\*\./, 'instance.')), 'nobody-names-this.example.org'];
    const listens = [...m.tcpServerPorts.map((port) => ({ protocol: 'tcp' as const, port })), ...m.udpServerPorts.map((port) => ({ protocol: 'udp' as const, port })), { protocol: 'tcp' as const, port: 40_001 }, { protocol: 'udp' as const, port: 40_002 }];
    const exposed = hosts.some((host) => ok(i, { kind: 'connect', host })) || listens.some((l) => ok(i, { kind: 'listen', ...l }));
    if (exposed) talksToNetwork.add(i);
    if (exposed && hasNetworkAttacker) entries.push(names[i]!);
  });

  const partners: string[] = [];
  product.apps.forEach((_, from) =>
    product.apps.forEach((__, to) => {
      if (from === to) return;
      const device = boot()!;
      const sent = device.syscall(ids[from]!, { kind: 'channel-send', to: ids[to]!, data: 'probe' });
      const got = device.syscall(ids[to]!, { kind: 'channel-receive', from: ids[from]! });
      if (sent.ok && got.ok && got.data === 'probe') partners.push(`${names[from]} → ${names[to]}`);
    }),
  );

  // What the platform's components may do, as the boot emulator's hardware grants it.
  const grants = new Set<string>();
  const watched = design.assets.filter((a) => a.kind === 'firewall-config' || a.kind === 'storage');
  for (const c of design.components) {
    for (const attempt of runCompromisedComponent(lab.factoryDevice.clone(), c.id, watched, lab.attacker.compromisedProgram(new Uint8Array([0x41, 0x50, 0x50])))) {
      if (attempt.outcome === 'granted') grants.add(`${c.id} ${attempt.right} ${design.assets.find((a) => a.id === attempt.asset)!.kind}`);
    }
  }
  const platformHolders = (kind: string, rights: string[]) => design.components.filter((c) => rights.some((r) => grants.has(`${c.id} ${r} ${kind}`))).map((c) => c.id);

  // Who takes each held app's input (see the header).
  const slots = new Set(product.apps.map((a) => a.slot));
  const notAnApp = (id: string) => !slots.has(id);
  const keyUsers = new Set<string>();
  const keys = design.assets.filter((a) => a.kind === 'private-key' || a.kind === 'key-store');
  for (const c of design.components) {
    for (const attempt of runCompromisedComponent(lab.factoryDevice.clone(), c.id, keys, lab.attacker.compromisedProgram(new Uint8Array([0x4b, 0x45, 0x59])))) {
      if (attempt.right !== 'use') continue;
      if (attempt.outcome === 'granted' || (attempt.outcome === 'no-such-operation' && lab.factoryDevice.profile.access.decide(c.id, attempt.asset, 'use').granted)) keyUsers.add(c.id);
    }
  }
  const networkParsing = (c: (typeof design.components)[number]) => c.networkFacing === true || c.imageType === 'WifiFirmware' || c.imageType === 'Services';
  const interfaces = new Set<string>();
  product.apps.forEach((app, i) => {
    const m = app.manifest;
    const own = design.components.find((c) => c.id === app.slot);
    const take = (ids: string[], kind: string) => ids.filter((id) => notAnApp(id) && id !== app.slot).forEach((id) => interfaces.add(`${names[i]} → ${id} (${kind})`));
    const receivers = [
      ...m.partners.map((listed) => product.apps.find((other, j) => j !== i && other.manifest.componentId?.toLowerCase() === listed.componentId.toLowerCase())),
      ...product.apps.filter((_, j) => partners.includes(`${names[i]} → ${names[j]}`)),
    ];
    for (const partner of receivers) {
      const slot = design.components.find((c) => c.id === partner?.slot);
      if (slot) take(layersTakingRequests(design, slot).map((c) => c.id), 'channel');
    }
    // A listed id no app of the product has: whichever slot an app with it would fill, its layers read the message to refuse it.
    const absent = m.partners.filter((listed) => !product.apps.some((other) => other.manifest.componentId?.toLowerCase() === listed.componentId.toLowerCase()));
    if (absent.length) {
      const otherSlots = product.basePlatform.components.filter((c) => c.imageType === 'Applications' && c.id !== app.slot);
      for (const slot of otherSlots) take(layersTakingRequests(design, slot).filter((c) => c.imageType !== 'Applications').map((c) => c.id), 'channel');
    }
    if (ok(i, { kind: 'storage-read', owner: ids[i]! }) || ok(i, { kind: 'storage-write', owner: ids[i]!, data: 'x' })) take(platformHolders('storage', ['read', 'write']), 'storage');
    if (m.deviceAuthentication !== undefined) take([...keyUsers], 'keys');
    if (!own) return;
    const onCore = design.components.filter((c) => c.core === own.core);
    if (talksToNetwork.has(i)) take(onCore.filter(networkParsing).map((c) => c.id), 'network');
    if (m.enabled.length || m.powerControls.length) take(onCore.filter((c) => c.imageType === 'Services').map((c) => c.id), 'config');
  });

  // Every peripheral an app might open: what any app claims, and each goal.
  const claimed = product.apps.flatMap((a) => a.manifest.peripherals.flatMap((p) => (p.value === undefined ? [] : [{ capability: p.capability, value: p.value }])));
  const reach = new Map<string, string[]>();
  for (const goal of goals) {
    const who = new Set<string>();
    if (goal.capability !== undefined) {
      const block = blockOfPeripheral(product.chip, goal.capability, goal.value!);
      const samePins = (p: { capability: PeripheralCapability; value: string | number }) => {
        const other = blockOfPeripheral(product.chip, p.capability, p.value);
        if (!block || !other || other.id !== block.id) return false;
        return !PIN_LEVEL.includes(p.capability) || !PIN_LEVEL.includes(goal.capability!) || String(p.value) === String(goal.value);
      };
      product.apps.forEach((_, i) => {
        if (ok(i, { kind: 'peripheral-open', capability: goal.capability!, value: goal.value! })) who.add(names[i]!);
        for (const p of claimed) if (samePins(p) && ok(i, { kind: 'peripheral-open', ...p })) who.add(names[i]!);
      });
      platformHolders('firewall-config', ['write']).forEach((c) => who.add(c));
    } else {
      product.apps.forEach((_, i) => {
        if (ok(i, { kind: 'storage-read', owner: goal.owner! }) || ok(i, { kind: 'storage-write', owner: goal.owner!, data: 'x' })) who.add(names[i]!);
      });
      platformHolders('storage', ['read', 'write']).forEach((c) => who.add(c));
      // A barrier stands only when it is a kind of check some boot stage makes (the profile's
      // defense-in-depth.physical-barriers-checked): a name no check carries is a word the flash writer walks past.
      const checkedKinds = new Set<string>(design.boot.flatMap((stage) => stage.checks.map((check) => check.kind)));
      for (const asset of design.assets.filter((a) => a.kind === 'storage' && a.location === 'flash')) {
        const standing = (asset.physicalBarriers ?? []).filter((b) => checkedKinds.has(b));
        for (const attacker of design.attackers.filter((a) => a.writesFlash)) who.add(`${attacker.id} past ${[...standing].sort().join('+') || 'nothing'}`);
      }
    }
    reach.set(goal.id, [...who].sort());
  }
  return { booted: true, entries: entries.sort(), partners: partners.sort(), interfaces: [...interfaces].sort(), goals: reach };
}
