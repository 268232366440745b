/**
 * A crash on the booted device: a component the design names fails, and the device shows which components go down
 * with it. What runs is the boot's (the stages its trace says ran, and the mask ROM, which always runs); nothing is
 * read from a rule.
 *  - A user-mode component is a process: its address space is kept by a privileged mode of its core that is still
 *    running (the same world's, or the secure world's, which maps the normal world too), and that mode loads it
 *    again and it alone went down (an Azure Sphere OS service is a process the OS restarts, facts §1.3). The nearest
 *    such mode (the lowest privilege of those running) restarts it.
 *  - Any other component is a privileged mode of its core, or firmware: nothing on the chip restarts one mode of a
 *    core alone, so the watchdog resets the chip: the device powers off (every running component goes down, volatile
 *    memory is lost) and boots again, and the new boot's trace says what runs afterwards.
 *  - So does a user-mode component with no running privileged mode on its core: nobody can load it again.
 * Second reading, on purpose, of model/platform/crash-containment.ts (sharedServiceCrashes: which shared service's
 * crash is restarted alone, which reboots the device); test/differential/crash-containment-reading.ts drives it from
 * the apps' interfaces and test/differential/crash-containment-differential.test.ts holds the two together.
 */
import type { PlatformComponent } from '../../model/platform/platform-design.js';
import type { BootDevice } from './boot-device.js';
import { bootDevice } from './boot.js';
import type { SignatureVerifier } from './p256-verifier.js';
import type { BootTrace } from './trace.js';

export interface CrashOutcome {
  /** The component that crashed. */
  crashed: string;
  /** It was not running (the boot never ran its stage): nothing crashed, nothing is observed. */
  notRunning?: true;
  /** Every component that stopped running, the crashed one first. */
  down: string[];
  /** The running component that loaded it again, when it alone went down. */
  restartedBy?: string;
  /** The chip was reset and booted again. */
  rebooted: boolean;
  /** What runs once the device has settled (after the restart, or the new boot). */
  runningAfter: string[];
}

/** What runs on a booted device: the stages its boot ran, and the mask ROM. */
export function runningComponents(device: BootDevice, trace: BootTrace): string[] {
  const ran = new Set(trace.stages.filter((s) => s.outcome.status === 'ran').map((s) => s.image));
  return device.design.components.filter((c) => c.privilege === 'rom' || ran.has(c.id)).map((c) => c.id);
}

/** How privileged a mode is, lowest first: the order a process's keeper is looked for in. */
const MODE_ORDER: readonly PlatformComponent['privilege'][] = ['supervisor', 'bare-metal', 'firmware', 'rom'];

/** The running privileged mode of `process`'s core that keeps its address space, the nearest first; undefined: none. */
function keeperOf(process: PlatformComponent, running: readonly PlatformComponent[]): PlatformComponent | undefined {
  const keepers = running.filter((c) => c.core === process.core && c.privilege !== 'user' && (c.world === process.world || c.world === 'secure'));
  const rank = (c: PlatformComponent) => MODE_ORDER.indexOf(c.privilege) * 2 + (c.world === process.world ? 0 : 1);
  return keepers.sort((a, b) => rank(a) - rank(b))[0];
}

/** Crashes `component` on `device` (booted, with `trace` its boot) and lets the device recover as it does. */
export function crashComponent(device: BootDevice, trace: BootTrace, component: string, verifier: SignatureVerifier): CrashOutcome {
  const design = device.design;
  const runningIds = runningComponents(device, trace);
  if (!runningIds.includes(component)) return { crashed: component, notRunning: true, down: [], rebooted: false, runningAfter: runningIds };
  const running = runningIds.map((id) => design.components.find((c) => c.id === id)!);
  const crashed = running.find((c) => c.id === component)!;
  const keeper = crashed.privilege === 'user' ? keeperOf(crashed, running.filter((c) => c.id !== component)) : undefined;
  if (keeper) {
    // The keeper loads the same image again from what it loaded before (the process's memory is its own).
    const image = device.memory.get(component);
    device.memory.delete(component);
    if (image) device.memory.set(component, image);
    return { crashed: component, down: [component], restartedBy: keeper.id, rebooted: false, runningAfter: runningIds };
  }
  device.powerCycle();
  const again = bootDevice(device, { verifier, scenario: `after the crash of ${component}` });
  return { crashed: component, down: [component, ...runningIds.filter((id) => id !== component)], rebooted: true, runningAfter: runningComponents(device, again) };
}
