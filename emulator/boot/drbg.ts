/**
 * HMAC_DRBG with SHA-256 (NIST SP 800-90A §10.1.2): the emulator's stand-in for Pluton's hardware
 * random number generator, and the source of the factory's and the attacker's keys. A real TRNG is
 * not reproducible; a DRBG seeded from the run's seed is, so every key, image and trace of a run can
 * be replayed from its seed. Personalisation strings keep the three streams independent.
 */
import { createHmac } from 'node:crypto';

/** HMAC-SHA-256 from node:crypto (OpenSSL): a run draws thousands of blocks, and node's is several times cheaper than a JavaScript one while it is cold. */
const hmac = (key: Uint8Array, message: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(createHmac('sha256', key).update(message).digest());

export class HmacDrbg {
  #key = new Uint8Array(32);
  #value = new Uint8Array(32).fill(1);

  constructor(seed: number, personalization: string, state?: { key: Uint8Array; value: Uint8Array }) {
    if (state) {
      this.#key = state.key.slice();
      this.#value = state.value.slice();
      return;
    }
    // Seed material: the seed as a big-endian float64 (any JS number), then the personalisation string.
    const seedBytes = new Uint8Array(8);
    new DataView(seedBytes.buffer).setFloat64(0, seed, false);
    this.#update(Buffer.concat([seedBytes, new TextEncoder().encode(personalization)]));
  }

  /** `length` pseudo-random bytes; the state moves on, so the next call gives new bytes. */
  generate(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let pos = 0; pos < length; pos += 32) {
      this.#value = hmac(this.#key, this.#value);
      out.set(this.#value.subarray(0, Math.min(32, length - pos)), pos);
    }
    this.#update();
    return out;
  }

  /** An independent generator in the same state: both produce the same bytes from here on. */
  clone(): HmacDrbg {
    return new HmacDrbg(0, '', { key: this.#key, value: this.#value });
  }

  #update(data?: Uint8Array): void {
    const step = (marker: number) => {
      const input = new Uint8Array(33 + (data?.length ?? 0));
      input.set(this.#value, 0);
      input[32] = marker;
      if (data) input.set(data, 33);
      this.#key = hmac(this.#key, input);
      this.#value = hmac(this.#key, this.#value);
    };
    step(0x00);
    if (data && data.length > 0) step(0x01);
  }
}
