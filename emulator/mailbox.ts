/**
 * Inter-core mailboxes: one FIFO per ordered pair of apps. The mailbox opens a channel as the platform
 * design's appConnections says: when both apps' partner lists name each other (Azure Sphere), when
 * either does, or between any two apps. (With the channelOnOneSidedLink fault, when either does.)
 * It does not check that the peer is running: a message to a stopped app waits in its inbox, and
 * the inbox is emptied when that app restarts.
 *
 * Second reading, on purpose: the acceptance policy mirrors the spec's channelAccess
 * (model/isolation/isolation-spec.ts); test/differential/isolation-harness.ts holds them together.
 */
import type { AppIsolation } from '../model/platform/platform-design.js';
import type { OsCapabilities } from './os-capabilities.js';

export class Mailbox {
  private readonly queues = new Map<string, string[]>();

  constructor(
    private readonly policy: AppIsolation['appConnections'],
    private readonly options: { oneSidedOpens?: boolean } = {},
  ) {}

  isOpen(a: { id: string; caps: OsCapabilities }, b: { id: string; caps: OsCapabilities }): boolean {
    if (this.policy === 'any-app') return true;
    const aListsB = a.caps.partners.has(b.id);
    const bListsA = b.caps.partners.has(a.id);
    return this.policy === 'either-lists-the-other' || this.options.oneSidedOpens ? aListsB || bListsA : aListsB && bListsA;
  }

  send(from: string, to: string, data: string): void {
    const key = queueKey(from, to);
    const queue = this.queues.get(key) ?? [];
    queue.push(data);
    this.queues.set(key, queue);
  }

  /** The oldest message from `from` to `to`, or null when none waits. */
  receive(to: string, from: string): string | null {
    return this.queues.get(queueKey(from, to))?.shift() ?? null;
  }

  /** Drops every message waiting for `to` (it restarted). */
  clearInbox(to: string): void {
    for (const key of [...this.queues.keys()]) if (key.endsWith(`>${to}`)) this.queues.delete(key);
  }

  clearAll(): void {
    this.queues.clear();
  }
}

const queueKey = (from: string, to: string) => `${from}>${to}`;
