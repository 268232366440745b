/**
 * The device's DMA engines: a peripheral block assigned to a component (an ISU the real-time app on M4-0 drives as an
 * SPI master) carries an engine that moves data on the bus as its own master. The component that programs it hands it
 * a transfer; the I/O firewall in front of the engine decides it by the engine's own window, never by the rights of the
 * component that programmed it. An engine takes transfers only from the components it is assigned to.
 *
 * Second reading, on purpose, of the rule model/platform/bus-masters.ts (control of a bus master gives its reach,
 * read by app confinement, the attack graph, the control closure and the TCB): it reads the design's `busMasters`
 * itself and imports nothing from model/ but types. test/differential/bus-master-differential.test.ts holds the two
 * together: every transfer a component can have an engine make, against the rule's reach, and every app slot's DMA
 * write into memory another component runs, against app confinement's findings.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';

export type DmaDirection = 'read' | 'write';

/** The name a DMA engine carries on the bus, as the bus controller (access-rules.ts) decides its requests. */
export function dmaRequester(engine: string): string {
  return `dma:${engine}`;
}

export interface DmaOutcome {
  /** Whether some engine the component programs carried the transfer through the firewall. */
  done: boolean;
  /** The engine that carried it (the first, in the design's order, whose window lets it through). */
  engine?: string;
}

interface Engine {
  id: string;
  assignedTo: ReadonlySet<string>;
  /** The firewall's window for this engine: asset → directions it lets through. */
  window: ReadonlyMap<string, ReadonlySet<DmaDirection>>;
}

export class DmaEngines {
  readonly #engines: Engine[];

  constructor(design: Pick<PlatformDesign, 'busMasters'>) {
    this.#engines = (design.busMasters ?? []).map((m) => {
      const window = new Map<string, Set<DmaDirection>>();
      for (const w of m.reaches) for (const d of w.rights) window.set(w.asset, (window.get(w.asset) ?? new Set()).add(d));
      return { id: m.id, assignedTo: new Set(m.controlledBy), window };
    });
  }

  /** The engines assigned to `component`, in the design's order. */
  assignedTo(component: string): string[] {
    return this.#engines.filter((e) => e.assignedTo.has(component)).map((e) => e.id);
  }

  /** `component` programs each engine assigned to it in turn to move data to (write) or from (read) `asset`. */
  transfer(component: string, asset: string, direction: DmaDirection): DmaOutcome {
    for (const engine of this.#engines) {
      if (!engine.assignedTo.has(component)) continue; // the engine's registers are not mapped for it
      if (engine.window.get(asset)?.has(direction)) return { done: true, engine: engine.id };
    }
    return { done: false };
  }
}
