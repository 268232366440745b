/**
 * The compartmentalization property suite: random app programs run on the emulated device
 * (emulator/) and are judged against the isolation spec (model/isolation/). Three checks:
 *  - model-based: every syscall's answer is the spec's decision (fast-check commands + modelRun);
 *  - noninterference: no app's observations depend on another app's secrets;
 *  - crash-isolation: a crash stops only the crashed app, which restarts without a device reboot.
 * A check that ran no case is 'unknown', never 'holds'. Every 'violated' comes with the shrunk
 * counterexample and the seed and path that replay it.
 */
import type { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { bootDevice, prepareBoot, type BootResult, type EmulatedDevice, type PreparedBoot } from '../../emulator/app-device.js';
import { activeFaults, type EmulatorFaults } from '../../emulator/faults.js';
import { IoWindows } from '../../emulator/io-windows.js';
import type { CheckRunOptions } from './check-runner.js';
import { crashIsolationCheck } from './crash-isolation.js';
import { modelBasedCheck } from './model-based.js';
import { noninterferenceCheck } from './noninterference.js';
import { universeOf } from './universe.js';

export type SuiteCheck = 'model-based' | 'noninterference' | 'crash-isolation';

export const SUITE_CHECKS: readonly SuiteCheck[] = ['model-based', 'noninterference', 'crash-isolation'];

export interface SuiteResult {
  check: SuiteCheck;
  verdict: 'holds' | 'violated' | 'unknown';
  /** Cases run (up to and including the first failing one when violated). */
  runs: number;
  seed: number;
  summary: string;
  /** Why a 'holds' needed no case (e.g. "one app": noninterference has no pair to compare); absent when cases decided it. */
  trivial?: string;
  /** The shrunk failing run, one step a line, with what the device answered. */
  counterexample?: string;
  /** The seed and fast-check path of the counterexample, and the call that replays it. */
  replay?: string;
  timeMs: number;
}

/** Boots a fresh device for one run; the default boots the emulator with `faults`. */
export type DeviceFactory = (spec: IsolationSpec) => BootResult | EmulatedDevice;

export interface SuiteOptions {
  seed: number;
  /** Cases per check. */
  runs: number;
  faults?: EmulatorFaults;
  deviceFactory?: DeviceFactory;
  /** Run only these checks (default: all three, in SUITE_CHECKS order). */
  checks?: readonly SuiteCheck[];
  /** Replay one counterexample of one check (the values a 'violated' result's replay names). */
  replay?: { check: SuiteCheck; path: string; commandsReplayPath?: string };
  /** Per-check time budget; a check it interrupts (before any case or after some) is 'unknown'. */
  timeLimitMs?: number;
}

export function runCompartmentalizationSuite(spec: IsolationSpec, options: SuiteOptions): SuiteResult[] {
  const checks = options.replay ? [options.replay.check] : (options.checks ?? SUITE_CHECKS);
  const unknown = (summary: string): SuiteResult[] => checks.map((check) => ({ check, verdict: 'unknown', runs: 0, seed: options.seed, summary, timeMs: 0 }));

  // One block index per chip, and the product prepared once (installation, app tables), for all of
  // the suite's thousands of boots: a device only reads them.
  let windows: IoWindows | undefined;
  const windowsOf = (s: IsolationSpec): IoWindows => (windows?.chip === s.product.chip ? windows : (windows = IoWindows.of(s.product.chip)));
  let prepared: PreparedBoot | undefined;
  const preparedOf = (s: IsolationSpec): PreparedBoot => (prepared?.product === s.product ? prepared : (prepared = prepareBoot(s.product, windowsOf(s))));
  const factory: DeviceFactory = options.deviceFactory ?? ((s) => bootDevice(s.product, { prepared: preparedOf(s), ...(options.faults ? { faults: options.faults } : {}) }));
  const first = factory(spec);
  if ('ok' in first && !first.ok) return unknown(`the device cannot be tested: ${first.reason}`);
  const boot = (): EmulatedDevice => {
    const made = factory(spec);
    if (!('ok' in made)) return made;
    if (!made.ok) throw new Error(`the device refused to boot: ${made.reason}`);
    return made.device;
  };

  const universe = universeOf(spec);
  if (universe.apps.length === 0) return unknown('the product has no app to run');

  const faults = activeFaults(options.faults);
  const call = (check: SuiteCheck) => (path: string, commandsReplayPath?: string) =>
    `runCompartmentalizationSuite(spec, { seed: ${options.seed}, runs: ${options.runs}${faults.length ? `, faults: { ${faults.map((f) => `${f}: true`).join(', ')} }` : ''}, replay: { check: '${check}', path: '${path}'${commandsReplayPath ? `, commandsReplayPath: '${commandsReplayPath}'` : ''} } })`;
  const runOptions = (check: SuiteCheck): CheckRunOptions => ({
    seed: options.seed,
    runs: options.runs,
    replayCall: call(check),
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
    ...(options.replay?.check === check ? { path: options.replay.path, ...(options.replay.commandsReplayPath !== undefined ? { commandsReplayPath: options.replay.commandsReplayPath } : {}) } : {}),
  });

  return checks.map((check) => {
    switch (check) {
      case 'model-based':
        return modelBasedCheck(spec, universe, boot, runOptions(check));
      case 'noninterference':
        return noninterferenceCheck(spec, universe, boot, runOptions(check));
      case 'crash-isolation':
        return crashIsolationCheck(spec, universe, boot, runOptions(check));
    }
  });
}
