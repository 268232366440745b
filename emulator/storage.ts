/**
 * Per-app mutable storage (one file per app, kept in flash: it survives app restarts and device
 * reboots). The service checks ownership itself, unless the platform design shares storage between
 * apps (appIsolation.storage "shared"); the quota is the owner's MutableStorage SizeKB. The flash
 * controller stands under it: the service reads (writes) the storage region only if the design's access
 * rules let it, and an app whose own component they let read (write) the region does so without the
 * service's ownership check (design-rights.ts storageServiceOf, directStorageRightsOf).
 *
 * Second reading, on purpose: the ownership rule mirrors the spec's storageAccess
 * (model/isolation/isolation-spec.ts, with storage-rights.ts); test/differential/isolation-harness.ts holds them together.
 */
import type { StorageGate } from './design-rights.js';

export type StorageOutcome = { ok: true; data?: string } | { ok: false; reason: 'not-owner' | 'flash-refused' | 'no-storage' | 'quota'; detail: string };
type Operation = 'read' | 'write';

export class StorageService {
  private readonly files = new Map<string, string>();

  /** `quotas`: owner id → quota in bytes, for every app that declares MutableStorage. */
  constructor(
    private readonly quotas: ReadonlyMap<string, number>,
    private readonly options: {
      /** The design shares storage: any app opens any app's (appIsolation.storage "shared"). */
      shared?: boolean;
      /** The sharedStorage fault: reads of another app's storage go through (writes stay private). */
      sharedReads?: boolean;
      /** What the flash controller lets the service do to the storage region (default: everything). */
      service?: StorageGate;
      /** App id → what the flash controller lets the app's own component do to the storage region. */
      direct?: ReadonlyMap<string, StorageGate>;
    } = {},
  ) {}

  read(appId: string, ownerId: string): StorageOutcome {
    const shared = this.options.sharedReads === true && this.quotas.has(ownerId);
    const check = shared ? undefined : this.ownership(appId, ownerId, 'read');
    if (check) return check;
    return { ok: true, data: this.files.get(ownerId) ?? '' };
  }

  write(appId: string, ownerId: string, data: string): StorageOutcome {
    const check = this.ownership(appId, ownerId, 'write');
    if (check) return check;
    const current = this.files.get(ownerId) ?? '';
    const quota = this.quotas.get(ownerId)!;
    const size = byteLength(current) + byteLength(data);
    if (size > quota) return { ok: false, reason: 'quota', detail: `${size} bytes would exceed the ${quota}-byte quota` };
    this.files.set(ownerId, current + data);
    return { ok: true };
  }

  remove(appId: string, ownerId: string): StorageOutcome {
    const check = this.ownership(appId, ownerId, 'write');
    if (check) return check;
    this.files.delete(ownerId);
    return { ok: true };
  }

  /** Bytes in use by an owner's file (for tests and reports). */
  used(ownerId: string): number {
    return byteLength(this.files.get(ownerId) ?? '');
  }

  private ownership(appId: string, ownerId: string, op: Operation): StorageOutcome | undefined {
    // The app's own component reaches the region: the service, and its ownership check, are not on the way.
    const direct = this.options.direct?.get(appId)?.[op] !== undefined;
    if (!direct && appId !== ownerId && !this.options.shared) return { ok: false, reason: 'not-owner', detail: `storage of ${ownerId} belongs to another app` };
    if (!direct && this.options.service && this.options.service[op] === undefined) {
      return { ok: false, reason: 'flash-refused', detail: `the flash controller refuses the storage service's ${op} of the apps' storage: no component of the running system outside the apps has the ${op} right on it` };
    }
    if (!this.quotas.has(ownerId)) return { ok: false, reason: 'no-storage', detail: 'the app declares no MutableStorage' };
    return undefined;
  }
}

export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
