/**
 * Model-based check: fast-check commands make random apps issue random syscalls (crashes, exits
 * and restarts included) against a freshly booted device, and every answer must be the spec's
 * decision: allowed ↔ ok, the same errno when denied, the data the spec's state says. A denial
 * must also leave a failure event for that app with that errno, and a crash an 'app-crash' event.
 */
import fc from 'fast-check';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { EmulatedDevice } from '../../emulator/app-device.js';
import { describeResult, describeSyscall, type Syscall } from '../../emulator/syscalls.js';
import { nameResolver, runCheck, Violation, type CheckRunOptions } from './check-runner.js';
import { describeExpectation, disagreement, SpecModel } from './spec-model.js';
import type { SuiteResult } from './suite.js';
import { oneCallOfEachKind, syscallArb, syscallKinds, type Universe } from './universe.js';

interface Real {
  device: EmulatedDevice;
  transcript: string[];
}

type Cmd = fc.Command<SpecModel, Real>;

const MAX_COMMANDS = 40;

class SyscallCommand implements Cmd {
  constructor(
    readonly app: string,
    readonly appName: string,
    readonly call: Syscall,
    readonly label: string,
    readonly tried: Set<string>,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: SpecModel, real: Real): void {
    this.tried.add(`${this.appName}: ${this.call.kind}`);
    const events = real.device.failures().length;
    const expected = model.apply(this.app, this.call);
    const actual = real.device.syscall(this.app, this.call);
    const n = real.transcript.length + 1;
    const problem = disagreement(actual, expected);
    real.transcript.push(`${n}. ${this.label} → ${describeResult(actual)}${problem ? `   ✗ spec: ${describeExpectation(expected)}` : ''}`);
    if (problem) throw new Violation(`${this.label}: ${problem}`, real.transcript);
    const fresh = real.device.failures().slice(events);
    if (!actual.ok && actual.errno !== 'ESRCH' && !fresh.some((e) => e.app === this.app && e.errno === actual.errno)) {
      throw new Violation(`${this.appName} was denied (${actual.errno}) but the device logged no failure event for it`, real.transcript);
    }
    if (this.call.kind === 'crash' && actual.ok && !fresh.some((e) => e.app === this.app && e.kind === 'app-crash')) {
      throw new Violation(`${this.appName} crashed but the device logged no app-crash event`, real.transcript);
    }
  }

  toString(): string {
    return this.label;
  }
}

class RestartCommand implements Cmd {
  constructor(
    readonly app: string,
    readonly appName: string,
    readonly tried: Set<string>,
  ) {}

  check(): boolean {
    return true;
  }

  run(model: SpecModel, real: Real): void {
    this.tried.add(`${this.appName}: restart`);
    const boots = real.device.bootCount;
    const result = real.device.restartApp(this.app);
    model.restart(this.app);
    const n = real.transcript.length + 1;
    real.transcript.push(`${n}. restart ${this.appName} → ${describeResult(result)}`);
    if (!result.ok) throw new Violation(`restarting ${this.appName} failed: ${describeResult(result)}`, real.transcript);
    if (real.device.appState(this.app) !== 'running') throw new Violation(`${this.appName} is ${real.device.appState(this.app)} after a restart`, real.transcript);
    if (real.device.bootCount !== boots) throw new Violation(`restarting ${this.appName} rebooted the device`, real.transcript);
  }

  toString(): string {
    return `restart ${this.appName}`;
  }
}

export function modelBasedCheck(spec: IsolationSpec, universe: Universe, boot: () => EmulatedDevice, options: CheckRunOptions): SuiteResult {
  const nameOf = nameResolver(spec);
  const byId = new Map(universe.apps.map((a) => [a.id, a]));
  const app = fc.constantFrom(...universe.apps.map((a) => a.id));
  // Every app making every kind of call and being restarted: the cases a holds needs its runs to have tried.
  const tried = new Set<string>();
  const expected = universe.apps.flatMap((a) => [...syscallKinds(universe, { lifecycle: true }), 'restart'].map((kind) => `${a.name}: ${kind}`));
  const syscallCommand = fc
    .tuple(app, syscallArb(universe, { lifecycle: true }))
    .map(([id, call]): Cmd => new SyscallCommand(id, byId.get(id)!.name, call, `${byId.get(id)!.name}: ${describeSyscall(call, nameOf)}`, tried));
  const restartCommand = app.map((id): Cmd => new RestartCommand(id, byId.get(id)!.name, tried));
  const commands = fc.commands([fc.oneof({ weight: 14, arbitrary: syscallCommand }, { weight: 1, arbitrary: restartCommand })], {
    maxCommands: MAX_COMMANDS,
    ...(options.commandsReplayPath !== undefined ? { replayPath: options.commandsReplayPath } : {}),
  });
  // The first run has every app make one call of every kind, restarted after it exits and after it crashes: the
  // check's whole enumeration, so a holds never rests on runs that left a kind of call untried.
  const calls = oneCallOfEachKind(universe, { lifecycle: true }, options.seed);
  const everyKind: Cmd[] = universe.apps.flatMap((a) =>
    calls.flatMap((call) => {
      const command = new SyscallCommand(a.id, a.name, call, `${a.name}: ${describeSyscall(call, nameOf)}`, tried);
      return call.kind === 'exit' || call.kind === 'crash' ? [command, new RestartCommand(a.id, a.name, tried)] : [command];
    }),
  );
  return runCheck(
    'model-based',
    commands,
    (cmds) => fc.modelRun(() => ({ model: new SpecModel(spec), real: { device: boot(), transcript: [] } }), cmds),
    (runs) => `${runs} random runs of up to ${MAX_COMMANDS} syscalls by ${universe.apps.length} app${universe.apps.length === 1 ? '' : 's'}: every answer matched the spec's decision`,
    options,
    [everyKind],
    { expected, tried },
  );
}
