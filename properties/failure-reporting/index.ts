/**
 * Failure reporting: "Does the device report failures to its manufacturer?" Every failure the lab can
 * cause (an app crash, a firewall or capability denial, a boot that fails verification, an attestation
 * failure, an update failure, a power cut) becomes an event in the device's failure log, which must
 * survive reboots and power cuts, reach the security service at the next connection in reports bounded
 * as the requirement profile says, and be beyond the reach of any one source. Judged against the
 * profile, on the update emulator with the product's apps running on the compartmentalization emulator:
 *   static: the log is in flash; report limits and total capacity within the profile's numbers; the log
 *     records every kind and app class the profile requires, reports dropped events, and no app may erase it;
 *     the platform design places the log (an asset of kind failure-log) and lets the OS, and no component an attacker
 *     runs as, write it (log-access.ts);
 *   1. each required failure, caused once on a fresh device, reaches the service;
 *   2. random runs with power cuts, torn writes and failing boots anywhere: no failure is lost (fast-check, shrunk);
 *   3. a boot that fails verification at each stage, under the design's recovery setting, is reported;
 *   4. a cut at every flash operation of the log's own upkeep (acknowledge, compact) loses nothing;
 *   5. reports stay within the profile's events and days, and bounding loses nothing;
 *   6. the log keeps the profile's number of events while offline;
 *   7. each source (every app, then the OS) flooding past its own quota pushes out nobody else's failures,
 *      its dropped events are reported, and no app can erase the log;
 *   8. an on-path attacker acknowledging every upload makes the device forget nothing the service lacks
 *      (whether the device can tell is the protocol design's: model/update/report-channel.ts).
 * Every check runs; each names the requirements it tests. */
import { UpdateLab } from '../../emulator/update/index.js';
import { displayPath } from '../../formats/diagnostics/display-path.js';
import type { Product } from '../../model/product/product.js';
import { requiredNumber, requiredRule } from '../../model/requirements/requirement-profile.js';
import { updateDesignOf, withDeploymentGroup } from '../../model/update/product-update.js';
import type { AppClass } from '../../model/update/update-design.js';
import type { PropertyCheckContext } from '../registry.js';
import { requirementOutcomes } from '../requirement-outcomes.js';
import type { CheckTiming, PropertyResult } from '../verdict.js';
import { builtinProtocolFile, loadProtocol } from '../../model/attestation/load-protocol.js';
import { builtinReportChannel, reportChannel } from '../../model/update/report-channel.js';
import { resolve } from 'node:path';
import { checkBootFailures } from './boot-failure.js';
import { checkForgedReceipt } from './forged-receipt.js';
import { checkBoundedReports } from './bounded-reports.js';
import { checkDesignLimits } from './design-limits.js';
import { checkLogCapacity } from './log-capacity.js';
import { checkLogSweep } from './log-sweep.js';
import { checkLogPolicy, unstatedPolicyOutcome } from './log-policy.js';
import { unstatedLogPolicy } from '../../model/update/failure-log-policy.js';
import { checkNoSuppression } from './no-suppression.js';
import { checkLogAccess, unstatedLogPlace } from './log-access.js';
import { checkRecordedFailures } from './recorded-failures.js';
import { requiredRecording } from './required-recording.js';
import { checkRandomRuns } from './random-runs.js';
import { DROPPED_EVENTS_REPORTED, ERASED_ONLY_BY_SERVICE, EVERY_FAILURE_REPORTED, MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS, MIN_LOG_CAPACITY, NO_SUPPRESSION, PERSISTENT_LOG, type CheckOutcome, type ReportLimits } from './rule.js';
import { asks, asksAny, notAskedText } from '../asked-rules.js';
import type { RequirementProfile } from '../../model/requirements/requirement-profile.js';
import { makeWorld } from './world.js';

const PROPERTY = 'failure-reporting';

/** The class of each of the product's apps (their failures share the log's quotas). */
const appClasses = (product: Product): AppClass[] => product.apps.flatMap((a) => (a.manifest.kind === 'high-level' || a.manifest.kind === 'real-time' ? [a.manifest.kind] : []));

export async function checkFailureReporting(product: Product, context: PropertyCheckContext): Promise<PropertyResult> {
  const timings: CheckTiming[] = [];
  const update = updateDesignOf(product);
  if (!update.design) return { property: PROPERTY, verdict: 'unknown', summary: `the update design ${displayPath(update.file)} cannot be used: ${update.errors[0] ?? 'unknown error'}`, timings };
  // The failure log is the update design's (the OS's): Azure Sphere's, taken by default for a platform it does not describe, says nothing of this device's.
  if (update.defaultForOtherDevice) return { property: PROPERTY, verdict: 'unknown', summary: update.defaultForOtherDevice, timings };
  const profile = context.requirements;
  const limits: ReportLimits = { maxEvents: requiredNumber(profile, MAX_EVENTS_PER_REPORT), maxDays: requiredNumber(profile, MAX_REPORT_DAYS) };
  const capacity = requiredNumber(profile, MIN_LOG_CAPACITY);
  const recording = requiredRecording(profile);
  const design = withDeploymentGroup(update.design, product.deployment);
  const reproduce = `${context.command} --seed ${context.seed}`;
  // A policy field left out on a platform whose log is not Azure Sphere's: nothing says what the log does with it.
  const unstated = unstatedLogPolicy(design, product.platform);
  const outcomes: CheckOutcome[] = keyedToAsked(profile, [...checkDesignLimits(design, update.file, profile, reproduce)]);
  // Keyed to the rules it concerns, like every check: under a profile that asks none of them it does not stop the run.
  // Where the log is and who may write it is the platform design's: a design that does not say is not decided on the emulator's own layout.
  const unplaced = unstatedLogPlace(product.platform, product.platformFile, reproduce);
  const unstatedOutcomes = keyedToAsked(profile, [...(unstated.length ? [unstatedPolicyOutcome(unstated, update.file, profile, recording, reproduce)] : []), ...(unplaced ? [unplaced] : [])]);
  if (unstatedOutcomes.some((o) => o.verdict === 'unknown')) {
    outcomes.push(...unstatedOutcomes);
    const notRun = [EVERY_FAILURE_REPORTED, NO_SUPPRESSION, MIN_LOG_CAPACITY, MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS].filter((r) => !outcomes.some((o) => o.requirements.includes(r)));
    const requirements = requirementOutcomes(profile, [...outcomes.flatMap((o) => o.requirements.map((requirement) => ({ requirement, verdict: o.verdict }))), ...notRun.map((requirement) => ({ requirement, verdict: undefined }))]);
    const violated = outcomes.filter((o) => o.verdict === 'violated');
    const frame = { property: PROPERTY, bound: 'static only: the emulated checks need the log policy stated', evidence: outcomes.flatMap((o) => o.evidence), timings, requirements };
    if (violated.length) return { ...frame, verdict: 'violated', summary: violated.map((o) => `${o.check} (${o.requirements.join(', ')}): ${o.summary}`).join(' | ') };
    const unknown = outcomes.find((o) => o.verdict === 'unknown')!;
    return { ...frame, verdict: 'unknown', summary: `${unknown.check} (${unknown.requirements.join(', ')}): ${unknown.summary}` };
  }
  outcomes.push(...keyedToAsked(profile, checkLogPolicy(design, product.platform, update.file, profile, recording, appClasses(product), reproduce)));
  outcomes.push(...keyedToAsked(profile, checkLogAccess(product.platform, product.platformFile, reproduce)));
  context.progress(`provisioning an update lab from ${displayPath(product.platformFile)} and ${displayPath(update.file)} (seed ${context.seed})`);
  // How the device knows an acknowledgement of its reports came from the service: the protocol design's.
  const protocolFile = product.protocolFile ?? builtinProtocolFile();
  const protocol = loadProtocol(protocolFile);
  if (!protocol.design) return { property: PROPERTY, verdict: 'unknown', summary: `the protocol design ${displayPath(protocolFile)} cannot be used: ${protocol.errors[0]?.message ?? 'unknown error'}`, timings };
  const channel = product.protocolFile === undefined || resolve(product.protocolFile) === builtinProtocolFile() ? builtinReportChannel(protocol.design, product.platform) : reportChannel(protocol.design);
  let started = performance.now();
  // A design the lab cannot build a release for (no key to sign a stage with) is a shape of the input, as renewable-security
  // reads it: the emulated checks are not run and say why, and what the static rules decided stands (it threw before s38).
  const lab = await UpdateLab.open(product.platform, design, { seed: context.seed, product: product.name, deviceGroup: product.deployment.group.name, reportsAuthenticated: channel.authenticated }).catch((err: unknown) => `the update lab cannot be provisioned from this design: ${err instanceof Error ? err.message : String(err)}`);
  if (typeof lab === 'string') return withoutEmulation(outcomes, lab, profile, timings);
  const world = makeWorld(product, lab);
  timings.push({ check: 'factory and apps', ms: performance.now() - started });
  if (typeof world === 'string') return withoutEmulation(outcomes, world, profile, timings);
  // Each emulated check is keyed to the rules it tests (`keys`; numbers are always asked): one whose every rule
  // the profile switches off is not run, and what a check reports under a rule switched off is not counted.
  const run = (name: string, keys: readonly string[] | 'always', check: () => CheckOutcome | CheckOutcome[]) => {
    if (keys !== 'always' && !asksAny(profile, keys)) {
      outcomes.push(notAsked(name, keys));
      return;
    }
    context.progress(name);
    started = performance.now();
    outcomes.push(...keyedToAsked(profile, [check()].flat()));
    timings.push({ check: name, ms: performance.now() - started });
  };
  run('every required failure kind', 'always', () => checkRecordedFailures(world, recording, reproduce));
  run('random runs with power cuts and failing boots', [EVERY_FAILURE_REPORTED], () => checkRandomRuns(world, limits, recording, { seed: context.seed, runs: context.runs, reproduce }));
  run('a failing boot at every stage', [EVERY_FAILURE_REPORTED], () => checkBootFailures(lab, reproduce));
  run('log upkeep under power cuts', [PERSISTENT_LOG], () => checkLogSweep(design, lab.platform, reproduce));
  run('bounded reports', 'always', () => checkBoundedReports(world, limits, reproduce));
  run('log capacity', 'always', () => checkLogCapacity(world, capacity, reproduce));
  run('no source can suppress another', [NO_SUPPRESSION, DROPPED_EVENTS_REPORTED, ERASED_ONLY_BY_SERVICE], () => checkNoSuppression(world, recording, reproduce));
  run('a forged acknowledgement', [EVERY_FAILURE_REPORTED], () => checkForgedReceipt(world, channel, requiredRule(profile, EVERY_FAILURE_REPORTED), reproduce));
  const requirements = requirementOutcomes(profile, outcomes.flatMap((o) => o.requirements.map((requirement) => ({ requirement, verdict: o.verdict, ...(o.notApplicable ? { notApplicable: true } : {}) }))));
  const evidence = [...outcomes.filter((o) => o.verdict !== 'holds'), ...outcomes.filter((o) => o.verdict === 'holds')].flatMap((o) => o.evidence);
  const bound = `${[...new Set(outcomes.filter((o) => o.bound !== 'static').map((o) => `${o.check}: ${o.bound}`))].join('; ')}; failure log: ${design.failureReporting.persistence}, ${design.failureReporting.totalEventCapacity} events in all`;
  const frame = { property: PROPERTY, bound, evidence, timings, requirements };
  const violated = outcomes.filter((o) => o.verdict === 'violated');
  if (violated.length) return { ...frame, verdict: 'violated', summary: violated.map((o) => `${o.check} (${o.requirements.join(', ')}): ${o.summary}`).join(' | ') };
  const unknown = outcomes.find((o) => o.verdict === 'unknown');
  if (unknown) return { ...frame, verdict: 'unknown', summary: `${unknown.check} (${unknown.requirements.join(', ')}): ${unknown.summary}` };
  // Checks not asked are named by the frame (verdict.ts), not in the summary of what was checked.
  const checked = outcomes.filter((o) => o.bound !== 'static' && !(o.notApplicable && o.bound === 'not run'));
  return { ...frame, verdict: 'holds', summary: checked.length ? checked.map((o) => o.summary).join('; ') : 'the update design meets the numbers the profile states' };
}

/**
 * The emulated checks cannot run (the product's apps cannot run together, or it has none): what the design's own
 * numbers and policy decided still stands. A static rule the design fails is a violation whatever the apps do, so
 * the verdict is violated on it; only when none failed is the property unknown for want of the emulated checks.
 * (Before, an allocation conflict among the apps turned a log kept in RAM from violated into unknown: adding an
 * app made the verdict better.)
 */
function withoutEmulation(outcomes: readonly CheckOutcome[], why: string, profile: RequirementProfile, timings: CheckTiming[]): PropertyResult {
  const requirements = requirementOutcomes(profile, outcomes.flatMap((o) => o.requirements.map((requirement) => ({ requirement, verdict: o.verdict === 'violated' ? o.verdict : undefined }))));
  const violated = outcomes.filter((o) => o.verdict === 'violated');
  const frame = { property: PROPERTY, bound: `static only: ${why}`, timings, requirements };
  if (!violated.length) return { ...frame, verdict: 'unknown', summary: why };
  const evidence = violated.flatMap((o) => o.evidence);
  return { ...frame, verdict: 'violated', summary: violated.map((o) => `${o.check} (${o.requirements.join(', ')}): ${o.summary}`).join(' | '), evidence, warnings: [`the emulated checks did not run: ${why}`] };
}

/** A check not run because the profile switches every rule it tests off: named, not applicable (asked-rules.ts). */
function notAsked(check: string, requirements: readonly string[]): CheckOutcome {
  return { check, requirements: [...requirements], verdict: 'holds', notApplicable: true, summary: notAskedText(requirements), bound: 'not run', evidence: [] };
}

/** What a check reports under a rule the profile switches off is not counted: those rules are named not asked, the rest kept. */
function keyedToAsked(profile: RequirementProfile, outcomes: readonly CheckOutcome[]): CheckOutcome[] {
  return outcomes.flatMap((o) => {
    const off = o.requirements.filter((id) => !asks(profile, id));
    if (!off.length) return [o];
    const on = o.requirements.filter((id) => !off.includes(id));
    return [...(on.length ? [{ ...o, requirements: on }] : []), notAsked(o.check, off)];
  });
}
