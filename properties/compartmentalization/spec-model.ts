/**
 * What the device should answer, according to the isolation spec: the spec's access decision for
 * every syscall, plus the state the spec does not describe but a run has (which apps are stopped,
 * messages waiting, storage contents, peripheral levels, memory region contents, blocks an allowed firewall-config write has
 * moved). One rule here is ours, not the spec's, and is reported as such: a stopped app's syscalls fail
 * with ESRCH. A storage write past the spec's quota (storageQuotaBytes) fails with ENOSPC.
 */
import type { Decision, IsolationSpec } from '../../model/isolation/isolation-spec.js';
import { normalizeGuid } from '../../formats/manifest/capabilities.js';
import { describeResult, type Syscall, type SyscallResult } from '../../emulator/syscalls.js';

export type Expectation =
  | { ok: true; data?: string | number | null; why: string }
  | { ok: false; errno: string; why: string };

export class SpecModel {
  private readonly stopped = new Set<string>();
  private readonly queues = new Map<string, string[]>();
  private readonly files = new Map<string, string>();
  private readonly levels = new Map<string, number>();
  /** What each memory region of the design holds, by asset id: the system's secrets from boot (IsolationSpec.memoryAtBoot). */
  private readonly memory: Map<string, string>;
  /** Blocks moved by allowed firewall-config writes: block id → core. */
  private readonly firewall = new Map<string, string>();

  constructor(readonly spec: IsolationSpec) {
    this.memory = spec.memoryAtBoot();
  }

  /** The spec's decision for a syscall, or undefined for exit and crash (always allowed). */
  decision(appId: string, call: Syscall): Decision | undefined {
    const spec = this.spec;
    switch (call.kind) {
      case 'peripheral-open':
      case 'peripheral-read':
      case 'peripheral-write':
        return spec.peripheralAccess(appId, call.capability, call.value, this.firewall);
      case 'channel-send':
        return spec.channelAccess(appId, normalizeGuid(call.to));
      case 'channel-receive':
        return spec.channelAccess(appId, normalizeGuid(call.from));
      case 'connect':
        return spec.connectAccess(appId, call.host);
      case 'listen':
        return spec.listenAccess(appId, call.protocol, call.port);
      case 'storage-read':
        return spec.storageAccess(appId, normalizeGuid(call.owner), 'read');
      case 'storage-write':
      case 'storage-delete':
        return spec.storageAccess(appId, normalizeGuid(call.owner), 'write');
      case 'firewall-write':
        return spec.firewallConfigAccess(appId, call.block, call.core);
      case 'memory-read':
        return spec.memoryAccess(appId, call.region, 'read');
      case 'memory-write':
        return spec.memoryAccess(appId, call.region, 'write');
      case 'exit':
      case 'crash':
        return undefined;
    }
  }

  isRunning(appId: string): boolean {
    return !this.stopped.has(appId);
  }

  /** The expected answer, and the model updated as if the device gave it. */
  apply(appId: string, call: Syscall): Expectation {
    if (this.stopped.has(appId)) return { ok: false, errno: 'ESRCH', why: 'the app is not running (suite rule: ESRCH)' };
    const decision = this.decision(appId, call);
    if (decision && !decision.allowed) return { ok: false, errno: decision.errno, why: `${decision.barrier}: ${decision.rule}` };
    const why = decision?.rule ?? 'always allowed';
    switch (call.kind) {
      case 'peripheral-open':
        return { ok: true, why };
      case 'peripheral-read':
        return { ok: true, data: this.levels.get(`${call.capability}:${call.value}`) ?? 0, why };
      case 'peripheral-write':
        this.levels.set(`${call.capability}:${call.value}`, call.data);
        return { ok: true, why };
      case 'channel-send': {
        const key = `${appId}>${normalizeGuid(call.to)}`;
        this.queues.set(key, [...(this.queues.get(key) ?? []), call.data]);
        return { ok: true, why };
      }
      case 'channel-receive':
        return { ok: true, data: this.queues.get(`${normalizeGuid(call.from)}>${appId}`)?.shift() ?? null, why };
      case 'connect':
      case 'listen':
        return { ok: true, why };
      case 'storage-read':
        return { ok: true, data: this.files.get(normalizeGuid(call.owner)) ?? '', why };
      case 'storage-write': {
        const owner = normalizeGuid(call.owner);
        const current = this.files.get(owner) ?? '';
        const quota = this.spec.storageQuotaBytes(owner) ?? 0;
        const size = Buffer.byteLength(current + call.data, 'utf8');
        if (size > quota) return { ok: false, errno: 'ENOSPC', why: `${size} bytes exceed the ${quota}-byte MutableStorage quota` };
        this.files.set(owner, current + call.data);
        return { ok: true, why };
      }
      case 'storage-delete':
        this.files.delete(normalizeGuid(call.owner));
        return { ok: true, why };
      case 'firewall-write':
        this.firewall.set(call.block, call.core);
        return { ok: true, why };
      case 'memory-read':
        return { ok: true, data: this.memory.get(call.region) ?? '', why };
      case 'memory-write':
        this.memory.set(call.region, call.data);
        return { ok: true, why };
      case 'exit':
      case 'crash':
        this.stopped.add(appId);
        return { ok: true, why };
    }
  }

  /** The app starts again: it runs, and messages waiting for it are dropped. */
  restart(appId: string): void {
    this.stopped.delete(appId);
    for (const key of [...this.queues.keys()]) if (key.endsWith(`>${appId}`)) this.queues.delete(key);
  }
}

/** Why the actual result disagrees with the expectation, or undefined when it agrees. */
export function disagreement(actual: SyscallResult, expected: Expectation): string | undefined {
  if (actual.ok !== expected.ok) return `device ${describeResult(actual)}, spec ${describeExpectation(expected)}`;
  if (!actual.ok && !expected.ok && actual.errno !== expected.errno) return `device ${describeResult(actual)}, spec ${describeExpectation(expected)}`;
  if (actual.ok && expected.ok && expected.data !== undefined && actual.data !== expected.data) return `device ${describeResult(actual)}, expected ${describeExpectation(expected)}`;
  return undefined;
}

export function describeExpectation(e: Expectation): string {
  if (!e.ok) return `${e.errno} (${e.why})`;
  const data = e.data === undefined ? '' : typeof e.data === 'string' ? ` ${describeResult({ ok: true, data: e.data }).slice(3)}` : ` ${String(e.data)}`;
  return `ok${data} (${e.why})`;
}
