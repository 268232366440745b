/**
 * Noninterference: two runs of one schedule that differ only in app B's secrets (what B writes to
 * its storage, what B sends to a third party or to nobody, what B writes to peripherals) must give
 * app A the same observations. Checked for every ordered pair (A, B) in every case: as it is when
 * the spec opens no channel between A and B, and with B's sends to A taken out when it does.
 */
import fc from 'fast-check';
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { EmulatedDevice } from '../../emulator/app-device.js';
import { describeResult, normalizeComponentId, showData, type Syscall, type SyscallResult } from '../../emulator/syscalls.js';
import { nameResolver, runCheck, transcriptLine, Violation, type CheckRunOptions } from './check-runner.js';
import type { SuiteResult } from './suite.js';
import { oneCallOfEachKind, stepArb, syscallKinds, type AppRef, type Step, type Universe } from './universe.js';

const MAX_STEPS = 30;

interface Pair {
  observer: AppRef;
  secretHolder: AppRef;
  channel: boolean;
}

/** B's secret in the second run: every datum B writes or sends is replaced by a different one. */
export function varySecret(call: Syscall): Syscall {
  switch (call.kind) {
    case 'peripheral-write':
      return { ...call, data: (call.data % 3) + 1 };
    case 'storage-write':
    case 'channel-send':
      return { ...call, data: `${call.data.toUpperCase()}#` };
    default:
      return call;
  }
}

const secretOf = (call: Syscall): string =>
  call.kind === 'peripheral-write' ? String(call.data) : call.kind === 'storage-write' || call.kind === 'channel-send' ? showData(call.data) : '';

const isSecret = (call: Syscall) => call.kind === 'peripheral-write' || call.kind === 'storage-write' || call.kind === 'channel-send';

export function noninterferenceCheck(spec: IsolationSpec, universe: Universe, boot: () => EmulatedDevice, options: CheckRunOptions): SuiteResult {
  const pairs: Pair[] = universe.apps.flatMap((observer) =>
    universe.apps.filter((b) => b.id !== observer.id).map((secretHolder) => ({ observer, secretHolder, channel: spec.channelAccess(observer.id, secretHolder.id).allowed })),
  );
  if (universe.apps.length === 1) {
    // Noninterference is a statement about pairs of compartments; with one app there is no other app whose
    // secrets it could observe, so it holds without running a case, and the result says that is why.
    const only = universe.apps[0]!.name;
    return {
      check: 'noninterference',
      verdict: 'holds',
      runs: 0,
      seed: options.seed,
      summary: `holds trivially: ${only} is the product's only app, so there is no other app whose secrets it could observe (no pair of compartments to compare; no case was run)`,
      trivial: 'one app',
      timeMs: 0,
    };
  }
  if (pairs.length === 0) {
    return { check: 'noninterference', verdict: 'unknown', runs: 0, seed: options.seed, summary: 'the product has no pair of apps to compare', timeMs: 0 };
  }
  const nameOf = nameResolver(spec);
  const schedule = fc.array(stepArb(universe, { lifecycle: false }), { minLength: 1, maxLength: MAX_STEPS });
  // Every app making every kind of call in some schedule: the cases a holds needs its runs to have tried.
  const names = new Map(universe.apps.map((a) => [a.id, a.name]));
  const tried = new Set<string>();
  const expected = universe.apps.flatMap((a) => syscallKinds(universe, { lifecycle: false }).map((kind) => `${a.name}: ${kind}`));
  const predicate = (steps: Step[]) => {
    for (const step of steps) tried.add(`${names.get(step.app)}: ${step.call.kind}`);
    for (const pair of pairs) comparePair(pair, steps, boot, nameOf);
  };
  return runCheck(
    'noninterference',
    schedule,
    predicate,
    (runs) => `${runs} random schedules of up to ${MAX_STEPS} syscalls × ${pairs.length} ordered app pairs: no app's observations depended on another app's secrets`,
    options,
    // The first schedule has every app make one call of every kind: the check's whole enumeration, tried at any --runs.
    [universe.apps.flatMap((a) => oneCallOfEachKind(universe, { lifecycle: false }, options.seed).map((call) => ({ app: a.id, call })))],
    { expected, tried },
  );
}

function comparePair(pair: Pair, schedule: Step[], boot: () => EmulatedDevice, nameOf: (id: string) => string): void {
  const { observer: a, secretHolder: b } = pair;
  const kept = pair.channel ? schedule.filter((s) => !(s.app === b.id && s.call.kind === 'channel-send' && normalizeComponentId(s.call.to) === a.id)) : schedule;
  const steps = [...kept, ...probes(a, b, kept)];
  const one = boot();
  const two = boot();
  for (const step of steps) {
    one.syscall(step.app, step.call);
    two.syscall(step.app, step.app === b.id ? varySecret(step.call) : step.call);
  }
  const seenOne = one.observations(a.id);
  const seenTwo = two.observations(a.id);
  const length = Math.max(seenOne.length, seenTwo.length);
  for (let i = 0; i < length; i++) {
    const x = seenOne[i];
    const y = seenTwo[i];
    if (x && y && sameResult(x.result, y.result)) continue;
    const transcript = [
      `A = ${a.name} (observer), B = ${b.name} (secret holder); ${pair.channel ? 'the spec opens a channel between them: B sends A nothing' : 'the spec opens no channel between them'}`,
      ...upToFirstDifference(transcriptOf(steps, kept.length, a, b, one, two, nameOf)),
    ];
    const shown = (r: typeof x) => (r ? describeResult(r.result) : 'nothing');
    throw new Violation(`${a.name} can observe ${b.name}'s secrets: its syscall #${i + 1} returned ${shown(x)} in one run and ${shown(y)} in the other`, transcript);
  }
}

/**
 * Whether A saw the same answer in both runs: what JSON.stringify of the two answers would say (the
 * same fields, in the same order, leaving out undefined ones; a number that is not finite reads as
 * null), without building two strings per observation: the check compares some hundred thousand.
 * An answer holds only primitives (SyscallResult); anything else is compared as JSON after all.
 */
export function sameResult(x: SyscallResult, y: SyscallResult): boolean {
  if (x === y) return true;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < kx.length && unwritten((x as Record<string, unknown>)[kx[i]!])) i++;
    while (j < ky.length && unwritten((y as Record<string, unknown>)[ky[j]!])) j++;
    if (i === kx.length || j === ky.length) return i === kx.length && j === ky.length;
    if (kx[i] !== ky[j]) return false;
    const a = (x as Record<string, unknown>)[kx[i]!];
    const b = (y as Record<string, unknown>)[ky[j]!];
    if ((typeof a === 'object' && a !== null) || (typeof b === 'object' && b !== null)) {
      if (JSON.stringify(a) !== JSON.stringify(b)) return false;
    } else if (asJson(a) !== asJson(b)) return false;
    i++;
    j++;
  }
}

/** A field JSON.stringify leaves out. */
const unwritten = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A primitive as JSON reads it back: non-finite numbers are written as null. */
const asJson = (v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

/**
 * After the schedule, A looks everywhere B may have left a secret: B's storage, the channel from B,
 * and every peripheral B wrote. A correct device denies A most of these, the same way in both runs.
 */
export function probes(a: AppRef, b: AppRef, schedule: Step[]): Step[] {
  const written = new Map<string, Syscall>();
  for (const s of schedule) {
    if (s.app === b.id && s.call.kind === 'peripheral-write') {
      written.set(`${s.call.capability}:${typeof s.call.value}:${s.call.value}`, { kind: 'peripheral-read', capability: s.call.capability, value: s.call.value });
    }
  }
  const calls: Syscall[] = [{ kind: 'storage-read', owner: b.id }, { kind: 'channel-receive', from: b.id }, ...written.values()];
  return calls.map((call) => ({ app: a.id, call }));
}

function upToFirstDifference(lines: string[]): string[] {
  const at = lines.findIndex((line) => line.includes('✗'));
  return at < 0 ? lines : lines.slice(0, at + 1);
}

function transcriptOf(steps: Step[], probeStart: number, a: AppRef, b: AppRef, one: EmulatedDevice, two: EmulatedDevice, nameOf: (id: string) => string): string[] {
  const index = new Map<string, number>();
  return steps.map((step, i) => {
    const k = index.get(step.app) ?? 0;
    index.set(step.app, k + 1);
    const name = nameOf(step.app);
    if (step.app === b.id && isSecret(step.call)) {
      return transcriptLine(i + 1, name, step.call, nameOf, undefined, `secret: run 1 ${secretOf(step.call)}; run 2 ${secretOf(varySecret(step.call))}`);
    }
    if (step.app !== a.id) return transcriptLine(i + 1, name, step.call, nameOf);
    const x = one.observations(a.id)[k];
    const y = two.observations(a.id)[k];
    const same = x && y && sameResult(x.result, y.result);
    const results = same ? describeResult(x.result) : `run 1: ${x ? describeResult(x.result) : '—'}; run 2: ${y ? describeResult(y.result) : '—'}   ✗`;
    return `${transcriptLine(i + 1, name, step.call, nameOf)} → ${results}${i >= probeStart ? '  [probe]' : ''}`;
  });
}
