/**
 * Bus masters a component programs: a peripheral with its own DMA engine (an ISU block driving SPI or a UART), or any
 * other engine that reads and writes memory by itself once a component has set it going. It moves data as itself, not
 * as the component that set it going: what it may reach is what the I/O firewall in front of it lets it reach
 * (`busMasters[].reaches`), whatever the access rules give the component. So control of a bus master gives its reach:
 * a real-time app that programs the ISU's DMA engine writes whatever that engine may write, the kernel's memory or
 * another app's window too, unless the firewall stops the engine there. Before this rule a design could not say so
 * (there was no field; an engine stated as a component of its own was tied to no app, and an app slot whose engine
 * wrote the kernel's memory held compartmentalization and small-tcb: s37-dma case c02).
 *
 * The rule, written once: every component listed in `controlledBy` gets, for each reach, the rights the reach names,
 * as a rule of its own (`reachRules`, appended after the design's access rules so every `/access/i` keeps its index).
 * `reachRules` is the design's effective access: every reader of "who can reach, read or write what" reads it (or
 * `reachRightsOf`, or `dataPaths`, which reads it), never `design.access` alone. Before s38 only app confinement, the
 * attack graph, the control closure, the TCB and the firewall-configuration writers did; crash containment, the
 * failure log's writers, the counter raiser, the measurement register's writers, the asset signer, the app
 * interfaces, the storage rights and others still read the declared rules, and an app whose engine reached what they
 * guard passed them. test/architecture/effective-access-readers.test.ts fails on any reader of `access` in model/,
 * properties/ or proofs/ that is not on its list of declared-on-purpose readers (the loader, the instance, pointers
 * into the file). Second reading: the emulated bus's DMA engines (emulator/boot/dma-engines.ts), which grant a
 * transfer by the design's `busMasters` on their own, and the emulated access controller's `reach` (a component's own
 * request, else an engine it programs), which every emulated path that asks what a component can get done reads;
 * held together by test/differential/bus-master-differential.test.ts.
 *
 * Left out (no `busMasters` field): the design does not say which bus masters its components program and what the
 * firewall lets them reach; where an app of the product drives a peripheral block, a verdict that rests on what the
 * app reaches (compartmentalization's hardware-barriers, small-tcb, hardware-root-of-trust, defense-in-depth) is then
 * unknown, naming `/busMasters` (busMastersUnstated), never holds. An empty list states that no component programs a
 * bus master beyond its own core. The built-in design leaves it out: the reference facts do not say which MT3620
 * blocks master the bus nor what the firewall lets them reach.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { AccessRule, PlatformDesign, Right } from './platform-design.js';

export const BUS_MASTERS_POINTER = '/busMasters';

/** An access rule with where the design states it: the design's own (`/access/i`) or one a bus master gives. */
export interface ReachRule extends AccessRule {
  /** JSON pointer in the platform design file of the statement that gives the right. */
  pointer: string;
  /** The bus master whose reach this is (left out for the design's own rules). */
  busMaster?: string;
}

/** Every right a component gets through a bus master it controls, one rule per (controller, reach). */
export function busMasterRules(design: Pick<PlatformDesign, 'busMasters'>): ReachRule[] {
  return (design.busMasters ?? []).flatMap((master, m) =>
    master.controlledBy.flatMap((component) =>
      master.reaches.map((reach, r) => ({ component, asset: reach.asset, rights: [...reach.rights], pointer: `${BUS_MASTERS_POINTER}/${m}/reaches/${r}`, busMaster: master.id })),
    ),
  );
}

/** The design's access rules (`/access/i`, in order, so index i is still rule i) followed by every bus master's. */
export function reachRules(design: Pick<PlatformDesign, 'access' | 'busMasters'>): ReachRule[] {
  return [...design.access.map((rule, i) => ({ ...rule, pointer: `/access/${i}` })), ...busMasterRules(design)];
}

/** Every right `component` has on `asset`: its own rules' and its bus masters' (what it can get done to the asset). */
export function reachRightsOf(design: Pick<PlatformDesign, 'access' | 'busMasters'>, component: string, asset: string): Right[] {
  return [...new Set(reachRules(design).flatMap((r) => (r.component === component && r.asset === asset ? r.rights : [])))];
}

/**
 * Peripheral capabilities that give an app a peripheral block of its own (an ISU as UART, I2C or SPI master, an I2S
 * interface, the ADC, a PWM controller): a block that may carry a DMA engine. Which of the MT3620's blocks do, and what
 * the I/O firewall lets each reach, the reference facts do not say (azure-sphere-facts §2.1 names the blocks and the
 * firewall, not their bus mastering), so every block counts. A GPIO pin or an interrupt line moves no data by itself.
 */
const BLOCK_CAPABILITIES: ReadonlySet<string> = new Set(['Uart', 'I2cMaster', 'SpiMaster', 'I2sSubordinate', 'Adc', 'Pwm']);

/** An app of the product as this rule reads it: the slot it fills and the peripherals its manifest requests. */
export interface PeripheralDriver {
  slot?: string;
  manifestFile: string;
  manifest: { name?: string; peripherals: readonly { capability: string; raw: string | number; pointer: string }[] };
}

/**
 * Where the design leaves `busMasters` out and an app of the product drives a peripheral block: the app may program a
 * DMA engine whose reach no one stated, so a verdict that rests on what that app reaches is unknown, naming the field
 * and the manifest's request. One line per such request; none where the design states its bus masters ([] too).
 */
export function busMastersUnstated(design: Pick<PlatformDesign, 'busMasters'>, apps: readonly PeripheralDriver[]): string[] {
  if (design.busMasters !== undefined) return [];
  return apps.flatMap((app) =>
    app.slot === undefined
      ? []
      : app.manifest.peripherals
          .filter((p) => BLOCK_CAPABILITIES.has(p.capability))
          .map((p) => `${app.manifest.name ?? app.slot} (app slot ${app.slot}) drives ${p.capability} ${p.raw} (${displayPath(app.manifestFile)} ${p.pointer}), and the platform design does not say which bus masters its components program nor what the I/O firewall lets them reach (${BUS_MASTERS_POINTER}): a DMA engine of that block reaches whatever the firewall lets it, whatever the app's own rights`),
  );
}

/** The pointer of reach rule `index` of `reachRules(design)`. */
export function reachPointer(design: Pick<PlatformDesign, 'access' | 'busMasters'>, index: number): string {
  return index < design.access.length ? `/access/${index}` : (busMasterRules(design)[index - design.access.length]?.pointer ?? '/access/?');
}
