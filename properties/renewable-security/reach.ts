/**
 * A release reaches the product's devices within the profile's renewable-security.max-reach hours of its
 * publication. Emulated on the update lab at the design's slowest schedule: release 3 is published on
 * the product's group's feed at t = 0 (and deployed to the group, when app deployments reach it); a
 * factory device of the group (release 2) last checked just before, so its next check comes
 * checks.maxIntervalHours later, and so on. If the product has an app that may defer, it asks for as long
 * as it can at every check, and the vendor publishes a newer release after every check the app deferred (a
 * release stream: a window that restarts with each release would then never close); running that newer
 * release counts as running release 3. Every app of the product, taken as compromised, asks the device to take it down
 * as it comes up for each check, or off the network (emulator/update/device-controls.ts decides whom it lets: an app
 * holding ForceReboot or ForcePowerDown, NetworkConfig or WifiConfig); a check it prevents does not happen. The figure is the hours until the device runs release 3; the bound is the
 * profile's, never the design's. The emulation stops at the first check past the bound (a device not
 * running release 3 by then is late, whatever it does afterwards).
 */
import { connect, DAY, LAB_EPOCH, takeDeviceDown, takeDeviceOffline, type CheckResult, type DeviceControllingApp } from '../../emulator/update/index.js';
import { requiredNumber } from '../../model/requirements/requirement-profile.js';
import { deviceGroup, unstatedDeferralCounting } from '../../model/update/policy.js';
import { deploymentReach } from '../../model/update/renewal.js';
import { MAX_REACH } from '../../model/update/update-requirements.js';
import { imageDeferralFindings } from './bounds.js';
import type { RuleInput, RuleOutcome } from './rule.js';
import { enforcedManifest } from '../../model/product/enforced-manifest.js';

const RULE = 'a release reaches the devices in time';
export { MAX_REACH };
/** Update checks emulated at most: a schedule that needs more to cover the bound is not decided. */
const MAX_CHECKS = 500;
/** What the deferring app asks for at every check: as long as it can. */
const DEFER_ASK_HOURS = 1_000_000;
/** Lab times are u32 Unix seconds in update metadata (until 2106); keep a margin for metadata expiry. */
const CLOCK_LIMIT_HOURS = (0xffffffff - LAB_EPOCH) / 3600 - 87_600 * 2;

export function checkReach(input: RuleInput): RuleOutcome {
  const { lab, design, group } = input;
  const required = requiredNumber(input.requirements, MAX_REACH);
  const reach = deploymentReach(input.product.deployment);
  const slowest = design.checks.maxIntervalHours;
  const base = { rule: RULE, requirement: MAX_REACH };
  const bound = `the ${group} group, checks every ${slowest} h (the design's longest interval), up to the first check past ${required} h`;
  if (reach.kinds.length === 0) return { ...base, verdict: 'holds', notApplicable: true, summary: `the ${group} group takes no update, so no release reaches it (${reach.noSystem ?? 'no update kind'})`, bound, evidence: [] };
  const checksNeeded = Math.floor(required / slowest) + 1;
  if (checksNeeded > MAX_CHECKS) return { ...base, verdict: 'unknown', summary: `covering ${required} h at one check every ${slowest} h takes ${checksNeeded} update checks; Sevenfold emulates at most ${MAX_CHECKS}`, bound, evidence: [] };
  if (required + slowest > CLOCK_LIMIT_HOURS) return { ...base, verdict: 'unknown', summary: `${required} h after publication is past what update metadata's u32 clock can hold (the year 2106)`, bound, evidence: [] };

  // The emulation takes the deferring app from the manifests; an image that adds the capabilities deferral
  // needs lets an app on the device defer all the same, so a reach emulated without it proves nothing.
  const unseen = input.deferringApp || design.deferral.maxHours === 0 ? [] : imageDeferralFindings(input.product, design);
  if (unseen.length) return { ...base, verdict: 'unknown', summary: `the emulation would run with no app deferring, read from the manifests, but ${unseen[0]!.message}; an app on the device may then defer each update`, bound, evidence: [{ title: `${RULE}: unknown`, lines: unseen.map((f) => f.message), reproduce: input.reproduce }] };

  const spec = deviceGroup(design, group)!;
  const leads = design.feeds.map((f) => f.leadDays);
  const feedLead = design.feeds.find((f) => f.id === spec.osFeed)?.leadDays ?? 0;
  lab.now = LAB_EPOCH;
  const published = lab.now;
  const service = lab.newService();
  lab.publishOs(3, service, published - (Math.max(...leads) - feedLead) * DAY);
  if (reach.kinds.includes('app')) lab.deployApps(group, 3, service);
  const deferral = input.deferringApp ? { app: input.deferringApp, requestHours: DEFER_ASK_HOURS } : undefined;
  const device = lab.device({ deviceGroup: group, ...(deferral ? { deferral } : {}) });
  // The device is online and had checked just before publication: its periodic timer runs from t+0,
  // whether or not the design checks on connecting (emulator/update/connection.ts checkDue).
  device.checkTimerFrom = published;
  let reachedHours: number | undefined;
  let checks = 0;
  let lastCheck: CheckResult | undefined;
  let newest = 3;
  // The capabilities the device enforces: the manifest inside each app's image when the product names one (enforced-manifest.ts).
  const apps: DeviceControllingApp[] = input.product.apps.map((a) => ({ name: a.manifest.name ?? a.manifestFile, kind: enforcedManifest(a).kind, powerControls: enforcedManifest(a).powerControls, enabled: enforcedManifest(a).enabled }));
  let takenDownBy: string | undefined;
  for (let k = 1; k <= checksNeeded; k++) {
    lab.now = published + Math.round(k * slowest * 3600);
    checks = k;
    // A compromised app the device lets take it down or offline does so before the check completes, every time.
    const taker = apps.find((app) => takeDeviceDown(device, app, lab.now).ok || takeDeviceOffline(device, app, lab.now).ok);
    if (taker) {
      takenDownBy = taker.name;
      device.journal.push(`the update check due now does not happen: ${taker.name} took the device down or off the network first`);
      continue;
    }
    lastCheck = connect(device, lab.connection(undefined, service), lab.now).check ?? lastCheck;
    if (lab.isCurrent(device, service)) {
      reachedHours = (lab.now - published) / 3600;
      break;
    }
    // The app deferred: the vendor publishes again before the next check (the window must not restart).
    if (lastCheck?.outcome === 'deferred' && k < checksNeeded) {
      newest += 1;
      device.journal.push(`the vendor publishes release ${newest} while ${deferral?.app ?? 'an app'} defers`);
      lab.publishOs(newest, service, lab.now - (Math.max(...leads) - feedLead) * DAY);
      if (reach.kinds.includes('app')) lab.deployApps(group, newest, service);
    }
  }
  const elapsed = (lab.now - published) / 3600;
  const kinds = reach.kinds.filter((k) => lab.stagesOf(k).length > 0 || k === 'prerequisite').join(', ');
  const who = `${deferral ? `${deferral.app} asks to defer at every check` : 'no app of the product may defer'}${takenDownBy ? `; ${takenDownBy} keeps the device from the update service before every check` : ''}`;
  const lines = [
    `release 3 (${kinds}) published for the ${group} group (${spec.osFeed} feed, ${spec.updatePolicy}) at t+0h; the device had checked just before`,
    `checks every ${slowest} h; ${who}${newest > 3 ? `; the vendor published releases 4–${newest} while it deferred` : ''}`,
    reachedHours !== undefined ? `runs release 3 after ${checks} check${checks > 1 ? 's' : ''}: ${reachedHours} h after publication (required ≤ ${required} h)` : `NOT running release 3 at the check ${elapsed} h after publication (required ≤ ${required} h)`,
  ];
  const title = `${RULE}: ${reachedHours === undefined ? 'late' : `${reachedHours} h`} (${MAX_REACH} ≤ ${required} h)`;
  if (reachedHours === undefined || reachedHours > required) {
    const late = reachedHours === undefined ? `still runs release 2 ${elapsed} h after release 3 was published` : `runs release 3 only ${reachedHours} h after it was published`;
    return {
      ...base,
      verdict: 'violated',
      summary: `a ${group} device ${late}, more than the ${required} h ${MAX_REACH} allows (checks every ${slowest} h${deferral ? `; ${deferral.app} defers` : ''}${takenDownBy ? `; ${takenDownBy} keeps the device from the update service before every check` : ''}${failedCheck(lastCheck)})`,
      bound,
      evidence: [{ title, lines, reproduce: input.reproduce, data: { requiredHours: required, reachedHours: reachedHours ?? null, checks } }, { title: `trace: the ${group} device`, lines: device.journal, reproduce: input.reproduce }],
    };
  }
  // The emulated agent counts the window from first notice; where the design does not say so on an OS not shown
  // to be Microsoft's (unstatedDeferralCounting), that reading is not the device's, and a deferring app decides.
  const counting = deferral ? unstatedDeferralCounting(design, lab.platform) : undefined;
  if (counting) return { ...base, verdict: 'unknown', summary: `a ${group} device runs a new release ${reachedHours} h after publication with ${deferral!.app} deferring and the window counted from first notice, which the design does not state: ${counting}`, bound, evidence: [{ title, lines, reproduce: input.reproduce }] };
  return { ...base, verdict: 'holds', summary: `a ${group} device runs a new release ${reachedHours} h after publication (≤ ${required} h)`, bound, evidence: [{ title, lines, data: { requiredHours: required, reachedHours, checks } }] };
}

/** Why the last update check got nowhere, when it was refused or failed (an image or metadata over its size limit, …): the summary names the cause, not only the schedule. */
function failedCheck(check: CheckResult | undefined): string {
  return check && (check.outcome === 'refused' || check.outcome === 'failed') ? `; the last update check ${check.outcome}: ${check.detail}` : '';
}
