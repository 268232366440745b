/**
 * Pluton, the security subsystem: a hardware RNG, the device identity key, the measurement registers
 * and the eFuse controller. The identity key is generated inside at manufacture from Pluton's own RNG
 * and kept in a private field; no method returns it or anything derived from it except the public key
 * and signatures over quotes. Every answer Pluton gives crosses the mailbox and is recorded on the bus.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { signP256 } from '../../model/image-package/index.js';
import type { BusLog } from './bus.js';
import { HmacDrbg } from './drbg.js';
import type { EFuses } from './efuses.js';

export interface Quote {
  nonce: Uint8Array;
  registers: { id: string; value: Uint8Array }[];
  /** ECDSA P-256 (r||s) by the identity key over SHA-256(quoteMessage(nonce, registers)). */
  signature: Uint8Array;
}

const ZERO_REGISTER = new Uint8Array(32);

export class Pluton {
  readonly #rng: HmacDrbg;
  readonly #identitySecret: Uint8Array;
  readonly #identityPublic: Uint8Array;
  readonly #registers = new Map<string, Uint8Array>();
  /** The secret as a leak would spell it, computed once for the taint scan. */
  readonly #secretSpellings: Buffer[];

  private constructor(rng: HmacDrbg, secret: Uint8Array, spellings: Buffer[], publicKey: Uint8Array, registers: readonly string[], readonly efuses: EFuses, private readonly bus: BusLog) {
    this.#rng = rng;
    this.#identitySecret = secret;
    this.#secretSpellings = spellings;
    this.#identityPublic = publicKey;
    for (const id of registers) this.#registers.set(id, ZERO_REGISTER);
  }

  /** A new Pluton: its RNG is seeded from `seed` (reproducible runs) and the identity key is drawn from it. */
  static manufacture(seed: number, registers: readonly string[], efuses: EFuses, bus: BusLog): Pluton {
    const rng = new HmacDrbg(seed, 'pluton hardware rng');
    // 48 bytes reduced mod n (FIPS 186-5 A.2.1): no modulo bias.
    const secret = p256.utils.randomSecretKey(rng.generate(48));
    return new Pluton(rng, secret, secretSpellings(secret), p256.getPublicKey(secret, false), registers, efuses, bus);
  }

  getPublicKey(requester: string): Uint8Array {
    const key = this.#identityPublic.slice();
    this.bus.record('pluton-mailbox', 'pluton', requester, 'identity public key', key);
    return key;
  }

  random(length: number, requester: string): Uint8Array {
    const bytes = this.#rng.generate(length);
    this.bus.record('pluton-mailbox', 'pluton', requester, `${length} random bytes`, bytes);
    return bytes.slice();
  }

  registerIds(): string[] {
    return [...this.#registers.keys()];
  }

  readRegister(id: string): Uint8Array {
    return this.#register(id).slice();
  }

  /** register := SHA-256(register || digest), the TPM PCR rule: the value commits to every digest and their order. */
  extend(id: string, digest: Uint8Array, by: string): Uint8Array {
    const old = this.#register(id);
    this.bus.record('pluton-mailbox', by, 'pluton', `extend ${id}`, digest);
    const next = new Uint8Array(createHash('sha256').update(old).update(digest).digest());
    this.#registers.set(id, next);
    return next.slice();
  }

  /** Registers are volatile: a power cycle clears them (counters, in eFuses, persist). */
  powerCycle(): void {
    for (const id of this.#registers.keys()) this.#registers.set(id, ZERO_REGISTER);
  }

  /** Signs the current register values with the identity key, bound to the verifier's nonce. */
  quote(nonce: Uint8Array, requester: string): Quote {
    const registers = [...this.#registers].map(([id, value]) => ({ id, value: value.slice() }));
    this.bus.record('pluton-mailbox', requester, 'pluton', 'quote nonce', nonce);
    const signature = signP256(quoteMessage(nonce, registers), { secretKey: this.#identitySecret, publicKey: this.#identityPublic });
    this.bus.record('pluton-mailbox', 'pluton', requester, 'quote signature', signature);
    return { nonce: nonce.slice(), registers, signature };
  }

  /**
   * Emulator instrumentation, not a device interface: does `bytes` contain the identity secret, raw
   * (either byte order) or spelt as hex or base64? Answers yes or no only, so the secret stays inside.
   */
  containsIdentitySecret(bytes: Uint8Array): boolean {
    const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return this.#secretSpellings.some((needle) => haystack.includes(needle));
  }

  /** The same chip after a power cycle, on another bus: same identity key, RNG state copied, registers cleared. */
  clone(efuses: EFuses, bus: BusLog): Pluton {
    return new Pluton(this.#rng.clone(), this.#identitySecret, this.#secretSpellings, this.#identityPublic, [...this.#registers.keys()], efuses, bus);
  }

  #register(id: string): Uint8Array {
    const value = this.#registers.get(id);
    if (!value) throw new RangeError(`Pluton has no measurement register "${id}"`);
    return value;
  }
}

/** What a quote signs: "SVFQ" || nonce || for each register (u8 id length, id, 32-byte value). */
export function quoteMessage(nonce: Uint8Array, registers: readonly { id: string; value: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [new TextEncoder().encode('SVFQ'), nonce];
  for (const r of registers) {
    const id = new TextEncoder().encode(r.id);
    parts.push(Uint8Array.of(id.length), id, r.value);
  }
  return Buffer.concat(parts);
}

function secretSpellings(secret: Uint8Array): Buffer[] {
  const raw = Buffer.from(secret);
  const reversed = Buffer.from(secret).reverse();
  return [raw, reversed, ...[raw, reversed].flatMap((b) => [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url')].map((s) => Buffer.from(s, 'latin1')))];
}
