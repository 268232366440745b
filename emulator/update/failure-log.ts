/**
 * The device's failure log as the security service sees it: every failure becomes an event with a
 * device-wide sequence number, kept until the service acknowledges it, then uploaded in reports of at
 * most maxEventsPerReport events spanning at most maxReportDays (Azure Sphere: 1,000 events or 14 days).
 *
 * With persistence 'flash' events are CRC-framed records appended to failure-log/<0|1>, and a
 * DoubleRecord failure-log/state holds which area is live and the last acknowledged sequence. An append
 * is acknowledged (returns the event) only once its record is programmed, so every acknowledged event
 * survives any later power cut. Acknowledged records are dropped by copying the rest to the other area
 * and then switching the state record: a cut anywhere leaves one complete area in use. Sequence numbers
 * are recomputed at power-on from what is stored, never reused. With persistence 'ram' (a flaw) the same
 * events live in memory and are gone after any reset.
 *
 * Apps reach the log only through its erase request (their storage syscalls reach only their own
 * mutable storage), and each app may hold at most eventsPerAppCapacity un-uploaded events: past that its
 * events are counted rather than stored, so a flooding app cannot push anyone else's failures out. The
 * log as a whole holds at most totalEventCapacity events (its flash area is finite); past that, every
 * source's events are counted, and each source gets one marker telling the service.
 *
 * The design's recording policy is executed here, at every append and erase: a failure whose kind is not
 * in recordedKinds, or from an app class not in recordedApps, is never stored; with droppedEvents 'silent'
 * an event over capacity leaves no marker and no count; an erase succeeds only for an eraser erasableBy
 * lists; a field the design leaves out is the device's own reading of Azure Sphere on Azure Sphere's OS, nothing on
 * another OS (log-policy-defaults.ts). This
 * is a second reading of the spec's rule (model/update/failure-log-policy.ts: logRecords,
 * logReportsDropped, logErasableBy), written without importing it; test/update/failure-log-policy.test.ts
 * drives both with random policies and requires the same decision for every failure, eraser and overflow.
 */
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { AppClass, FailureLogKind, FailureLogPolicy, LogEraser, UpdateDesign } from '../../model/update/update-design.js';
import type { CountedFlash } from './counted-flash.js';
import { deviceLogPolicy } from './log-policy-defaults.js';
import { logAreaGate, type LogAreaDesign, type LogAreaGate } from './log-access.js';
import { decodeRecords, DoubleRecord, encodeRecord } from './record.js';

/** The parts of a platform design that say whose OS keeps the log, and (its assets and access rules) where the log is and who may write it. */
export type LogPlatform = Pick<PlatformDesign, 'name' | 'components' | 'keys' | 'boot'> & Partial<LogAreaDesign>;

/** The OS itself, as an event source. */
export const SYSTEM_SOURCE = 'os';

/** A failure kind of the design's vocabulary, or the log's own marker for events it counted instead of storing. */
export type ReportedFailureKind = FailureLogKind | 'events-dropped';

/** Where an event comes from: the OS itself, or an app of one class. */
export type EventOrigin = 'os' | AppClass;

/** What became of an event offered to the log. */
export type AppendResult = { outcome: 'stored'; event: LoggedEvent } | { outcome: 'dropped'; reason: string } | { outcome: 'not-recorded'; reason: string };

export interface LoggedEvent {
  sequence: number;
  /** Unix seconds. */
  time: number;
  kind: ReportedFailureKind;
  /** SYSTEM_SOURCE or the app's component id. */
  source: string;
  detail: string;
  boot: number;
}

export interface ErrorReport {
  deviceId: string;
  events: LoggedEvent[];
  /** Events counted but not stored because their app was over its capacity, by source. */
  dropped: Record<string, number>;
}

interface LogState {
  area: 0 | 1;
  ackedThrough: number;
}

const COMPACT_AFTER = 32;
const areaName = (area: 0 | 1) => `failure-log/${area}`;

/** What the log reads of its designs: the recording policy (log-policy-defaults.ts) and the gate in front of its area (log-access.ts). */
interface DesignReadings {
  policy: FailureLogPolicy;
  gate: LogAreaGate;
}

/**
 * The readings of one (update design, platform design) pair, made once: both are functions of the two designs alone,
 * and a design object is never changed once loaded (boot-memo.ts anchorIds relies on the same). A power-cut sweep
 * powers on and clones devices of one lab hundreds of times, and each log read the platform's components, keys,
 * boot stages and access rules again (about 7 % of a sweep). Keyed by the objects themselves: another design, even
 * an equal copy, is read afresh.
 */
const readingsOf = new WeakMap<UpdateDesign['failureReporting'], WeakMap<LogPlatform, DesignReadings>>();

function designReadings(design: UpdateDesign, platform: LogPlatform): DesignReadings {
  let byPlatform = readingsOf.get(design.failureReporting);
  if (!byPlatform) readingsOf.set(design.failureReporting, (byPlatform = new WeakMap()));
  let readings = byPlatform.get(platform);
  if (!readings) byPlatform.set(platform, (readings = { policy: deviceLogPolicy(design.failureReporting, platform), gate: logAreaGate(platform) }));
  return readings;
}

export class FailureReportLog {
  #events: LoggedEvent[] = [];
  #ackedThrough = 0;
  #next = 1;
  #area: 0 | 1 = 0;
  /** Records of acknowledged events still in the live area (compaction frees them). */
  #stale = 0;
  #dropped = new Map<string, number>();
  /** Pending events per source (RAM, derived from #events): the capacity check. */
  #held = new Map<string, number>();
  readonly #state: DoubleRecord<LogState>;
  /** The recording policy as the design states it, the device's own defaults for the rest (log-policy-defaults.ts). */
  readonly #policy: FailureLogPolicy;
  /** The flash controller in front of the log's area, as the platform design's access rules set it (log-access.ts). */
  readonly #gate: LogAreaGate;

  private constructor(
    private readonly flash: CountedFlash,
    private readonly design: UpdateDesign,
    /** The platform whose OS keeps the log: it decides what a field the design leaves out means. */
    private readonly platform: LogPlatform,
    readings: DesignReadings,
  ) {
    this.#state = new DoubleRecord(flash, 'failure-log/state');
    this.#policy = readings.policy;
    this.#gate = readings.gate;
  }

  /** The log as a power-on finds it: from flash, or empty for a RAM log. */
  static open(flash: CountedFlash, design: UpdateDesign, platform: LogPlatform): FailureReportLog {
    const log = new FailureReportLog(flash, design, platform, designReadings(design, platform));
    if (log.persistent) log.#load();
    return log;
  }

  /** This log on another device's flash (a clone): RAM contents copied, flash contents are the clone's; the same design, so the same readings of it. */
  cloneOnto(flash: CountedFlash): FailureReportLog {
    const copy = new FailureReportLog(flash, this.design, this.platform, { policy: this.#policy, gate: this.#gate });
    copy.#events = [...this.#events];
    copy.#ackedThrough = this.#ackedThrough;
    copy.#next = this.#next;
    copy.#area = this.#area;
    copy.#stale = this.#stale;
    copy.#dropped = new Map(this.#dropped);
    copy.#held = new Map(this.#held);
    return copy;
  }

  /**
   * The recording policy this log runs, as the device reads the design (a copy): what the lab's plays stimulate and
   * expect (properties/failure-reporting/world.ts), so the play stands on the device's reading, not the spec's.
   */
  get policy(): FailureLogPolicy {
    const p = this.#policy;
    return { recordedKinds: [...p.recordedKinds], recordedApps: [...p.recordedApps], droppedEvents: p.droppedEvents, erasableBy: [...p.erasableBy] };
  }

  /** In flash, as the update design says, and not where the platform design's asset says a reset clears it. */
  get persistent(): boolean {
    return this.design.failureReporting.persistence === 'flash' && !this.#gate.volatile;
  }

  /** Un-acknowledged events, oldest first. */
  pending(): readonly LoggedEvent[] {
    return this.#events;
  }

  get ackedThrough(): number {
    return this.#ackedThrough;
  }

  /** Records `event`; returns it with its sequence once durable, or undefined when it was not stored (see offer). */
  append(event: Omit<LoggedEvent, 'sequence'>, origin: EventOrigin = 'os'): LoggedEvent | undefined {
    const result = this.offer(event, origin);
    return result.outcome === 'stored' ? result.event : undefined;
  }

  /** Offers `event` (from `origin`) to the log: stored once durable, dropped (over a capacity, counted), or not recorded at all by the design. */
  offer(event: Omit<LoggedEvent, 'sequence'>, origin: EventOrigin = 'os'): AppendResult {
    const fr = this.design.failureReporting;
    const policy = this.#policy;
    if (!this.#gate.recorder) return { outcome: 'not-recorded', reason: "the platform design lets no component of the OS write the failure log's area" };
    if (event.kind !== 'events-dropped' && !policy.recordedKinds.includes(event.kind)) return { outcome: 'not-recorded', reason: `the log does not record ${event.kind}` };
    if (origin !== 'os' && !policy.recordedApps.includes(origin)) return { outcome: 'not-recorded', reason: `the log does not record failures of ${origin} apps` };
    const system = event.source === SYSTEM_SOURCE;
    const held = this.#held.get(event.source) ?? 0;
    const { totalEventCapacity } = fr;
    const capacity = system ? fr.systemEventCapacity : fr.eventsPerAppCapacity;
    const over = held >= capacity ? `${event.source} is over its ${capacity} un-uploaded events` : this.#events.length >= totalEventCapacity ? `the log holds its ${totalEventCapacity} un-uploaded events in all` : undefined;
    if (over) {
      // A silent log forgets the event and that it ever happened.
      if (policy.droppedEvents === 'silent') return { outcome: 'dropped', reason: over };
      const dropped = (this.#dropped.get(event.source) ?? 0) + 1;
      this.#dropped.set(event.source, dropped);
      // One durable marker per source and episode (it may go past the capacity), so even a reset does not hide that events were dropped.
      if (dropped === 1 && !this.#events.some((e) => e.source === event.source && e.kind === 'events-dropped')) this.#store({ ...event, kind: 'events-dropped', detail: `${over}: further events of ${event.source} are counted, not stored` });
      return { outcome: 'dropped', reason: over };
    }
    return { outcome: 'stored', event: this.#store(event) };
  }

  /**
   * `eraser` asks to erase every pending event. Refused (false) unless the design's erasableBy lists it;
   * granted, the events are gone durably, as if acknowledged.
   */
  erase(eraser: LogEraser, by: string): boolean {
    if (!this.#policy.erasableBy.includes(eraser)) return false;
    const last = this.#events.at(-1)?.sequence;
    if (last !== undefined) this.#forget(last, by);
    return true;
  }

  /**
   * Code running as `component` writes the log's area directly (past the OS's erase request): the flash controller lets
   * it only with the write right the platform design gives it on the log's asset; granted, every pending event is gone.
   */
  eraseAs(component: string, by: string): boolean {
    if (!this.#gate.mayWrite(component)) return false;
    const last = this.#events.at(-1)?.sequence;
    if (last !== undefined) this.#forget(last, by);
    return true;
  }

  /** The next report: oldest pending events, bounded in count and in time span. */
  nextReport(deviceId: string): ErrorReport {
    const { maxEventsPerReport, maxReportDays } = this.design.failureReporting;
    const first = this.#events[0];
    const events = first ? this.#events.filter((e) => e.time - first.time <= maxReportDays * 86_400).slice(0, maxEventsPerReport) : [];
    return { deviceId, events, dropped: Object.fromEntries(this.#dropped) };
  }

  /** The service has every event up to `sequence`: forget them (durably first), if the design lets the service erase. */
  acknowledge(sequence: number, by = 'error-reporting'): void {
    if (!this.#policy.erasableBy.includes('security-service')) return;
    this.#forget(sequence, by);
  }

  #forget(sequence: number, by: string): void {
    if (sequence <= this.#ackedThrough) return;
    const freed = this.#events.filter((e) => e.sequence <= sequence).length;
    if (this.persistent) {
      this.#state.write({ area: this.#area, ackedThrough: sequence }, by);
      this.#stale += freed;
    }
    this.#ackedThrough = sequence;
    this.#events = this.#events.filter((e) => e.sequence > sequence);
    this.#recount();
    this.#dropped.clear();
    // Compact once the freed records are at least as many as the live ones: each compaction then copies no
    // more than it frees, so a long backlog uploaded report by report costs linear, not quadratic, flash work.
    if (this.persistent && this.#stale >= COMPACT_AFTER && this.#stale >= this.#events.length) this.#compact(by);
  }

  #store(event: Omit<LoggedEvent, 'sequence'>): LoggedEvent {
    const full: LoggedEvent = { sequence: this.#next, ...event };
    if (this.persistent) this.flash.program(areaName(this.#area), encodeRecord(new TextEncoder().encode(JSON.stringify(full))), 'failure-log');
    // Only now, with the record programmed, does the event count as logged.
    this.#next++;
    this.#events.push(full);
    this.#held.set(full.source, (this.#held.get(full.source) ?? 0) + 1);
    return full;
  }

  #load(): void {
    const state = this.#state.read()?.value ?? { area: 0, ackedThrough: 0 };
    this.#area = state.area;
    this.#ackedThrough = state.ackedThrough;
    let highest = state.ackedThrough;
    const decoded = decodeRecords(this.flash.read(areaName(this.#area)));
    for (const record of decoded.records) {
      const event = parseEvent(record);
      if (!event) continue;
      highest = Math.max(highest, event.sequence);
      if (event.sequence > state.ackedThrough) this.#events.push(event);
      else this.#stale++;
    }
    this.#next = highest + 1;
    this.#recount();
    // A torn tail would hide every record appended after it: move the good ones to a clean area.
    if (decoded.torn) this.#compact('failure-log recovery');
  }

  #recount(): void {
    this.#held.clear();
    for (const e of this.#events) this.#held.set(e.source, (this.#held.get(e.source) ?? 0) + 1);
  }

  #compact(by: string): void {
    const target: 0 | 1 = this.#area === 0 ? 1 : 0;
    this.flash.erase(areaName(target), by);
    for (const e of this.#events) this.flash.program(areaName(target), encodeRecord(new TextEncoder().encode(JSON.stringify(e))), by);
    this.#state.write({ area: target, ackedThrough: this.#ackedThrough }, by);
    this.#area = target;
    this.#stale = 0;
  }
}

function parseEvent(record: Uint8Array): LoggedEvent | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(record)) as LoggedEvent;
    return typeof value.sequence === 'number' && typeof value.kind === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
