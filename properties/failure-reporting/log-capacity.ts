/**
 * The log keeps the profile's number of events in all (failure-reporting.min-log-capacity) while the
 * device is offline: the OS fills its quota first, then the apps theirs, in turn, and the OS goes on failing
 * until that many failures are offered; then one connection. Every one must be stored (none counted as
 * dropped) and reach the service. Two readings, each of which stands: the spec's (eventsStorable over
 * logPolicyOf: apps of a class the log does not record add no room) says statically whether the design's
 * quotas and total can hold that many; the emulated device, on its own reading of the policy, is played
 * whatever the spec says, and a failure it counted instead of storing is a violation too. (Before, a design
 * the spec called too small was never played, and the play stopped at the quotas, so it could not find a
 * shortfall the spec missed.)
 */
import { connect, SYSTEM_SOURCE } from '../../emulator/update/index.js';
import { eventsStorable, logPolicyOf, recordedAppCount } from '../../model/update/failure-log-policy.js';
import type { AppClass } from '../../model/update/update-design.js';
import type { World } from './scenario.js';
import { freshDevice, stimulusKind } from './world.js';
import { MIN_LOG_CAPACITY, type CheckOutcome } from './rule.js';

const CHECK = 'the log keeps enough events offline';

export function checkLogCapacity(world: World, required: number, reproduce: string): CheckOutcome {
  const { lab } = world;
  const { systemEventCapacity, eventsPerAppCapacity, totalEventCapacity } = lab.design.failureReporting;
  const base = { check: CHECK, requirements: [MIN_LOG_CAPACITY] };
  const classes = world.apps.map((app): AppClass => (world.spec.compartment(app)?.kind === 'real-time' ? 'real-time' : 'high-level'));
  const policy = { ...lab.design.failureReporting, ...logPolicyOf(lab.design, lab.platform) };
  const recorded = recordedAppCount(policy, classes);
  const room = eventsStorable(policy, classes);
  const unrecordedApps = world.apps.length - recorded;
  const bound = `${required} failures while offline (OS quota ${systemEventCapacity}, ${recorded} recorded app${recorded === 1 ? '' : 's'} × ${eventsPerAppCapacity}${unrecordedApps ? ` (${unrecordedApps} app${unrecordedApps === 1 ? '' : 's'} of a class the log does not record)` : ''}, ${totalEventCapacity} in all)`;
  const ruleProblem = room < required ? `the log can keep only ${room} events (${room === totalEventCapacity ? `its ${totalEventCapacity} in all` : `the OS's ${systemEventCapacity} and ${recorded} × ${eventsPerAppCapacity} for the apps whose failures it records`}), fewer than the ${required} ${MIN_LOG_CAPACITY} requires` : undefined;
  const kind = stimulusKind(lab.design, lab.platform);
  if (!kind) {
    if (ruleProblem) return { ...base, verdict: 'violated', summary: ruleProblem, bound, evidence: [{ title: `${CHECK}: ${bound}`, lines: [ruleProblem, "the emulated device's log records no failure kind: it was not played"], reproduce }] };
    return { ...base, verdict: 'unknown', summary: 'the log records no failure kind: its capacity cannot be filled', bound: 'not run', evidence: [] };
  }
  const { service, device, runtime } = freshDevice(world);
  const bySource = new Map<string, number>();
  let stored = 0;
  let dropped = 0;
  const count = (source: string, ok: boolean) => {
    bySource.set(source, (bySource.get(source) ?? 0) + 1);
    if (ok) stored++;
    else dropped++;
  };
  const osFailure = () => count(SYSTEM_SOURCE, device.report(++lab.now, kind, `lab: failure ${stored + dropped + 1} offline`) !== undefined);
  for (let i = 0; i < Math.min(systemEventCapacity, required); i++) osFailure();
  for (let turn = 0; stored + dropped < required && turn < eventsPerAppCapacity; turn++) {
    for (const app of world.apps) {
      if (stored + dropped >= required) break;
      const forwarded = runtime.syscall(app, { kind: 'crash', reason: `offline failure ${stored + dropped + 1}` }, ++lab.now);
      for (const _ of forwarded.logged) count(app, true);
      for (let d = 0; d < forwarded.dropped; d++) count(app, false);
    }
  }
  // The quotas are full (or the apps' crashes are not recorded) and the device is still offline: the OS goes on
  // failing until the profile's number of failures was offered. A log that cannot keep them counts the rest.
  while (stored + dropped < required) osFailure();
  connect(device, lab.connection(undefined, service), lab.now, { check: false });
  const received = service.received(device.identity.deviceId).filter((e) => e.kind !== 'events-dropped').length;
  const problems: string[] = ruleProblem ? [ruleProblem] : [];
  if (dropped) problems.push(`${dropped} of ${stored + dropped} failures were counted, not stored: the log did not keep ${required}`);
  if (received < stored) problems.push(`${stored} failures were logged but ${received} reached the service`);
  const names = new Map(world.apps.map((a, i) => [a, world.names[i]!]));
  const lines = [`${[...bySource].map(([s, n]) => `${s === SYSTEM_SOURCE ? 'the OS' : names.get(s)}: ${n}`).join(', ')}; ${stored} stored, ${dropped} dropped, ${received} at the service`, ...problems];
  const evidence = [{ title: `${CHECK}: ${bound}`, lines, ...(problems.length ? { reproduce } : {}) }];
  return problems.length ? { ...base, verdict: 'violated', summary: problems[0]!, bound, evidence } : { ...base, verdict: 'holds', summary: `${stored} failures logged offline all reached the service (≥ ${required})`, bound, evidence };
}
