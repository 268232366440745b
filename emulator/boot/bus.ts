/**
 * Every value that leaves a component in the boot emulator passes through here: flash reads and
 * writes, images copied into memory, requests to and answers from Pluton, eFuse programming, and
 * network messages. The log exists so a checker can scan all of it for secrets (the identity key
 * must never appear); the boot itself never reads it back.
 */

export type BusChannel = 'flash-read' | 'flash-write' | 'memory' | 'pluton-mailbox' | 'efuse-read' | 'efuse-write' | 'network';

export interface BusEvent {
  sequence: number;
  channel: BusChannel;
  from: string;
  to: string;
  /** What the value is, for a person reading a leak report. */
  label: string;
  bytes: Uint8Array;
}

export class BusLog {
  #events: BusEvent[] = [];
  #sequence = 0;

  record(channel: BusChannel, from: string, to: string, label: string, bytes: Uint8Array): void {
    this.#events.push({ sequence: this.#sequence++, channel, from, to, label, bytes });
  }

  /** Text crossing a bus (a JSON message, a log line) is scanned as its UTF-8 bytes. */
  recordText(channel: BusChannel, from: string, to: string, label: string, text: string): void {
    this.record(channel, from, to, label, new TextEncoder().encode(text));
  }

  get events(): readonly BusEvent[] {
    return this.#events;
  }

  get size(): number {
    return this.#events.length;
  }

  /** Forget what was recorded (a benchmark booting thousands of times keeps only the last boot). */
  clear(): void {
    this.#events = [];
  }
}
