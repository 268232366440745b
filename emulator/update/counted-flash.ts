/**
 * The device's persistent flash as the update engine and the failure log see it: named areas, each
 * erased (empty) or programmed sequentially from its start. Every erase and every program is one
 * counted operation, and the lab can arm a power cut at operation n, as MCUboot's simulator does:
 *   cut   the operation never happens, then power is lost;
 *   torn  a program writes all but its last `tornTailBytes` bytes (an erase leaves the first half of
 *         what was there), then power is lost (MCUboot PRs #2648/#2793: write-atomic cuts miss this).
 * Losing power throws PowerCut, which unwinds whatever the device was doing: RAM is gone, only what
 * reached the flash remains.
 * The installer's own anti-rollback counter raises (an eFuse burn, a write of the security subsystem's counter) are
 * counted here too, as operations of kind 'counter' (counter()): a power cut falls between a bank switch and the raise
 * that follows it as readily as between two programs, and a raise the installer makes once is not made again at the
 * next boot (a boot stage's counter is raised by every boot, so the boot's raises are not counted). Cut or torn, a
 * counter operation does not happen (a counter goes up by whole steps).
 */

export type CutMode = 'cut' | 'torn';

export interface CutPlan {
  /** 1-based index of the operation the cut interrupts, counted from when the plan was armed. */
  at: number;
  mode: CutMode;
}

export interface FlashOp {
  /** 1-based, counted since the flash was created. */
  index: number;
  kind: 'erase' | 'program' | 'counter';
  /** The flash area; for a counter raise, "counter/<counter id>". */
  area: string;
  bytes: number;
  by: string;
}

/** An operation about to happen: what a snapshot sweep needs to apply its cut to a copy later. */
export interface PendingOp {
  kind: FlashOp['kind'];
  area: string;
  /** What a program writes (empty for an erase). */
  bytes: Uint8Array;
  by: string;
}

export class PowerCut extends Error {
  constructor(
    readonly op: FlashOp,
    readonly mode: CutMode,
  ) {
    super(`power cut ${mode === 'torn' ? 'tearing' : 'before'} flash operation ${op.index} (${op.kind} ${op.area}, ${op.bytes} bytes, by ${op.by})`);
    this.name = 'PowerCut';
  }

  /** A cut as the flash throws it: no stack trace (it is the device losing power, not a defect; a random run throws thousands). */
  static at(op: FlashOp, mode: CutMode): PowerCut {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new PowerCut(op, mode);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * An area's bytes: the first `length` of `buffer`. Programs append in place while the buffer has room and
 * no clone shares it (copy on write), so a log of n records costs O(n) to write, not O(n²). The bytes
 * below `length` never change while the entry stands (an append writes past them; an erase or a tear
 * replaces the entry), which is what lets `view` and `derived` be kept with it.
 */
interface Area {
  buffer: Uint8Array;
  length: number;
  shared: boolean;
  /** The area's bytes as read() returns them, made once. */
  view?: Uint8Array;
  /** Values derive() computed from these bytes, by function; shared with clones while they share the bytes, dropped (never changed) when the bytes change. */
  derived?: Map<(bytes: Uint8Array) => unknown, unknown>;
}

const EMPTY = new Uint8Array(0);

/**
 * Room for an area's bytes. Small ones come from Node's shared pool (Buffer.allocUnsafe below 4 KiB):
 * a sweep fills thousands of image blocks and records, and an ArrayBuffer of its own for each (zeroed,
 * tracked by the garbage collector as external memory) cost more than the copying. Nothing past an
 * area's length is ever read (read() and derive() see the first `length` bytes), so the pool's old
 * contents there do not matter. A plain Uint8Array over the pool, so that callers' slice() copies.
 */
function allocate(bytes: number): Uint8Array {
  const pooled = Buffer.allocUnsafe(bytes);
  return new Uint8Array(pooled.buffer, pooled.byteOffset, bytes);
}

export class CountedFlash {
  #areas = new Map<string, Area>();
  /**
   * Each area's length when it was last erased: an area is refilled to about the size it had (an image
   * slot, a record), so its first program makes room for that much at once instead of doubling up to it.
   * Only a size hint, so clones share one map.
   */
  #sizeHints = new Map<string, number>();
  #ops = 0;
  #armedAt = 0;
  #plan: CutPlan | undefined;
  /** Operations are recorded only while a trace is wanted (sweeps replay thousands of updates). */
  trace: FlashOp[] | undefined;
  /**
   * Told before every operation, with what it will do (the snapshot sweep copies the device there).
   * Not cloned.
   */
  beforeOperation: ((pending: PendingOp) => void) | undefined;

  constructor(readonly tornTailBytes = 1) {}

  /** Operations since the flash was created. */
  get operations(): number {
    return this.#ops;
  }

  /** Cut power at the plan's operation, counted from now. */
  arm(plan: CutPlan | undefined): void {
    this.#plan = plan;
    this.#armedAt = this.#ops;
  }

  get armed(): boolean {
    return this.#plan !== undefined;
  }

  erase(area: string, by: string): void {
    this.beforeOperation?.({ kind: 'erase', area, bytes: EMPTY, by });
    const op = this.#next('erase', area, 0, by);
    if (this.#cutting(op)) this.#lose(op, { kind: 'erase', area, bytes: EMPTY, by });
    const erased = this.#areas.get(area);
    if (erased) this.#sizeHints.set(area, erased.length);
    this.#areas.delete(area);
  }

  /** Appends `bytes` to the area (flash programs sequentially after an erase). */
  program(area: string, bytes: Uint8Array, by: string): void {
    this.beforeOperation?.({ kind: 'program', area, bytes, by });
    const op = this.#next('program', area, bytes.length, by);
    if (this.#cutting(op)) this.#lose(op, { kind: 'program', area, bytes, by });
    this.#append(area, bytes);
  }

  /**
   * What a power cut leaves when it interrupts `pending` as the next operation, without throwing:
   * the operation is counted and, torn, partly done, exactly as an armed cut does it (the snapshot
   * sweep applies it to a copy of the device taken just before the operation).
   */
  interrupt(pending: PendingOp, mode: CutMode): FlashOp {
    const op = this.#next(pending.kind, pending.area, pending.kind === 'program' ? pending.bytes.length : 0, pending.by);
    this.#tear(pending, mode);
    return op;
  }

  /** The part of an interrupted operation that reaches the flash: nothing when cut; when torn, all but the tail of a program, or the first half of what an erase was erasing. */
  #tear(pending: PendingOp, mode: CutMode): void {
    if (mode !== 'torn' || pending.kind === 'counter') return;
    if (pending.kind === 'program') this.#append(pending.area, pending.bytes.subarray(0, Math.max(0, pending.bytes.length - this.tornTailBytes)));
    else {
      const old = this.read(pending.area);
      if (old && old.length > 1) this.#areas.set(pending.area, { buffer: old.slice(0, old.length >> 1), length: old.length >> 1, shared: false });
    }
  }

  /** A counter raise as one counted operation (`raise` does it): a cut there leaves the counter where it was. */
  counter(id: string, by: string, raise: () => void): void {
    const area = `counter/${id}`;
    this.beforeOperation?.({ kind: 'counter', area, bytes: EMPTY, by });
    const op = this.#next('counter', area, 0, by);
    if (this.#cutting(op)) this.#lose(op, { kind: 'counter', area, bytes: EMPTY, by });
    raise();
  }

  /** Erase, then program `bytes` in blocks of `block` bytes: the way a staging write proceeds. */
  rewrite(area: string, bytes: Uint8Array, block: number, by: string): void {
    this.erase(area, by);
    for (let at = 0; at < bytes.length; at += block) this.program(area, bytes.subarray(at, at + block), by);
  }

  read(area: string): Uint8Array | undefined {
    const entry = this.#areas.get(area);
    if (!entry) return undefined;
    return (entry.view ??= entry.buffer.subarray(0, entry.length));
  }

  /**
   * `compute(bytes)` for the area's bytes, computed once while they stay as they are (and shared with
   * clones holding the same bytes); undefined for an erased area. `compute` must be a pure function of
   * the bytes, one function object per kind of value (it is the cache key), and its result must not be
   * changed by callers (every caller gets the same value).
   */
  derive<T>(area: string, compute: (bytes: Uint8Array) => T): T | undefined {
    const entry = this.#areas.get(area);
    if (!entry) return undefined;
    const derived = (entry.derived ??= new Map());
    if (derived.has(compute)) return derived.get(compute) as T;
    const value = compute(this.read(area)!);
    derived.set(compute, value);
    return value;
  }

  areas(prefix = ''): string[] {
    return [...this.#areas.keys()].filter((a) => a.startsWith(prefix)).sort();
  }

  /** Same contents, no plan, a fresh count: a device in another universe. */
  clone(): CountedFlash {
    const copy = new CountedFlash(this.tornTailBytes);
    for (const [area, entry] of this.#areas) {
      // Both sides now share the buffer: the next append on either side copies it first.
      entry.shared = true;
      copy.#areas.set(area, { ...entry, derived: (entry.derived ??= new Map()) });
    }
    copy.#sizeHints = this.#sizeHints;
    copy.#ops = this.#ops;
    return copy;
  }

  #next(kind: FlashOp['kind'], area: string, bytes: number, by: string): FlashOp {
    const op = { index: ++this.#ops, kind, area, bytes, by };
    this.trace?.push(op);
    return op;
  }

  #cutting(op: FlashOp): boolean {
    return this.#plan !== undefined && op.index - this.#armedAt === this.#plan.at;
  }

  #lose(op: FlashOp, pending: PendingOp): never {
    const mode = this.#plan!.mode;
    this.#plan = undefined;
    this.#tear(pending, mode);
    throw PowerCut.at(op, mode);
  }

  #append(area: string, bytes: Uint8Array): void {
    const entry = this.#areas.get(area);
    const length = (entry?.length ?? 0) + bytes.length;
    if (entry && !entry.shared && length <= entry.buffer.length) {
      entry.buffer.set(bytes, entry.length);
      entry.length = length;
      // New bytes: what was read or derived from the old ones no longer describes the area.
      entry.view = undefined;
      entry.derived = undefined;
      return;
    }
    const buffer = allocate(entry ? Math.max(length, entry.length * 2) : Math.max(length, this.#sizeHints.get(area) ?? 0));
    if (entry) buffer.set(entry.buffer.subarray(0, entry.length), 0);
    buffer.set(bytes, entry?.length ?? 0);
    this.#areas.set(area, { buffer, length, shared: false });
  }
}
