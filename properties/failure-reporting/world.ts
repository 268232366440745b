/** The lab and the product's apps the failure-reporting checks drive, and the OS failure they log to exercise the log. */
import { AppRuntime, CountedFlash, FailureReportLog, LAB_EPOCH, type LogPlatform, type UpdateDevice, type UpdateLab, type UpdateService } from '../../emulator/update/index.js';
import type { FailureLogKind, FailureLogPolicy, UpdateDesign } from '../../model/update/update-design.js';
import { IsolationSpec } from '../../model/isolation/isolation-spec.js';
import type { Product } from '../../model/product/product.js';
import { findDenials, type World } from './scenario.js';

export function makeWorld(product: Product, lab: UpdateLab): World | string {
  const spec = new IsolationSpec(product);
  if (!spec.allocation.ok) return `the product's apps cannot run together (the compartmentalization property explains why)`;
  const compartments = spec.compartments.filter((c) => c.manifest && c.kind !== 'board-config');
  if (compartments.length === 0) return 'the product has no apps to fail';
  const apps = compartments.map((c) => c.id);
  // A genuine device fresh from the factory that does not boot on this design runs no app: no failure of an app can
  // be made, logged or reported, so nothing is checked (the boot's own rules are hardware-root-of-trust's).
  const probe = lab.device();
  if (!probe.isRunning) return `a genuine device fresh from the factory does not boot on this design (${probe.journal.at(-1)?.replace(/^\S+ /, '') ?? 'no boot recorded'}): the product's apps never run, so no failure can be made, logged or reported`;
  const scratch = () => {
    const device = lab.device();
    const runtime = new AppRuntime(spec, device);
    runtime.start();
    return runtime;
  };
  return { lab, spec, apps, names: compartments.map((c) => c.name), denials: findDenials(spec, scratch, apps) };
}

/**
 * The recording policy the emulated device's log runs: its own reading of the design and of what a field left out
 * means (emulator/update/log-policy-defaults.ts), asked of the log itself. The plays choose their stimuli and
 * which sources they fill by it, never by the spec's logPolicyOf, which the static checks read (log-policy.ts):
 * before, a play that took the spec's policy could only confirm it. The two readings are held together by
 * test/differential/log-defaults-differential.test.ts.
 */
export function devicePolicy(design: UpdateDesign, platform: LogPlatform): FailureLogPolicy {
  return FailureReportLog.open(new CountedFlash(), design, platform).policy;
}

/**
 * The OS failure the checks log to exercise the log itself (its report bounds, capacity, upkeep, an OS
 * flood): update-failure, or the first kind the device's log records; undefined when it records none (those
 * checks cannot run, and the recording checks say why).
 */
export function stimulusKind(design: UpdateDesign, platform: LogPlatform): FailureLogKind | undefined {
  const kinds = devicePolicy(design, platform).recordedKinds;
  return kinds.includes('update-failure') ? 'update-failure' : kinds[0];
}

/** A fresh device at the lab's epoch, a service of its own, and the product's apps running on it. */
export function freshDevice(world: World): { service: UpdateService; device: UpdateDevice; runtime: AppRuntime } {
  const { lab } = world;
  lab.now = LAB_EPOCH;
  const service = lab.newService();
  const device = lab.device();
  const runtime = new AppRuntime(world.spec, device);
  runtime.start();
  return { service, device, runtime };
}
