/**
 * The device's failure log: every denial and every app failure, in order, as Azure Sphere would
 * report it to the failure-analysis service. Sequence numbers are device-wide and never reused,
 * also across an app restart or a device reboot.
 */
import type { EmulatorErrno } from './syscalls.js';

export type FailureKind =
  /** The I/O firewall refused a core's access to a block. */
  | 'firewall-denial'
  /** The OS refused a high-level app a peripheral its manifest does not declare. */
  | 'capability-denial'
  /** The mailbox refused a channel: the two apps do not both list each other. */
  | 'channel-denial'
  /** The app firewall refused a connection or a listening port. */
  | 'network-denial'
  /** The storage service refused another app's storage, or the app has none. */
  | 'storage-denial'
  /** A write went past the app's MutableStorage quota. */
  | 'storage-quota'
  /** The app asked for a peripheral or an app that does not exist. */
  | 'no-such-resource'
  /** The app crashed; only it stopped. */
  | 'app-crash'
  /** The app exited with a non-zero code. */
  | 'app-exit'
  /** The whole device rebooted (only the crashRebootsDevice fault does this on a crash). */
  | 'device-reboot';

export interface FailureEvent {
  sequence: number;
  kind: FailureKind;
  /** Component id of the app concerned ('' for the device itself). */
  app: string;
  detail: string;
  errno?: EmulatorErrno;
  /** Boot number of the device when the event happened (1 for the first boot). */
  boot: number;
}

export class FailureLog {
  private readonly list: FailureEvent[] = [];
  private next = 1;

  append(event: Omit<FailureEvent, 'sequence'>): FailureEvent {
    // Two literals, not a spread: the same fields in the same order either way (a spread of objects of
    // two shapes was most of a denied syscall's cost; the property suite logs some hundred thousand).
    const { kind, app, detail, boot, errno } = event;
    const sequence = this.next++;
    const full: FailureEvent = errno === undefined ? { sequence, kind, app, detail, boot } : { sequence, kind, app, detail, boot, errno };
    this.list.push(full);
    return full;
  }

  events(filter?: { kind?: FailureKind; app?: string }): readonly FailureEvent[] {
    if (!filter) return this.list;
    return this.list.filter((e) => (filter.kind === undefined || e.kind === filter.kind) && (filter.app === undefined || e.app === filter.app));
  }

  get length(): number {
    return this.list.length;
  }
}
