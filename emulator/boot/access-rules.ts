/**
 * The device's access controller: what a running component may do to an asset, as the hardware decides
 * it at run time (Pluton's mailbox for the keys it holds, the bus for everything else). It reads the
 * platform design's access rules itself and never calls the spec's reading of them
 * (model/platform/platform-design.ts rightsOf): the hardware-root-of-trust key-confinement rule holds
 * the two readings against each other, so a disagreement shows up as an `unknown` verdict.
 */
import type { PlatformDesign, Right } from '../../model/platform/platform-design.js';

export interface AccessDecision {
  granted: boolean;
  /** Index in the design's `access` list of the rule that grants it (for the evidence's pointer). */
  rule?: number;
}

export class AccessRules {
  readonly #grants = new Map<string, number>();

  constructor(design: Pick<PlatformDesign, 'access'>) {
    design.access.forEach((rule, index) => {
      for (const right of rule.rights) {
        const key = grantKey(rule.component, rule.asset, right);
        if (!this.#grants.has(key)) this.#grants.set(key, index);
      }
    });
  }

  decide(component: string, asset: string, right: Right): AccessDecision {
    const rule = this.#grants.get(grantKey(component, asset, right));
    return rule === undefined ? { granted: false } : { granted: true, rule };
  }
}

const grantKey = (component: string, asset: string, right: Right) => `${component}\u0000${asset}\u0000${right}`;
