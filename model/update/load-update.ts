/**
 * Reading an update design: JSON with locations, the schema (model/schema/update.schema.json), then the
 * rules a schema cannot say (unique names, a threshold the keys can meet, feeds that exist, deferral
 * capabilities the app manifest has, an interval range that is one, a failure log the service can
 * empty), and gives a file that leaves the failure log's recording policy out Azure Sphere's
 * (model/update/failure-log-policy.ts). checkAgainstPlatform() adds the rules that need the platform
 * design: every content is a component or asset, images that share an anti-rollback counter (boot stages, and a
 * key store kept as a signed image) update together (otherwise raising the counter for one strands the others below it and the device stops
 * booting), and a key store is installed before the images it verifies.
 */
import { resolve } from 'node:path';
import { lazyValidator } from '../../formats/json/lazy-validator.js';
import schema from '../schema/update.schema.json' with { type: 'json' };
import { joinPointer } from '../../formats/diagnostics/diagnostic.js';
import { CAPABILITIES } from '../../formats/manifest/capabilities.js';
import { designProblems, formatLocatedError, loadDesignFile, type LoadedDesign, type LocatedError } from '../../formats/json/design-file.js';
import { unbootedImages, type PlatformDesign } from '../platform/platform-design.js';
import { packageRoot } from '../product/builtin.js';
import type { UpdateDesign } from './update-design.js';
import { reachRules } from '../platform/bus-masters.js';

const validate = lazyValidator(schema);

export type UpdateDesignError = LocatedError;

export type LoadedUpdateDesign = LoadedDesign<UpdateDesign>;

export function builtinUpdateFile(): string {
  return resolve(packageRoot(), 'model', 'designs', 'azure-sphere-update.json');
}

export const formatUpdateDesignError = formatLocatedError;

export function loadUpdateDesign(file: string): LoadedUpdateDesign {
  // The failure log's recording policy may be left out of a file: Azure Sphere's behaviour then. The design is kept as
  // stated: the spec fills absent fields through logPolicyOf, the device's log by its own reading, so a wrong default
  // on one side is a disagreement (test/differential/log-defaults-differential.test.ts), not agreed by both.
  return loadDesignFile<UpdateDesign>(file, validate, 'the update design', checkRules);
}

/** The same rules for a design given as a value (tests, variants built in code). */
export function validateUpdateDesign(value: unknown): string[] {
  return designProblems<UpdateDesign>(value, validate, 'the update design', checkRules);
}

function checkRules(d: UpdateDesign, report: (pointer: string, message: string) => void): void {
  // Deferral is granted by capabilities of the app manifest; a name the manifest format does not have
  // (a typo) is held by no app, so "no app can defer" would hold of every product whatever maxHours says.
  d.deferral.requiredCapabilities.forEach((c, i) => {
    if (Object.hasOwn(CAPABILITIES, c)) return;
    const near = Object.keys(CAPABILITIES).find((k) => k.toLowerCase() === c.toLowerCase());
    report(joinPointer('/deferral/requiredCapabilities', i), `"${c}" is not a capability of the app manifest, so no app could ever hold it${near ? ` (did you mean "${near}"?)` : ''}`);
  });
  const groups = new Map<string, number>();
  d.deviceGroups.forEach((g, i) => {
    const key = g.name.toLowerCase();
    if (groups.has(key)) report(joinPointer('/deviceGroups', i, 'name'), `device group "${g.name}" is already defined at /deviceGroups/${groups.get(key)}`);
    groups.set(key, i);
    if (!d.feeds.some((f) => f.id === g.osFeed)) report(joinPointer('/deviceGroups', i, 'osFeed'), `feed "${g.osFeed}" is not defined in /feeds`);
  });
  const feeds = new Set<string>();
  d.feeds.forEach((f, i) => {
    if (feeds.has(f.id)) report(joinPointer('/feeds', i, 'id'), `feed "${f.id}" is defined twice`);
    feeds.add(f.id);
    if (f.osFeedType !== (f.id === 'Retail' ? 0 : 1)) report(joinPointer('/feeds', i, 'osFeedType'), `${f.id} is OsFeedType ${f.id === 'Retail' ? 0 : 1}`);
  });
  // RetailEval gets each OS before Retail, or with it (azure-sphere-facts §4): a lead below Retail's states a feed that
  // lags the production one. The reach rule counts from when a group's own feed gets a release, so such a lag (a
  // production group on it receiving each security fix days after Retail's devices) would not be counted.
  const retail = d.feeds.find((f) => f.id === 'Retail');
  d.feeds.forEach((f, i) => {
    if (retail && f.id !== 'Retail' && f.leadDays < retail.leadDays) report(joinPointer('/feeds', i, 'leadDays'), `${f.id} gets each OS ${f.leadDays} days before Retail's ${retail.leadDays}, that is after Retail: a feed gets an OS before Retail or with it (azure-sphere-facts §4), and a lagging one is not judged (the reach rule counts from a group's own feed)`);
  });
  const kinds = new Set<string>();
  const owner = new Map<string, string>();
  d.updateKinds.forEach((k, i) => {
    if (kinds.has(k.kind)) report(joinPointer('/updateKinds', i, 'kind'), `update kind "${k.kind}" is defined twice`);
    kinds.add(k.kind);
    k.contents.forEach((c, j) => {
      const other = owner.get(c);
      if (other) report(joinPointer('/updateKinds', i, 'contents', j), `"${c}" is already updated by the ${other} kind`);
      owner.set(c, k.kind);
    });
  });
  if (d.metadata.threshold > d.metadata.keys) report('/metadata/threshold', `a threshold of ${d.metadata.threshold} signatures cannot be met by ${d.metadata.keys} key${d.metadata.keys > 1 ? 's' : ''}`);
  if (d.checks.maxIntervalHours < d.checks.intervalHours) report('/checks/maxIntervalHours', `the longest interval (${d.checks.maxIntervalHours} h) is shorter than the shortest (${d.checks.intervalHours} h)`);
  // Update metadata counts time in whole seconds (u32 Unix time): a shorter duration cannot be told from none.
  const subSecond = (hours: number | null) => hours !== null && hours * 3600 < 1;
  if (subSecond(d.checks.intervalHours)) report('/checks/intervalHours', `${d.checks.intervalHours} h is under one second: update metadata counts time in whole seconds`);
  if (subSecond(d.metadata.expiresAfterHours)) report('/metadata/expiresAfterHours', `${d.metadata.expiresAfterHours} h is under one second: update metadata counts time in whole seconds`);
  if (d.slots.layout === 'single' && d.slots.recovery === 'other-bank') report('/slots/recovery', 'a single bank has no other bank to fall back to');
  // The same for the other durations (the longest interval is at least the shortest; a deferral of 0 h is none at all, which is allowed).
  if (d.deferral.maxHours !== 0 && subSecond(d.deferral.maxHours)) report('/deferral/maxHours', `${d.deferral.maxHours} h is under one second: update metadata counts time in whole seconds`);
  // A log only the apps could empty would never drain, and the service could not say which events it has.
  const erasers = d.failureReporting.erasableBy;
  if (erasers && !erasers.includes('security-service')) report('/failureReporting/erasableBy', 'the security service must be able to erase the events it acknowledged, or the log never drains');
  if (subSecond(d.failureReporting.maxReportDays * 24)) report('/failureReporting/maxReportDays', `${d.failureReporting.maxReportDays} days is under one second: update metadata counts time in whole seconds`);
}

/** Rules between the update design and the platform design it updates; messages name both pointers. */
export function checkAgainstPlatform(update: UpdateDesign, platform: PlatformDesign): string[] {
  const messages: string[] = [];
  const components = new Set(platform.components.map((c) => c.id));
  const assets = new Set(platform.assets.map((a) => a.id));
  const kindOf = new Map<string, string>();
  update.updateKinds.forEach((k, i) =>
    k.contents.forEach((c, j) => {
      kindOf.set(c, k.kind);
      if (!components.has(c) && !assets.has(c)) messages.push(`/updateKinds/${i}/contents/${j}: "${c}" is neither a component nor an asset of ${platform.name}`);
      const component = platform.components.find((p) => p.id === c);
      if (component && !component.mutable) messages.push(`/updateKinds/${i}/contents/${j}: ${c} is ROM and cannot be updated`);
    }),
  );
  const byCounter = new Map<string, string[]>();
  for (const stage of platform.boot) {
    if (!kindOf.has(stage.image)) messages.push(`boot stage ${stage.image} is updated by no update kind: it can never be renewed`);
    if (stage.rollback) byCounter.set(stage.rollback.counter, [...(byCounter.get(stage.rollback.counter) ?? []), stage.image]);
  }
  // The trusted key store (which keys may sign images) is renewed by the prerequisite kind on Azure Sphere
  // (azure-sphere-facts §3.5, the every-stage-renewable requirement's source): a key store that no kind
  // carries keeps a compromised signing key trusted for ever, wherever it is kept (renewableKeyStores).
  for (const asset of renewableKeyStores(platform)) {
    if (!kindOf.has(asset.id)) messages.push(`key store ${asset.id} (${asset.name}) is in ${asset.location} and updated by no update kind: a compromised signing key in it can never be revoked`);
    // The update stages the new store through a component the access rules let write it (on Azure Sphere the
    // Security Monitor's staging calls); with none in the running system the store never changes.
    else if (runningWriters(platform, asset.id).length === 0) messages.push(`key store ${asset.id} (${asset.name}) is updated by the ${kindOf.get(asset.id)} update, but no access rule lets a component of the running system write it: the update can never change it, so a compromised signing key in it can never be revoked`);
  }
  // Images are verified against the key store when they are installed (azure-sphere-facts §3.4:
  // InstallStagedImages "verify and transfer"), so the kind carrying the store must be installed before
  // every kind carrying images: installed at the same step or after them, an image signed by a key the new
  // store revokes is installed under the old store. The emulator installs prerequisite, OS, apps in that
  // order (UPDATE_KINDS); this rule keeps it from running a design that says otherwise.
  for (const asset of renewableKeyStores(platform)) {
    const storeKind = update.updateKinds.find((k) => k.contents.includes(asset.id));
    if (!storeKind) continue;
    update.updateKinds.forEach((k, i) => {
      if (k === storeKind || !k.contents.some((c) => components.has(c)) || k.order > storeKind.order) return;
      messages.push(`/updateKinds/${i}/order: the ${k.kind} update (order ${k.order}) is installed ${k.order === storeKind.order ? 'at the same step as' : 'before'} the ${storeKind.kind} update that renews key store ${asset.id} (order ${storeKind.order}): its images are verified under the old store, so one signed by a key the new store revokes is still installed`);
    });
  }
  // A component loaded from an image outside the boot graph is on the device as much as a stage is
  // (every-stage-renewable: "nothing on the device is beyond renewal").
  for (const c of unbootedImages(platform)) if (!kindOf.has(c.id)) messages.push(`${c.id} (${c.name}) is loaded from an image but is neither a boot stage nor updated by any update kind: it can never be renewed`);
  // A store kept as a signed image is held against its counter as a stage is (assets[].signedImage.rollback): one
  // sharing a stage's counter but carried by another kind strands the one updated second below the counter as well.
  for (const asset of platform.assets) {
    const counter = asset.signedImage?.rollback?.counter;
    if (counter && kindOf.has(asset.id)) byCounter.set(counter, [...(byCounter.get(counter) ?? []), asset.id]);
  }
  for (const [counter, images] of byCounter) {
    const kinds = new Set(images.map((i) => kindOf.get(i) ?? 'none'));
    if (kinds.size > 1) messages.push(`${images.join(', ')} share the counter ${counter} but are updated by different kinds (${[...kinds].join(', ')}): raising it for one leaves the others below it`);
  }
  // A boot manifest lists the hash of every stage whose manifest-hash check names its key, so releasing one of them
  // re-signs it with the others' hashes. Stages of different kinds under one manifest (one signing key for OS and
  // apps) cannot be released apart, as with a shared counter: an OS release, on a feed every device group shares,
  // would have to list each group's own app images, and every app deployment would need a new manifest from the OS
  // kind (a group that takes the OS but no app deployments, like Development, could never install either).
  const byManifest = new Map<string, string[]>();
  for (const stage of platform.boot) for (const check of stage.checks) if (check.kind === 'manifest-hash' && kindOf.has(stage.image)) byManifest.set(check.key, [...new Set([...(byManifest.get(check.key) ?? []), stage.image])]);
  for (const [key, images] of byManifest) {
    const kinds = [...new Set(images.map((i) => kindOf.get(i)!))];
    if (kinds.length > 1) messages.push(`${images.join(', ')} are listed by one boot manifest (signed by ${key}) but updated by different kinds (${kinds.join(', ')}): a release of one kind must re-sign that manifest with the other kind's images, which an OS feed shared by every device group cannot list (each group runs its own apps); make them one kind, or give each kind its own manifest key`);
  }
  return messages;
}


/**
 * The components of the running system (the immutable ones and every boot stage: the OS is up only once
 * every stage ran) that the access rules let write `asset`: who can change it while the device runs.
 * The update emulator asks its own access controller the same (emulator/update/installer.ts, runningWriter).
 */
export function runningWriters(platform: PlatformDesign, asset: string): string[] {
  const running = new Set([...platform.components.filter((c) => !c.mutable).map((c) => c.id), ...platform.boot.map((s) => s.image)]);
  return [...new Set(reachRules(platform).filter((r) => r.asset === asset && r.rights.includes('write') && running.has(r.component)).map((r) => r.component))];
}

/**
 * Key stores an update kind must carry: the stores of public keys that decide who may sign images (not
 * secret), in flash or in Pluton alike: where the list is kept does not make a compromised key in it
 * revocable. A secret store (the device's own private keys, Pluton's tenant keys) holds no signer to revoke,
 * and one in eFuses is one-time programmable hardware, like the anchor the boot starts from.
 */
export function renewableKeyStores(platform: PlatformDesign): PlatformDesign['assets'] {
  return platform.assets.filter((a) => a.kind === 'key-store' && !a.secret && a.location !== 'efuse');
}
