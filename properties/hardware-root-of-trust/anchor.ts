/**
 * The boot anchor is immutable. By design: every anchored key's hash is in an asset that is in eFuses
 * and one-time programmable, and no access rule grants anyone 'write' on it. In the emulator: on a
 * provisioned device an attacker tries to program its own key's hash over the anchor, then to blow one
 * more fuse of it; both must be refused and the stored value must not change.
 */
import { createHash } from 'node:crypto';
import { toHex } from '../../formats/image-package/index.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { reachRules } from '../../model/platform/bus-masters.js';

const RULE = 'boot anchor is immutable';
export const ANCHOR_REQUIREMENT = 'hardware-root-of-trust.anchor-immutable';

export function checkAnchor(input: RuleInput): RuleOutcome {
  const { lab } = input;
  const design = lab.design;
  const anchored = design.keys.filter((k) => k.anchoredIn);
  const problems: string[] = [];
  const lines: string[] = [];
  if (anchored.length === 0) problems.push('no signing key is anchored in the hardware: nothing roots the boot chain');
  for (const key of anchored) {
    const assetId = key.anchoredIn!;
    const asset = design.assets.find((a) => a.id === assetId);
    if (!asset) {
      problems.push(`${key.id} is anchored in ${assetId}, which the design does not define`);
      continue;
    }
    if (asset.location !== 'efuse') problems.push(`${key.id}'s anchor ${assetId} is in ${asset.location}, not eFuses`);
    if (!asset.oneTimeProgrammable) problems.push(`${key.id}'s anchor ${assetId} is not one-time programmable`);
    for (const rule of reachRules(design).filter((r) => r.asset === assetId && r.rights.includes('write'))) problems.push(`${rule.component} may write ${assetId}${rule.busMaster ? ` through the bus master ${rule.busMaster} it programs (${rule.pointer})` : ''}, the anchor of ${key.id}`);

    const device = lab.factoryDevice.clone();
    const before = device.readAnchor(assetId, 'attacker');
    const forged = new Uint8Array(createHash('sha256').update(lab.attacker.publicKey).digest());
    const rewrite = device.writeAnchor(assetId, forged, 'attacker');
    const extraBit = before ? before.slice() : new Uint8Array(32);
    const zeroBit = firstZeroBit(extraBit);
    if (zeroBit !== undefined) extraBit[zeroBit >> 3]! |= 1 << (zeroBit & 7);
    const addBit = device.writeAnchor(assetId, extraBit, 'attacker');
    const after = device.readAnchor(assetId, 'attacker');
    const unchanged = before !== undefined && after !== undefined && toHex(before) === toHex(after);
    lines.push(`${assetId} (${asset.location}${asset.oneTimeProgrammable ? ', one-time programmable' : ''}) anchors ${key.id}: value ${before ? `${toHex(before).slice(0, 16)}…` : 'absent'}`);
    lines.push(`  attacker programs the hash of its own key: ${rewrite.changed ? 'CHANGED' : 'refused'} (${rewrite.detail})`);
    lines.push(`  attacker blows one more fuse of it: ${addBit.changed ? 'CHANGED' : 'refused'} (${addBit.detail})`);
    if (!unchanged) problems.push(`the anchor ${assetId} of ${key.id} can be changed after provisioning: ${after ? `${toHex(after).slice(0, 16)}…` : 'erased'} instead of ${before ? `${toHex(before).slice(0, 16)}…` : 'nothing'}`);
  }
  if (problems.length > 0) return { rule: RULE, requirement: ANCHOR_REQUIREMENT, verdict: 'violated', summary: problems[0]!, evidence: [{ title: `${RULE}: violated`, lines: [...problems, ...lines], reproduce: input.reproduce }], extraBoots: [] };
  return { rule: RULE, requirement: ANCHOR_REQUIREMENT, verdict: 'holds', summary: `${anchored.map((k) => k.anchoredIn).join(', ')}: one-time programmable eFuses, no write right, rewrites refused`, evidence: [{ title: `${RULE}: holds`, lines }], extraBoots: [] };
}

function firstZeroBit(bytes: Uint8Array): number | undefined {
  for (let bit = 0; bit < bytes.length * 8; bit++) if ((bytes[bit >> 3]! & (1 << (bit & 7))) === 0) return bit;
  return undefined;
}
