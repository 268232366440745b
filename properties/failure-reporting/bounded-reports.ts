/**
 * Reports are bounded as Azure Sphere's are, and bounding loses nothing: 1,500 OS failures over
 * 17 days, then one connection. Every report the service takes holds at most maxEventsPerReport
 * events over at most maxReportDays, and all 1,500 arrive.
 */
import { connect, LAB_EPOCH } from '../../emulator/update/index.js';
import type { World } from './scenario.js';
import type { CheckOutcome } from './rule.js';

const CHECK = 'reports are bounded and complete';
const EVENTS = 1500;
const SPACING = 1000; // seconds: 1,500 events over about 17 days

export function checkBoundedReports(world: World, reproduce: string): CheckOutcome {
  const { lab } = world;
  const { maxEventsPerReport, maxReportDays } = lab.design.failureReporting;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  let logged = 0;
  for (let i = 0; i < EVENTS; i++) {
    lab.now += SPACING;
    if (device.report(lab.now, 'update-failure', `lab: update failure ${i + 1}`)) logged++;
  }
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId).length;
  const lines = service.reports.map((r, i) => `report ${i + 1}: ${r.events.length} events over ${((r.events.at(-1)!.time - r.events[0]!.time) / 86_400).toFixed(1)} days`);
  const problems: string[] = [];
  for (const [i, r] of service.reports.entries()) {
    if (r.events.length > maxEventsPerReport) problems.push(`report ${i + 1} holds ${r.events.length} events`);
    if (r.events.length && r.events.at(-1)!.time - r.events[0]!.time > maxReportDays * 86_400) problems.push(`report ${i + 1} spans more than ${maxReportDays} days`);
  }
  if (received !== logged) problems.push(`${logged} events were logged but ${received} reached the service`);
  if (logged !== EVENTS) problems.push(`the log took ${logged} of ${EVENTS} OS events`);
  const bound = `${EVENTS} events over ${Math.round((EVENTS * SPACING) / 86_400)} days`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines: [...lines, ...problems], ...(problems.length ? { reproduce } : {}) }];
  return problems.length ? { check: CHECK, verdict: 'violated', summary: problems[0]!, bound, evidence } : { check: CHECK, verdict: 'holds', summary: `${received} events in ${service.reports.length} reports of at most ${maxEventsPerReport} events and ${maxReportDays} days`, bound, evidence };
}
