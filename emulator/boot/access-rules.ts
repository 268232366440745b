/**
 * The device's access controller: what a running component may do to an asset, as the hardware decides
 * it at run time (Pluton's mailbox for the keys it holds, the bus for everything else). It reads the
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
}

export class AccessRules {
  /** component → asset → right → the first rule granting it. Nested maps: the boot asks ~40 times a boot, and a joined string key had to be built and hashed each time. */
  readonly #grants = new Map<string, Map<string, Map<Right, AccessDecision>>>();

  constructor(design: Pick<PlatformDesign, 'access' | 'busMasters'>) {
    const grant = (requester: string, asset: string, right: Right, decision: AccessDecision) => {
      let byAsset = this.#grants.get(requester);
      if (!byAsset) this.#grants.set(requester, (byAsset = new Map()));
      let byRight = byAsset.get(asset);
      if (!byRight) byAsset.set(asset, (byRight = new Map()));
      if (!byRight.has(right)) byRight.set(right, decision);
    };
    design.access.forEach((rule, index) => {
      for (const right of rule.rights) grant(rule.component, rule.asset, right, Object.freeze({ granted: true, rule: index }));
    });
    // A DMA engine is a requester of its own (dma-engines.ts DMA_REQUESTER): the firewall in front of it lets through
    // what its window (busMasters[].reaches) names, whoever programmed it.
    (design.busMasters ?? []).forEach((m) => {
      for (const reach of m.reaches) for (const right of reach.rights) grant(dmaRequester(m.id), reach.asset, right, Object.freeze({ granted: true }));
    });
  }

  /** The decision (shared and frozen: the same request gets the same answer). */
  decide(component: string, asset: string, right: Right): AccessDecision {
    return this.#grants.get(component)?.get(asset)?.get(right) ?? DENIED;
  }
}

const DENIED: AccessDecision = Object.freeze({ granted: false });
