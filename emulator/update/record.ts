/**
 * Small durable records on the counted flash, framed so that a torn write is recognised rather than
 * believed: "SR" | u32 length | payload | u32 CRC-32 of (length ‖ payload).
 *
 * A DoubleRecord keeps one value in two areas (<base>/0 and <base>/1), each holding one record with a
 * sequence number. A write goes to the area that does not hold the newest valid copy (erase, then one
 * program), so a power cut at any point leaves the previous value readable: MCUboot's trailer bug
 * (#1966, a half-written magic matching no state) is what this avoids.
 */
import { crc32 } from 'node:zlib';
import type { CountedFlash } from './counted-flash.js';

const HEADER = 6;
const TRAILER = 4;

export function encodeRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER + payload.length + TRAILER);
  const view = new DataView(out.buffer);
  out[0] = 0x53;
  out[1] = 0x52;
  view.setUint32(2, payload.length, true);
  out.set(payload, HEADER);
  view.setUint32(HEADER + payload.length, crc32(out.subarray(2, HEADER + payload.length)) >>> 0, true);
  return out;
}

export interface DecodedRecords {
  records: Uint8Array[];
  /** Bytes that are not a whole valid record (a torn write), with where they start. */
  torn?: { offset: number; bytes: number };
}

/** Every valid record from the start of `bytes`; reading stops at the first invalid one. */
export function decodeRecords(bytes: Uint8Array | undefined): DecodedRecords {
  const records: Uint8Array[] = [];
  if (!bytes) return { records };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    const end = pos + HEADER + (pos + HEADER <= bytes.length ? view.getUint32(pos + 2, true) : 0) + TRAILER;
    const framed = pos + HEADER <= bytes.length && bytes[pos] === 0x53 && bytes[pos + 1] === 0x52 && end <= bytes.length;
    if (!framed || (crc32(bytes.subarray(pos + 2, end - TRAILER)) >>> 0) !== view.getUint32(end - TRAILER, true)) {
      return { records, torn: { offset: pos, bytes: bytes.length - pos } };
    }
    records.push(bytes.subarray(pos + HEADER, end - TRAILER));
    pos = end;
  }
  return { records };
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}

export interface StoredValue<T> {
  sequence: number;
  value: T;
}

/** The value a record area holds (its first record, parsed), frozen: read once per distinct bytes and shared by every reader. */
function storedValue(bytes: Uint8Array): StoredValue<unknown> | undefined {
  const record = decodeRecords(bytes).records[0];
  const parsed = record ? (parseJson(record) as StoredValue<unknown> | undefined) : undefined;
  return parsed && typeof parsed.sequence === 'number' ? deepFreeze(parsed) : undefined;
}

/** Whether an area holds bytes that are not a whole valid record (a write was torn). */
const tornBytes = (bytes: Uint8Array): boolean => bytes.length > 0 && decodeRecords(bytes).torn !== undefined;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class DoubleRecord<T> {
  readonly #names: [string, string];

  constructor(
    private readonly flash: CountedFlash,
    readonly base: string,
  ) {
    this.#names = [`${base}/0`, `${base}/1`];
  }

  /** The newest valid copy, or undefined when neither area holds one. Frozen: the same bytes give every reader the same value. */
  read(): StoredValue<T> | undefined {
    let best: StoredValue<T> | undefined;
    for (const area of this.#areas()) {
      const parsed = this.flash.derive(area, storedValue) as StoredValue<T> | undefined;
      if (parsed && (!best || parsed.sequence > best.sequence)) best = parsed;
    }
    return best;
  }

  /** Is there a copy that is neither empty nor valid (a write was torn)? */
  hasTornCopy(): boolean {
    return this.#areas().some((area) => this.flash.derive(area, tornBytes) === true);
  }

  write(value: T, by: string): void {
    const current = this.read();
    const sequence = (current?.sequence ?? 0) + 1;
    // The area that does not hold the current copy; with none yet, area 0.
    const [a0, a1] = this.#areas();
    const holds0 = current !== undefined && this.flash.derive(a0, storedValue)?.sequence === current.sequence;
    const target = holds0 ? a1 : a0;
    this.flash.erase(target, by);
    this.flash.program(target, encodeRecord(json({ sequence, value })), by);
  }

  #areas(): [string, string] {
    return this.#names;
  }
}
