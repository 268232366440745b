/**
 * An app cannot erase or suppress failure reports. One app first tries to delete the log through the
 * only storage interface it has, then crashes 600 times in a row (far past its capacity); meanwhile
 * another app is denied a peripheral and the OS has update failures. Afterwards the deletion was refused
 * and is itself a reported failure, the other app's and the OS's events are at the service, and the
 * flood is reported as dropped.
 */
import { AppRuntime, connect, LAB_EPOCH } from '../../emulator/update/index.js';
import type { World } from './scenario.js';
import type { CheckOutcome } from './rule.js';

const CHECK = 'an app cannot erase or suppress failure reports';
const FLOOD = 600;

export function checkAppCannotSuppress(world: World, reproduce: string): CheckOutcome {
  const { lab } = world;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  const runtime = new AppRuntime(world.spec, device);
  runtime.start();
  const [flooder, victim = flooder] = world.apps as [string, string?];
  const names = new Map(world.apps.map((id, i) => [id, world.names[i]!]));
  const early = device.report(++lab.now, 'update-failure', 'lab: update failure before the flood');
  const pendingBefore = device.log?.pending().length ?? 0;
  const erase = runtime.syscall(flooder, { kind: 'storage-delete', owner: 'failure-log' }, ++lab.now);
  const pendingAfter = device.log?.pending().length ?? 0;
  let dropped = 0;
  for (let i = 0; i < FLOOD; i++) dropped += runtime.syscall(flooder, { kind: 'crash', reason: `flood ${i + 1}` }, ++lab.now).dropped;
  const denial = runtime.syscall(victim!, world.denials[world.apps.indexOf(victim!)]!, ++lab.now).logged;
  const osFailure = device.report(++lab.now, 'update-failure', 'lab: update failure during the flood');
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId);
  const problems: string[] = [];
  for (const e of [...denial, ...(osFailure ? [osFailure] : []), ...(early ? [early] : []), ...erase.logged]) if (!received.some((r) => r.sequence === e.sequence && r.detail === e.detail)) problems.push(`${e.kind} of ${names.get(e.source) ?? e.source} was lost in ${names.get(flooder)}'s flood`);
  if (denial.length === 0) problems.push(`${names.get(victim!)}'s denial was not logged during the flood`);
  if (!osFailure) problems.push('the OS update failure was not logged during the flood');
  if (dropped > 0 && !received.some((e) => e.kind === 'events-dropped' && e.source === flooder)) problems.push(`${dropped} events of ${names.get(flooder)} were dropped without telling the service`);
  if (erase.result.ok) problems.push(`${names.get(flooder)} deleted storage named "failure-log"`);
  if (pendingAfter < pendingBefore) problems.push(`${names.get(flooder)}'s storage call removed events from the log`);
  if (erase.logged.length === 0) problems.push(`${names.get(flooder)}'s attempt on the log was not itself reported`);
  const flooded = received.filter((e) => e.source === flooder && e.kind === 'app-crash').length;
  const lines = [
    `${names.get(flooder)} crashed ${FLOOD} times: ${flooded} crash events stored and reported, ${dropped} counted as dropped (capacity ${lab.design.failureReporting.eventsPerAppCapacity} per app)`,
    `${names.get(victim!)}: ${denial.map((e) => `${e.kind} #${e.sequence}`).join(', ') || 'nothing logged'}; OS: ${osFailure ? `update-failure #${osFailure.sequence}` : 'nothing logged'}`,
    `${names.get(flooder)} deletes "failure-log" through storage: ${erase.result.ok ? 'ALLOWED' : `refused (${erase.result.errno}), logged as ${erase.logged.map((e) => e.kind).join(', ') || 'nothing'}`}`,
    ...problems,
  ];
  const bound = `${FLOOD} crashes of one app against one denial and one OS failure`;
  const evidence = [{ title: `${CHECK}: ${bound}`, lines, ...(problems.length ? { reproduce } : {}) }];
  return problems.length ? { check: CHECK, verdict: 'violated', summary: problems[0]!, bound, evidence } : { check: CHECK, verdict: 'holds', summary: 'a flooding app neither pushed out other failures nor reached the log', bound, evidence };
}
