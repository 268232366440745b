/**
 * Random runs of a device that fails in every way the lab can make it fail, with power cuts and torn
 * writes anywhere: each action is one failure (an app crash or a crash loop, a firewall or capability denial, an app
 * trying to reach the log through storage and then to erase it, a boot that fails verification, an attestation or update
 * failure), a connection, a restart, time passing, or a power cut armed at the n-th flash operation to
 * come (cut or torn). The run records the ground truth the oracle needs: every event the log said it
 * made durable, every event it counted instead of storing, and every power cut that hit the device
 * while its session record said it was running.
 */
import fc from 'fast-check';
import { AppRuntime } from '../../emulator/update/app-events.js';
import { connect, failingInterceptor, LAB_EPOCH, PowerCut, type EventOrigin, type LoggedEvent, type UpdateDevice, type UpdateLab, type UpdateService } from '../../emulator/update/index.js';
import type { Syscall } from '../../emulator/syscalls.js';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { failNextBoot } from './boot-failure.js';

export type Action =
  | { kind: 'app-crash'; app: number }
  /** A crash loop: enough events at once that acknowledging them makes the log compact itself. */
  | { kind: 'crash-loop'; app: number; count: number }
  | { kind: 'denial'; app: number }
  | { kind: 'reach-log'; app: number }
  | { kind: 'boot-failure' }
  | { kind: 'attestation-failure' }
  | { kind: 'update-failure' }
  | { kind: 'connect' }
  | { kind: 'reboot' }
  | { kind: 'wait'; hours: number }
  | { kind: 'power-cut'; after: number; torn: boolean };

/**
 * The actions a random run draws from, by kind; `perApp` kinds are drawn for each app. actionArbitrary draws from them
 * and actionCases names every case (random-runs.ts holds a `holds` to having tried each), written once.
 */
function actionParts(apps: number): { kind: Action['kind']; perApp: boolean; weight: number; arbitrary: fc.Arbitrary<Action> }[] {
  const app = fc.nat({ max: Math.max(0, apps - 1) });
  return [
    { kind: 'app-crash', perApp: true, weight: 3, arbitrary: app.map((a) => ({ kind: 'app-crash' as const, app: a })) },
    { kind: 'crash-loop', perApp: true, weight: 1, arbitrary: fc.record({ app, count: fc.integer({ min: 10, max: 40 }) }).map((c) => ({ kind: 'crash-loop' as const, ...c })) },
    { kind: 'denial', perApp: true, weight: 2, arbitrary: app.map((a) => ({ kind: 'denial' as const, app: a })) },
    { kind: 'reach-log', perApp: true, weight: 1, arbitrary: app.map((a) => ({ kind: 'reach-log' as const, app: a })) },
    { kind: 'boot-failure', perApp: false, weight: 1, arbitrary: fc.constant({ kind: 'boot-failure' as const }) },
    { kind: 'attestation-failure', perApp: false, weight: 1, arbitrary: fc.constant({ kind: 'attestation-failure' as const }) },
    { kind: 'update-failure', perApp: false, weight: 1, arbitrary: fc.constant({ kind: 'update-failure' as const }) },
    { kind: 'connect', perApp: false, weight: 2, arbitrary: fc.constant({ kind: 'connect' as const }) },
    { kind: 'reboot', perApp: false, weight: 1, arbitrary: fc.constant({ kind: 'reboot' as const }) },
    { kind: 'wait', perApp: false, weight: 1, arbitrary: fc.constantFrom(1, 20, 24 * 8, 24 * 10).map((hours) => ({ kind: 'wait' as const, hours })) },
    { kind: 'power-cut', perApp: false, weight: 4, arbitrary: fc.record({ after: fc.integer({ min: 1, max: 8 }), torn: fc.boolean() }).map((c) => ({ kind: 'power-cut' as const, ...c })) },
  ];
}

export function actionArbitrary(apps: number): fc.Arbitrary<Action> {
  return fc.oneof(...actionParts(apps).map(({ weight, arbitrary }) => ({ weight, arbitrary })));
}

/** Every case actionArbitrary draws, as actionCase names it: each kind, and each per-app kind for each app. */
export function actionCases(apps: readonly string[]): string[] {
  return actionParts(apps.length).flatMap((p) => (p.perApp ? apps.map((_, i) => actionCase({ kind: p.kind, app: i } as Action, apps)) : [p.kind]));
}

/**
 * One action of every case actionArbitrary draws (each per-app kind for each app), each drawn from its kind's own
 * arbitrary: random-runs.ts appends them to its scripted first run, so even --runs 1 tries the whole enumeration.
 */
export function oneActionOfEachCase(apps: number, seed: number): Action[] {
  return actionParts(apps).flatMap((p) => {
    const drawn = fc.sample(p.arbitrary, { seed, numRuns: 1 })[0]!;
    return p.perApp ? Array.from({ length: Math.max(1, apps) }, (_, app) => ({ ...drawn, app }) as Action) : [drawn];
  });
}

/** The case an action is of: its kind, with the app's name for the kinds drawn per app. */
export function actionCase(a: Action, apps: readonly string[]): string {
  return 'app' in a ? `${a.kind} ${apps[a.app] ?? a.app}` : a.kind;
}

export const describeAction = (a: Action, apps: readonly string[]): string => {
  switch (a.kind) {
    case 'app-crash':
    case 'denial':
    case 'reach-log':
      return `${a.kind} ${apps[a.app] ?? a.app}`;
    case 'crash-loop':
      return `${apps[a.app] ?? a.app} crashes ${a.count} times`;
    case 'wait':
      return `wait ${a.hours} h`;
    case 'power-cut':
      return `${a.torn ? 'torn write' : 'power cut'} armed ${a.after} flash operations ahead`;
    default:
      return a.kind;
  }
};

export interface World {
  lab: UpdateLab;
  spec: IsolationSpec;
  /** App component ids, and for each a syscall the device denies (and logs). */
  apps: string[];
  names: string[];
  denials: Syscall[];
}

export interface RunTruth {
  device: UpdateDevice;
  service: UpdateService;
  transcript: string[];
  /** Every event the log made durable (append returned it). */
  durable: LoggedEvent[];
  /** Sources whose events were counted, not stored, at least once. */
  droppedFrom: Set<string>;
  /** Failures the OS offered its log that the log does not record by design (kind or app class). */
  unrecorded: { kind: string; source: string; origin: EventOrigin; reason: string }[];
  /** A power cut hit the device while it was marked running, and no power-cut event has been logged since. */
  unreportedCut: boolean;
  cuts: number;
  drained: boolean;
  /** Set when the device was left with nothing to boot: why, and the actions that could not happen. */
  bricked?: { reason: string; skipped: number };
}

export function runScenario(world: World, actions: readonly Action[]): RunTruth {
  const { lab } = world;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  const runtime = new AppRuntime(world.spec, device);
  const truth: RunTruth = { device, service, transcript: [], durable: [], droppedFrom: new Set(), unrecorded: [], unreportedCut: false, cuts: 0, drained: false };
  device.onEvent = (result, kind, source, origin) => {
    if (result.outcome === 'dropped') truth.droppedFrom.add(source);
    else if (result.outcome === 'not-recorded') truth.unrecorded.push({ kind, source, origin, reason: result.reason });
    else {
      truth.durable.push(result.event);
      if (kind === 'power-cut') truth.unreportedCut = false;
    }
  };
  const say = (line: string) => truth.transcript.push(`${((lab.now - LAB_EPOCH) / 3600).toFixed(1)}h ${line}`);
  const powerOn = () => {
    for (;;) {
      try {
        device.powerOn(lab.now);
        if (device.isRunning) runtime.start();
        return;
      } catch (err) {
        lost(err);
      }
    }
  };
  const lost = (err: unknown) => {
    if (!(err instanceof PowerCut)) throw err;
    truth.cuts++;
    // Ground truth from the flash as the cut left it: did the device know it was running?
    if (device.session.read()?.value.running) truth.unreportedCut = true;
    say(`  ${err.message}`);
    device.losePower();
  };
  runtime.start(); // lab.device() powered the device on
  const down = () => {
    const boot = device.lastBoot;
    return `no bank boots (${boot?.attempts.map((a) => `bank ${a.bank} halted at ${a.trace.haltedAt}`).join('; ') ?? 'no boot'}; layout ${lab.design.slots.layout}, recovery ${lab.design.slots.recovery})`;
  };
  for (const [i, action] of actions.entries()) {
    say(describeAction(action, world.names));
    try {
      if (!device.isRunning) powerOn();
      if (!device.isRunning) {
        truth.bricked = { reason: down(), skipped: actions.length - i };
        say(`  the device has nothing to boot: ${truth.bricked.reason}; the rest of the run cannot happen`);
        break;
      }
      perform(world, device, runtime, service, action);
    } catch (err) {
      lost(err);
      powerOn();
    }
  }
  device.flash.arm(undefined);
  if (!device.isRunning) powerOn();
  if (!device.isRunning && !truth.bricked) truth.bricked = { reason: down(), skipped: 0 };
  // Then the device stays connected until its log is empty (a real device would upload daily).
  for (let i = 0; i < 50 && device.isRunning && (device.log?.pending().length ?? 0) > 0; i++) {
    lab.now += 3600;
    connect(device, lab.connection(undefined, service), lab.now, { check: false });
  }
  truth.drained = device.isRunning && (device.log?.pending().length ?? 0) === 0;
  say(`end: ${truth.durable.length} events made durable, ${service.received(device.identity.deviceId).length} at the service, ${truth.cuts} power cuts`);
  return truth;
}

function perform(world: World, device: UpdateDevice, runtime: AppRuntime, service: UpdateService, action: Action): void {
  const { lab } = world;
  const now = lab.now;
  switch (action.kind) {
    case 'app-crash':
      runtime.syscall(world.apps[action.app]!, { kind: 'crash', reason: 'lab: crash injected' }, now);
      return;
    case 'crash-loop':
      for (let i = 0; i < action.count; i++) runtime.syscall(world.apps[action.app]!, { kind: 'crash', reason: `lab: crash loop ${i + 1}` }, now);
      return;
    case 'denial':
      runtime.syscall(world.apps[action.app]!, world.denials[action.app]!, now);
      return;
    case 'reach-log':
      // The log is not an app's storage: the storage service refuses, and the refusal is itself logged.
      runtime.syscall(world.apps[action.app]!, { kind: 'storage-delete', owner: 'failure-log' }, now);
      // Then the log's own erase request, which the design's erasableBy grants or refuses.
      runtime.eraseFailureLog(world.apps[action.app]!, now);
      return;
    case 'boot-failure': {
      // Under every recovery setting: without a fallback the device is left with nothing to boot, and the run says so.
      failNextBoot(lab, device, lab.platform.boot[0]!.image, now, false);
      if (device.isRunning) runtime.start();
      return;
    }
    case 'attestation-failure':
      service.rejectAttestation = 'lab: the quote does not match a genuine boot';
      try {
        connect(device, lab.connection(undefined, service), now, { check: false });
      } finally {
        service.rejectAttestation = undefined;
      }
      return;
    case 'update-failure':
      connect(device, lab.connection(failingInterceptor('update service unreachable', 'HTTP 503'), service), now, { check: true });
      return;
    case 'connect':
      connect(device, lab.connection(undefined, service), now, { check: false });
      return;
    case 'reboot':
      device.reboot(now);
      if (device.isRunning) runtime.start();
      return;
    case 'wait':
      lab.now += action.hours * 3600;
      return;
    case 'power-cut':
      device.flash.arm({ at: action.after, mode: action.torn ? 'torn' : 'cut' });
      return;
  }
}

/** A syscall per app that the device denies and logs: another app's peripheral (firewall for a real-time app, OS capability for a high-level one). */
export function findDenials(spec: IsolationSpec, runtimeFor: () => AppRuntime, apps: readonly string[]): Syscall[] {
  return apps.map((app) => {
    const candidates: Syscall[] = spec.claims.filter((c) => c.compartment.id !== app).map((c) => ({ kind: 'peripheral-open', capability: c.capability, value: c.value }));
    for (const call of candidates) {
      const runtime = runtimeFor();
      const forwarded = runtime.syscall(app, call, LAB_EPOCH);
      // What the app device raised, not what the log kept: the design may not record this app's failures.
      if (!forwarded.result.ok && runtime.apps?.failures().some((e) => e.app === app && (e.kind === 'firewall-denial' || e.kind === 'capability-denial'))) return call;
    }
    return { kind: 'connect', host: 'undeclared.example.net' } as Syscall;
  });
}

