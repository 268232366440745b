/**
 * The boot acceptance rule: for a platform design, an attack on one boot stage and a set of skipped
 * check runs, whether that stage's loader runs the bad image, and, when it does not, where the boot
 * halts and which check runs reject. Stated over what the flash holds, as facts (who signed each
 * image and manifest, with which key, whether the signature is intact, what each manifest lists,
 * each image's security version against the counters), not over bytes: the boot emulator
 * (emulator/boot/boot.ts, boot-checks.ts, chain.ts, attacks.ts) is the second reading that runs real
 * signed images, and test/differential/boot-harness.ts holds the two together.
 *
 * The platform's semantics, as the design states them:
 *  - the factory installs one release: each stage's image signed with its stage's signing key (the
 *    key of its first signature check, else of its first check, else the anchored key), one boot
 *    manifest per key a manifest-hash check names, listing every stage whose manifest-hash check
 *    names that key, and every anti-rollback counter set to the release's security version;
 *  - a signing certificate is believed when it chains to the anchor: an anchored key only with the
 *    vendor's own public key (its hash is in the anchor's eFuses); a certified key when some
 *    believed certificate of its certifier signed it; a key with neither certifier nor anchor (or in
 *    a certification loop) is taken as it stands, whoever made it — the design gives nothing to check;
 *  - signature(k): the image names a certificate of k, it is believed, and the signature is intact;
 *  - manifest-hash(k): k's manifest is believed and lists this slot with exactly this image;
 *  - rollback: the image's security version is not below the counter;
 *  - per stage, in order: the loader must be running (ROM, or a stage that ran); a stage whose counter
 *    the device cannot hold (an eFuse field that is not a counter: counterUnreadable) halts before any
 *    check run, so no skipped run gets past it (an unread counter is never taken as 0); the rollback
 *    comparison runs before the design's checks when the counter is raised before verification (a
 *    failure halts at once), otherwise after them, and only if none failed; every design check run
 *    is made; a skipped run passes without running (model/platform/check-runs.ts).
 * What each attack changes (the attacker rewrites the flash, has every published release and
 * certificate, and a key of its own, never the vendor's):
 *  - tampered: the stage's bytes change, its signature is kept (no longer intact), its security
 *    version raised by one;
 *  - unknown-key: the stage's image signed by the attacker, under a certificate claiming the stage's
 *    signing key; certificates claiming that key and every key the stage's manifest-hash checks name
 *    added to the key store (unless the design keeps the store as a signed image, signedImage: then the
 *    attacker can add nothing to it); those manifests re-signed the same way, listing the new image (every
 *    earlier stage that reads one of them reads the attacker's);
 *  - downgrade: the previous release's image (validly signed, one security version lower) with that
 *    release's manifests of the stage's manifest-hash keys, which list it;
 *  - swapped: another stage's current image (validly signed by that stage's key) in the slot; the
 *    attacker picks the other stage (swapDecision: the attack succeeds when any choice does).
 */
import { skipsRun, designCheckRuns, rollbackRuns, type CheckRun } from './check-runs.js';
import type { BootCheck, BootStage, PlatformDesign } from './platform-design.js';
import { signedTrustedKeyStore } from './trusted-key-store.js';

export type BootAttackKind = 'tampered' | 'unknown-key' | 'downgrade' | 'swapped';
export const BOOT_ATTACK_KINDS: readonly BootAttackKind[] = ['tampered', 'unknown-key', 'downgrade', 'swapped'];

export interface BootAttack {
  kind: BootAttackKind;
  /** The stage whose slot holds the bad image. */
  stage: string;
  /** swapped: the stage whose image is put in the slot. */
  donor?: string;
}

/** Who made a signature: the vendor with the key itself, or the attacker with its own key under a certificate claiming the key's name. */
export interface SignedBy {
  key: string;
  by: 'vendor' | 'attacker';
}

export interface ImageFacts {
  /** What the bytes are: equal contents, equal bytes. */
  content: string;
  signedBy: SignedBy;
  /** The signature verifies over these bytes. */
  intact: boolean;
  /** Security version relative to the installed release (the counters' value). */
  version: number;
}

export interface ManifestFacts {
  signedBy: SignedBy;
  /** Slot (stage image) → the content it lists. */
  lists: ReadonlyMap<string, string>;
}

export interface FlashFacts {
  images: ReadonlyMap<string, ImageFacts>;
  manifests: ReadonlyMap<string, ManifestFacts>;
  /** Keys for which the attacker's certificate is in the key store. */
  impostors: ReadonlySet<string>;
}

export type RunResult = 'pass' | 'fail' | 'skipped';

export interface StageDecision {
  image: string;
  /** Every check run the loader made, in its order, with its result. */
  runs: { id: string; result: RunResult }[];
  outcome: 'ran' | 'halted';
  /** Why it halted: its loader is not running, its counter cannot be read, or check runs failed. */
  reason?: 'loader-not-running' | 'counter-unreadable' | 'checks';
}

export interface BootAcceptance {
  /** The attacked stage's loader ran the bad image. */
  accepted: boolean;
  /** The stages walked, up to the attacked one or the halt. */
  stages: StageDecision[];
  /** Where the boot halted, when the bad image did not run. */
  haltedAt?: string;
  /** The check runs that failed there, in the loader's order (empty when the loader was not running). */
  rejectedBy: string[];
}

/** The rule of each check kind, as data: a planted reading replaces one entry. */
export interface CheckRules {
  signature: (check: BootCheck, image: ImageFacts, believed: (s: SignedBy) => boolean) => boolean;
  manifestHash: (check: BootCheck, slot: string, image: ImageFacts, manifest: ManifestFacts | undefined, believed: (s: SignedBy) => boolean) => boolean;
  rollback: (image: ImageFacts) => boolean;
  /** Whether a certificate claiming `key`, made by the vendor or the attacker, is believed. */
  believed: (design: PlatformDesign, signed: SignedBy, impostors: ReadonlySet<string>) => boolean;
  /** What an attack writes into the flash. */
  attacked: (design: PlatformDesign, attack: BootAttack) => FlashFacts;
}

export const BOOT_CHECK_RULES: CheckRules = {
  signature: (check, image, believed) => image.signedBy.key === check.key && believed(image.signedBy) && image.intact,
  manifestHash: (_check, slot, image, manifest, believed) => manifest !== undefined && believed(manifest.signedBy) && manifest.lists.get(slot) === image.content,
  rollback: (image) => image.version >= 0,
  believed: (design, signed, impostors) => certificateBelieved(design, signed, impostors, new Set()),
  attacked: (design, attack) => attackedFlash(design, attack),
};

/** The key a stage's images are signed with: its first signature check's key, else its first check's, else the anchored key. */
export function stageSigningKey(design: PlatformDesign, stage: BootStage): string | undefined {
  return stage.checks.find((c) => c.kind === 'signature')?.key ?? stage.checks[0]?.key ?? design.keys.find((k) => k.anchoredIn)?.id ?? design.keys[0]?.id;
}

const manifestKeysOf = (stage: BootStage) => [...new Set(stage.checks.filter((c) => c.kind === 'manifest-hash').map((c) => c.key))];

function certificateBelieved(design: PlatformDesign, signed: SignedBy, impostors: ReadonlySet<string>, visited: ReadonlySet<string>): boolean {
  const key = design.keys.find((k) => k.id === signed.key);
  if (!key) return false;
  // The anchor's eFuses hold the hash of the vendor's key: nobody else's matches.
  if (key.anchoredIn) return signed.by === 'vendor';
  // A key with no chain: its certificate in the store is taken as it stands, the vendor's, or the attacker's where it
  // could add one (not to a store kept as a signed image: impostors is then empty).
  if (!key.certifiedBy || visited.has(key.id)) return signed.by === 'vendor' || impostors.has(key.id);
  const parent = key.certifiedBy;
  const seen = new Set([...visited, key.id]);
  // The vendor's certificate is signed by the vendor's certifier; the attacker's by the attacker's own certificate of the certifier, when it added one.
  if (signed.by === 'vendor') return design.keys.some((k) => k.id === parent) && certificateBelieved(design, { key: parent, by: 'vendor' }, impostors, seen);
  return impostors.has(parent) && certificateBelieved(design, { key: parent, by: 'attacker' }, impostors, seen);
}

/** The flash as the factory leaves it. */
export function installedFlash(design: PlatformDesign): FlashFacts {
  const images = new Map<string, ImageFacts>();
  for (const stage of design.boot) images.set(stage.image, { content: `${stage.image} (installed)`, signedBy: { key: stageSigningKey(design, stage) ?? '', by: 'vendor' }, intact: true, version: 0 });
  const manifests = new Map<string, ManifestFacts>();
  for (const key of new Set(design.boot.flatMap(manifestKeysOf))) {
    const lists = new Map(design.boot.filter((s) => manifestKeysOf(s).includes(key)).map((s) => [s.image, images.get(s.image)!.content]));
    manifests.set(key, { signedBy: { key, by: 'vendor' }, lists });
  }
  return { images, manifests, impostors: new Set() };
}

function attackedFlash(design: PlatformDesign, attack: BootAttack): FlashFacts {
  const installed = installedFlash(design);
  const stage = design.boot.find((s) => s.image === attack.stage);
  if (!stage) throw new RangeError(`no boot stage loads ${attack.stage}`);
  const images = new Map(installed.images);
  const manifests = new Map(installed.manifests);
  const genuine = installed.images.get(stage.image)!;
  const relist = (key: string, content: string, signedBy: SignedBy) => {
    const lists = new Map(installed.manifests.get(key)!.lists).set(stage.image, content);
    manifests.set(key, { signedBy, lists });
  };
  switch (attack.kind) {
    case 'tampered':
      images.set(stage.image, { ...genuine, content: `${stage.image} (tampered)`, intact: false, version: genuine.version + 1 });
      return { images, manifests, impostors: installed.impostors };
    case 'unknown-key': {
      const role = genuine.signedBy.key;
      const content = `${stage.image} (attacker's)`;
      images.set(stage.image, { content, signedBy: { key: role, by: 'attacker' }, intact: true, version: genuine.version });
      for (const key of manifestKeysOf(stage)) relist(key, content, { key, by: 'attacker' });
      // A store kept as a signed image takes no certificate the attacker adds (it would break the store's signature).
      return { images, manifests, impostors: signedTrustedKeyStore(design) ? installed.impostors : new Set([role, ...manifestKeysOf(stage)]) };
    }
    case 'downgrade': {
      const content = `${stage.image} (previous release)`;
      images.set(stage.image, { ...genuine, content, version: genuine.version - 1 });
      for (const key of manifestKeysOf(stage)) relist(key, content, { key, by: 'vendor' });
      return { images, manifests, impostors: installed.impostors };
    }
    case 'swapped': {
      const donor = attack.donor === undefined ? undefined : installed.images.get(attack.donor);
      if (!donor || attack.donor === stage.image) throw new RangeError(`a swap into ${stage.image} needs another stage's image, not ${attack.donor ?? 'none'}`);
      images.set(stage.image, donor);
      return { images, manifests, impostors: installed.impostors };
    }
  }
}

/** The boot of `design` with `attack` written into the flash and `skipped` check runs forced to pass, up to the attacked stage. */
export function bootAcceptance(design: PlatformDesign, attack: BootAttack, skipped: Iterable<string> = [], rules: CheckRules = BOOT_CHECK_RULES): BootAcceptance {
  const skip = new Set(skipped);
  const flash = rules.attacked(design, attack);
  const believed = (s: SignedBy) => rules.believed(design, s, flash.impostors);
  const running = new Set(design.components.filter((c) => !c.mutable).map((c) => c.id));
  const stages: StageDecision[] = [];
  for (const stage of design.boot) {
    const decision = stageDecision(design, stage, flash, running, skip, rules, believed);
    stages.push(decision);
    if (decision.outcome === 'halted') {
      return { accepted: false, stages, haltedAt: stage.image, rejectedBy: decision.runs.filter((r) => r.result === 'fail').map((r) => r.id) };
    }
    running.add(stage.image);
    if (stage.image === attack.stage) return { accepted: true, stages, rejectedBy: [] };
  }
  throw new RangeError(`no boot stage loads ${attack.stage}`);
}

function stageDecision(design: PlatformDesign, stage: BootStage, flash: FlashFacts, running: ReadonlySet<string>, skip: ReadonlySet<string>, rules: CheckRules, believed: (s: SignedBy) => boolean): StageDecision {
  const runs: StageDecision['runs'] = [];
  if (!running.has(stage.loadedBy)) return { image: stage.image, runs, outcome: 'halted', reason: 'loader-not-running' };
  if (stage.rollback && counterUnreadable(design, stage.rollback.counter)) return { image: stage.image, runs, outcome: 'halted', reason: 'counter-unreadable' };
  const image = flash.images.get(stage.image)!;
  const make = (run: CheckRun, passes: () => boolean) => runs.push({ id: run.id, result: skipsRun(skip, run) ? 'skipped' : passes() ? 'pass' : 'fail' });
  const failed = () => runs.some((r) => r.result === 'fail');
  const rollback = () => rollbackRuns(stage).forEach((run) => make(run, () => rules.rollback(image)));
  const halted = (): StageDecision => ({ image: stage.image, runs, outcome: 'halted', reason: 'checks' });
  if (stage.rollback?.raised === 'before-verify') {
    rollback();
    if (failed()) return halted();
  }
  for (const check of stage.checks) {
    for (const run of designCheckRuns(check)) {
      make(run, () => (check.kind === 'signature' ? rules.signature(check, image, believed) : rules.manifestHash(check, stage.image, image, flash.manifests.get(check.key), believed)));
    }
  }
  if (failed()) return halted();
  if (stage.rollback?.raised === 'after-verify') {
    rollback();
    if (failed()) return halted();
  }
  return { image: stage.image, runs, outcome: 'ran' };
}

/**
 * Whether a stage's anti-rollback counter is one the device cannot read: kept in eFuses but not a counter (the
 * eFuses of a key hash hold a hash, not a count of releases). Elsewhere the factory writes a counter where the
 * design puts it, and the rollback rule (model/update/rollback.ts) judges whether that is a counter at all.
 */
export function counterUnreadable(design: Pick<PlatformDesign, 'assets'>, counter: string): boolean {
  const asset = design.assets.find((a) => a.id === counter);
  return !asset || (asset.location === 'efuse' && asset.kind !== 'counter');
}

/** A swap: the attacker may put any other stage's image in the slot; it succeeds when one of them runs. */
export function swapDecision(design: PlatformDesign, stage: string, skipped: Iterable<string> = [], rules: CheckRules = BOOT_CHECK_RULES): { accepted: boolean; donors: string[] } {
  const skip = [...skipped];
  const donors = design.boot.map((s) => s.image).filter((image) => image !== stage && bootAcceptance(design, { kind: 'swapped', stage, donor: image }, skip, rules).accepted);
  return { accepted: donors.length > 0, donors };
}
