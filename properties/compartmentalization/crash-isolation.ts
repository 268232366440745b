/**
 * Crash isolation: the same random schedule runs twice, once as it is and once with one app (the
 * victim) crashing at a random point and restarted later by the device, without a reboot. In the
 * crashed run every other app keeps running and each of its syscalls answers exactly as in the
 * run without the crash (only the data it receives from the victim may differ); the victim's
 * syscalls fail with ESRCH while it is down and, once restarted, are granted and denied as before.
 */
import fc from 'fast-check';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { EmulatedDevice } from '../../emulator/app-device.js';
import { describeResult, normalizeComponentId, type SyscallResult } from '../../emulator/syscalls.js';
import { nameResolver, runCheck, transcriptLine, Violation, type CheckRunOptions } from './check-runner.js';
import type { SuiteResult } from './suite.js';
import { crashReasonArb, stepArb, type Step, type Universe } from './universe.js';

const MAX_STEPS = 30;

interface CrashCase {
  steps: Step[];
  victim: number;
  /** The victim crashes before step crashAt (steps.length: after the last step). */
  crashAt: number;
  /** The device restarts the victim before step restartAt (≥ crashAt). */
  restartAt: number;
  reason: string;
}

const sameAnswer = (x: SyscallResult, y: SyscallResult) => JSON.stringify(x) === JSON.stringify(y);
/** Granted or denied the same way (a storage write that ran out of quota counts as granted). */
const sameRights = (x: SyscallResult, y: SyscallResult) => {
  const granted = (r: SyscallResult) => r.ok || r.errno === 'ENOSPC';
  return granted(x) === granted(y) && (granted(x) || (!x.ok && !y.ok && x.errno === y.errno));
};

export function crashIsolationCheck(spec: IsolationSpec, universe: Universe, boot: () => EmulatedDevice, options: CheckRunOptions): SuiteResult {
  const nameOf = nameResolver(spec);
  const arbitrary = fc
    .record({
      steps: fc.array(stepArb(universe, { lifecycle: false }), { minLength: 1, maxLength: MAX_STEPS }),
      victim: fc.nat(universe.apps.length - 1),
      crash: fc.nat(MAX_STEPS),
      restart: fc.nat(MAX_STEPS),
      reason: crashReasonArb,
    })
    .map(({ steps, victim, crash, restart, reason }): CrashCase => {
      const crashAt = crash % (steps.length + 1);
      return { steps, victim, crashAt, restartAt: crashAt + (restart % (steps.length - crashAt + 1)), reason };
    });
  // Every app crashes in the first runs (one sampled schedule, each app its victim), and a pass that never
  // crashed some app is unknown: --runs 1 crashed one of three apps and held for all.
  const [sample] = fc.sample(arbitrary, { seed: options.seed, numRuns: 1 });
  // Given on a replay too: fast-check's path counts them.
  const examples = universe.apps.map((_, victim) => ({ ...sample!, victim }));
  const crashed = new Set<number>();
  const result = runCheck(
    'crash-isolation',
    arbitrary,
    (c) => {
      crashed.add(c.victim);
      runCase(c, universe, boot, nameOf);
    },
    (runs) =>
      universe.apps.length === 1
        ? // With one app there is no other app to keep running: the side that must survive the crash is the OS.
          `${runs} random runs with ${universe.apps[0]!.name}, the only app, crashing at a random point: checked against the OS side, which kept running (no device reboot), logged the crash in the failure log and restarted the app without a reboot, its syscalls granted and denied as before`
        : `${runs} random runs with one app crashing at a random point: the other ${universe.apps.length > 2 ? 'apps' : 'app'} kept running and answering as before, and the crashed app restarted without a device reboot`,
    options,
    examples,
  );
  const never = universe.apps.filter((_, i) => !crashed.has(i)).map((a) => a.name);
  if (result.verdict !== 'holds' || options.path !== undefined || never.length === 0) return result;
  return { ...result, verdict: 'unknown', summary: `${result.runs} run${result.runs === 1 ? '' : 's'} never crashed ${never.join(', ')}: nothing was decided about ${never.length === 1 ? 'its' : 'their'} crash (more --runs crash every app)` };
}

function runCase(c: CrashCase, universe: Universe, boot: () => EmulatedDevice, nameOf: (id: string) => string): void {
  const victim = universe.apps[c.victim]!;
  const reference = boot();
  const expected = c.steps.map((s) => reference.syscall(s.app, s.call));
  const device = boot();
  const boots = device.bootCount;
  const transcript = [`victim: ${victim.name} crashes (${c.reason}) before step ${c.crashAt + 1} and is restarted before step ${c.restartAt + 1}`];
  const fail = (message: string): never => {
    throw new Violation(message, transcript);
  };
  const othersRunning = (when: string) => {
    for (const app of universe.apps) {
      if (app.id === victim.id) continue;
      const state = device.appState(app.id);
      if (state !== 'running') fail(`${app.name} is ${state ?? 'gone'} ${when}`);
    }
    if (device.bootCount !== boots) fail(`the device rebooted ${when} (boot ${device.bootCount})`);
  };
  for (let i = 0; i <= c.steps.length; i++) {
    if (i === c.crashAt) {
      const events = device.failures().length;
      const result = device.syscall(victim.id, { kind: 'crash', reason: c.reason });
      transcript.push(`-- ${victim.name} crashes (${c.reason}) → ${describeResult(result)}`);
      if (device.bootCount !== boots) fail(`${victim.name}'s crash rebooted the whole device (boot ${device.bootCount})`);
      if (device.appState(victim.id) !== 'crashed') fail(`${victim.name} is ${device.appState(victim.id)} right after crashing`);
      if (!device.failures().slice(events).some((e) => e.app === victim.id && e.kind === 'app-crash')) fail(`${victim.name}'s crash left no app-crash event in the failure log`);
      othersRunning(`after ${victim.name} crashed`);
    }
    if (i === c.restartAt) {
      const result = device.restartApp(victim.id);
      transcript.push(`-- the device restarts ${victim.name} → ${describeResult(result)}`);
      if (!result.ok || device.appState(victim.id) !== 'running') fail(`${victim.name} could not be restarted without a reboot: ${describeResult(result)}, state ${device.appState(victim.id)}`);
      othersRunning(`after ${victim.name} was restarted`);
    }
    if (i === c.steps.length) break;
    const step = c.steps[i]!;
    const actual = device.syscall(step.app, step.call);
    const before = expected[i]!;
    const down = i >= c.crashAt && i < c.restartAt;
    let problem: string | undefined;
    if (step.app === victim.id) {
      if (down) problem = !actual.ok && actual.errno === 'ESRCH' ? undefined : `${victim.name} is down but its syscall answered ${describeResult(actual)}`;
      else if (i >= c.restartAt && !sameRights(actual, before)) problem = `${victim.name} after its restart answered ${describeResult(actual)}; before the crash the same call answered ${describeResult(before)}`;
      else if (i < c.crashAt && !sameAnswer(actual, before)) problem = `${victim.name} answered ${describeResult(actual)} before any crash, ${describeResult(before)} in the reference run`;
    } else {
      const fromVictim = step.call.kind === 'channel-receive' && normalizeComponentId(step.call.from) === victim.id;
      const same = fromVictim ? sameRights(actual, before) : sameAnswer(actual, before);
      if (!same) problem = `${nameOf(step.app)} answered ${describeResult(actual)} after ${victim.name} crashed; without the crash it answered ${describeResult(before)}`;
    }
    transcript.push(`${transcriptLine(i + 1, nameOf(step.app), step.call, nameOf, actual)}${problem ? `   ✗ without the crash: ${describeResult(before)}` : ''}`);
    if (problem) fail(problem);
  }
  othersRunning('at the end of the run');
  if (device.appState(victim.id) !== 'running') fail(`${victim.name} is ${device.appState(victim.id)} at the end of the run, after its restart`);
}
