/**
 * The security service's update and error-reporting side, in process, for one product. It holds the
 * OS releases of each feed (RetailEval first, Retail leadDays later), the app image set deployed to
 * each device group, and the online metadata keys. Each metadata request is answered with a freshly
 * signed document for the requesting device's group (its issue time as the sequence number, fresh
 * every time like TUF's timestamp role) listing every target that group should run. Error reports are checked against the
 * report bounds and stored once per (device, sequence), so a report uploaded twice (the device lost
 * power before it could forget it) is not counted twice.
 */
import type { SigningKey } from '../../formats/image-package/index.js';
import { signMetadata } from '../../formats/update-metadata/metadata-signature.js';
import type { UpdateMetadataBody, UpdateTarget } from '../../formats/update-metadata/metadata.js';
import type { OsFeedId, UpdateDesign } from '../../model/update/update-design.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { ErrorReport, LoggedEvent } from './failure-log.js';
import { expiryStamp, groupNamed, kindsServedTo } from './group-feed.js';
import type { SignedRelease } from './releases.js';
import type { AttestationOutcome, Chunk, Fetched, MetadataRequest, ReportReceipt, SecurityServiceConnection } from './service-api.js';
import { hex, sha256, slotKind, targetsOf } from './slots.js';

const DAY = 86_400;
const CHUNK = 4096;

interface Scheduled {
  from: number;
  release: SignedRelease;
}

export class UpdateService implements SecurityServiceConnection {
  #os = new Map<OsFeedId, Scheduled[]>();
  #apps = new Map<string, SignedRelease>();
  #blobs = new Map<string, Uint8Array>();
  #received = new Map<string, Map<number, LoggedEvent>>();
  /** One signed document per group, second and deployment state: a device that asks twice in a second gets the same bytes (and signing is the costly part). */
  #issued = new Map<string, Uint8Array>();
  #deployments = 0;
  /** Every report as it arrived, for checking the bounds. */
  readonly reports: ErrorReport[] = [];
  /**
   * How long a genuine download takes: each hosted image stands for one of `imageBytes` bytes sent at `bytesPerSecond`
   * (the lab's images are a few kilobytes). Unset: every chunk arrives in 0.05 s. The device's own reading of
   * model/update/download-time.ts; test/update/download-time.test.ts holds them together.
   */
  link: { bytesPerSecond: number; imageBytes: number } | undefined;
  /** Set to make attestation fail (the lab causing an attestation failure). */
  rejectAttestation: string | undefined;

  constructor(
    readonly design: UpdateDesign,
    readonly platform: PlatformDesign,
    readonly product: string,
    private readonly metadataKeys: readonly SigningKey[],
    factory: SignedRelease,
    private readonly clock: () => number,
  ) {
    for (const feed of design.feeds) this.#os.set(feed.id, [{ from: 0, release: factory }]);
    for (const group of design.deviceGroups) this.#apps.set(group.name.toLowerCase(), factory);
    this.#store(factory);
  }

  /** An OS release (prerequisite and OS slots): on the feed with the longest lead at `evalAt`, on the others their lead later. */
  publishOs(release: SignedRelease, evalAt: number): void {
    const lead = Math.max(...this.design.feeds.map((f) => f.leadDays));
    for (const feed of this.design.feeds) this.#os.get(feed.id)!.push({ from: evalAt + (lead - feed.leadDays) * DAY, release });
    this.#store(release);
    this.#deployments++;
  }

  /** An app image set for one device group (its app slots). */
  deployApps(group: string, release: SignedRelease): void {
    if (!groupNamed(this.design, group)) throw new RangeError(`no device group "${group}"`);
    this.#apps.set(group.toLowerCase(), release);
    this.#store(release);
    this.#deployments++;
  }

  /** What a device of `group` should run at `now` (each call gets its own copy). */
  targetsFor(group: string, now = this.clock()): UpdateTarget[] {
    const spec = groupNamed(this.design, group);
    if (!spec) return [];
    const schedule = this.#os.get(spec.osFeed)!;
    // The last one published that is out by `now` (publication order, as the feed lists them).
    let chosen = schedule.length - 1;
    while (schedule[chosen]!.from > now) chosen--;
    // Everything the list depends on: the group, the deployments made so far (publishOs and deployApps
    // are the only changes) and which of the feed's releases is out at `now`.
    const key = `${spec.name}|${this.#deployments}|${chosen}`;
    let targets = this.#targets.get(key);
    if (!targets) {
      // The service's own reading of the group's policy (group-feed.ts), not the spec's kindsReceived.
      const kinds = kindsServedTo(spec.updatePolicy);
      const system = targetsOf(this.design, this.platform, schedule[chosen]!.release.slots, kinds.filter((k) => k !== 'app'));
      const apps = kinds.includes('app') ? targetsOf(this.design, this.platform, this.#apps.get(spec.name.toLowerCase())!.slots, ['app']) : [];
      targets = [...system, ...apps].sort((a, b) => (a.name < b.name ? -1 : 1));
      this.#targets.set(key, targets);
    }
    return targets.map((t) => ({ ...t, sha256: t.sha256.slice() }));
  }
  /** Target lists worked out so far (a power-cut sweep asks for the same one at every cut point). */
  #targets = new Map<string, UpdateTarget[]>();

  /**
   * A signed document for `group` at `now`; `changes` lets the lab forge variants with the genuine key (key-compromise
   * scenarios), signed with `keys` (default: every metadata key; a thief holds only some of them).
   */
  issueMetadata(group: string, now = this.clock(), changes: Partial<UpdateMetadataBody> = {}, keys: readonly SigningKey[] = this.metadataKeys): Uint8Array {
    const key = Object.keys(changes).length === 0 && keys === this.metadataKeys ? `${group.toLowerCase()}|${now}|${this.#deployments}` : undefined;
    const cached = key ? this.#issued.get(key) : undefined;
    if (cached) return cached.slice();
    const spec = groupNamed(this.design, group)!;
    const feed = this.design.feeds.find((f) => f.id === spec.osFeed)!;
    const body: UpdateMetadataBody = {
      // Issue time as the sequence number: monotonic, and the device can tell one from the future.
      sequence: now,
      issuedAt: now,
      expiresAt: expiryStamp(this.design, now),
      product: this.product,
      deviceGroup: spec.name,
      osFeed: feed.osFeedType,
      targets: this.targetsFor(group, now),
      ...changes,
    };
    const signed = signMetadata(body, keys);
    if (key) this.#issued.set(key, signed);
    return signed.slice();
  }

  fetchMetadata(request: MetadataRequest): Fetched<Uint8Array> {
    if (request.product !== this.product) return { ok: false, reason: `no product "${request.product}"` };
    if (!groupNamed(this.design, request.deviceGroup)) return { ok: false, reason: `no device group "${request.deviceGroup}"` };
    return { ok: true, value: this.issueMetadata(request.deviceGroup) };
  }

  fetchTarget(sha256: string): Fetched<Iterable<Chunk>> {
    const blob = this.#blobs.get(sha256);
    if (!blob) return { ok: false, reason: `no target ${sha256.slice(0, 12)}…` };
    return { ok: true, value: chunked(blob, this.link) };
  }

  /** A blob the lab stores so the honest service can serve it (attack scenarios that need a hosted file). */
  host(bytes: Uint8Array): string {
    const id = hex(sha256(bytes));
    this.#blobs.set(id, bytes);
    return id;
  }

  attest(_deviceId: string): AttestationOutcome {
    return this.rejectAttestation ? { ok: false, reason: this.rejectAttestation } : { ok: true };
  }

  uploadErrorReport(report: ErrorReport): Fetched<ReportReceipt> {
    const { maxEventsPerReport, maxReportDays } = this.design.failureReporting;
    if (report.events.length > maxEventsPerReport) return { ok: false, reason: `${report.events.length} events; a report holds at most ${maxEventsPerReport}` };
    const times = report.events.map((e) => e.time);
    if (times.length && Math.max(...times) - Math.min(...times) > maxReportDays * DAY) return { ok: false, reason: `the report spans more than ${maxReportDays} days` };
    // The service's own copy (plain data: the events are flat records).
    this.reports.push({ deviceId: report.deviceId, events: report.events.map((e) => ({ ...e })), dropped: { ...report.dropped } });
    let stored = this.#received.get(report.deviceId);
    if (!stored) this.#received.set(report.deviceId, (stored = new Map()));
    for (const e of report.events) if (!stored.has(e.sequence)) stored.set(e.sequence, { ...e });
    const last = report.events.at(-1)?.sequence ?? 0;
    return { ok: true, value: { acknowledgedThrough: last } };
  }

  /** Events the service holds for a device, by sequence. */
  received(deviceId: string): LoggedEvent[] {
    return [...(this.#received.get(deviceId)?.values() ?? [])].sort((a, b) => a.sequence - b.sequence);
  }

  #store(release: SignedRelease): void {
    for (const [slot, bytes] of release.slots) if (slotKind(this.design, this.platform, slot)) this.host(bytes);
  }
}

function* chunked(blob: Uint8Array, link: UpdateService['link']): Iterable<Chunk> {
  for (let at = 0; at < blob.length; at += CHUNK) {
    const bytes = blob.subarray(at, at + CHUNK);
    yield { bytes, seconds: link ? ((bytes.length / blob.length) * link.imageBytes) / link.bytesPerSecond : 0.05 };
  }
}
