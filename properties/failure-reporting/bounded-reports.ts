/**
 * Reports are bounded as the profile requires, and bounding loses nothing: the OS logs more events than
 * one report may hold (the profile's maximum plus 500, as many as its quota and the log take), spread
 * over a quarter more days than one report may cover, then the device connects once. Every report the
 * service takes must hold at most the profile's events over at most its days (the design's own limits
 * are what the device uses; the profile's are what it is held to), and every event must arrive.
 */
import { connect, LAB_EPOCH } from '../../emulator/update/index.js';
import type { World } from './scenario.js';
import { stimulusKind } from './world.js';
import { MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS, type CheckOutcome, type ReportLimits } from './rule.js';

const CHECK = 'reports are bounded and complete';
const DAY = 86_400;

export function checkBoundedReports(world: World, limits: ReportLimits, reproduce: string): CheckOutcome {
  const { lab } = world;
  const { systemEventCapacity, totalEventCapacity } = lab.design.failureReporting;
  // One place is left for the marker the log stores if anything is dropped.
  const room = Math.max(1, Math.min(systemEventCapacity, totalEventCapacity) - 1);
  const events = Math.min(limits.maxEvents + 500, room);
  const kind = stimulusKind(lab.design, lab.platform);
  if (!kind) return { check: CHECK, requirements: [MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS], verdict: 'unknown', summary: 'the log records no failure kind: reports cannot be exercised', bound: 'not run', evidence: [] };
  const spacing = Math.max(1, Math.ceil((limits.maxDays * 1.25 * DAY) / events));
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  let logged = 0;
  for (let i = 0; i < events; i++) {
    lab.now += spacing;
    if (device.report(lab.now, kind, `lab: ${kind} ${i + 1}`)) logged++;
  }
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId).length;
  const lines = service.reports.map((r, i) => `report ${i + 1}: ${r.events.length} events over ${((r.events.at(-1)!.time - r.events[0]!.time) / DAY).toFixed(1)} days`);
  const problems: string[] = [];
  for (const [i, r] of service.reports.entries()) {
    if (r.events.length > limits.maxEvents) problems.push(`report ${i + 1} holds ${r.events.length} events, more than the ${limits.maxEvents} ${MAX_EVENTS_PER_REPORT} allows`);
    if (r.events.length && r.events.at(-1)!.time - r.events[0]!.time > limits.maxDays * DAY) problems.push(`report ${i + 1} spans ${((r.events.at(-1)!.time - r.events[0]!.time) / DAY).toFixed(1)} days, more than the ${limits.maxDays} ${MAX_REPORT_DAYS} allows`);
  }
  if (received !== logged) problems.push(`${logged} events were logged but ${received} reached the service`);
  if (logged !== events) problems.push(`the log took ${logged} of ${events} OS events`);
  const span = (events * spacing) / DAY;
  const bound = `${events} OS events over ${span.toFixed(1)} days${events <= limits.maxEvents ? ` (the OS's quota of ${systemEventCapacity} and the log's ${totalEventCapacity} do not reach ${limits.maxEvents + 1}, so only the day bound is exercised)` : ''}`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines: [...lines, ...problems], ...(problems.length ? { reproduce } : {}) }];
  const base = { check: CHECK, requirements: [MAX_EVENTS_PER_REPORT, MAX_REPORT_DAYS], bound, evidence };
  return problems.length ? { ...base, verdict: 'violated', summary: problems[0]! } : { ...base, verdict: 'holds', summary: `${received} events in ${service.reports.length} reports of at most ${limits.maxEvents} events and ${limits.maxDays} days` };
}
