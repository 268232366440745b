/**
 * The update design fits the platform the product instantiates: every boot stage is replaced by some
 * update kind (a stage no kind replaces can never be renewed), so is every store of signing keys (else a
 * compromised signing key is never revoked), and images that share an anti-rollback
 * counter or a boot manifest update together (load-update.ts checkAgainstPlatform). Static: the emulated rules need it.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { missingTrustedKeyStore } from '../../model/platform/trusted-key-store.js';
import { renewableKeyStores } from '../../model/update/load-update.js';
import type { ProductUpdateDesign } from '../../model/update/product-update.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'the update design fits the platform';
export const EVERY_STAGE_RENEWABLE = 'renewable-security.every-stage-renewable';

export function checkDesignFits(update: ProductUpdateDesign, product: Product, reproduce: string): RuleOutcome {
  const base = { rule: RULE, requirement: EVERY_STAGE_RENEWABLE, bound: 'static' };
  if (update.platformProblems.length) {
    return { ...base, verdict: 'violated', summary: update.platformProblems[0]!, evidence: [{ title: `${RULE}: ${displayPath(update.file)} against ${displayPath(product.platformFile)}`, lines: update.platformProblems, reproduce }] };
  }
  // A design without the trusted key store has no store to renew: "every key store is renewable" would hold of none.
  const missing = missingTrustedKeyStore(product.platform);
  if (missing) {
    const summary = `${displayPath(product.platformFile)} ${missing}`;
    return { ...base, verdict: 'unknown', summary, evidence: [{ title: `${RULE}: unknown`, lines: [summary], reproduce }] };
  }
  const stores = renewableKeyStores(product.platform);
  const places = [...new Set(stores.map((a) => a.location))].map((where) => `in ${where} (${stores.filter((a) => a.location === where).map((a) => a.id).join(', ')})`);
  return { ...base, verdict: 'holds', summary: `every one of the ${product.platform.boot.length} boot stages${stores.length ? ` and the key store${stores.length === 1 ? '' : 's'} ${places.join(', ')}` : ''} ${stores.length ? 'are' : 'is'} renewable; images that share a counter or a boot manifest update together`, evidence: [] };
}
