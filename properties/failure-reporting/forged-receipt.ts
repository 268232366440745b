/**
 * A network attacker on the report path answers the device's error-report uploads itself, acknowledging
 * every event, so that the device forgets failures the service never got (the trace of the attacker's own
 * probing). On a fresh device each app crashes and the OS logs an update failure; the device connects
 * through the attacker, then honestly until its log is empty. Every failure logged must be at the service.
 * Whether the device can tell the attacker's answer from the service's is the protocol design's
 * (model/update/report-channel.ts); the lab's network path enforces it, and this check sees what happens.
 */
import { connect, type Interceptor, type LoggedEvent } from '../../emulator/update/index.js';
import type { ReportChannel } from '../../model/update/report-channel.js';
import { EVERY_FAILURE_REPORTED, type CheckOutcome } from './rule.js';
import type { World } from './scenario.js';
import { freshDevice, stimulusKind } from './world.js';

const CHECK = 'a forged acknowledgement erases nothing';

/** Answers every upload as if the service had stored everything, without forwarding it. */
const FORGER: Interceptor = { name: 'on-path attacker acknowledging every error report', upload: () => ({ ok: true, value: { acknowledgedThrough: 0xffffffff } }) };

export function checkForgedReceipt(world: World, channel: ReportChannel, required: boolean, reproduce: string): CheckOutcome {
  if (!required) return { check: CHECK, requirements: [EVERY_FAILURE_REPORTED], bound: 'not run', verdict: 'holds', notApplicable: true, summary: `switched off by the requirement profile (${EVERY_FAILURE_REPORTED})`, evidence: [] };
  const { lab } = world;
  const { service, device, runtime } = freshDevice(world);
  const logged: LoggedEvent[] = [];
  for (const app of world.apps) logged.push(...runtime.syscall(app, { kind: 'crash', reason: 'lab: crash injected before the forged acknowledgement' }, ++lab.now).logged);
  const kind = stimulusKind(lab.design, lab.platform);
  const os = kind ? device.report(++lab.now, kind, 'lab: failure before the forged acknowledgement') : undefined;
  if (os) logged.push(os);
  const bound = `${logged.length} events logged, one connection through an attacker that answers every upload, then honest connections until the log is empty`;
  const base = { check: CHECK, requirements: [EVERY_FAILURE_REPORTED], bound };
  if (logged.length === 0) return { ...base, verdict: 'unknown', summary: 'no failure could be logged to test the report path with', evidence: [] };
  if (!channel.authenticated && channel.unstated) return { ...base, verdict: 'unknown', summary: channel.why, evidence: [] };
  const forged = connect(device, lab.connection(FORGER, service), ++lab.now, { check: false });
  const pendingAfterForgery = device.log?.pending().length ?? 0;
  for (let i = 0; i < 20 && device.isRunning && (device.log?.pending().length ?? 0) > 0; i++) connect(device, lab.connection(undefined, service), (lab.now += 3600), { check: false });
  const received = service.received(device.identity.deviceId);
  const lost = logged.filter((e) => !received.some((r) => r.sequence === e.sequence && r.kind === e.kind && r.source === e.source));
  const names = new Map(world.apps.map((a, i) => [a, world.names[i]!]));
  const who = (source: string) => names.get(source) ?? (source === 'os' ? 'the OS' : source);
  const lines = [
    `report channel: ${channel.why}`,
    `${logged.length} events logged; through the attacker: ${forged.reports} report${forged.reports === 1 ? '' : 's'} "acknowledged", ${pendingAfterForgery} events still pending`,
    `at the service after honest connections: ${logged.length - lost.length} of ${logged.length}`,
    ...lost.slice(0, 5).map((e) => `LOST: event #${e.sequence} (${e.kind} of ${who(e.source)}) was forgotten on the attacker's acknowledgement and never reached the service`),
  ];
  if (lost.length) return { ...base, verdict: 'violated', summary: `an on-path attacker's acknowledgement made the device forget ${lost.length} failure${lost.length === 1 ? '' : 's'} the service never received: ${channel.why}`, evidence: [{ title: `${CHECK}: violated (${EVERY_FAILURE_REPORTED})`, lines, reproduce }] };
  return { ...base, verdict: 'holds', summary: `an attacker's forged acknowledgement erased none of ${logged.length} failures`, evidence: [{ title: `${CHECK}: ${bound}`, lines }] };
}
