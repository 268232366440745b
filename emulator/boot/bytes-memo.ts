/**
 * Results of pure functions of bytes, remembered by the exact bytes. A boot reads the same images,
 * manifests and key store on every power-on and asks about the same (key, signature, message) triples
 * again and again; parsing, hashing or deciding them afresh each time was most of a boot that is not an
 * ECDSA verification. An entry is found by a cheap number (lengths and last bytes of the inputs: for a
 * signed package, its signature) and taken only when every input is equal, byte for byte, to a private
 * copy made when it was computed. So no hash stands in for the content (nothing can collide), and bytes
 * changed in place since (a caller reusing a buffer, a test flipping a bit) miss and are computed
 * afresh. The function is given the private copies, so what it returns can refer to those bytes and
 * never sees a later change to the caller's.
 */

interface Entry<T> {
  inputs: Uint8Array[];
  value: T;
  /** The memo's generation the value was computed in: an older one is computed again (forgetValues). */
  generation: number;
}

export class BytesMemo<T> {
  #buckets = new Map<number, Entry<T>[]>();
  #size = 0;
  #generation = 0;

  /** `limit` bounds the memory when fed endless distinct inputs (fuzzing): past it, everything is forgotten. */
  constructor(readonly limit = 10_000) {}

  /** `compute(bytes)`'s result, remembered. */
  get(bytes: Uint8Array, compute: (own: Uint8Array) => T): T {
    // A hit without the list and the closure getOf takes (a boot looks up some sixty single inputs).
    const bucket = this.#buckets.get(mix(1, bytes) | 0);
    if (bucket) for (const entry of bucket) if (entry.generation === this.#generation && entry.inputs.length === 1 && sameBytes(entry.inputs[0]!, bytes)) return entry.value;
    return this.getOf([bytes], (own) => compute(own[0]!));
  }

  /**
   * getOf for three inputs (a signature verdict's key, signature and message) without the list and closure
   * getOf takes on a hit. `compute` is given the caller's arrays, equal byte for byte to the private copies
   * kept, so what it returns must not refer to them (a verdict does not).
   */
  getOf3(a: Uint8Array, b: Uint8Array, c: Uint8Array, compute: (a: Uint8Array, b: Uint8Array, c: Uint8Array) => T): T {
    const bucket = this.#buckets.get(mix(mix(mix(3, a), b), c) | 0);
    if (bucket) {
      for (const entry of bucket) {
        const own = entry.inputs;
        if (own.length !== 3 || !sameBytes(own[0]!, a) || !sameBytes(own[1]!, b) || !sameBytes(own[2]!, c)) continue;
        if (entry.generation !== this.#generation) {
          entry.value = compute(a, b, c);
          entry.generation = this.#generation;
        }
        return entry.value;
      }
    }
    return this.getOf([a, b, c], () => compute(a, b, c));
  }

  /** `compute(inputs)`'s result, remembered: the result may depend on nothing but these bytes. */
  getOf(inputs: readonly Uint8Array[], compute: (own: readonly Uint8Array[]) => T): T {
    const key = lookupKey(inputs);
    const bucket = this.#buckets.get(key);
    if (bucket) {
      for (const entry of bucket) {
        if (!sameInputs(entry.inputs, inputs)) continue;
        if (entry.generation !== this.#generation) {
          // Forgotten by forgetValues: computed again on the private copies, which equal the inputs byte for byte.
          entry.value = compute(entry.inputs);
          entry.generation = this.#generation;
        }
        return entry.value;
      }
    }
    const own = copyAll(inputs);
    const value = compute(own);
    if (this.#size >= this.limit) this.clear();
    const entry = { inputs: own, value, generation: this.#generation };
    const again = this.#buckets.get(key);
    if (again) again.push(entry);
    else this.#buckets.set(key, [entry]);
    this.#size++;
    return value;
  }

  /** Entries remembered. */
  get size(): number {
    return this.#size;
  }

  clear(): void {
    this.#buckets.clear();
    this.#size = 0;
  }

  /**
   * Forget every value but keep the private copies of the inputs: the next lookup of the same bytes
   * (still compared byte for byte) computes its value again, without copying the inputs again. For a
   * benchmark that makes each boot pay for its own verdicts: making those copies is not part of a
   * verdict, and a memo that is never cleared pays for it once per distinct input.
   */
  forgetValues(): void {
    this.#generation++;
  }
}

/**
 * A private copy of every input, whatever it is (a Buffer's slice() would share its memory), all in
 * one new buffer: one allocation instead of one per input (a boot copies fourteen signed messages).
 */
function copyAll(inputs: readonly Uint8Array[]): Uint8Array[] {
  let total = 0;
  for (const bytes of inputs) total += bytes.length;
  // Node's shared pool for small sizes (no zero-filled backing store of its own), seen as a plain Uint8Array so slice() copies.
  const pooled = Buffer.allocUnsafe(total);
  const buffer = new Uint8Array(pooled.buffer, pooled.byteOffset, total);
  const own: Uint8Array[] = [];
  let at = 0;
  for (const bytes of inputs) {
    buffer.set(bytes, at);
    own.push(buffer.subarray(at, at + bytes.length));
    at += bytes.length;
  }
  return own;
}

/** A small integer from each input's length and last four bytes: only where to look, never a reason to take an entry. */
function lookupKey(inputs: readonly Uint8Array[]): number {
  let h = inputs.length;
  for (const bytes of inputs) h = mix(h, bytes);
  return h | 0;
}

function mix(h: number, bytes: Uint8Array): number {
  const n = bytes.length;
  const tail = n >= 4 ? (bytes[n - 1]! | (bytes[n - 2]! << 8) | (bytes[n - 3]! << 16) | (bytes[n - 4]! << 24)) : n ? bytes[n - 1]! : 0;
  return Math.imul(h ^ n, 0x9e3779b1) ^ tail;
}

function sameInputs(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameBytes(a[i]!, b[i]!)) return false;
  return true;
}

/**
 * Byte-for-byte equality: memcmp, or a loop for digests and shorter (measured on Node 20: Buffer.compare
 * costs about 45 ns whatever the length up to kilobytes; the loop costs as much at 32 bytes and twice as
 * much at a key's 65).
 */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  if (n > SHORT) return Buffer.compare(a, b) === 0;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

const SHORT = 32;
