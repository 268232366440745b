/**
 * What happens when a running app makes a syscall: the emulator's own checks, in the order the
 * device applies them. A high-level app passes the OS capability check and then the I/O firewall;
 * a real-time app has no OS above them, so only the firewall stands between it and the hardware.
 * Channels go through the mailbox, connections and listening ports through the app firewall,
 * storage through the storage service, and a write of the I/O firewall configuration, or a read or
 * write of a memory region the design names, through the bus that checks the design's access rules. Every denial is logged as a failure event.
 *
 * Second reading, on purpose: the network rules (the per-app firewall of AllowedConnections and server
 * ports; real-time apps without a network, both as the platform design's appIsolation states them)
 * mirror the spec's connectAccess and listenAccess (model/isolation/isolation-spec.ts), written here again
 * so the device does not call the spec; test/differential/isolation-harness.ts holds them together.
 */
import type { AppIsolation } from '../model/platform/platform-design.js';
import type { AppInstance } from './app.js';
import type { EmulatorFaults } from './faults.js';
import type { FailureKind } from './failure-log.js';
import type { IoFirewall } from './firewall.js';
import type { IoWindows } from './io-windows.js';
import type { Mailbox } from './mailbox.js';
import { allowedHostEntry, declaresPeripheral, listensOn, peripheralKey } from './os-capabilities.js';
import type { StorageOutcome, StorageService } from './storage.js';
import { normalizeComponentId, type EmulatorErrno, type Syscall, type SyscallResult } from './syscalls.js';

export interface KernelContext {
  readonly chipId: string;
  readonly windows: IoWindows;
  readonly isolation: AppIsolation;
  readonly firewall: IoFirewall;
  readonly storage: StorageService;
  readonly mailbox: Mailbox;
  readonly faults: EmulatorFaults;
  /** Current level of each peripheral ("Gpio:20" → 1), 0 when never written. */
  readonly levels: Map<string, number>;
  /** What each memory region of the platform design holds, by asset id. */
  readonly memory: Map<string, string>;
  app(id: string): AppInstance | undefined;
  fail(app: AppInstance, kind: FailureKind, errno: EmulatorErrno | undefined, detail: string): void;
  crash(app: AppInstance, reason: string): void;
  exit(app: AppInstance, code: number): void;
}

/** Runs one syscall of a running app. The caller records the observation. */
export function execute(ctx: KernelContext, app: AppInstance, call: Syscall): SyscallResult {
  const deny = (kind: FailureKind, errno: EmulatorErrno, detail: string): SyscallResult => {
    ctx.fail(app, kind, errno, detail);
    return { ok: false, errno };
  };
  switch (call.kind) {
    case 'peripheral-open':
    case 'peripheral-read':
    case 'peripheral-write': {
      const { capability, value } = call;
      if (!ctx.windows.has(capability, value)) return deny('no-such-resource', 'ENODEV', `${ctx.chipId} has no ${capability} ${value}`);
      if (app.kind === 'high-level' && !declaresPeripheral(app.caps, capability, value)) {
        return deny('capability-denial', 'EACCES', `${app.name} does not declare ${capability} ${value}`);
      }
      const gate = ctx.firewall.access(app.core, capability, value);
      if (!gate.granted) return deny('firewall-denial', 'EACCES', `${app.name} on ${app.core}: ${gate.detail}`);
      const key = peripheralKey(capability, value);
      if (call.kind === 'peripheral-open') return { ok: true, fd: app.allocateFd() };
      if (call.kind === 'peripheral-read') return { ok: true, data: ctx.levels.get(key) ?? 0 };
      ctx.levels.set(key, call.data);
      return { ok: true };
    }
    case 'channel-send':
    case 'channel-receive': {
      const peerId = normalizeComponentId(call.kind === 'channel-send' ? call.to : call.from);
      const peer = ctx.app(peerId);
      if (!peer) return deny('channel-denial', 'ECONNREFUSED', `no app ${peerId} is installed`);
      if (!ctx.mailbox.isOpen(app, peer)) return deny('channel-denial', 'ECONNREFUSED', `the mailbox keeps the channel between ${app.name} and ${peer.name} closed (${ctx.isolation.appConnections})`);
      if (call.kind === 'channel-send') {
        ctx.mailbox.send(app.id, peer.id, call.data);
        return { ok: true };
      }
      return { ok: true, data: ctx.mailbox.receive(app.id, peer.id) };
    }
    case 'connect':
    case 'listen': {
      const filtered = networkFilter(ctx.isolation, app);
      if (filtered === 'no-network') return deny('network-denial', 'EACCES', `${app.name} is a real-time app: no network stack`);
      if (filtered === 'firewall') {
        if (call.kind === 'connect' && allowedHostEntry(app.caps, call.host) === undefined && !ctx.faults.connectToUndeclaredHost) {
          return deny('network-denial', 'EACCES', `${call.host} is not in ${app.name}'s AllowedConnections`);
        }
        if (call.kind === 'listen' && !listensOn(app.caps, call.protocol, call.port)) return deny('network-denial', 'EACCES', `${app.name} does not declare ${call.protocol.toUpperCase()} port ${call.port}`);
      }
      return { ok: true, fd: app.allocateFd() };
    }
    case 'firewall-write': {
      if (!ctx.windows.blocks.has(call.block)) return deny('no-such-resource', 'ENODEV', `${ctx.chipId} has no I/O block ${call.block}`);
      if (!ctx.windows.cores.has(call.core)) return deny('no-such-resource', 'ENODEV', `${ctx.chipId} has no core ${call.core}`);
      if (app.firewallConfigRight === undefined) return deny('firewall-denial', 'EACCES', `the bus refuses ${app.name}'s write of the I/O firewall configuration: its component has no write right`);
      ctx.firewall.configure(call.block, call.core);
      return { ok: true };
    }
    case 'memory-read':
    case 'memory-write': {
      // The bus grants what the design's access rules give the app's component on that region, nothing else.
      const right = call.kind === 'memory-read' ? 'read' : 'write';
      if (!app.memoryRights.get(call.region)?.has(right)) return deny('firewall-denial', 'EACCES', `the bus refuses ${app.name}'s ${right} of ${call.region}: its component has no ${right} right on it`);
      if (call.kind === 'memory-read') return { ok: true, data: ctx.memory.get(call.region) ?? '' };
      ctx.memory.set(call.region, call.data);
      return { ok: true };
    }
    case 'storage-read':
    case 'storage-write':
    case 'storage-delete': {
      const owner = normalizeComponentId(call.owner);
      const outcome =
        call.kind === 'storage-read' ? ctx.storage.read(app.id, owner) : call.kind === 'storage-write' ? ctx.storage.write(app.id, owner, call.data) : ctx.storage.remove(app.id, owner);
      return storageResult(outcome, call.kind === 'storage-read', deny);
    }
    case 'exit':
      ctx.exit(app, call.code);
      return { ok: true };
    case 'crash':
      ctx.crash(app, call.reason);
      return { ok: true };
  }
}

function storageResult(outcome: StorageOutcome, isRead: boolean, deny: (kind: FailureKind, errno: EmulatorErrno, detail: string) => SyscallResult): SyscallResult {
  if (outcome.ok) return isRead ? { ok: true, data: outcome.data ?? '' } : { ok: true };
  switch (outcome.reason) {
    case 'not-owner':
    case 'flash-refused':
      return deny('storage-denial', 'EACCES', outcome.detail);
    case 'no-storage':
      return deny('storage-denial', 'ENOENT', outcome.detail);
    case 'quota':
      return deny('storage-quota', 'ENOSPC', outcome.detail);
  }
}

/**
 * What stands between an app and the network: nothing ('open'), the OS's per-app firewall, or no
 * network at all (a real-time app on an M4, unless the design wires the M4 cores to the network).
 */
function networkFilter(isolation: AppIsolation, app: AppInstance): 'open' | 'firewall' | 'no-network' {
  // A real-time app whose component has a network interface of its own (the design marks it network-facing) is past no OS firewall.
  if (app.kind === 'real-time') return isolation.realTimeNetwork === 'unfiltered' || app.ownNetwork ? 'open' : 'no-network';
  return isolation.networkFirewall === 'none' ? 'open' : 'firewall';
}
