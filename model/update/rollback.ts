/**
 * The rollback rule, written once. Renewal only revokes an old release if the device refuses it once a
 * newer one is installed: each boot stage that an update kind replaces must be guarded by its own
 * anti-rollback counter, and that counter must move only for an image that verified (some boot check verifies the stage:
 * a stage with none has a counter that guards nothing) and never go back (a
 * counter: in eFuses, or in the security subsystem written by no normal-world component). Two design files
 * say when a counter moves: the platform design (boot[].rollback: which counter, raised before or after
 * the stage's checks) and the update design (antiRollback.counterRaised: whether the installer raises it
 * for a downloaded image before checking it). This rule reads both, so the properties that depend on it
 * (renewable-security, with revocation as its concrete witness, and hardware-root-of-trust) reason from
 * the same fields and cannot disagree. Whether the rule applies at all is the profile's
 * `renewable-security.rollback-counter-per-stage`.
 */
import { displayPath } from '../../formats/diagnostics/display-path.js';
import { counterRaiser } from '../platform/counter-raiser.js';
import { rightsThroughControl } from '../platform/control-closure.js';
import { componentsAnAttackerTakesOver } from '../platform/verifier-takeover.js';
import type { PlatformDesign } from '../platform/platform-design.js';
import { hasRequirement, requiredRule, type RequirementProfile } from '../requirements/requirement-profile.js';
import type { UpdateDesign, UpdateKind } from './update-design.js';
import { reachRules } from '../platform/bus-masters.js';

export const ROLLBACK_REQUIREMENT = 'renewable-security.rollback-counter-per-stage';

/** One stage an update kind replaces, and how its counter is kept. */
export interface StageRollback {
  image: string;
  kind: UpdateKind;
  counter?: string;
  /** When the boot raises the counter, relative to the stage's checks. */
  bootRaises?: 'after-verify' | 'before-verify';
}

export interface RollbackFinding {
  /** The stage concerned; undefined for a finding about every guarded stage (the installer's). */
  image?: string;
  /** The design file that states it and the pointer: "…/platform.json /boot/7", "…/update.json /antiRollback/counterRaised". */
  where: string;
  problem: string;
}

/** Where the designs come from, to locate findings. */
export interface RollbackSources {
  /** The platform design as its file states it (`platform` may be the product's instantiation, which lacks the empty app slots). */
  basePlatform?: PlatformDesign;
  platformFile?: string;
  updateFile?: string;
}

export interface RollbackRuleResult {
  /** Whether the profile requires the rule (undefined: the profile does not say); when it does not, findings are reported but do not count. */
  required: boolean | undefined;
  /** Every stage an update kind replaces, in boot order. */
  stages: StageRollback[];
  findings: RollbackFinding[];
  /**
   * Set when no update kind replaces any boot stage: the rule ranges over nothing. Every Azure Sphere device
   * takes OS updates (azure-sphere-facts §3.5), so the design left them out, and "every updatable stage is
   * guarded" would hold of none: the properties reading the rule make it unknown.
   */
  undecided?: string;
}

/** Which stages must have a counter raised after verification (every stage an update kind replaces), and which do not. */
export function checkRollbackRule(platform: PlatformDesign, update: UpdateDesign, profile: RequirementProfile, sources: RollbackSources = {}): RollbackRuleResult {
  const basePlatform = sources.basePlatform ?? platform;
  const platformFile = sources.platformFile ? displayPath(sources.platformFile) : 'the platform design';
  const updateFile = sources.updateFile ? displayPath(sources.updateFile) : 'the update design';
  const required = hasRequirement(profile, ROLLBACK_REQUIREMENT) ? requiredRule(profile, ROLLBACK_REQUIREMENT) : undefined;
  const kindOf = new Map(update.updateKinds.flatMap((k) => k.contents.map((c) => [c, k.kind] as const)));
  const stages: StageRollback[] = [];
  const findings: RollbackFinding[] = [];
  for (const stage of platform.boot) {
    const kind = kindOf.get(stage.image);
    if (!kind) continue; // never renewed: the renewability rule reports it; there is no older release to refuse
    const where = `${platformFile} /boot/${Math.max(0, basePlatform.boot.findIndex((s) => s.image === stage.image))}`;
    stages.push({ image: stage.image, kind, ...(stage.rollback ? { counter: stage.rollback.counter, bootRaises: stage.rollback.raised } : {}) });
    const weakness = stage.rollback && counterWeakness(platform, stage.rollback.counter);
    if (!stage.rollback) findings.push({ image: stage.image, where, problem: `${stage.image} is replaced by the ${kind} update but has no anti-rollback counter: once a newer release is installed, the vendor's older, validly signed release of it still boots` });
    else if (weakness) findings.push({ image: stage.image, where: `${where}/rollback/counter`, problem: `${stage.image} is guarded by ${stage.rollback.counter}, ${weakness}` });
    else if (stage.checks.length === 0) findings.push({ image: stage.image, where: `${where}/checks`, problem: unverifiedStage(stage) });
    else if (!raisedAtSomeStage(platform, stage.rollback.counter)) findings.push({ image: stage.image, where: `${where}/rollback/counter`, problem: unraisedCounter(platform, stage) });
    else if (stage.rollback.raised === 'before-verify') findings.push({ image: stage.image, where: `${where}/rollback/raised`, problem: `${stage.image} raises ${stage.rollback.counter} before its image is verified: an image that then fails verification still burns fuses and strands the genuine release below the counter` });
  }
  if (update.antiRollback.counterRaised === 'before-verification' && stages.some((s) => s.counter)) {
    findings.push({ where: `${updateFile} /antiRollback/counterRaised`, problem: `the installer raises a stage's counter to a downloaded image's security version before the image is checked: an unverified image with a high version strands every genuine release (${stages.filter((s) => s.counter).length} guarded stages)` });
  }
  const undecided = stages.length === 0 ? `no update kind of ${updateFile} replaces any boot stage of ${platformFile}: which stages an update replaces, and so must be guarded by their own counter, is not known` : undefined;
  return { required, stages, findings, ...(undecided ? { undecided } : {}) };
}

/**
 * The counters of the images that are not boot stages but are verified and version-checked like one (a trusted key
 * store kept as a signed image, `signedImage.rollback`: on Azure Sphere the TrustedKeystore, image type 19, checked at
 * boot and at install), held to the rule every stage's counter is (counterWeakness). Boot stages alone were: a design
 * whose normal-world kernel may write the key store's eFuse counter, and so raise it for no verified store, past every
 * store the vendor will ship, held "counters are raised only for verified images" (renewable-security found the same
 * counter through its key-store rule, model/update/key-store-rollback.ts, which reads counterWeakness too).
 */
export function signedImageCounterFindings(platform: PlatformDesign, sources: Pick<RollbackSources, 'basePlatform' | 'platformFile'> = {}): RollbackFinding[] {
  const basePlatform = sources.basePlatform ?? platform;
  const platformFile = sources.platformFile ? displayPath(sources.platformFile) : 'the platform design';
  return platform.assets.flatMap((asset) => {
    const rollback = asset.signedImage?.rollback;
    if (!rollback) return [];
    const weakness = counterWeakness(platform, rollback.counter, `: the ${asset.kind} of before is believed again, or the genuine one is refused`);
    const where = `${platformFile} /assets/${Math.max(0, basePlatform.assets.findIndex((a) => a.id === asset.id))}/signedImage/rollback/counter`;
    return weakness ? [{ image: asset.id, where, problem: `${asset.id} (a signed image) is guarded by ${rollback.counter}, ${weakness}` }] : [];
  });
}

/**
 * Where a counter can hold a security version that only goes up: eFuses (a blown fuse stays blown) or the
 * security subsystem's own non-volatile state. SRAM and I/O registers start again from zero at every reset,
 * and flash is rewritten by whoever writes the flash (the physical-flash attacker among them).
 */
const MONOTONIC_LOCATIONS: ReadonlySet<string> = new Set(['efuse', 'pluton']);

/**
 * Why the asset a stage names as its anti-rollback counter does not keep a downgrade out, or undefined when
 * it does: it must be a counter, kept where it cannot go back, that some component may write (raise), and
 * written by no normal-world or untrusted component, which could set it back to an older release's version (outside
 * eFuses) or raise it past every genuine release (in eFuses, where a write only blows more fuses).
 */
export function counterWeakness(platform: PlatformDesign, counterId: string, back = `: the vendor's older, validly signed release of the stage boots again`): string | undefined {
  const asset = platform.assets.find((a) => a.id === counterId);
  if (!asset) return `which the platform design does not define${back}`;
  if (asset.kind !== 'counter') return `a ${asset.kind} (${asset.name}), not an anti-rollback counter${back}`;
  if (!MONOTONIC_LOCATIONS.has(asset.location)) return `a counter kept in ${asset.location}, ${asset.location === 'flash' ? 'which whoever writes the flash sets back' : 'which every reset sets back to zero'}${back}`;
  const writers = reachRules(platform).filter((r) => r.asset === asset.id && r.rights.includes('write')).map((r) => platform.components.find((c) => c.id === r.component));
  // The access rules are what the hardware grants: a counter no component may write never rises, so a
  // newer release leaves it where it was and the release it replaced still passes the comparison.
  if (writers.length === 0) return `a counter no access rule lets any component write, so no newer release ever raises it${back}`;
  // Customer code may be compromised wherever it runs: a component marked untrusted (a customer trusted app
  // in the secure world, a plug-in on the Pluton core) can set the counter back like a normal-world one. So can
  // any component an attacker of the design runs as (verifier-takeover.ts componentsAnAttackerTakesOver, the reading
  // the takeover and measurement rules make): a secure-world component that parses network input, or one an untrusted
  // component may write the code of. It held: only the world and the untrusted mark were read here (s33's open item,
  // "who an attacker runs as differs between the counter rules and the takeover rule"); a secure-world network agent
  // with the write right held while the same agent in the normal world was violated.
  const taken = componentsAnAttackerTakesOver(platform);
  const marked = writers.filter((c) => c?.world === 'normal' || c?.untrusted);
  const runBy = writers.filter((c) => c && !marked.includes(c) && taken.has(c.id));
  // And a writer a normal-world or untrusted component runs as (control-closure.ts rightsThroughControl: it may write the
  // code the writer executes, or runs above or beside it): a Normal World kernel let write the RAM a Pluton counter
  // service executes blows the apps' counter through it. It held (s36-tcb): only the writers themselves were read.
  const through = rightsThroughControl(platform, { inside: (c) => c.world !== 'normal' && c.untrusted !== true, asset: (a) => a.id === asset.id, rights: ['write'] }).filter((r) => !runBy.some((c) => c!.id === r.via));
  if (!marked.length && !runBy.length && !through.length) return undefined;
  // In eFuses a write only blows more fuses: it cannot lower the counter, but it raises it for no verified
  // image, past every genuine release, which the boot then refuses (the harm of raising before verifying).
  const heldWriters = [...new Set(through.map((r) => r.via))];
  const who = [...marked.map((c) => `${c!.world === 'normal' ? 'the normal-world' : 'the untrusted'} ${c!.id}`), ...runBy.map((c) => c!.id), ...heldWriters].join(', ');
  const reasons = [...(runBy.length ? [`an attacker runs as ${runBy.map((c) => `${c!.id}: ${taken.get(c!.id)}`).join('; as ')}`] : []), ...heldWriters.map((id) => through.filter((r) => r.via === id).sort((a, b) => a.why.length - b.why.length)[0]!.why)];
  const why = reasons.length ? ` (${reasons.join('; ')})` : '';
  if (asset.location === 'efuse') return `an eFuse counter that ${who} may write${why}, and so raise for no verified image: past every genuine release, which the boot then refuses`;
  return `a counter in ${asset.location} that ${who} may write${why}, and so set back${back}`;
}

/** The components the access rules let write a counter (raise it), in the order of the rules. */
const writersOf = (platform: PlatformDesign, counterId: string): string[] => [...new Set(reachRules(platform).filter((r) => r.asset === counterId && r.rights.includes('write')).map((r) => r.component))];

/**
 * Whether the boot raises a counter at all: at some stage it guards, a component that may write it is running
 * when it is raised (counterRaiser). A counter shared by stages of one update kind (checkAgainstPlatform asks
 * that they update together) rises with the release when any of them raises it, even if an earlier one cannot.
 */
const raisedAtSomeStage = (platform: PlatformDesign, counter: string): boolean => platform.boot.some((s, i) => s.rollback?.counter === counter && counterRaiser(platform, i).component !== undefined);

/** Why nothing raises a stage's counter (no stage it guards has a raiser): who may write it, and that none of them runs then. */
function unraisedCounter(platform: PlatformDesign, stage: PlatformDesign['boot'][number]): string {
  const { counter } = stage.rollback!;
  const writers = writersOf(platform, counter);
  const guarded = platform.boot.filter((s) => s.rollback?.counter === counter).map((s) => s.image);
  const at = guarded.length > 1 ? `at none of the stages it guards (${guarded.join(', ')})` : `when ${stage.image} is loaded and verified`;
  return `${stage.image} is guarded by ${counter}, but no component that may write it is running ${at}: not the loader, an earlier stage or the stage itself (${writers.join(', ')} may write it, and ${writers.length > 1 ? 'are' : 'is'} not running then); the counter never rises, so once a newer release is installed, the vendor's older, validly signed release of ${stage.image} still boots`;
}

/**
 * A counter "raised after verify" guards nothing when no check verifies the stage's image: the security version
 * it is compared with (and raised to) is a field of whatever image the flash holds. Whoever writes the flash (or
 * anything that stages an image there) rewrites the vendor's older release with the installed release's version and
 * it boots, or writes one with a forged high version, which raises the counter past every genuine release. The
 * emulated witness is renewable-security's revocation play (properties/renewable-security/revocation.ts), which
 * writes the old release back with its version rewritten.
 */
function unverifiedStage(stage: PlatformDesign['boot'][number]): string {
  const { counter } = stage.rollback!;
  return `${stage.image} is guarded by ${counter}, raised "after verify", but no boot check verifies its image (checks is empty): the version ${counter} is compared with and raised to is a field of whatever image is in flash, so the vendor's older release with its version rewritten boots, and an image with a forged high version raises ${counter} past every genuine release`;
}

/** One line per finding, for evidence. */
export const describeRollbackFindings = (result: RollbackRuleResult): string[] => result.findings.map((f) => `${f.where}: ${f.problem}`);
