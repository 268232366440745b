/**
 * No source of failures can suppress another's, or the log itself. Each source in turn (every app of the
 * product, then the OS) floods the log past its OWN quota (eventsPerAppCapacity for an app,
 * systemEventCapacity for the OS); an app flooder first tries to delete the log through the only storage
 * interface it has. Meanwhile every other source has a failure: each other app is denied a peripheral,
 * the OS has an update failure (so a one-app product still has a victim: the OS side). Afterwards the
 * victims' events are at the service, the flood is reported as dropped, and the deletion was refused and
 * is itself a reported failure.
 */
import { AppRuntime, connect, LAB_EPOCH, SYSTEM_SOURCE, type LoggedEvent } from '../../emulator/update/index.js';
import type { World } from './scenario.js';
import { NO_SUPPRESSION, type CheckOutcome } from './rule.js';

const CHECK = 'no source can suppress failure reports';
/** Events past its quota each flooder makes. */
const PAST_QUOTA = 64;

interface Flood {
  lines: string[];
  problems: string[];
}

export function checkNoSuppression(world: World, reproduce: string): CheckOutcome {
  const { design } = world.lab;
  const sources = [...world.apps, SYSTEM_SOURCE];
  const name = (source: string) => (source === SYSTEM_SOURCE ? 'the OS' : world.names[world.apps.indexOf(source)]!);
  const quota = (source: string) => (source === SYSTEM_SOURCE ? design.failureReporting.systemEventCapacity : design.failureReporting.eventsPerAppCapacity);
  const floods = sources.map((flooder) => flood(world, flooder, quota(flooder) + PAST_QUOTA, name));
  const problems = floods.flatMap((f) => f.problems);
  const bound = `${sources.length} floods (${sources.map((s) => `${name(s)}: ${quota(s) + PAST_QUOTA} events`).join(', ')}), each against every other source`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines: [...floods.flatMap((f) => f.lines), ...problems], ...(problems.length ? { reproduce } : {}) }];
  const base = { check: CHECK, requirements: [NO_SUPPRESSION], bound, evidence };
  return problems.length ? { ...base, verdict: 'violated', summary: problems[0]! } : { ...base, verdict: 'holds', summary: `no source flooding past its own quota pushed out another's failures; ${world.apps.length === 1 ? 'the lone app' : 'no app'} could reach the log` };
}

function flood(world: World, flooder: string, count: number, name: (source: string) => string): Flood {
  const { lab } = world;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  const runtime = new AppRuntime(world.spec, device);
  runtime.start();
  const isOs = flooder === SYSTEM_SOURCE;
  const victims: { source: string; events: LoggedEvent[] }[] = [];
  const problems: string[] = [];
  // The OS has a failure before the flood (when it is not the flooder).
  if (!isOs) victims.push({ source: SYSTEM_SOURCE, events: [device.report(++lab.now, 'update-failure', 'lab: update failure before the flood')].filter((e): e is LoggedEvent => e !== undefined) });
  const pendingBefore = device.log?.pending().length ?? 0;
  const erase = isOs ? undefined : runtime.syscall(flooder, { kind: 'storage-delete', owner: 'failure-log' }, ++lab.now);
  const pendingAfter = device.log?.pending().length ?? 0;
  let dropped = 0;
  for (let i = 0; i < count; i++) {
    if (isOs) dropped += device.report(++lab.now, 'update-failure', `lab: OS failure storm ${i + 1}`) ? 0 : 1;
    else dropped += runtime.syscall(flooder, { kind: 'crash', reason: `flood ${i + 1}` }, ++lab.now).dropped;
  }
  for (const [i, app] of world.apps.entries()) if (app !== flooder) victims.push({ source: app, events: runtime.syscall(app, world.denials[i]!, ++lab.now).logged });
  if (!isOs) {
    const during = device.report(++lab.now, 'update-failure', 'lab: update failure during the flood');
    victims.find((v) => v.source === SYSTEM_SOURCE)!.events.push(...(during ? [during] : []));
  }
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId);
  const arrived = (e: LoggedEvent) => received.some((r) => r.sequence === e.sequence && r.detail === e.detail);
  for (const v of victims) {
    if (v.events.length === 0) problems.push(`${name(flooder)}'s flood: ${name(v.source)}'s failure was not logged (counted, not stored)`);
    for (const e of v.events) if (!arrived(e)) problems.push(`${name(flooder)}'s flood: ${e.kind} of ${name(v.source)} never reached the service`);
  }
  if (dropped > 0 && !received.some((e) => e.kind === 'events-dropped' && e.source === flooder)) problems.push(`${dropped} events of ${name(flooder)} were dropped without telling the service`);
  if (erase) {
    if (erase.result.ok) problems.push(`${name(flooder)} deleted storage named "failure-log"`);
    if (pendingAfter < pendingBefore) problems.push(`${name(flooder)}'s storage call removed events from the log`);
    if (erase.logged.length === 0) problems.push(`${name(flooder)}'s attempt on the log was not itself reported`);
    else for (const e of erase.logged) if (!arrived(e)) problems.push(`${name(flooder)}'s attempt on the log was logged but never reached the service`);
  }
  const stored = received.filter((e) => e.source === flooder && e.kind !== 'events-dropped').length;
  const lines = [
    `${name(flooder)} failed ${count} times (quota ${count - PAST_QUOTA}): ${stored} events stored and reported, ${dropped} counted as dropped${received.some((e) => e.kind === 'events-dropped' && e.source === flooder) ? ', and the service told' : ''}`,
    `  others: ${victims.map((v) => `${name(v.source)} ${v.events.map((e) => `${e.kind} #${e.sequence}${arrived(e) ? '' : ' LOST'}`).join(', ') || 'nothing logged'}`).join('; ')}`,
    ...(erase ? [`  ${name(flooder)} deletes "failure-log" through storage: ${erase.result.ok ? 'ALLOWED' : `refused (${erase.result.errno}), logged as ${erase.logged.map((e) => e.kind).join(', ') || 'nothing'}`}`] : []),
  ];
  return { lines, problems };
}
