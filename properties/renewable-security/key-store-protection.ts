/**
 * The key-store rule read as a static rule (model/update/key-store-rollback.ts, keyStoreRollback): a trusted key store
 * the rule calls unprotected is violated, whatever the emulated key revocation finds. Before, renewable-security's
 * verdict on the store followed the play alone (key-revocation.ts, step 6), so a play weaker than the rule held where
 * the rule did not: a store signed by a key certified below a stolen one held (renewal-key-store-signed-by-key-below-stage-key)
 * because the play forged stores only with the stolen key itself. Only "unprotected" is added here: an unstated store
 * is already unknown through the play (and never holds: a play not run is unknown), a protected one is the play's to
 * confirm. The play still runs, and test/differential/key-store-rollback-differential.test.ts holds its own outcome
 * against this rule, so a play that misses a flaw still shows as a disagreement.
 */
import { keyStoreRollback } from '../../model/update/key-store-rollback.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { EVERY_STAGE_RENEWABLE } from './design-fit.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'the key store of before a revocation stays out';

/** A violated outcome per trusted key store the rule calls unprotected (none otherwise). */
export function checkKeyStoreProtection(platform: PlatformDesign, platformFile: string, reproduce: string): RuleOutcome[] {
  return keyStoreRollback(platform).flatMap((r): RuleOutcome[] =>
    r.status !== 'unprotected'
      ? []
      : [
          {
            rule: RULE,
            requirement: EVERY_STAGE_RENEWABLE,
            bound: `the protection ${platformFile} states for ${r.store} (signedImage)`,
            verdict: 'violated',
            summary: `${r.store} can be put back after a revocation: ${r.reasons.join('; ')}`,
            evidence: [{ title: `${RULE}: violated`, lines: r.reasons.map((reason) => `${platformFile} ${r.pointer}: ${reason}`), reproduce }],
          },
        ],
  );
}
