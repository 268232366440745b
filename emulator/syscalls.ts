/**
 * The system calls an emulated app can make. Apps are data: a program is a list of these, so tests
 * and fuzzers can generate them. Results carry POSIX errno names, the emulator's own vocabulary:
 * EACCES (a barrier refused), ENODEV (no such peripheral, block or core), ENOENT (no such app, or no
 * storage), ECONNREFUSED (no channel), ENOSPC (mutable storage full) and ESRCH (the app is not running:
 * it crashed or exited). The isolation spec names the same errnos for its denials; the differential
 * harness (test/differential/) requires the two to agree.
 *
 * Second reading, on purpose, of how component IDs compare (normalizeComponentId): it mirrors the
 * manifest format's normalizeGuid (formats/manifest/capabilities.ts: case-insensitive, braces optional)
 * without calling it. Before, the device, the isolation spec's side of the harness and the manifest
 * reader all normalised through that one function, so the harness's probes with other spellings of an
 * id could not disagree about the spelling rule; now test/differential/isolation-harness.ts holds the
 * device's reading against it on every channel and storage probe, and test/emulator/component-ids.test.ts
 * on random strings.
 */
import type { PeripheralCapability } from '../formats/chips/chip-profile.js';

export type Syscall =
  | { kind: 'peripheral-open'; capability: PeripheralCapability; value: string | number }
  | { kind: 'peripheral-read'; capability: PeripheralCapability; value: string | number }
  | { kind: 'peripheral-write'; capability: PeripheralCapability; value: string | number; data: number }
  /** Inter-core channel to a partner, by component id (any case, braces allowed). */
  | { kind: 'channel-send'; to: string; data: string }
  | { kind: 'channel-receive'; from: string }
  | { kind: 'connect'; host: string }
  | { kind: 'listen'; protocol: 'tcp' | 'udp'; port: number }
  /** Mutable storage of an app, by owner component id: read returns the whole file. */
  | { kind: 'storage-read'; owner: string }
  /** Appends data to the owner's mutable storage file. */
  | { kind: 'storage-write'; owner: string; data: string }
  | { kind: 'storage-delete'; owner: string }
  /** Writes the I/O firewall configuration register: give I/O block `block` to core `core`. */
  | { kind: 'firewall-write'; block: string; core: string }
  /** Reads a memory region of the platform design (an SRAM window, a mailbox buffer), by asset id, over the bus. */
  | { kind: 'memory-read'; region: string }
  /** Writes data into a memory region of the platform design, by asset id, over the bus (replacing what it held). */
  | { kind: 'memory-write'; region: string; data: string }
  | { kind: 'exit'; code: number }
  | { kind: 'crash'; reason: string };

export type SyscallKind = Syscall['kind'];

export type EmulatorErrno = 'EACCES' | 'ENODEV' | 'ENOENT' | 'ECONNREFUSED' | 'ENOSPC' | 'ESRCH';

export type SyscallResult =
  | {
      ok: true;
      /** File descriptor of an opened peripheral, socket or listener (per app, from 3). */
      fd?: number;
      /** What a read returned: a peripheral level, a message (null when none waits) or the storage file. */
      data?: string | number | null;
    }
  | { ok: false; errno: EmulatorErrno; deviceError?: number };

/** Component ids compare lower case and without braces, as the manifest reader stores them (the manifest format's rule). */
export function normalizeComponentId(id: string): string {
  // Remembered by the exact string: every syscall names its app and often a peer, the same few ids
  // hundreds of thousands of times in a property suite, and the regular expression was a visible cost.
  let normalized = normalizedIds.get(id);
  if (normalized === undefined) {
    // One pair of braces around the id is dropped (either alone too), and letters compare lower case.
    normalized = id.replace(/^\{/, '').replace(/\}$/, '').toLowerCase();
    if (normalizedIds.size >= MAX_NORMALIZED_IDS) normalizedIds.clear();
    normalizedIds.set(id, normalized);
  }
  return normalized;
}

/** Past this many distinct ids (a fuzzer's endless new ones), everything remembered is forgotten. */
export const MAX_NORMALIZED_IDS = 1024;
const normalizedIds = new Map<string, string>();

/** A one-line, comma-free description (counterexamples are joined with commas). */
export function describeSyscall(call: Syscall, nameOf: (id: string) => string = (id) => id): string {
  switch (call.kind) {
    case 'peripheral-open':
    case 'peripheral-read':
      return `${call.kind} ${call.capability} ${call.value}`;
    case 'peripheral-write':
      return `peripheral-write ${call.capability} ${call.value} ← ${call.data}`;
    case 'channel-send':
      return `channel-send to ${nameOf(call.to)} ${showData(call.data)}`;
    case 'channel-receive':
      return `channel-receive from ${nameOf(call.from)}`;
    case 'connect':
      return `connect ${call.host}`;
    case 'listen':
      return `listen ${call.protocol} ${call.port}`;
    case 'storage-read':
    case 'storage-delete':
      return `${call.kind} of ${nameOf(call.owner)}`;
    case 'storage-write':
      return `storage-write of ${nameOf(call.owner)} ${showData(call.data)}`;
    case 'firewall-write':
      return `firewall-write block ${call.block} → ${call.core}`;
    case 'memory-read':
      return `memory-read ${call.region}`;
    case 'memory-write':
      return `memory-write ${call.region} ${showData(call.data)}`;
    case 'exit':
      return `exit ${call.code}`;
    case 'crash':
      return `crash (${call.reason})`;
  }
}

export function describeResult(result: SyscallResult): string {
  if (!result.ok) return `${result.errno}${result.deviceError !== undefined ? ` (device error ${result.deviceError})` : ''}`;
  const parts = ['ok'];
  if (result.fd !== undefined) parts.push(`fd ${result.fd}`);
  if (result.data !== undefined) parts.push(typeof result.data === 'string' ? showData(result.data) : String(result.data));
  return parts.join(' ');
}

/** Long data is shown by its head and length so counterexamples stay readable. */
export function showData(data: string): string {
  const shown = data.length <= 24 ? JSON.stringify(data) : `${JSON.stringify(data.slice(0, 12) + '…')} (${data.length} bytes)`;
  return shown.replace(/,/g, '\\u002c');
}
