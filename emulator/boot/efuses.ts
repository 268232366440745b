/**
 * The eFuse array. A fuse is blown once and stays blown: the only operation on the stored bits is OR,
 * so no call can clear a bit. On top of that physical rule:
 *  - a one-time-programmable field accepts a single programming; later attempts are refused (a real
 *    controller sets a lock fuse), so even "adding bits" to a programmed anchor hash is impossible;
 *  - a field that is not marked one-time-programmable still only gains bits (OR);
 *  - a counter is a bank of fuses read as a thermometer code (value = fuses blown from bit 0), so it can
 *    only go up, and only until its bank is used up.
 */
import type { BusLog } from './bus.js';

export interface FuseField {
  id: string;
  kind: 'field' | 'counter';
  bits: Uint8Array;
  oneTimeProgrammable: boolean;
  /** Set by the first programming of a one-time-programmable field. */
  locked: boolean;
}

export type FuseWriteResult = { ok: true; before: Uint8Array; after: Uint8Array } | { ok: false; reason: string; value: Uint8Array };
export type CounterRaiseResult = { ok: true; before: number; after: number } | { ok: false; reason: string; value: number };

/** Fuses per counter bank: security versions above this cannot be recorded. */
export const COUNTER_FUSES = 64;

export class EFuses {
  #fields = new Map<string, FuseField>();

  constructor(private readonly bus: BusLog) {}

  defineField(id: string, bytes: number, oneTimeProgrammable: boolean): void {
    this.#fields.set(id, { id, kind: 'field', bits: new Uint8Array(bytes), oneTimeProgrammable, locked: false });
  }

  defineCounter(id: string): void {
    this.#fields.set(id, { id, kind: 'counter', bits: new Uint8Array(COUNTER_FUSES / 8), oneTimeProgrammable: false, locked: false });
  }

  has(id: string): boolean {
    return this.#fields.has(id);
  }

  /** Whether the field is a counter bank (not a plain field such as a key hash). */
  isCounter(id: string): boolean {
    return this.#fields.get(id)?.kind === 'counter';
  }

  isLocked(id: string): boolean {
    return this.#field(id, 'field').locked;
  }

  /** A copy: the caller cannot reach the stored bits. */
  read(id: string): Uint8Array {
    return this.#field(id, 'field').bits.slice();
  }

  /** Blows the 1 bits of `value` into the field (OR). Refused for a programmed one-time-programmable field. */
  program(id: string, value: Uint8Array, by: string): FuseWriteResult {
    const field = this.#field(id, 'field');
    this.bus.record('efuse-write', by, `efuse:${id}`, `program ${id}`, value.slice());
    if (value.length !== field.bits.length) return { ok: false, reason: `${id} holds ${field.bits.length} bytes, not ${value.length}`, value: field.bits.slice() };
    if (field.locked) return { ok: false, reason: `${id} is one-time programmable and already programmed`, value: field.bits.slice() };
    const before = field.bits.slice();
    for (let i = 0; i < value.length; i++) field.bits[i]! |= value[i]!;
    if (field.oneTimeProgrammable) field.locked = true;
    return { ok: true, before, after: field.bits.slice() };
  }

  counterValue(id: string): number {
    const bits = this.#field(id, 'counter').bits;
    let value = 0;
    while (value < COUNTER_FUSES && (bits[value >> 3]! & (1 << (value & 7))) !== 0) value++;
    return value;
  }

  /** Blows fuses until the counter reads `to`. Lowering is impossible; raising past the bank is refused. */
  raiseCounter(id: string, to: number, by: string): CounterRaiseResult {
    const field = this.#field(id, 'counter');
    const before = this.counterValue(id);
    if (!Number.isInteger(to) || to < before) return { ok: false, reason: `${id} is ${before}; fuses cannot be unblown to make it ${to}`, value: before };
    if (to > COUNTER_FUSES) return { ok: false, reason: `${id} has ${COUNTER_FUSES} fuses; it cannot count to ${to}`, value: before };
    if (to === before) return { ok: true, before, after: before };
    for (let bit = before; bit < to; bit++) field.bits[bit >> 3]! |= 1 << (bit & 7);
    this.bus.record('efuse-write', by, `efuse:${id}`, `raise ${id} ${before} → ${to}`, field.bits.slice());
    return { ok: true, before, after: to };
  }

  /** An independent copy of the whole array (for booting the same provisioned device many times). */
  clone(bus: BusLog): EFuses {
    const copy = new EFuses(bus);
    for (const [id, f] of this.#fields) copy.#fields.set(id, { ...f, bits: f.bits.slice() });
    return copy;
  }

  #field(id: string, kind: FuseField['kind']): FuseField {
    const field = this.#fields.get(id);
    if (!field) throw new RangeError(`no eFuse ${kind} "${id}"`);
    if (field.kind !== kind) throw new RangeError(`eFuse "${id}" is a ${field.kind}, not a ${kind}`);
    return field;
  }
}
