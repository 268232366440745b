/**
 * A compromised signing key is revoked: the emulated witness of what every-stage-renewable asks of the key store
 * ("a compromised signing key in it can be revoked", model/update/load-update.ts). Renewal "revokes compromised
 * assets" (the Seven Properties, facts §5), and on Azure Sphere the prerequisite update carries the trusted key
 * store (facts §3.5). For each key that signs a boot stage and that the key store can replace (every key but an
 * anchor, whose hash is in eFuses), on a fresh device of the lab:
 *   1. the key is stolen: the attacker keeps the vendor's old private key, and the metadata the service issued
 *      before the compromise;
 *   2. the vendor replaces it (Vendor.rotated: a new key pair and certificate, the keys it certifies re-issued) and
 *      publishes the key-store update with a whole release signed by the new keys (version 3);
 *   3. the device checks in: it must install it and run the new key store, without the old certificate;
 *   4. the attacker's own images of every stage checked under the key alone, signed with the stolen key at a
 *      security version above every counter (9), with boot manifests signed by it, are written into the running
 *      bank, as someone with the flash could, and the device restarts: no such stage may run;
 *   5. the attacker replays the metadata from before the compromise (it lists the old key store): the device
 *      must still run the new key store afterwards (rollback of the key store through the update path).
 * Not played: writing the old key store itself back into flash. The key store carries no version a design can
 * tie to a counter (the platform schema has none); Azure Sphere's is a signed image under downgrade protection
 * (facts §3.4), which the model does not describe. Said in the bound.
 */
import { imageSlot, KEY_STORE_SLOT, KeyStore, manifestSlot, type Release } from '../../emulator/boot/index.js';
import { checkForUpdates, connect, DAY, LAB_EPOCH, stamp, type UpdateDevice } from '../../emulator/update/index.js';
import { formatTrace } from '../../emulator/boot/index.js';
import { bytesEqual } from '../../formats/image-package/thumbprint.js';
import type { Evidence } from '../verdict.js';
import { EVERY_STAGE_RENEWABLE } from './design-fit.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'a compromised signing key is revoked';
/** The vendor's first release after the compromise, and the attacker's version, above any counter the lab raises. */
const NEW = 3;
const ATTACKER = 9;

export async function checkKeyRevocation(input: RuleInput): Promise<RuleOutcome> {
  const { lab } = input;
  const platform = lab.platform;
  const base = { rule: RULE, requirement: EVERY_STAGE_RENEWABLE };
  const signing = [...new Set(platform.boot.flatMap((s) => s.checks.map((c) => c.key)))].filter((id) => platform.keys.some((k) => k.id === id));
  const anchors = signing.filter((id) => platform.keys.find((k) => k.id === id)!.anchoredIn);
  const keys = signing.filter((id) => !anchors.includes(id));
  const untouched = anchors.length ? `; not replaced: ${anchors.join(', ')} (an anchor: its hash is in eFuses, no key store can revoke it)` : '';
  const bound = `each of ${keys.length} image-signing key${keys.length === 1 ? '' : 's'} (${keys.join(', ') || 'none'}) stolen, replaced by a key-store update with release ${NEW}, then the stolen key's images written into flash and the old metadata replayed; the old key store written back into flash not played (no design field states the key store's rollback protection)${untouched}`;
  if (!keys.length) return { ...base, verdict: 'unknown', summary: `no boot stage is signed by a key the key store can replace (${anchors.join(', ') || 'no key'}): a compromised signing key could not be revoked by any update`, bound, evidence: [] };
  const lines: string[] = [];
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const untested: string[] = [];
  const oldCertificates = KeyStore.read(Buffer.concat([...lab.vendor.certificates.values()]));
  for (const key of keys) {
    const oldCertificate = oldCertificates.certificates.find((c) => c.subjectCommonName === key);
    const stillTrusted = (device: UpdateDevice) => {
      const bytes = device.running ? device.banks.read(device.running, KEY_STORE_SLOT) : undefined;
      return !!oldCertificate && !!bytes && KeyStore.read(bytes).certificates.some((c) => bytesEqual(c.thumbprint, oldCertificate.thumbprint));
    };
    // 1. Before the compromise: a device in service, and the metadata the attacker records.
    lab.now = LAB_EPOCH;
    const service = lab.newService();
    const device = lab.device({ deviceGroup: lab.deviceGroup });
    const recorded = service.issueMetadata(device.identity.deviceGroup, lab.now);
    // 2. The vendor replaces the key and publishes the key-store update with a release signed by the new keys.
    lab.now += DAY;
    const release = await lab.rekeyed([key], NEW);
    service.publishOs(release, lab.now - Math.max(...lab.design.feeds.map((f) => f.leadDays)) * DAY);
    service.deployApps(device.identity.deviceGroup, release);
    // 3. The device takes it.
    connect(device, lab.connection(undefined, service), lab.now, { check: true });
    if (!lab.isCurrent(device, service)) {
      problems.push(`after ${key} was stolen and the vendor published a key-store update replacing it, the device did not install it (${device.journal.at(-1) ?? 'no journal'})`);
      lines.push(`${key}: key-store update NOT installed: ${device.journal.slice(-3).join(' | ')}`);
      continue;
    }
    if (stillTrusted(device)) {
      problems.push(`after ${key} was stolen, the device installed the key-store update meant to replace it and still trusts the stolen key: its old certificate is in the running key store`);
      lines.push(`${key}: the device installed release ${NEW}, and its key store STILL holds the stolen key's certificate`);
    } else lines.push(`${key}: replaced; the device installed release ${NEW} and runs the new key store`);
    // 4. The attacker's own images, signed with the stolen key, written into the running bank.
    const stages = platform.boot.filter((s) => s.checks.length > 0 && s.checks.every((c) => c.key === key)).map((s) => s.image);
    if (stages.length) {
      const current: Release = {
        images: new Map(platform.boot.map((s) => [s.image, release.slots.get(imageSlot(s.image))!])),
        manifests: new Map(lab.vendor.manifestKeys().map((k) => [k, release.slots.get(manifestSlot(k))!])),
      };
      const forged = lab.vendor.release(ATTACKER, stages, current);
      // Each stage on its own: the other forged stages' checks forced to pass (the boot ends at its first halt,
      // and loaders read the key store each for themselves), and refused only if refused by the key store.
      for (const stage of stages) {
        const attacked = device.clone();
        const bank = attacked.running!;
        for (const s of stages) attacked.banks.write(bank, imageSlot(s), forged.images.get(s)!, 'attacker');
        for (const [k, manifest] of forged.manifests) if (manifest !== current.manifests.get(k)) attacked.banks.write(bank, manifestSlot(k), manifest, 'attacker');
        const skip = platform.boot.filter((s) => s.image !== stage && stages.includes(s.image)).flatMap((s) => s.checks.map((c) => c.id));
        const trace = attacked.reboot(lab.now, { skip }).attempts.find((a) => a.bank === bank)?.trace;
        const mine = trace?.stages.find((s) => s.image === stage);
        const byStore = mine?.checks.find((c) => c.result === 'fail' && /not in the key store/.test(c.detail ?? ''));
        if (mine?.outcome.status === 'ran' && mine.securityVersion === ATTACKER) {
          problems.push(`an image of ${stage} signed with the revoked ${key} ran after the key-store update that replaced it`);
          if (trace) evidence.push({ title: `trace: ${stage} signed with the revoked ${key} (the other forged stages' checks forced to pass)`, lines: formatTrace(trace), reproduce: input.reproduce, data: trace });
          lines.push(`  ${stage}: the stolen key's image (version ${ATTACKER}) RAN`);
        } else if (byStore) {
          lines.push(`  ${stage}: the stolen key's image (version ${ATTACKER}) refused: ${byStore.detail}`);
        } else {
          untested.push(`${stage} (${key})`);
          lines.push(`  ${stage}: the stolen key's image ${mine ? 'refused, but not for its signer missing from the key store' : `not reached (halted at ${trace?.haltedAt ?? '?'})`}: the revocation was not tested`);
        }
      }
    } else {
      lines.push(`  no stage is checked under ${key} alone: the stolen key makes no image by itself`);
    }
    // 5. The metadata from before the compromise, replayed: the old key store must not come back.
    const replayed = device.clone();
    const check = checkForUpdates(replayed, { fetchMetadata: () => ({ ok: true, value: recorded.slice() }), fetchTarget: (sha) => service.fetchTarget(sha) }, lab.now + 3600);
    const back = stillTrusted(replayed);
    if (back) problems.push(`replaying the metadata of ${stamp(LAB_EPOCH)} brought back the key store that trusts the revoked ${key} (${check.outcome}: ${check.detail})`);
    lines.push(`  metadata of ${stamp(LAB_EPOCH)} replayed: ${check.outcome} (${check.detail}); the old key store ${back ? 'CAME BACK' : 'stays out'}`);
  }
  if (problems.length) return { ...base, verdict: 'violated', summary: problems[0]!, bound, evidence: [{ title: `${RULE}: violated`, lines: [...lines, ...problems], reproduce: input.reproduce }, ...evidence] };
  if (untested.length) return { ...base, verdict: 'unknown', summary: `the revocation could not be tested for ${untested.join(', ')}: the stolen key's image was refused for another reason`, bound, evidence: [{ title: `${RULE}: not decided`, lines, reproduce: input.reproduce }] };
  return { ...base, verdict: 'holds', summary: `each of ${keys.join(', ')}, once stolen, was replaced by a key-store update the device installed; images signed with it were refused and the old key store did not come back`, bound, evidence: [{ title: `${RULE}: holds`, lines }] };
}
