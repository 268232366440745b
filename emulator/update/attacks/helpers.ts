/**
 * Small pieces the attack scenarios share: genuine images and metadata bodies to start forging from,
 * and interceptors for the common network behaviours (replay, serve own files, fail).
 * The attacker picks its groups and slots by the device's and the service's own readings (agent-policy.ts,
 * group-feed.ts) and the image type, never by the spec's policy (model/update/policy.ts): what the attacks find is
 * held against that spec (second-reading-imports.test.ts).
 */
import { parseUpdateMetadata, type UpdateMetadataBody, type UpdateTarget } from '../../../formats/update-metadata/metadata.js';
import type { UpdateKind } from '../../../model/update/update-design.js';
import type { UpdateLab } from '../update-lab.js';
import { APP_IMAGE_TYPE } from '../../../model/product/instantiate.js';
import { acceptsKind } from '../agent-policy.js';
import { groupNamed } from '../group-feed.js';
import type { Interceptor } from '../network.js';
import type { Chunk, Fetched } from '../service-api.js';
import type { Scenario } from './attack.js';
import { securityVersionOfBytes } from '../slots.js';
import { serveFiles } from './forge.js';

/**
 * The design under test lacks what a scenario is played on (a second device group, a group that takes no app
 * updates, an update kind that carries the stage it forges): the attack was not played, so it is undecided with this
 * reason (catalog.ts runAttack), never an error of the lab with its stack, and never defended.
 */
export class ScenarioPremiseError extends Error {}

/**
 * The threat a scenario plays does not exist in the design under test (its premise is decided from the designs before
 * anything is played): the attack is 'not-applicable' with this reason (catalog.ts runAttack). Unlike a premise the
 * design merely lacks the shape for (ScenarioPremiseError, undecided), there is nothing to defend; unlike 'defended',
 * nothing was played, so it is never evidence that the design holds (properties/renewable-security/attacks.ts).
 */
export class ScenarioNotApplicable extends Error {}

/** The update kinds' boot stages in boot order: what an update can replace. */
function updatableStages(lab: UpdateLab): string[] {
  const carried = new Set(lab.design.updateKinds.flatMap((k) => k.contents));
  return lab.platform.boot.map((s) => s.image).filter((image) => carried.has(image));
}

/**
 * The OS image the scenarios forge, replay and flip, found by its role in the lab's designs rather than by the
 * built-in design's id ("nw-kernel"): a maker's kernel called "linux" would otherwise be absent from every
 * release, the scenarios would fail, and one would read the absent kernel's version as an installed one. The
 * stage loaded from a NormalWorldKernel image when an update kind carries one, else the last updatable stage that
 * is not an app slot (boot order), else the last updatable stage.
 */
export function kernelSlot(lab: UpdateLab): string {
  const stages = updatableStages(lab);
  const component = (id: string) => lab.platform.components.find((c) => c.id === id);
  const system = stages.filter((id) => { const c = component(id); return c !== undefined && c.imageType !== APP_IMAGE_TYPE; });
  const chosen = system.find((id) => component(id)?.imageType === 'NormalWorldKernel') ?? system.at(-1) ?? stages.at(-1);
  if (!chosen) throw new ScenarioPremiseError(`no update kind of "${lab.design.name}" replaces a boot stage of "${lab.platform.name}": this scenario needs one`);
  return `image/${chosen}`;
}

/** The first stage a bank holds (boot order) that an update replaces: Azure Sphere's 1BL, a maker's first loader. */
export function firstStageSlot(lab: UpdateLab): string {
  const first = updatableStages(lab)[0];
  if (!first) throw new ScenarioPremiseError(`no update kind of "${lab.design.name}" replaces a boot stage of "${lab.platform.name}": this scenario needs one`);
  return `image/${first}`;
}

/**
 * The update kind of the lab's design that replaces `slot` (image/<stage>). An attack forges its targets
 * under the kind the design carries the stage in, not the built-in design's layout: a design that ships
 * the OS inside its app image set would otherwise see the forgery refused for naming a kind that carries
 * no such slot, and the attack judged succeeded because the refusal was not the one it looked for.
 */
export function kindOf(lab: UpdateLab, slot: string): UpdateKind {
  const stage = slot.startsWith('image/') ? slot.slice('image/'.length) : slot;
  const kind = lab.design.updateKinds.find((k) => k.contents.includes(stage))?.kind;
  if (!kind) throw new ScenarioPremiseError(`no update kind of "${lab.design.name}" replaces ${stage}: this scenario needs one`);
  return kind;
}

/** The vendor's image in `slot` at security version `version` (2: the factory's). */
export function genuine(s: Scenario, slot: string, version: number): Uint8Array {
  const release = version === 2 ? s.lab.builder.factory : s.lab.release(kindOf(s.lab, slot), version);
  const bytes = release.slots.get(slot);
  if (!bytes) throw new Error(`no ${slot} in release ${version}`);
  return bytes;
}

/** The body of a genuine document the scenario's service issues now, to forge from. */
export function genuineBody(s: Scenario, group = s.device.identity.deviceGroup): UpdateMetadataBody {
  const parsed = parseUpdateMetadata(s.service.issueMetadata(group));
  if (!parsed.ok) throw new Error('the service issued metadata it cannot parse');
  const { signatures: _signatures, ...body } = parsed.metadata;
  return body;
}

export const replaceTarget = (targets: readonly UpdateTarget[], replacement: UpdateTarget): UpdateTarget[] => [...targets.filter((t) => t.name !== replacement.name), replacement].sort((a, b) => (a.name < b.name ? -1 : 1));

/** Answers every metadata request with `bytes` (or what `bytes()` makes at request time) and serves `files`; everything else is genuine. */
export function serving(name: string, bytes: Uint8Array | (() => Uint8Array) | undefined, files: readonly Uint8Array[] = []): Interceptor {
  return {
    name,
    ...(bytes ? { metadata: () => ({ ok: true, value: typeof bytes === 'function' ? bytes() : bytes }) } : {}),
    target: (sha: string, genuineTarget: () => Fetched<Iterable<Chunk>>) => serveFiles(files, genuineTarget, sha),
  };
}

export { failingInterceptor as failing } from '../network.js';

/**
 * The refusal a download that is not the listed target's bytes gets: the digest's, where the metadata names each
 * target by it (metadata.targetBinding sha256, or left out: the metadata format carries it); where it names a version
 * only, the device's later checks (the package format, the version, the dry-run boot of the staged bank). Before
 * (s36), every scenario looked for the digest's refusal alone, and a version-bound design that refused a tampered
 * kernel by its signature read "succeeded": a wrong reason. Whether a version-bound design lets a stolen image key in
 * is tuf/key-compromise's to judge.
 */
export function tamperedDownloadRefusal(lab: UpdateLab): RegExp {
  return lab.design.metadata.targetBinding === 'version' ? /not an image package|security version \d+ is not the metadata's|the staged bank does not verify/ : /SHA-256 does not match/;
}

/** A group of the design that takes no app updates (Azure Sphere's Development group); scenarios that need one fail with the reason when the design has none. */
export function groupWithoutAppUpdates(lab: UpdateLab): string {
  const group = lab.design.deviceGroups.find((g) => g.updatePolicy === 'No3rdPartyAppUpdates') ?? lab.design.deviceGroups.find((g) => !acceptsKind(g.updatePolicy, 'app'));
  if (!group) throw new ScenarioPremiseError(`the update design "${lab.design.name}" has no device group that takes no app updates: this scenario needs one`);
  return group.name;
}

/** Another group than `group`, on another OS feed when there is one. */
export function otherGroup(lab: UpdateLab, group: string): string {
  const mine = groupNamed(lab.design, group);
  const others = lab.design.deviceGroups.filter((g) => g.name.toLowerCase() !== group.toLowerCase() && acceptsKind(g.updatePolicy, 'os'));
  const chosen = others.find((g) => g.osFeed !== mine?.osFeed) ?? others[0];
  if (!chosen) throw new ScenarioPremiseError(`the update design "${lab.design.name}" has one device group only: this scenario needs a second`);
  return chosen.name;
}

/**
 * Image slots of the product's app stages (only the slots its apps fill), in boot order, whichever update kind
 * carries them: a design that ships the apps in one bundle with the OS (no "app" kind) still has apps to attack.
 */
export const appImageSlots = (lab: UpdateLab): string[] =>
  updatableStages(lab).filter((id) => { const c = lab.platform.components.find((x) => x.id === id); return c !== undefined && c.imageType === APP_IMAGE_TYPE; }).map((stage) => `image/${stage}`);

/**
 * The product's app slots an `app` update kind carries (boot order): the apps that reach a device apart from the
 * system software. A design that ships them only inside its os bundle has none.
 */
export const appKindSlots = (lab: UpdateLab): string[] => appImageSlots(lab).filter((slot) => lab.design.updateKinds.some((k) => k.kind === 'app' && k.contents.includes(slot.slice('image/'.length))));

/** Security version of the image the device runs in `slot` (undefined when it is not running). */
export function runningVersion(s: Scenario, slot: string): number | undefined {
  const bank = s.device.running;
  const bytes = bank ? s.device.banks.read(bank, slot) : undefined;
  return bytes ? securityVersionOfBytes(bytes) : undefined;
}
