/**
 * No source of failures can suppress another's, or the log itself. Each source in turn (every app of the
 * product, then the OS) floods the log past its OWN quota (eventsPerAppCapacity for an app,
 * systemEventCapacity for the OS); an app flooder first tries to delete the log through the only storage
 * interface it has, then asks the OS to erase the log (granted only if the design's erasableBy lists
 * apps). Every other source the log records already holds what its quota allows but one failure (the
 * fullest log a flood can legitimately meet: a total too small for the quotas shows here, as
 * eventsForEveryQuota says statically), then has that failure: each other app is denied a peripheral, the
 * OS has an update failure (so a one-app product still has a victim: the OS side). Afterwards the victims' events
 * the profile requires are at the service (no-suppression), the flood is reported as dropped
 * (dropped-events-reported), and both attempts on the log were refused, and reported when logged
 * (erased-only-by-service). Every app holding PowerControls ForceReboot floods a second time by restarting the
 * device past its quota (a restart it asks for is its event: model/update/failure-log-policy.ts). Then every component of the platform design an attacker runs as writes the log's area
 * directly (directWrites): the emulated flash controller must refuse each (erased-only-by-service, no-suppression).
 * Each outcome names its requirement. A requirement no flood exercised (no victim's failure
 * recorded, no event dropped) is unknown, never held on nothing.
 */
import { connect, SYSTEM_SOURCE, type EventOrigin, type LoggedEvent } from '../../emulator/update/index.js';
import type { AppClass, UpdateDesign } from '../../model/update/update-design.js';
import { requirementsFor, type RequiredRecording } from './required-recording.js';
import type { World } from './scenario.js';
import { devicePolicy, freshDevice, stimulusKind } from './world.js';
import { DROPPED_EVENTS_REPORTED, ERASED_ONLY_BY_SERVICE, NO_SUPPRESSION, type CheckOutcome } from './rule.js';
import { attackerReach } from '../../model/platform/failure-log-access.js';
import { RESTART_CONTROL } from '../../model/update/check-restarts.js';

const CHECK = 'no source can suppress failure reports';
/** Events past its quota each flooder makes. */
const PAST_QUOTA = 64;

type Requirement = typeof NO_SUPPRESSION | typeof DROPPED_EVENTS_REPORTED | typeof ERASED_ONLY_BY_SERVICE;

interface Victim {
  source: string;
  kind: string;
  /** What the log did with the failure: stored, dropped, not-recorded (or erased with the log). */
  outcome: string;
  event?: LoggedEvent;
}

interface Flood {
  lines: string[];
  problems: { requirement: Requirement; text: string }[];
  /** Victims' failures the log recorded (stored, or dropped though required): the cases no-suppression was tried on. */
  victimsRecorded: number;
  /** The flooder's events the log dropped: the cases dropped-events-reported was tried on. */
  dropped: number;
}

/**
 * A requirement the floods never exercised: no victim's failure was recorded in any flood, or no flood dropped an event
 * (the log records none of the kinds the floods cause). "No flood pushed out another's failure" over no recorded failure,
 * or "every drop was reported" over no drop, is no evidence (a log recording nothing read both as met): not decided.
 */
const UNEXERCISED: Partial<Record<Requirement, (floods: readonly Flood[]) => string | undefined>> = {
  [NO_SUPPRESSION]: (floods) => (floods.some((f) => f.victimsRecorded > 0) ? undefined : "no flood met a victim's failure the log recorded (every other source's failure was not recorded), so nothing showed a flood cannot push one out"),
  [DROPPED_EVENTS_REPORTED]: (floods) => (floods.some((f) => f.dropped > 0) ? undefined : 'no flood made the log drop an event (it recorded none of the failures the floods caused), so nothing showed a drop is reported'),
};

export function checkNoSuppression(world: World, required: RequiredRecording, reproduce: string): CheckOutcome[] {
  const { design } = world.lab;
  const sources = [...world.apps, SYSTEM_SOURCE];
  const name = (source: string) => (source === SYSTEM_SOURCE ? 'the OS' : world.names[world.apps.indexOf(source)]!);
  const quotaOf = (source: string) => quota(design, source);
  // An app holding PowerControls ForceReboot floods by restarting the device too: the log must charge those restarts to it.
  const restarters = world.apps.filter((app) => world.spec.compartment(app)?.manifest?.powerControls.includes(RESTART_CONTROL));
  const floods = [
    ...sources.map((flooder) => flood(world, required, flooder, quotaOf(flooder) + PAST_QUOTA, name, 'fail')),
    ...restarters.map((flooder) => flood(world, required, flooder, quotaOf(flooder) + PAST_QUOTA, name, 'restart')),
    directWrites(world),
  ];
  const problems = floods.flatMap((f) => f.problems);
  const bound = `${sources.length + restarters.length} floods (${sources.map((s) => `${name(s)}: ${quotaOf(s) + PAST_QUOTA} events`).join(', ')}${restarters.map((s) => `, ${name(s)}: ${quotaOf(s) + PAST_QUOTA} restarts (PowerControls ${RESTART_CONTROL})`).join('')}), each against every other source holding its quota but one`;
  const title = `${CHECK}: ${bound}`;
  const lines = floods.flatMap((f) => f.lines);
  const requirements: Requirement[] = [NO_SUPPRESSION, DROPPED_EVENTS_REPORTED, ERASED_ONLY_BY_SERVICE];
  const unexercised = requirements.filter((r) => !problems.some((p) => p.requirement === r) && UNEXERCISED[r]?.(floods) !== undefined);
  for (const r of unexercised) problems.push({ requirement: r, text: UNEXERCISED[r]!(floods)! });
  const held = requirements.filter((r) => !problems.some((p) => p.requirement === r));
  const outcomes: CheckOutcome[] = requirements
    .filter((r) => !held.includes(r))
    .map((requirement) => {
      const mine = problems.filter((p) => p.requirement === requirement).map((p) => p.text);
      const verdict = unexercised.includes(requirement) ? 'unknown' : 'violated';
      return { check: CHECK, requirements: [requirement], verdict, summary: mine[0]!, bound, evidence: [{ title: `${title} (${requirement}${verdict === 'unknown' ? ': not exercised' : ''})`, lines: [...lines, ...mine], reproduce }] };
    });
  if (held.length) outcomes.push({ check: CHECK, requirements: held, verdict: 'holds', summary: `no source flooding past its own quota pushed out another's failures or went unreported; ${world.apps.length === 1 ? 'the lone app could not' : 'no app could'} erase the log`, bound, evidence: outcomes.length ? [] : [{ title, lines }] });
  return outcomes;
}

/**
 * Every component of the platform design an attacker runs as (an app slot, an untrusted or attacker-controlled
 * component, one on a real-time core, a network-facing one: the spec's attackerReach, the threat the requirement names)
 * writes the log's area directly, past the OS, on a device holding an OS failure not yet uploaded. Whether it may is the
 * emulated flash controller's reading of the design's access rules (emulator/update/log-access.ts), not the spec's.
 */
function directWrites(world: World): Flood {
  const { lab } = world;
  const { service, device } = freshDevice(world);
  const kind = stimulusKind(lab.design, lab.platform) ?? 'update-failure';
  const lines: string[] = [];
  const problems: Flood['problems'] = [];
  const writers = lab.platform.components.flatMap((c) => {
    const reason = attackerReach(lab.platform, c.id);
    return reason ? [{ id: c.id, reason }] : [];
  });
  const held: LoggedEvent[] = [];
  for (const { id, reason } of writers) {
    const before = device.report(++lab.now, kind, `lab: OS failure before ${id} writes the log's area`);
    if (before) held.push(before);
    const pending = device.log?.pending().length ?? 0;
    if (device.log?.eraseAs(id, id)) {
      const text = `${id} (${reason}) wrote the failure log's area: ${pending} events not yet uploaded were gone`;
      problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text }, { requirement: NO_SUPPRESSION, text });
      lines.push(`  ${id} (${reason}) writes the failure log's area: ALLOWED (${pending} events gone)`);
    } else lines.push(`  ${id} (${reason}) writes the failure log's area: refused by the flash controller`);
  }
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId);
  const lost = held.filter((e) => !received.some((r) => r.sequence === e.sequence && r.detail === e.detail));
  if (lost.length && !problems.length) problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text: `${lost.length} OS failures held while attackers' components wrote the log never reached the service` });
  return { lines: [`${writers.length} components an attacker runs as write the failure log's area directly:`, ...lines], problems, victimsRecorded: 0, dropped: 0 };
}

/** A source's own quota of un-uploaded events. */
const quota = (design: UpdateDesign, source: string) => (source === SYSTEM_SOURCE ? design.failureReporting.systemEventCapacity : design.failureReporting.eventsPerAppCapacity);

function flood(world: World, required: RequiredRecording, flooder: string, count: number, name: (source: string) => string, how: 'fail' | 'restart'): Flood {
  const { lab } = world;
  const { service, device, runtime } = freshDevice(world);
  const isOs = flooder === SYSTEM_SOURCE;
  const osKind = stimulusKind(lab.design, lab.platform) ?? 'update-failure';
  const originOf = (source: string): EventOrigin => (source === SYSTEM_SOURCE ? 'os' : world.spec.compartment(source)?.kind === 'real-time' ? 'real-time' : 'high-level');
  const mustRecord = (kind: string, source: string) => requirementsFor(required, kind, originOf(source)) !== undefined;
  // What the log did with each victim's failure: one the design does not record at all is the recording
  // checks' finding, not a suppression.
  const seen: { last?: { kind: string; outcome: string } } = {};
  const watch = () => (device.onEvent = (result, kind) => void (seen.last = { kind, outcome: result.outcome }));
  watch();
  const victims: Victim[] = [];
  const suffer = (source: string, cause: () => readonly LoggedEvent[]) => {
    delete seen.last;
    const events = cause();
    const last = seen.last as { kind: string; outcome: string } | undefined;
    if (last) victims.push({ source, kind: last.kind, outcome: last.outcome, event: events[0] });
  };
  const problems: Flood['problems'] = [];
  // The OS has a failure before the flood (when it is not the flooder).
  if (!isOs) suffer(SYSTEM_SOURCE, () => [device.report(++lab.now, 'update-failure', 'lab: update failure before the flood')].filter((e): e is LoggedEvent => e !== undefined));
  // Every other source already holds what its quota allows but the failure still to come: the fullest log a
  // flood can legitimately meet (a long time offline). Only then does a total too small for the quotas show.
  // Which sources the log records is the device's reading (world.ts devicePolicy), not the spec's.
  const recordedApps = devicePolicy(lab.design, lab.platform).recordedApps;
  const recorded = (source: string) => source === SYSTEM_SOURCE || recordedApps.includes(originOf(source) as AppClass);
  for (const source of [SYSTEM_SOURCE, ...world.apps]) {
    if (source === flooder || !recorded(source)) continue;
    const fill = source === SYSTEM_SOURCE ? quota(lab.design, source) - 2 : quota(lab.design, source) - 1;
    for (let i = 0; i < fill; i++) {
      if (source === SYSTEM_SOURCE) device.offer(++lab.now, osKind, `lab: OS failure ${i + 1} held before the flood`);
      else runtime.syscall(source, { kind: 'crash', reason: `held before the flood ${i + 1}` }, ++lab.now);
    }
  }
  const pendingBefore = device.log?.pending().length ?? 0;
  const viaStorage = isOs ? undefined : runtime.syscall(flooder, { kind: 'storage-delete', owner: 'failure-log' }, ++lab.now);
  const viaLog = isOs ? undefined : runtime.eraseFailureLog(flooder, ++lab.now);
  const pendingAfter = device.log?.pending().length ?? 0;
  // An erase that was granted took the OS's earlier failure with it: that loss is the erase's finding.
  if (viaLog?.erased) for (const v of victims) Object.assign(v, { outcome: 'erased', event: undefined });
  let dropped = 0;
  device.onEvent = undefined;
  for (let i = 0; i < count; i++) {
    if (isOs) dropped += device.offer(++lab.now, osKind, `lab: OS failure storm ${i + 1}`)?.outcome === 'dropped' ? 1 : 0;
    else if (how === 'restart') dropped += runtime.forceReboot(flooder, (lab.now += 30)).dropped;
    else dropped += runtime.syscall(flooder, { kind: 'crash', reason: `flood ${i + 1}` }, ++lab.now).dropped;
  }
  watch();
  for (const [i, app] of world.apps.entries()) if (app !== flooder) suffer(app, () => runtime.syscall(app, world.denials[i]!, ++lab.now).logged);
  if (!isOs) suffer(SYSTEM_SOURCE, () => [device.report(++lab.now, 'update-failure', 'lab: update failure during the flood')].filter((e): e is LoggedEvent => e !== undefined));
  device.onEvent = undefined;
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId);
  const arrived = (e: LoggedEvent) => received.some((r) => r.sequence === e.sequence && r.detail === e.detail);
  const victimsRecorded = victims.filter((v) => v.event !== undefined || (v.outcome === 'dropped' && mustRecord(v.kind, v.source))).length;
  for (const v of victims) {
    if (v.outcome === 'dropped' && mustRecord(v.kind, v.source)) problems.push({ requirement: NO_SUPPRESSION, text: `${name(flooder)}'s flood: ${v.kind} of ${name(v.source)} was not logged (counted, not stored)` });
    if (v.event && !arrived(v.event)) problems.push({ requirement: NO_SUPPRESSION, text: `${name(flooder)}'s flood: ${v.kind} of ${name(v.source)} never reached the service` });
  }
  const told = received.some((e) => e.kind === 'events-dropped' && e.source === flooder);
  if (dropped > 0 && !told) problems.push({ requirement: DROPPED_EVENTS_REPORTED, text: `${dropped} events of ${name(flooder)} were dropped without telling the service` });
  if (viaStorage && viaLog) {
    if (viaStorage.result.ok) problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text: `${name(flooder)} deleted storage named "failure-log"` });
    if (viaLog.erased) problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text: `${name(flooder)} erased the failure log: ${pendingBefore - pendingAfter} events not yet uploaded were gone` });
    else if (pendingAfter < pendingBefore) problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text: `${name(flooder)}'s attempts on the log removed events from it` });
    // Whether a refused attempt is recorded at all is the recording checks' finding (they cause a storage denial too).
    const attempts = [...viaStorage.logged, ...viaLog.logged];
    for (const e of attempts) if (!arrived(e)) problems.push({ requirement: ERASED_ONLY_BY_SERVICE, text: `${name(flooder)}'s attempt on the log was logged but never reached the service` });
  }
  const stored = received.filter((e) => e.source === flooder && e.kind !== 'events-dropped').length;
  const lines = [
    `${name(flooder)} ${how === 'restart' ? `restarted the device (PowerControls ${RESTART_CONTROL})` : 'failed'} ${count} times (quota ${count - PAST_QUOTA}): ${stored} events stored and reported, ${dropped} counted as dropped${told ? ', and the service told' : ''}`,
    `  others: ${victims.map((v) => `${name(v.source)} ${v.event ? `${v.kind} #${v.event.sequence}${arrived(v.event) ? '' : ' LOST'}` : `${v.kind} ${v.outcome}`}`).join(', ')}`,
    ...(viaStorage ? [`  ${name(flooder)} deletes "failure-log" through storage: ${viaStorage.result.ok ? 'ALLOWED' : `refused (${viaStorage.result.errno}), logged as ${viaStorage.logged.map((e) => e.kind).join(', ') || 'nothing'}`}`] : []),
    ...(viaLog ? [`  ${name(flooder)} asks the OS to erase the failure log: ${viaLog.erased ? `GRANTED (${pendingBefore - pendingAfter} events gone)` : `refused, logged as ${viaLog.logged.map((e) => e.kind).join(', ') || 'nothing'}`}`] : []),
  ];
  return { lines, problems, victimsRecorded, dropped };
}
