/**
 * A connected device reaches the deployed version within a bounded number of update checks: for every
 * device group, a factory device (release 2) connects while release 3 is deployed (OS on every feed,
 * apps where the group's policy takes them) and checks every intervalHours. If the product has an app
 * that may defer, it defers as long as it is allowed, at every check. The bound is policy.checkBound():
 * one check, plus those a bounded deferral can spend.
 */
import { connect, LAB_EPOCH } from '../../emulator/update/index.js';
import { checkBound, kindsReceived } from '../../model/update/policy.js';
import type { RuleInput, RuleOutcome } from './rule.js';

const RULE = 'reaches the deployed version within a bounded number of checks';
/** Checks tried past the bound (or in all, when there is none), to show how far off a device stays. */
const EXTRA = 3;
const UNBOUNDED_TRIES = 8;

export function checkReach(input: RuleInput): RuleOutcome {
  const { lab, design } = input;
  const bound = checkBound(design, input.deferringApp !== undefined);
  const tries = bound === undefined ? UNBOUNDED_TRIES : bound + EXTRA;
  const lines: string[] = [];
  const late: { group: string; checks: number | undefined; journal: string[] }[] = [];
  for (const group of design.deviceGroups) {
    lab.now = LAB_EPOCH;
    const service = lab.newService();
    lab.publishOs(3, service);
    if (kindsReceived(group).includes('app')) lab.deployApps(group.name, 3, service);
    const device = lab.device({ deviceGroup: group.name, ...(input.deferringApp ? { deferral: { app: input.deferringApp, requestHours: 10_000 } } : {}) });
    let checks = 0;
    let reached: number | undefined;
    while (checks < tries) {
      lab.now += checks ? Math.round(design.checks.intervalHours * 3600) : 0;
      checks++;
      connect(device, lab.connection(undefined, service), lab.now);
      if (lab.isCurrent(device, service)) {
        reached = checks;
        break;
      }
    }
    lines.push(`${group.name} (${group.osFeed}, ${group.updatePolicy}): ${reached ? `release 3 after ${reached} check${reached > 1 ? 's' : ''}` : `NOT after ${checks} checks (${Math.round(((checks - 1) * design.checks.intervalHours))} h)`}`);
    if (reached === undefined || (bound !== undefined && reached > bound)) late.push({ group: group.name, checks: reached, journal: device.journal });
  }
  const boundText = bound === undefined ? 'no bound: deferral is unbounded' : `${bound} check${bound > 1 ? 's' : ''}`;
  const deferral = input.deferringApp ? `${input.deferringApp} defers at every check (asks for 10,000 h)` : 'no app may defer';
  const summaryEvidence = { title: `${RULE} (bound: ${boundText}; ${deferral})`, lines, data: { bound: bound ?? null } };
  if (late.length > 0 || bound === undefined) {
    const first = late[0];
    return {
      rule: RULE,
      verdict: 'violated',
      summary: bound === undefined ? `deferral has no bound: ${first ? `${first.group} still runs release 2 after ${tries} checks` : 'an app can keep any update off the device'}` : `${first!.group} ${first!.checks ? `needed ${first!.checks} checks` : `was not updated after ${tries} checks`}, more than the bound of ${bound}`,
      bound: `${design.deviceGroups.length} groups, up to ${tries} checks each`,
      evidence: [{ ...summaryEvidence, reproduce: input.reproduce }, ...(first ? [{ title: `trace: the ${first.group} device`, lines: first.journal, reproduce: input.reproduce }] : [])],
    };
  }
  return { rule: RULE, verdict: 'holds', summary: `every group reaches release 3 within ${boundText}`, bound: `${design.deviceGroups.length} groups within ${boundText}`, evidence: [summaryEvidence] };
}
