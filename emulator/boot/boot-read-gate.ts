/**
 * The access controller's gate on what a loader reads while it checks a stage: an anchor hash, the trusted key
 * store, an anti-rollback counter. It grants a read the design's access rules give, or one the boot graph implies
 * (the loader of a stage reads the anchor its check keys chain to, the trusted key stores when the stage has a
 * check, with a signed store's signer's anchor and, compared at boot, its counter, and the stage's counter), and refuses any other: a refused anchor leaves the chain unanchored (broken), a
 * refused counter halts the stage, a refused key store leaves the loader with no certificates.
 * Second reading, on purpose, of model/platform/boot-reads.ts (bootReads): it walks the design itself and never
 * calls the spec; test/differential/boot-reads-differential.test.ts holds the two together.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { AccessRules } from './access-rules.js';

export class BootReadGate {
  /** loader → assets its stages' checks read. */
  readonly #implied = new Map<string, Set<string>>();
  /** The design's trusted key stores (key-store assets that are not secret). */
  readonly trustedKeyStores: readonly string[];

  constructor(
    design: Pick<PlatformDesign, 'boot' | 'keys' | 'assets'>,
    private readonly access: AccessRules,
  ) {
    const keys = new Map(design.keys.map((k) => [k.id, k]));
    this.trustedKeyStores = design.assets.filter((a) => a.kind === 'key-store' && !a.secret).map((a) => a.id);
    for (const stage of design.boot) {
      const reads = this.#implied.get(stage.loadedBy) ?? new Set<string>();
      this.#implied.set(stage.loadedBy, reads);
      if (stage.rollback) reads.add(stage.rollback.counter);
      if (stage.checks.length > 0) this.trustedKeyStores.forEach((s) => reads.add(s));
      // A store kept as a signed image is believed through its own signer's chain and, compared at boot, its counter.
      const signedStores = stage.checks.length > 0 ? design.assets.filter((a) => a.kind === 'key-store' && !a.secret && a.signedImage) : [];
      for (const store of signedStores) if (store.signedImage!.rollback?.checkedAt.includes('boot')) reads.add(store.signedImage!.rollback.counter);
      for (const check of [...stage.checks, ...signedStores.map((a) => ({ key: a.signedImage!.signedBy }))]) {
        // Up the certification chain, as the loader's chain walk (chain.ts) goes, to the anchor it ends at.
        const walked: string[] = [];
        for (let key = keys.get(check.key); key && !walked.includes(key.id); key = key.certifiedBy === undefined ? undefined : keys.get(key.certifiedBy)) {
          if (key.anchoredIn) {
            reads.add(key.anchoredIn);
            break;
          }
          walked.push(key.id);
        }
      }
    }
  }

  /** Whether `loader` may read `asset` while it boots a stage. */
  mayRead(loader: string, asset: string): boolean {
    return this.#implied.get(loader)?.has(asset) === true || this.access.decide(loader, asset, 'read').granted;
  }
}
