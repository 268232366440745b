/**
 * A compromised signing key is revoked: the emulated witness of what every-stage-renewable asks of the key store
 * ("a compromised signing key in it can be revoked", model/update/load-update.ts). Renewal "revokes compromised
 * assets" (the Seven Properties, facts §5), and on Azure Sphere the prerequisite update carries the trusted key
 * store (facts §3.5). An anchor (its hash is in eFuses) no key store can replace: one the design keeps offline
 * (keys[].custody) is named in the bound; one it keeps online is stolen, the vendor publishes its latest release with
 * the same keys, and the thief's images of the stages checked under the anchor alone (step 4) must not run, which they
 * do; one whose custody is not stated is not decided (unknown, naming the field, never holds). This is the emulated
 * reading of model/update/signing-key-custody.ts for anchors that check boot stages, read from the design's custody.
 * For each key that signs a boot stage and that the key store can replace (every key but an anchor), on a fresh
 * device of the lab:
 *   1. the key is stolen: the attacker keeps the vendor's old private key, and the metadata the service issued
 *      before the compromise;
 *   2. the vendor replaces it (Vendor.rotated: a new key pair and certificate, the keys it certifies re-issued) and
 *      publishes the key-store update with a whole release signed by the new keys (version 3);
 *   3. the device checks in: it must install it and run the new key store, without the old certificate;
 *   4. the attacker's own image of each stage checked under the key alone, signed with the stolen key at a
 *      security version above every counter (9), with the boot manifests signed by it, is written into the running
 *      bank, as someone with the flash could, and the device restarts: no such stage may run (each stage on its
 *      own: the other stages keep the vendor's genuine images, so no forged stage raises a counter the judged one reads);
 *   5. the attacker replays the metadata from before the compromise (it lists the old key store): the device
 *      must still run the new key store afterwards (rollback of the key store through the update path).
 *   6. the key store of before the compromise (and, where the store is signed by the stolen key, one the attacker
 *      signs with it at version 9, or where its signer is certified below the stolen key, one the attacker signs at
 *      version 9 with a key of its own it certified with the stolen key) is put back, as the design allows: written into the running bank (by whoever
 *      writes the flash where the store is kept in flash, the profile's attacker with it where the design names none,
 *      or a running writer of the store an attacker can take over; a counter kept in flash written back down with it
 *      by whoever writes the flash), and listed as an update in metadata signed by an attacker holding the metadata keys up to
 *      the design's threshold (with the stolen key's images): after a restart, no stage signed by the stolen key may
 *      run. This is the emulated reading of model/update/key-store-rollback.ts (the design's signedImage): the store
 *      is a signed image whose version the device holds against a counter where the design says (at boot,
 *      emulator/boot/signed-key-store.ts; at update, emulator/update/installer.ts). A design that states nothing of
 *      its store's protection (no signedImage) is not played and never holds: unknown, naming the field.
 *      The store's counter is played as the design keeps it: one in eFuses that a component an attacker can take over
 *      (normal world, or untrusted) may write has its last fuse blown before the revocation (the vendor's store is then
 *      refused); one kept elsewhere is set back by such a writer, or reads 0 after the restart when it is kept in SRAM
 *      or I/O registers, both with the old store written into the bank and before it is listed as an update (the
 *      update path is the attack left where no attacker may write the store itself).
 * The store is also handed to recovery mode, with the stolen key's images, where the update design states a recovery
 * path (recoveryFlashing; emulator/update/recovery-mode.ts, whose loader compares the store with its counter only where
 * the path's versionCheck is anti-rollback): whoever holds the device needs no writer and no metadata key (s35).
 */
import { assetSlot, COUNTER_FUSES, CURRENT_RELEASE, imageSlot, KEY_STORE_SLOT, KeyStore, manifestSlot, signedKeyStoreOf, storeContents, type Release } from '../../emulator/boot/index.js';
import { checkForUpdates, connect, DAY, LAB_EPOCH, recoverDevice, runningWritersOf, stamp, targetsOf, type UpdateDevice, type UpdateLab, type UpdateService } from '../../emulator/update/index.js';
import { formatTrace } from '../../emulator/boot/index.js';
import { bytesEqual } from '../../formats/image-package/thumbprint.js';
import type { Evidence } from '../verdict.js';
import { EVERY_STAGE_RENEWABLE } from './design-fit.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'a compromised signing key is revoked';
/** The vendor's first release after the compromise, and the attacker's version, above any counter the lab raises. */
const NEW = 3;
const ATTACKER = 9;

/** The design's keys that check some boot stage, in the order the boot first names them. */
const stageSigningKeys = (platform: UpdateLab['platform']): string[] => [...new Set(platform.boot.flatMap((s) => s.checks.map((c) => c.key)))].filter((id) => platform.keys.some((k) => k.id === id));

/** The keys a key-store update replaces (and the play steals): every key that checks a boot stage and is not anchored in eFuses. Read from the platform design, not from the rule the play is held against. */
export const replaceableKeys = (platform: UpdateLab['platform']): string[] => stageSigningKeys(platform).filter((id) => !platform.keys.find((k) => k.id === id)?.anchoredIn);

export async function checkKeyRevocation(input: RuleInput): Promise<RuleOutcome> {
  const { lab } = input;
  const platform = lab.platform;
  const base = { rule: RULE, requirement: EVERY_STAGE_RENEWABLE };
  const signing = stageSigningKeys(platform);
  // Which keys a thief steals, who writes the store back and whether its protection is stated are read here and from
  // the device, not from the rule this play is held against (model/update/key-store-rollback.ts: replaceableSigningKeys,
  // storeWriters, keyStoreRollback's "unstated"): taking them from it would make the differential agree by construction.
  const keys = replaceableKeys(platform);
  // An anchor no key store can replace: one the design keeps offline is beyond the play (named in the bound); one it
  // keeps online is stolen and its thief's images are run after the vendor's latest release (nothing can revoke it);
  // one whose custody it does not state is not decided (keys[].custody): the play never holds on it.
  const custodyOf = (id: string) => platform.keys.find((k) => k.id === id)?.custody;
  const anchors = signing.filter((id) => !keys.includes(id) && custodyOf(id) === 'offline');
  const onlineAnchors = signing.filter((id) => !keys.includes(id) && custodyOf(id) === 'online');
  const custodyUnstated = signing
    .filter((id) => !keys.includes(id) && custodyOf(id) === undefined)
    .map((id) => `/keys/${platform.keys.findIndex((k) => k.id === id)}/custody is not stated: ${id} is an anchor that checks boot stages, which no key store can revoke, so whether a thief can take it is not known`);
  const untouched = `${anchors.length ? `; not replaced: ${anchors.join(', ')} (an anchor: its hash is in eFuses, no key store can revoke it)` : ''}${onlineAnchors.length ? `; stolen with nothing to revoke it: ${onlineAnchors.join(', ')} (an anchor kept online: the thief's images tried after the vendor's latest release ${NEW})` : ''}${custodyUnstated.length ? `; not played: ${signing.filter((id) => !keys.includes(id) && custodyOf(id) === undefined).join(', ')} (an anchor whose custody is not stated)` : ''}`;
  // The store put back is played only where the design states its protection: a trusted key store (one an update
  // renews: not secret, not in eFuses) without signedImage has nothing to play, and is undecided.
  const unstated = platform.assets
    .filter((a) => a.kind === 'key-store' && !a.secret && a.location !== 'efuse' && !a.signedImage)
    .map((a) => {
      const pointer = `/assets/${platform.assets.indexOf(a)}/signedImage`;
      return { pointer, reason: `${pointer} is not stated: the trusted key store ${a.id} has no signature and no anti-rollback counter the device could check, so the store of before a revocation (still trusting the revoked key) was not put back: whether it would come back is not known` };
    });
  const signedStore = signedKeyStoreOf(platform);
  const putBack = signedStore && !unstated.length ? `, then the key store of before put back (written into the running bank by whoever the device lets write it, and listed as an update under the metadata keys up to the threshold of ${lab.design.metadata.threshold}${recoveryPlay(lab.design.recoveryFlashing)})` : `; the key store of before put back not played (${unstated.map((u) => u.pointer).join(', ') || 'no trusted key store kept as a signed image'}: its protection is not stated)`;
  const bound = `each of ${keys.length} image-signing key${keys.length === 1 ? '' : 's'} (${keys.join(', ') || 'none'}) stolen, replaced by a key-store update with release ${NEW}, then the stolen key's images written into flash and the old metadata replayed${putBack}${untouched}`;
  if (!keys.length && !onlineAnchors.length) return { ...base, verdict: 'unknown', summary: `no boot stage is signed by a key the key store can replace (${signing.join(', ') || 'no key'}): a compromised signing key could not be revoked by any update`, bound, evidence: [] };
  const lines: string[] = [];
  const problems: string[] = [];
  const evidence: Evidence[] = [];
  const untested: string[] = [];
  const oldCertificates = KeyStore.read(Buffer.concat([...lab.vendor.certificates.values()]));
  for (const key of keys) {
    const oldCertificate = oldCertificates.certificates.find((c) => c.subjectCommonName === key);
    const stillTrusted = (device: UpdateDevice) => {
      const bytes = device.running ? device.banks.read(device.running, KEY_STORE_SLOT) : undefined;
      return !!oldCertificate && !!bytes && storeContents(bytes).certificates.some((c) => bytesEqual(c.thumbprint, oldCertificate.thumbprint));
    };
    // 1. Before the compromise: a device in service, and the metadata the attacker records.
    lab.now = LAB_EPOCH;
    const service = lab.newService();
    const device = lab.device({ deviceGroup: lab.deviceGroup });
    const recorded = service.issueMetadata(device.identity.deviceGroup, lab.now);
    // A compromised component of the normal world (or an untrusted one) the access controller lets write the store's
    // eFuse counter raises it to the bank's last fuse: no key store the vendor ships can pass it any more.
    const burnt = signedStore && !unstated.length ? burnStoreCounter(device, platform) : undefined;
    if (burnt) lines.push(`${key}: before the revocation, ${burnt}`);
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
    const stages = stagesUnder(platform, key);
    const forged = forgeStages({ lab, device, key, stages, release, reproduce: input.reproduce }, `ran after the key-store update that replaced it`, `revoked ${key}`);
    lines.push(...forged.lines);
    problems.push(...forged.problems);
    untested.push(...forged.untested);
    evidence.push(...forged.evidence);
    // 5. The metadata from before the compromise, replayed: the old key store must not come back.
    const replayed = device.clone();
    const check = checkForUpdates(replayed, { fetchMetadata: () => ({ ok: true, value: recorded.slice() }), fetchTarget: (sha) => service.fetchTarget(sha) }, lab.now + 3600);
    const back = stillTrusted(replayed);
    if (back) problems.push(`replaying the metadata of ${stamp(LAB_EPOCH)} brought back the key store that trusts the revoked ${key} (${check.outcome}: ${check.detail})`);
    lines.push(`  metadata of ${stamp(LAB_EPOCH)} replayed: ${check.outcome} (${check.detail}); the old key store ${back ? 'CAME BACK' : 'stays out'}`);
    // 6. The key store of before (or one signed with the stolen key) put back.
    if (signedStore && !unstated.length && stages.length) {
      const signedBelow = signedStore.image.signedBy === key ? undefined : await lab.vendor.keyStoreSignedBelow(key, ATTACKER);
      const played = putBackKeyStore({ lab, service, device, key, stages, release, signedBy: signedStore.image.signedBy, signedBelow });
      lines.push(...played.lines);
      problems.push(...played.problems);
      untested.push(...played.untested);
      evidence.push(...played.evidence.map((e) => ({ ...e, reproduce: input.reproduce })));
    }
  }
  // An online anchor, stolen: the vendor can only publish its latest release (no key store can replace the anchor),
  // which the device installs; the thief's images of the stages checked under the anchor alone then run.
  for (const key of onlineAnchors) {
    lab.now = LAB_EPOCH;
    const service = lab.newService();
    const device = lab.device({ deviceGroup: lab.deviceGroup });
    lab.now += DAY;
    const release = await lab.rekeyed([], NEW);
    service.publishOs(release, lab.now - Math.max(...lab.design.feeds.map((f) => f.leadDays)) * DAY);
    service.deployApps(device.identity.deviceGroup, release);
    connect(device, lab.connection(undefined, service), lab.now, { check: true });
    lines.push(`${key}: stolen (an anchor kept online); no key store can replace it, the vendor published release ${NEW} with the same keys, ${lab.isCurrent(device, service) ? 'which the device installed' : `which the device did NOT install (${device.journal.at(-1) ?? 'no journal'})`}`);
    const forged = forgeStages({ lab, device, key, stages: stagesUnder(platform, key), release, reproduce: input.reproduce }, `ran after the vendor's latest release ${NEW}: ${key} is an anchor kept online, and no key-store update can revoke it`, `stolen ${key} (an anchor kept online)`);
    lines.push(...forged.lines);
    problems.push(...forged.problems);
    untested.push(...forged.untested);
    evidence.push(...forged.evidence);
  }
  if (custodyUnstated.length && !problems.length) return { ...base, verdict: 'unknown', summary: custodyUnstated[0]!, bound, evidence: [{ title: `${RULE}: not decided`, lines: [...lines, ...custodyUnstated], reproduce: input.reproduce }] };
  if (unstated.length && !problems.length) return { ...base, verdict: 'unknown', summary: unstated[0]!.reason, bound, evidence: [{ title: `${RULE}: not decided`, lines: [...lines, ...unstated.map((u) => u.reason)], reproduce: input.reproduce }] };
  if (problems.length) return { ...base, verdict: 'violated', summary: problems[0]!, bound, evidence: [{ title: `${RULE}: violated`, lines: [...lines, ...problems], reproduce: input.reproduce }, ...evidence] };
  if (untested.length) return { ...base, verdict: 'unknown', summary: `the revocation could not be tested for ${untested.join(', ')}: the stolen key's image was refused for another reason`, bound, evidence: [{ title: `${RULE}: not decided`, lines, reproduce: input.reproduce }] };
  return { ...base, verdict: 'holds', summary: `each of ${keys.join(', ')}, once stolen, was replaced by a key-store update the device installed; images signed with it were refused and the old key store did not come back${signedStore ? ', neither replayed, nor written back, nor listed under the metadata keys' : ''}`, bound, evidence: [{ title: `${RULE}: holds`, lines }] };
}

/** Stages checked under `key` alone: the stolen key makes their images by itself. */
function stagesUnder(platform: UpdateLab['platform'], key: string): string[] {
  return platform.boot.filter((s) => s.checks.length > 0 && s.checks.every((c) => c.key === key)).map((s) => s.image);
}

interface Forging {
  lab: UpdateLab;
  /** The device running the vendor's latest release. */
  device: UpdateDevice;
  key: string;
  stages: string[];
  release: { slots: Map<string, Uint8Array> };
  reproduce: string;
}

/**
 * The attacker's own image of each of `stages`, signed with the stolen key at version ATTACKER, with the boot manifests
 * it re-signs to list it, written into the running bank; the device restarts: a stage that runs it is a problem
 * (`ran`: what that means), one refused for its signer missing from the key store is the revocation at work, any other
 * refusal leaves it untested. Each stage on its own: the other stages keep the vendor's genuine images of `release`,
 * and only their reading of the forged manifests is forced to pass (the boot ends at its first halt). Before (s31),
 * every stage checked under the key was forged at once with the others' checks forced to pass: each then ran and
 * raised a counter it shares with the stage judged to the attacker's version, so that stage was judged against a
 * counter no genuine boot reaches (the vendor's own re-keyed image of it was refused by that counter).
 */
function forgeStages(f: Forging, ran: string, signer: string): { lines: string[]; problems: string[]; untested: string[]; evidence: Evidence[] } {
  const { lab, device, key, stages } = f;
  const platform = lab.platform;
  const out = { lines: [] as string[], problems: [] as string[], untested: [] as string[], evidence: [] as Evidence[] };
  if (!stages.length) {
    out.lines.push(`  no stage is checked under ${key} alone: the stolen key makes no image by itself`);
    return out;
  }
  const current: Release = {
    images: new Map(platform.boot.map((s) => [s.image, f.release.slots.get(imageSlot(s.image))!])),
    manifests: new Map(lab.vendor.manifestKeys().map((k) => [k, f.release.slots.get(manifestSlot(k))!])),
  };
  for (const stage of stages) {
    const forged = lab.vendor.release(ATTACKER, [stage], current);
    const relisted = [...forged.manifests].filter(([k, manifest]) => manifest !== current.manifests.get(k));
    const attacked = device.clone();
    const bank = attacked.running!;
    attacked.banks.write(bank, imageSlot(stage), forged.images.get(stage)!, 'attacker');
    for (const [k, manifest] of relisted) attacked.banks.write(bank, manifestSlot(k), manifest, 'attacker');
    const forgedManifests = new Set(relisted.map(([k]) => k));
    const skip = platform.boot.filter((s) => s.image !== stage).flatMap((s) => s.checks.filter((c) => c.kind === 'manifest-hash' && forgedManifests.has(c.key)).map((c) => c.id));
    const trace = attacked.reboot(lab.now, { skip }).attempts.find((a) => a.bank === bank)?.trace;
    const mine = trace?.stages.find((s) => s.image === stage);
    const byStore = mine?.checks.find((c) => c.result === 'fail' && /not in the key store/.test(c.detail ?? ''));
    if (mine?.outcome.status === 'ran' && mine.securityVersion === ATTACKER) {
      out.problems.push(`an image of ${stage} signed with the ${signer} ${ran}`);
      if (trace) out.evidence.push({ title: `trace: ${stage} signed with the ${signer} (the other stages genuine, their reading of the forged manifests forced to pass)`, lines: formatTrace(trace), reproduce: f.reproduce, data: trace });
      out.lines.push(`  ${stage}: the stolen key's image (version ${ATTACKER}) RAN`);
    } else if (byStore) {
      out.lines.push(`  ${stage}: the stolen key's image (version ${ATTACKER}) refused: ${byStore.detail}`);
    } else {
      out.untested.push(`${stage} (${key})`);
      const what = !mine ? `not reached (halted at ${trace?.haltedAt ?? '?'})` : mine.outcome.status === 'ran' ? `not the one that ran (version ${mine.securityVersion ?? '?'} ran)` : 'refused, but not for its signer missing from the key store';
      out.lines.push(`  ${stage}: the stolen key's image ${what}: the revocation was not tested`);
    }
  }
  return out;
}

interface PutBack {
  lab: UpdateLab;
  service: UpdateService;
  /** The device after it installed the re-keyed release. */
  device: UpdateDevice;
  key: string;
  /** Stages checked under the stolen key alone: the attacker's images of them show whether the stolen key is trusted again. */
  stages: string[];
  release: { slots: Map<string, Uint8Array> };
  signedBy: string;
  /** Where the store's signer is certified below the stolen key: the store the thief signs with a signer key of its own it certified (Vendor.keyStoreSignedBelow). */
  signedBelow: Uint8Array | undefined;
}

/**
 * Who writes the flash in this play: the design's attackers with it, or, where it names none, the attacker with
 * physical access to the flash the requirement profile's threat model always has (defense-in-depth.standard-attackers):
 * a design that leaves it out does not keep it off the device. Before (s32), such a design kept its store's counter
 * in flash out of reach, and the play held where hardware-root-of-trust was violated.
 */
function flashAttackers(lab: UpdateLab): string[] {
  const named = lab.platform.attackers.filter((a) => a.writesFlash).map((a) => a.id);
  return named.length ? named : ["an attacker with physical access to the flash (the profile's threat model)"];
}

/**
 * Who could write the store back: whoever writes the flash where the design keeps the store in flash, and the running
 * components the device's access controller lets write it that an attacker can take over (compromisable). The trusted
 * Security Monitor writes no store of before on its own: before (s32), it was counted, and a store it alone writes,
 * compared at update only, was "written back as security-monitor could", a false violated where no attacker could.
 */
function storeWriters(lab: UpdateLab, store: string, device?: UpdateDevice): string[] {
  const inFlash = lab.platform.assets.find((a) => a.id === store)?.location === 'flash';
  const takenOver = new Set(compromisable(lab.platform));
  return [...(inFlash ? flashAttackers(lab) : []), ...(device ? runningWritersOf(device, store).filter((c) => takenOver.has(c)) : [])];
}

/**
 * Step 6: the key store of before put back, each way the design leaves open, then the stolen key's images of `stages`
 * (version ATTACKER): any of them running means the revocation was undone. A refusal that is not the loader's or the
 * installer's refusal of the store leaves the write-back untested (the store was never judged).
 */
function putBackKeyStore(p: PutBack): { lines: string[]; problems: string[]; untested: string[]; evidence: Omit<Evidence, 'reproduce'>[] } {
  const { lab, device, key, stages } = p;
  const platform = lab.platform;
  const lines: string[] = [];
  const problems: string[] = [];
  const untested: string[] = [];
  const evidence: Omit<Evidence, 'reproduce'>[] = [];
  const current: Release = {
    images: new Map(platform.boot.map((s) => [s.image, p.release.slots.get(imageSlot(s.image))!])),
    manifests: new Map(lab.vendor.manifestKeys().map((k) => [k, p.release.slots.get(manifestSlot(k))!])),
  };
  const forged = lab.vendor.release(ATTACKER, stages, current);
  const forgedSlots = new Map<string, Uint8Array>([...stages.map((s) => [imageSlot(s), forged.images.get(s)!] as const), ...[...forged.manifests].filter(([k, m]) => m !== current.manifests.get(k)).map(([k, m]) => [manifestSlot(k), m] as const)]);
  const stores: { name: string; bytes: Uint8Array }[] = [{ name: `the key store of release ${CURRENT_RELEASE} (signed, genuine, still certifying ${key})`, bytes: lab.builder.factory.slots.get(KEY_STORE_SLOT)! }];
  if (p.signedBy === key) stores.push({ name: `a key store the attacker signed with the stolen ${key} at version ${ATTACKER}`, bytes: lab.vendor.keyStore(ATTACKER, { signWith: key }) });
  if (p.signedBelow) stores.push({ name: `a key store the attacker signed at version ${ATTACKER} with a key of its own it certified as ${p.signedBy} under the stolen ${key}`, bytes: p.signedBelow });
  const store = signedKeyStoreOf(platform)!;
  const counter = store.image.rollback?.counter;
  const counterAsset = counter ? platform.assets.find((a) => a.id === counter) : undefined;
  const writers = storeWriters(lab, store.asset.id, device);
  const ran = (attacked: UpdateDevice) => {
    const result = attacked.reboot(lab.now);
    const attempt = result.attempts.find((a) => a.trace.stages.some((s) => stages.includes(s.image) && s.outcome.status === 'ran' && s.securityVersion === ATTACKER));
    return { attempt, result };
  };
  const why = (result: ReturnType<UpdateDevice['reboot']>) => {
    const halted = result.attempts.map((a) => a.trace.stages.find((s) => s.outcome.status === 'halted')).find((s) => s);
    return halted?.outcome.status === 'halted' ? `${halted.image}: ${halted.outcome.reason}` : 'no stage halted';
  };
  for (const candidate of stores) {
    // a. Written into the running bank, with the stolen key's images, by whoever the design lets write the store.
    if (writers.length) {
      const attacked = device.clone();
      const bank = attacked.running!;
      attacked.banks.write(bank, KEY_STORE_SLOT, candidate.bytes, 'attacker');
      for (const [slot, bytes] of forgedSlots) attacked.banks.write(bank, slot, bytes, 'attacker');
      // The counter set back where the design lets it go back: written back down by whoever writes the flash where it
      // is kept in flash (flashAttackers: there always is one), by a compromised writer of the normal world (the
      // emulated chip keeps a counter outside eFuses as a u32 in flash), or read as zero after a reset in SRAM or I/O registers.
      const setBack = counter && counterAsset ? counterSetBack(attacked, platform, counter, counterAsset.location, flashAttackers(lab)[0]) : undefined;
      const { attempt, result } = ran(attacked);
      const how = `${candidate.name} written into bank ${bank} (as ${writers.join(' or ')} could)${setBack ? `, ${setBack}` : ''}`;
      if (attempt) {
        problems.push(`${how}: the device believed it again, and the stolen ${key}'s image of ${attempt.trace.stages.find((s) => s.securityVersion === ATTACKER)!.image} ran`);
        evidence.push({ title: `trace: ${how}`, lines: formatTrace(attempt.trace), data: attempt.trace });
        lines.push(`  ${how}: BELIEVED, the stolen key's image RAN`);
      } else {
        const reason = why(result);
        if (!/key store/.test(reason)) untested.push(`${candidate.name} written back (${key})`);
        lines.push(`  ${how}: refused (${reason})`);
      }
    }
    // b. Listed as an update, with the stolen key's images, in metadata signed with the metadata keys up to the threshold.
    // The counter is set back first where the design lets it go back (a compromised writer of the normal world, or a
    // reset of a volatile one): the installer then compares the old store's version with the lowered counter. This is
    // the path left where no attacker can write the store itself (no flash attacker, the store written only by trusted
    // firmware) but a normal-world component may write its counter (s31-metamorphic's left-alone design): before, the
    // counter was set back only with the store written into the bank (a.), by whoever the device lets write it.
    const attacked = device.clone();
    const listedSetBack = counter && counterAsset ? counterSetBack(attacked, platform, counter, counterAsset.location, flashAttackers(lab)[0]) : undefined;
    const slots = new Map([...forgedSlots, [KEY_STORE_SLOT, candidate.bytes] as const]);
    const replaced = targetsOf(lab.design, platform, slots, lab.design.updateKinds.map((k) => k.kind));
    const at = lab.now + 3600;
    const targets = [...p.service.targetsFor(attacked.identity.deviceGroup, at).filter((t) => !slots.has(t.name)), ...replaced].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    const metadata = p.service.issueMetadata(attacked.identity.deviceGroup, at, { targets }, lab.metadataKeys.slice(0, lab.design.metadata.threshold));
    for (const bytes of slots.values()) p.service.host(bytes);
    const check = checkForUpdates(attacked, { fetchMetadata: () => ({ ok: true, value: metadata.slice() }), fetchTarget: (sha) => p.service.fetchTarget(sha) }, at);
    const { attempt } = ran(attacked);
    const how = `${candidate.name} listed as an update in metadata signed with ${lab.design.metadata.threshold} of ${lab.design.metadata.keys} metadata key${lab.design.metadata.keys === 1 ? '' : 's'}${listedSetBack ? `, ${listedSetBack} first` : ''}`;
    if (attempt) {
      problems.push(`${how}: the device installed it, and the stolen ${key}'s image of ${attempt.trace.stages.find((s) => s.securityVersion === ATTACKER)!.image} ran`);
      evidence.push({ title: `trace: ${how}`, lines: formatTrace(attempt.trace), data: attempt.trace });
      lines.push(`  ${how}: INSTALLED, the stolen key's image RAN`);
    } else lines.push(`  ${how}: ${check.outcome} (${check.detail})`);
    // c. Handed to recovery mode with the stolen key's images, where the update design states a recovery path
    // (recoveryFlashing; emulator/update/recovery-mode.ts): whoever holds the device needs no writer and no metadata key.
    if (lab.design.recoveryFlashing) {
      const recovered = device.clone();
      const result = recoverDevice(recovered, new Map([...forgedSlots, [KEY_STORE_SLOT, candidate.bytes] as const]), lab.now);
      const how = `${candidate.name} handed to recovery mode`;
      const attempt = result.recovered ? result.boot.attempts.find((a) => a.trace.stages.some((s) => stages.includes(s.image) && s.outcome.status === 'ran' && s.securityVersion === ATTACKER)) : undefined;
      if (attempt) {
        problems.push(`${how}: the device believed it, and the stolen ${key}'s image of ${attempt.trace.stages.find((s) => s.securityVersion === ATTACKER)!.image} ran`);
        evidence.push({ title: `trace: ${how}`, lines: formatTrace(attempt.trace), data: attempt.trace });
        lines.push(`  ${how}: BELIEVED, the stolen key's image RAN`);
      } else lines.push(`  ${how}: ${result.recovered ? `refused at boot (${why(result.boot)})` : `${result.notPlayed ? 'not played' : 'refused'} (${result.reason})`}`);
    }
  }
  return { lines, problems, untested, evidence };
}

/** Components the design lets an attacker take over: those of the normal world, and those it marks untrusted. */
function compromisable(platform: { components: readonly { id: string; world: string; untrusted?: boolean }[] }): string[] {
  return platform.components.filter((c) => c.world === 'normal' || c.untrusted).map((c) => c.id);
}

/** The store's eFuse counter raised to its last fuse by a compromisable component the access controller lets write it; what happened, or undefined. */
function burnStoreCounter(device: UpdateDevice, platform: UpdateLab['platform']): string | undefined {
  const counter = signedKeyStoreOf(platform)?.image.rollback?.counter;
  if (!counter || !device.chip.efuses.has(counter)) return undefined;
  const writer = compromisable(platform).find((c) => device.chip.profile.access.reach(c, counter, 'write').granted);
  if (!writer) return undefined;
  const raised = device.chip.raiseCounter(counter, COUNTER_FUSES, writer);
  return raised.ok ? `a compromised ${writer} raised ${counter} from ${raised.before} to ${raised.after} (it may write it)` : undefined;
}

/** The store's counter, kept outside eFuses, set back: by a compromisable writer to the release of before, or to zero by a reset where it is volatile. */
function counterSetBack(device: UpdateDevice, platform: UpdateLab['platform'], counter: string, location: string, flashWriter?: string): string | undefined {
  if (device.chip.efuses.has(counter)) return undefined;
  const u32 = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
  if (location === 'sram' || location === 'io-registers') {
    device.chip.flash.write(assetSlot(counter), u32(0), 'reset');
    return `${counter} (kept in ${location}) reads 0 after the restart`;
  }
  // Kept in flash: whoever writes the flash writes it back down, whoever else may write it.
  if (location === 'flash' && flashWriter) {
    device.chip.flash.write(assetSlot(counter), u32(CURRENT_RELEASE), 'attacker');
    return `${counter} (kept in flash) written back to ${CURRENT_RELEASE} by ${flashWriter}`;
  }
  const writer = compromisable(platform).find((c) => device.chip.profile.access.reach(c, counter, 'write').granted);
  if (!writer) return undefined;
  device.chip.flash.write(assetSlot(counter), u32(CURRENT_RELEASE), writer);
  return `${counter} written back to ${CURRENT_RELEASE} by a compromised ${writer} (it may write it)`;
}

/**
 * What the bound says of recovery mode: played where the design states the path and its check; a path whose check is
 * left out is not played (the emulator does not guess it, emulator/update/recovery-mode.ts) and the bound says so
 * rather than claim the play (the recovery rule leaves the property unknown on it, properties/renewable-security/recovery-flashing.ts).
 */
function recoveryPlay(path: UpdateLab['design']['recoveryFlashing']): string {
  if (!path) return '';
  return path.versionCheck ? ', and handed to recovery mode' : '; not handed to recovery mode, whose check the design does not state (/recoveryFlashing/versionCheck)';
}
