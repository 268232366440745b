/**
 * The trust data a boot stage's loader reads to make the stage's checks, which the boot graph, not the access
 * rules, grants it: a design that says "pluton-rom checks one-bl against rom-anchor" says that the ROM reads
 * the hash rom-anchor is anchored in. Per stage, its loader reads
 *  - the anchor (key-hash asset) at the top of each check key's chain (the chain ends there);
 *  - every trusted key store (model/platform/trusted-key-store.ts), when the stage has a check: a signature
 *    or manifest names its signer's certificate, which the loader looks up there;
 *  - the stage's anti-rollback counter, to compare the image's security version with it;
 *  - for a trusted key store kept as a signed image (its signedImage), the anchor of its signer's chain and, when
 *    its version is compared at boot, its counter.
 * These are reads of data that is not secret (an anchor is a hash, a counter a number, a trusted key store public
 * keys): no rule judges a read of them (the TCB counts reads of secrets, the attack surface the components that
 * parse flash, which every loader already is). An access rule that also grants one repeats the boot graph;
 * one the boot graph does not imply is the design's to state (the built-in design states four). The boot
 * emulator's access controller grants a loader exactly these reads and the design's, and refuses the rest: its
 * own reading of this rule (emulator/boot/boot-read-gate.ts), held against this one by
 * test/differential/boot-reads-differential.test.ts.
 */
import { isTrustedKeyStore } from './trusted-key-store.js';
import type { PlatformDesign } from './platform-design.js';

export interface BootRead {
  /** The loader. */
  component: string;
  asset: string;
  /** Index in design.boot of the stage whose checks need it. */
  stage: number;
  what: 'anchor' | 'key-store' | 'counter';
}

export function bootReads(design: Pick<PlatformDesign, 'boot' | 'keys' | 'assets'>): BootRead[] {
  const out: BootRead[] = [];
  const stores = design.assets.filter(isTrustedKeyStore).map((a) => a.id);
  design.boot.forEach((stage, i) => {
    const add = (asset: string, what: BootRead['what']) => {
      if (!out.some((r) => r.component === stage.loadedBy && r.asset === asset && r.stage === i)) out.push({ component: stage.loadedBy, asset, stage: i, what });
    };
    for (const check of stage.checks) {
      const anchor = anchorOf(design, check.key);
      if (anchor) add(anchor, 'anchor');
    }
    if (stage.checks.length) for (const store of stores) add(store, 'key-store');
    // A store kept as a signed image: the loader believes it through its signer's chain and, compared at boot, its counter.
    if (stage.checks.length) {
      for (const store of design.assets.filter((a) => isTrustedKeyStore(a) && a.signedImage)) {
        const anchor = anchorOf(design, store.signedImage!.signedBy);
        if (anchor) add(anchor, 'anchor');
        const rollback = store.signedImage!.rollback;
        if (rollback?.checkedAt.includes('boot')) add(rollback.counter, 'counter');
      }
    }
    if (stage.rollback) add(stage.rollback.counter, 'counter');
  });
  return out;
}

/** The anchor asset at the top of `keyId`'s chain, following certifiedBy; none for a chain that loops or ends without one. */
function anchorOf(design: Pick<PlatformDesign, 'keys'>, keyId: string): string | undefined {
  const seen = new Set<string>();
  let key = design.keys.find((k) => k.id === keyId);
  while (key && !seen.has(key.id)) {
    if (key.anchoredIn) return key.anchoredIn;
    seen.add(key.id);
    const parent = key.certifiedBy;
    key = parent === undefined ? undefined : design.keys.find((k) => k.id === parent);
  }
  return undefined;
}
