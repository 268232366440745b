/**
 * The custody rule read as a static rule of renewable-security (model/update/signing-key-custody.ts): a key no update
 * can revoke that the design keeps online is violated, and one whose custody it does not state is unknown, naming the
 * field. Before, such keys were only named in the key revocation's bound ("not replaced: an anchor") and renewal held
 * whatever their custody: a maker's anchored signing key on its build server held, though whoever takes the server
 * over signs images every device accepts for ever. The emulated key revocation steals an online anchor that checks
 * boot stages (key-revocation.ts) and may find more, never less.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { signingKeyCustody } from '../../model/update/signing-key-custody.js';
import { EVERY_STAGE_RENEWABLE } from './design-fit.js';
import type { RuleOutcome } from './rule.js';

const RULE = 'a key no update can revoke is kept offline';

/** One outcome when an irrevocable key is kept online (violated) or its custody is not stated (unknown); none otherwise. */
export function checkSigningKeyCustody(platform: PlatformDesign, platformFile: string, reproduce: string): RuleOutcome[] {
  const findings = signingKeyCustody(platform);
  if (!findings.length) return [];
  const online = findings.filter((f) => f.status === 'online');
  const lines = findings.map((f) => `${platformFile} ${f.pointer}: ${f.reason}`);
  const bound = `the custody ${platformFile} states for ${findings.map((f) => f.key).join(', ')} (keys[].custody)`;
  if (online.length) return [{ rule: RULE, requirement: EVERY_STAGE_RENEWABLE, bound, verdict: 'violated', summary: online.map((f) => f.reason).join('; '), evidence: [{ title: `${RULE}: violated`, lines, reproduce }] }];
  return [{ rule: RULE, requirement: EVERY_STAGE_RENEWABLE, bound, verdict: 'unknown', summary: findings[0]!.reason, evidence: [{ title: `${RULE}: not decided`, lines, reproduce }] }];
}
