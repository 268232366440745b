/**
 * Target update-design: one update design file read by loadUpdateDesign (model/update/load-update.ts), then
 * what renewable-security and failure-reporting compute from it before they emulate anything: the update
 * policy (check bound, deferral, metadata expiry, freeze detection), the fit with the built-in platform
 * design, the deployment groups a product may name, and the times the emulated device will reach.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_EPOCH } from '../../emulator/update/update-device.js';
import { loadPlatform } from '../../model/platform/load-platform.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import { groupFromUpdateDesign } from '../../model/product/deployment.js';
import { instantiateUpdate } from '../../model/product/instantiate.js';
import { checkAgainstPlatform, loadUpdateDesign } from '../../model/update/load-update.js';
import { NEVER_EXPIRES } from '../../formats/update-metadata/metadata.js';
import { checkBound, deferUntil, deviceGroup, expiryFor, freezeDetectionBound, HOUR, kindsReceived } from '../../model/update/policy.js';
import type { UpdateDesign } from '../../model/update/update-design.js';
import { check } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import type { NamedInput } from '../core/target.js';
import { designFileTarget, type DesignFileSpec, fileSeeds, idsOf, withoutDescriptions } from './design/design-file-target.js';

const SCHEMA = ['model', 'schema', 'update.schema.json'];
const BUILTIN = ['model', 'designs', 'azure-sphere-update.json'];
const FIXTURES = ['test', 'fixtures', 'updates'];
const PLATFORM = ['model', 'designs', 'azure-sphere-mt3620.json'];
const DAY = 86_400;
/** The u32 seconds clock of the device and of update metadata: its last second. */
const CLOCK_END = 0xffffffff;
/**
 * The durations a check adds to the emulated clock before it issues metadata: the deferral an app spends and
 * up to five check intervals around it (the reach check runs its bound plus three more checks). The schema's
 * bounds (a deferral of at most 175,200 h, intervals and a metadata lifetime of at most 87,600 h each) keep
 * that sum, plus a metadata lifetime, before 2106.
 */
const INTERVALS_PER_SCENARIO = 5;

/** The loader's rules, stated again from the schema's descriptions and the loader's header. */
export function updateRuleProblems(d: UpdateDesign): string[] {
  const problems: string[] = [];
  const names = d.deviceGroups.map((g) => g.name.toLowerCase());
  if (new Set(names).size !== names.length) problems.push('two device groups share a name (ignoring case)');
  for (const g of d.deviceGroups) if (!d.feeds.some((f) => f.id === g.osFeed)) problems.push(`group ${g.name} takes the undefined feed ${g.osFeed}`);
  if (new Set(d.feeds.map((f) => f.id)).size !== d.feeds.length) problems.push('a feed is defined twice');
  for (const f of d.feeds) if (f.osFeedType !== (f.id === 'Retail' ? 0 : 1)) problems.push(`feed ${f.id} has OsFeedType ${f.osFeedType}`);
  const retailLead = d.feeds.find((f) => f.id === 'Retail')?.leadDays;
  for (const f of d.feeds) if (retailLead !== undefined && f.leadDays < retailLead) problems.push(`feed ${f.id} gets each OS after Retail`);
  if (new Set(d.updateKinds.map((k) => k.kind)).size !== d.updateKinds.length) problems.push('an update kind is defined twice');
  const contents = d.updateKinds.flatMap((k) => k.contents);
  if (new Set(contents).size !== contents.length) problems.push('a content is updated by two kinds');
  if (d.metadata.threshold > d.metadata.keys) problems.push('the threshold exceeds the keys');
  if (d.checks.maxIntervalHours < d.checks.intervalHours) problems.push('the longest check interval is shorter than the shortest');
  if (d.slots.layout === 'single' && d.slots.recovery === 'other-bank') problems.push('a single bank falls back to another bank');
  // Absent in a file: Azure Sphere's (the security service only).
  if (d.failureReporting.erasableBy && !d.failureReporting.erasableBy.includes('security-service')) problems.push('the security service may not erase the failure log');
  const positiveSeconds = [d.checks.intervalHours * HOUR, d.checks.maxIntervalHours * HOUR, (d.deferral.maxHours ?? 0) * HOUR, (d.metadata.expiresAfterHours ?? 0) * HOUR, d.failureReporting.maxReportDays * DAY].filter((s) => s > 0);
  if (positiveSeconds.some((s) => s < 1)) problems.push('a positive duration is under one second');
  return problems;
}

let platformCache: PlatformDesign | undefined;

function builtinPlatform(): PlatformDesign {
  platformCache ??= loadPlatform(join(projectRoot(), ...PLATFORM)).design;
  if (!platformCache) throw new Error('the built-in platform design does not load');
  return platformCache;
}

/** What the update properties compute from a design before they emulate. */
export interface UpdateStatics {
  bounds: { canDefer: boolean; bound: number | undefined }[];
  freeze: number | undefined;
  until: number;
  /** The latest time a scenario's checks reach, and the expiry of metadata issued then. */
  latest: number;
  expiry: number;
  groups: { name: string; byName: ReturnType<typeof deviceGroup>; group: ReturnType<typeof groupFromUpdateDesign>; kinds: ReturnType<typeof kindsReceived>; policy: string }[];
  fit: ReturnType<typeof checkAgainstPlatform>;
  instance: ReturnType<typeof instantiateUpdate>;
}

/** The static parts of renewable-security and failure-reporting on a loaded design (code under test: the benchmark's plain loop runs them too). */
export function updateStatics(d: UpdateDesign): UpdateStatics {
  // The emulated device runs from LAB_EPOCH on a u32 seconds clock: a check reaches a deferral and five intervals after it.
  const latest = LAB_EPOCH + Math.round(((d.deferral.maxHours ?? 0) + INTERVALS_PER_SCENARIO * d.checks.maxIntervalHours) * HOUR);
  return {
    bounds: [false, true].map((canDefer) => ({ canDefer, bound: checkBound(d, canDefer) })),
    freeze: freezeDetectionBound(d),
    until: deferUntil(d, LAB_EPOCH, LAB_EPOCH, CLOCK_END),
    latest,
    expiry: expiryFor(d, latest),
    groups: d.deviceGroups.map((g) => ({ name: g.name, byName: deviceGroup(d, g.name), group: groupFromUpdateDesign(d, g.name), kinds: kindsReceived(g), policy: g.updatePolicy })),
    fit: checkAgainstPlatform(d, builtinPlatform()),
    instance: instantiateUpdate(d, ['hl-app', 'rt-app-1']),
  };
}

/** Cheap checks of what the statics returned (every input with a design): finite, inside the u32 clock, and never a throw. */
export function checkUpdateResults(d: UpdateDesign, r: UpdateStatics): string[] {
  for (const { canDefer, bound } of r.bounds) {
    check(bound === undefined ? canDefer && d.deferral.maxHours === null : Number.isSafeInteger(bound) && bound >= 1, 'policy.check-bound', () => `checkBound(${canDefer}) = ${bound}`);
  }
  const { freeze, until, latest, expiry } = r;
  check(freeze === undefined ? d.metadata.expiresAfterHours === null : Number.isFinite(freeze) && freeze > 0, 'policy.freeze-bound', () => `freezeDetectionBound = ${freeze}`);
  check(Number.isFinite(until) && until >= LAB_EPOCH, 'policy.defer-until', () => `deferUntil = ${until}`);
  // Every time a check reaches must fit the u32 clock.
  check(latest + d.metadata.maxClockSkewSeconds + d.download.timeoutSeconds < CLOCK_END && (d.metadata.expiresAfterHours === null ? expiry === NEVER_EXPIRES : expiry < NEVER_EXPIRES), 'clock.u32', () => `a scenario reaches ${latest} s and issues metadata expiring at ${expiry}: past the u32 clock`);
  const earliest = LAB_EPOCH - Math.max(...d.feeds.map((f) => f.leadDays)) * DAY;
  check(earliest >= 0, 'clock.u32', () => `the evaluation feed's lead puts a release at ${earliest} s, before the clock starts`);

  for (const g of r.groups) {
    check(g.byName !== undefined && g.group !== undefined, 'groups.lookup', () => `group ${g.name} cannot be looked up by its own name`);
    // NoUpdates (the legacy CLI's policy) takes nothing by design; every other policy takes at least the system software.
    check((g.kinds.length === 0) === (g.policy === 'NoUpdates'), 'groups.kinds', () => `group ${g.name} (${g.policy}) receives ${g.kinds.join(', ') || 'nothing'}`);
  }
  const { fit, instance } = r;
  check(fit.every((m) => typeof m === 'string' && m.length > 0), 'platform.fit', () => `checkAgainstPlatform gave ${JSON.stringify(fit)}`);
  check(instance.updateKinds.every((k) => k.contents.every((c) => c !== 'hl-app' && c !== 'rt-app-1')), 'instance.contents', () => 'an emptied app slot is still updated');
  const bound = r.bounds[1]!.bound;
  return [`fit:${Math.min(fit.length, 6)}`, `bound:${bound === undefined ? 'none' : Math.min(bound, 10)}`, `layout:${d.slots.layout}:${d.slots.recovery}`, `persist:${d.failureReporting.persistence}`];
}

/** The expensive check: the loader's rules restated. */
export function checkUpdateRules(d: UpdateDesign): void {
  const rules = updateRuleProblems(d);
  check(rules.length === 0, 'rules.independent', () => `the loader accepted a design that breaks its rules: ${rules.join('; ')}`);
}

function seeds(): NamedInput[] {
  const out = fileSeeds(BUILTIN, 'azure-sphere');
  const dir = join(projectRoot(), ...FIXTURES);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...fileSeeds([...FIXTURES, entry.name, 'update.json'], `fixture-${entry.name}`).slice(1));
  }
  return out;
}

/** The target as data (the shared design-file target takes it): tests wrap its parts. */
export const updateDesignFile: DesignFileSpec<UpdateDesign, UpdateStatics> = {
  id: 'update-design',
  title: 'update design loader (loadUpdateDesign) and the update policy computed from a design: check bound, deferral, expiry, fit with the platform, deployment groups',
  oracles: [
    'a loaded design keeps the loader rules, restated independently: unique groups, feeds and kinds, a threshold the keys meet, ordered intervals, a bank to fall back to, no duration under a second',
    'checkBound, deferUntil and freezeDetectionBound are finite (undefined only for an unbounded deferral or metadata that never expires)',
    'every time a check reaches (a deferral and five check intervals after the emulated start, plus a metadata lifetime, skew and download timeout) fits the u32 seconds clock; the evaluation lead stays after 1970',
    'each group is found by its own name; checkAgainstPlatform against the built-in platform and the instantiation for a product without two app slots run on the frozen design without throwing',
  ],
  schemaFile: SCHEMA,
  fileName: 'update.json',
  load: (file) => {
    const loaded = loadUpdateDesign(file);
    return { issues: loaded.errors.map((e) => ({ ...e, severity: 'error' as const })), ...(loaded.design ? { design: loaded.design } : {}) };
  },
  exercise: updateStatics,
  checkResults: checkUpdateResults,
  checkDesign: checkUpdateRules,
  seeds,
  strings: () => [...idsOf(withoutDescriptions(JSON.parse(new TextDecoder().decode(fileSeeds(BUILTIN, 'x')[1]!.bytes)))), ...idsOf(withoutDescriptions(JSON.parse(new TextDecoder().decode(fileSeeds(PLATFORM, 'x')[1]!.bytes)))), 'Production', 'production', 'Field Test', 'SystemEventNotifications', 'SoftwareUpdateDeferral'],
};

export const updateDesignTarget = designFileTarget(updateDesignFile);
