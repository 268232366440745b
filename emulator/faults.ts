/**
 * Realistic bugs the emulator can be built with, so the property suite can show it catches them.
 * A device booted without faults is the reference behaviour; each flag swaps one mechanism for a
 * plausible faulty implementation of it. None of them changes the product or its spec.
 */
export interface EmulatorFaults {
  /**
   * The firewall installer programs one entry per claimed GPIO instead of the whole block (function
   * claims such as Pwm or Uart still program their block). Entries it never programs keep the
   * firewall's reset state, which in this faulty build is open to every core (fail-open): the other
   * pins of a claimed block, and every pin and function of a block nobody claimed, are reachable
   * from any core, so an M4 app can drive a pin in the other M4's block or in an unassigned block.
   */
  firewallPerPin?: boolean;
  /** The mailbox opens a channel when either app lists the other (instead of both). */
  channelOnOneSidedLink?: boolean;
  /** The app firewall lets a high-level app connect to any host, declared or not. */
  connectToUndeclaredHost?: boolean;
  /** The storage service lets an app read another app's mutable storage (writes stay private). */
  sharedStorage?: boolean;
  /** A crash reboots the whole device (watchdog) instead of stopping only the crashed app. */
  crashRebootsDevice?: boolean;
}

export const FAULT_NAMES = ['firewallPerPin', 'channelOnOneSidedLink', 'connectToUndeclaredHost', 'sharedStorage', 'crashRebootsDevice'] as const satisfies readonly (keyof EmulatorFaults)[];

export type FaultName = (typeof FAULT_NAMES)[number];

export function activeFaults(faults: EmulatorFaults | undefined): FaultName[] {
  return FAULT_NAMES.filter((name) => faults?.[name] === true);
}
