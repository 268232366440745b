/**
 * The device's access controller: what a running component may do to an asset, as the hardware decides
 * it at run time (Pluton's mailbox for the keys it holds, the bus for everything else). `decide` is one requester's
 * own request (a component's, or a DMA engine's as `dma:<id>`); `reach` is what a component can get done, by its own
 * request or an engine it programs: the emulator's reading of the effective access (model/platform/bus-masters.ts
 * reachRules), read by every emulated path that asks who can reach what (test/architecture/effective-access-readers.test.ts
 * fails on one that reads the design's access rules or `decide` instead). It reads the
 * platform design's access rules itself and never calls the spec's reading of them
 * (model/platform/platform-design.ts rightsOf): the hardware-root-of-trust key-confinement rule holds
 * the two readings against each other, so a disagreement shows up as an `unknown` verdict.
 */
import type { PlatformDesign, Right } from '../../model/platform/platform-design.js';
import { dmaRequester } from './dma-engines.js';

export interface AccessDecision {
  granted: boolean;
  /** Index in the design's `access` list of the rule that grants it (for the evidence's pointer). */
  rule?: number;
  /** The DMA engine that carries it (reach only): the component's own request was refused, an engine it programs is let through. */
  engine?: string;
}

/** One right a component can get done to an asset, by its own rule or through a DMA engine it programs (`engine`). */
export interface Reach {
  component: string;
  asset: string;
  right: Right;
  engine?: string;
}

export class AccessRules {
  /** Every reach, in order: the design's rules as listed, then each engine's controllers × its window. */
  readonly reaches: readonly Reach[];

  /** component → asset → right → the first rule granting it. Nested maps: the boot asks ~40 times a boot, and a joined string key had to be built and hashed each time. */
  readonly #grants = new Map<string, Map<string, Map<Right, AccessDecision>>>();

  /** component → the DMA engines assigned to it (busMasters[].controlledBy), in the design's order. */
  readonly #engines = new Map<string, string[]>();

  constructor(design: Pick<PlatformDesign, 'access' | 'busMasters'>) {
    const grant = (requester: string, asset: string, right: Right, decision: AccessDecision) => {
      let byAsset = this.#grants.get(requester);
      if (!byAsset) this.#grants.set(requester, (byAsset = new Map()));
      let byRight = byAsset.get(asset);
      if (!byRight) byAsset.set(asset, (byRight = new Map()));
      if (!byRight.has(right)) byRight.set(right, decision);
    };
    const reaches: Reach[] = [];
    design.access.forEach((rule, index) => {
      for (const right of rule.rights) {
        grant(rule.component, rule.asset, right, Object.freeze({ granted: true, rule: index }));
        reaches.push({ component: rule.component, asset: rule.asset, right });
      }
    });
    // A DMA engine is a requester of its own (dma-engines.ts DMA_REQUESTER): the firewall in front of it lets through
    // what its window (busMasters[].reaches) names, whoever programmed it.
    (design.busMasters ?? []).forEach((m) => {
      for (const reach of m.reaches) for (const right of reach.rights) grant(dmaRequester(m.id), reach.asset, right, Object.freeze({ granted: true }));
      for (const component of m.controlledBy) {
        this.#engines.set(component, [...(this.#engines.get(component) ?? []), m.id]);
        for (const reach of m.reaches) for (const right of reach.rights) reaches.push({ component, asset: reach.asset, right, engine: m.id });
      }
    });
    this.reaches = reaches;
  }

  /**
   * What `component` can get done to `asset`: its own request, else a transfer by a DMA engine assigned to it, which the
   * firewall decides by the engine's window. Every emulated path that asks what a component (a compromised one, an app,
   * a service) can have happen to an asset asks this, not `decide`, which is one requester's own bus request.
   */
  reach(component: string, asset: string, right: Right): AccessDecision {
    const own = this.decide(component, asset, right);
    if (own.granted) return own;
    for (const engine of this.#engines.get(component) ?? []) if (this.decide(dmaRequester(engine), asset, right).granted) return { granted: true, engine };
    return DENIED;
  }

  /** The decision (shared and frozen: the same request gets the same answer). */
  decide(component: string, asset: string, right: Right): AccessDecision {
    return this.#grants.get(component)?.get(asset)?.get(right) ?? DENIED;
  }
}

const DENIED: AccessDecision = Object.freeze({ granted: false });
