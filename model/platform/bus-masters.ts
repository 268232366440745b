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
 * Read by the attack graph (attack-graph.ts: write-to-executed edges and the edges to critical assets), app confinement
 * (app-confinement.ts: writes what another runs, shared windows, another compartment's secrets), the closure over
 * control (control-closure.ts) and the TCB (tcb.ts). Second reading: the emulated bus's DMA engines
 * (emulator/boot/dma-engines.ts), which grant a transfer by the design's `busMasters` on their own; held together by
 * test/differential/bus-master-differential.test.ts.
 *
 * Left out (no `busMasters` field): the design does not say which bus masters its components program and what the
 * firewall lets them reach (busMastersUnstated says so, naming `/busMasters`). An empty list states that no component
 * programs a bus master beyond its own core.
 */
import type { AccessRule, PlatformDesign } from './platform-design.js';

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

/** The design with every bus master's reach as access rules of its controllers: for the rules that read `access` whole. */
export function withBusMasterReach<T extends Pick<PlatformDesign, 'access' | 'busMasters'>>(design: T): T {
  const derived = busMasterRules(design);
  return derived.length ? { ...design, access: [...design.access, ...derived.map(({ component, asset, rights }) => ({ component, asset, rights }))] } : design;
}

/** Where `busMasters` is left out: the reason a verdict resting on who reaches what is unknown. */
export function busMastersUnstated(design: Pick<PlatformDesign, 'busMasters'>): string | undefined {
  if (design.busMasters !== undefined) return undefined;
  return `the design does not say which bus masters (DMA engines of the peripherals its apps program) its components control and what the I/O firewall lets them reach (${BUS_MASTERS_POINTER}): an app that programs one reaches whatever it may write`;
}

/** The pointer of reach rule `index` of `reachRules(design)`. */
export function reachPointer(design: Pick<PlatformDesign, 'access' | 'busMasters'>, index: number): string {
  return index < design.access.length ? `/access/${index}` : (busMasterRules(design)[index - design.access.length]?.pointer ?? '/access/?');
}
