/**
 * Pluton, the security subsystem, and the only Pluton of the emulator: the boot chain measures into it
 * and the attestation parties (emulator/attestation/) get their quotes and client-key signatures from
 * it. It holds a hardware RNG, the device identity key (and any other key the design keeps in Pluton),
 * the client-authentication key, the measurement registers and the eFuse controller. The identity key
 * is generated inside at manufacture from Pluton's own RNG and kept in a private field. Software
 * reaches the keys only through the mailbox API below (read, use, write of a key asset), and Pluton
 * grants each request exactly as the design's access rules say, consulted at run time
 * (access-rules.ts): what a design allows, a compromised component can do, and the bus log shows it.
 *
 * quote() is Pluton's own service (its firmware signs), not a component's use of the key: it signs a
 * quote body in the one quote format (formats/attestation/messages.ts encodeQuoteBody) only if every
 * device-specific field in it is Pluton's own: its device ID, the digest of its registers as they
 * stand, its client key. The caller chooses only the nonce, so a compromised OS can ask for quotes
 * but cannot make Pluton vouch for software it did not boot. Every answer crosses the mailbox and is
 * recorded on the bus. quoteWith() is the same service under a key the caller names: Pluton signs quotes
 * only with a key it sealed at manufacture (a secret private key it generated, or the factory injected,
 * that it never hands out); a value it holds unsealed (a key store, a key the design does not keep secret)
 * it hands to software that asks for it (release()), and signs nothing with.
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import type { Right } from '../../model/platform/platform-design.js';
import { bytesEqual } from '../../formats/attestation/der.js';
import { decodeQuoteTbs, deviceIdOf, measurementsDigest, SIZES } from '../../formats/attestation/messages.js';
import { signP256, toHex } from '../../formats/image-package/index.js';
import { AccessRules } from './access-rules.js';
import { BytesMemo } from './bytes-memo.js';
import type { BusLog } from './bus.js';
import { HmacDrbg } from './drbg.js';
import type { EFuses } from './efuses.js';

/** Pluton refused to sign a quote body: the reason names the field that is not its own. */
export class QuoteRefused extends Error {
  override name = 'QuoteRefused';
}

export interface PlutonManufacture {
  /** The chip's serial number in the factory's run: personalises its RNG, so two chips draw two keys. */
  serial?: number;
  /** An identity key the factory generated and injects (otherwise Pluton draws its own from its RNG). */
  injectedIdentity?: Uint8Array;
  /** The design asset that is the identity key (the quote key), if the design names one. */
  identityAsset?: string;
  /** Other key assets the design keeps in Pluton: Pluton holds a key for each. */
  otherKeyAssets?: readonly string[];
  /**
   * The key assets Pluton seals (signs quotes with, never releases). Default: the identity key alone; every other
   * key it holds is held unsealed. An identity key the design does not name (Pluton's own) is always sealed.
   */
  sealedKeyAssets?: readonly string[];
  /** The design's access rules; none: every request from software is refused. */
  access?: AccessRules;
}

/** A request from software to Pluton for a key asset, as Pluton answered it. */
export type KeyRequestResult = { granted: true; rule: number; value: Uint8Array } | { granted: false; reason: string };

interface KeyPair {
  secret: Uint8Array;
  publicKey: Uint8Array;
}

const ZERO_REGISTER = new Uint8Array(32);

/**
 * SHA-256(register || digest) by the exact bytes of both: every boot of a sweep extends the same
 * registers by the same image digests, and a fresh hash object per extension was a tenth of a boot.
 */
const extensions = new BytesMemo<{ value: Uint8Array; hex: string }>(4096);

/**
 * Which key's secret a value spells, remembered by the exact bytes (BytesMemo: no hash stands in for
 * the content) under each set of spellings: the chip's secrets are part of the question, so chips made
 * with other keys (a fleet's other devices) never share an answer; a chip and its clones share the set
 * (spellings are of the keys as manufactured). Values shorter than SCANS_REMEMBERED_FROM are searched
 * every time (cheaper than remembering them).
 */
const scans = new WeakMap<object, BytesMemo<string | undefined>>();
const SCANS_REMEMBERED_FROM = 512;

function findSpelling(spellings: readonly (readonly [string, Buffer[]])[], bytes: Uint8Array): string | undefined {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const [asset, needles] of spellings) if (needles.some((needle) => haystack.includes(needle))) return asset;
  return undefined;
}

export class Pluton {
  readonly #rng: HmacDrbg;
  /** Key assets by id; the identity key under IDENTITY when the design names no asset for it. */
  readonly #keys: Map<string, KeyPair>;
  readonly #identityAsset: string;
  /** The keys Pluton's quote service signs with: sealed at manufacture, never released. */
  readonly #sealed: ReadonlySet<string>;
  readonly #access: AccessRules;
  /** Each key's secret as manufactured, as a leak would spell it, computed once for the taint scan. */
  readonly #spellings: readonly (readonly [string, Buffer[]])[];
  readonly #registers = new Map<string, Uint8Array>();
  /** The client-authentication key, generated on the first request for it (PLUTON_GENERATE_CLIENT_AUTH_KEY). */
  #client: KeyPair | undefined;

  /** The asset id of the key Pluton holds as the device's identity (its device ID, its quotes). */
  get identityAssetId(): string {
    return this.#identityAsset;
  }

  private constructor(rng: HmacDrbg, keys: Map<string, KeyPair>, spellings: readonly (readonly [string, Buffer[]])[], identityAsset: string, sealed: ReadonlySet<string>, access: AccessRules, registers: readonly string[], readonly efuses: EFuses, private readonly bus: BusLog, client?: KeyPair) {
    this.#rng = rng;
    this.#sealed = sealed;
    this.#client = client;
    this.#keys = keys;
    this.#spellings = spellings;
    this.#identityAsset = identityAsset;
    this.#access = access;
    for (const id of registers) this.#registers.set(id, ZERO_REGISTER);
  }

  /**
   * A new Pluton: its RNG is seeded from `seed` and the chip's serial (reproducible runs, one stream per
   * chip; chip 0 keeps the original personalisation) and the identity key is drawn from it, unless the
   * factory injects one it generated.
   */
  static manufacture(seed: number, registers: readonly string[], efuses: EFuses, bus: BusLog, options: PlutonManufacture = {}): Pluton {
    const serial = options.serial ?? 0;
    const rng = new HmacDrbg(seed, serial === 0 ? 'pluton hardware rng' : `pluton hardware rng, chip ${serial}`);
    // 48 bytes reduced mod n (FIPS 186-5 A.2.1): no modulo bias.
    const drawn = p256.utils.randomSecretKey(rng.generate(48));
    const identity = options.injectedIdentity ?? drawn;
    const identityAsset = options.identityAsset ?? IDENTITY;
    const keys = new Map<string, KeyPair>([[identityAsset, pair(identity)]]);
    for (const asset of options.otherKeyAssets ?? []) if (!keys.has(asset)) keys.set(asset, pair(p256.utils.randomSecretKey(rng.generate(48))));
    const spellings = [...keys].map(([asset, key]) => [asset, secretSpellings(key.secret)] as const);
    // An identity key the design names is sealed only if listed; Pluton's own (the design names none in Pluton) always is.
    const sealed = new Set([...(options.sealedKeyAssets ?? []), ...(options.identityAsset === undefined || options.sealedKeyAssets === undefined ? [identityAsset] : [])].filter((asset) => keys.has(asset)));
    return new Pluton(rng, keys, spellings, identityAsset, sealed, options.access ?? new AccessRules({ access: [] }), registers, efuses, bus);
  }

  getPublicKey(requester: string): Uint8Array {
    const key = this.#identity().publicKey.slice();
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
    return this.#extend(id, digest, by).value.slice();
  }

  /** extend(), answering with the new value in hex (as a boot trace records it): nothing to copy or spell per boot. */
  extendSpelled(id: string, digest: Uint8Array, by: string): string {
    return this.#extend(id, digest, by).hex;
  }

  #extend(id: string, digest: Uint8Array, by: string): { value: Uint8Array; hex: string } {
    const old = this.#register(id);
    this.bus.record('pluton-mailbox', by, 'pluton', `extend ${id}`, digest);
    // The remembered value is shared by every Pluton that extends the same register value by the same
    // digest: registers are only ever replaced, never changed in place, and callers get a copy.
    const next = extensions.getOf([old, digest], ([o, d]) => {
      const value = new Uint8Array(createHash('sha256').update(o!).update(d!).digest());
      return { value, hex: toHex(value) };
    });
    this.#registers.set(id, next.value);
    return next;
  }

  /** Registers are volatile: a power cycle clears them (counters, in eFuses, persist). */
  powerCycle(): void {
    for (const id of this.#registers.keys()) this.#registers.set(id, ZERO_REGISTER);
  }

  /** The digest of every measurement register as it stands: what a quote's `measurements` field must hold. */
  measurements(requester: string): Uint8Array {
    const digest = this.#measurements();
    this.bus.record('pluton-mailbox', 'pluton', requester, 'measurements digest', digest);
    return digest.slice();
  }

  /**
   * Signs `body`, an encoded quote body (formats/attestation/messages.ts encodeQuoteBody), with the
   * identity key: ECDSA P-256 over SHA-256, 64-byte r||s. Throws QuoteRefused if `body` is not a quote
   * body, or if its deviceId, measurements or clientKey field is not Pluton's own.
   */
  quote(body: Uint8Array, requester: string): Uint8Array {
    return this.quoteWith(body, requester, this.#identityAsset);
  }

  /** quote(), signed with the sealed key `asset`; refused (QuoteRefused) when Pluton seals no such key. */
  quoteWith(body: Uint8Array, requester: string, asset: string): Uint8Array {
    this.bus.record('pluton-mailbox', requester, 'pluton', asset === this.#identityAsset ? 'quote body' : `quote body, to sign with ${asset}`, body);
    if (!this.#sealed.has(asset)) throw this.#refuse(requester, this.#keys.has(asset) ? `${asset} is not a key Pluton sealed: it signs no quote with it` : `Pluton holds no key ${asset}`);
    const decoded = decodeQuoteTbs(body);
    if (!decoded.ok) throw this.#refuse(requester, `not a quote body: ${decoded.reason}`);
    const v = decoded.value;
    if (v.deviceId && !bytesEqual(v.deviceId, deviceIdOf(this.#identity().publicKey))) throw this.#refuse(requester, 'the quote names another device');
    if (v.measurements && !bytesEqual(v.measurements, this.#measurements())) throw this.#refuse(requester, 'the quote claims measurements other than the registers hold');
    if (v.clientKey && !(this.#client && bytesEqual(v.clientKey, this.#client.publicKey))) throw this.#refuse(requester, 'the quote binds a client key Pluton does not hold');
    if (v.nonce && v.nonce.length !== SIZES.nonce) throw this.#refuse(requester, 'a nonce is 32 bytes');
    const signature = signP256(body, this.#signingKey(this.#keys.get(asset)!));
    this.bus.record('pluton-mailbox', 'pluton', requester, 'quote signature', signature);
    return signature;
  }

  /** The public half of a sealed key (what the factory registers for the quotes it signs), or undefined when Pluton seals no `asset`. */
  sealedPublicKey(asset: string, requester: string): Uint8Array | undefined {
    if (!this.#sealed.has(asset)) return undefined;
    const key = this.#keys.get(asset)!.publicKey.slice();
    this.bus.record('pluton-mailbox', 'pluton', requester, `${asset} public key`, key);
    return key;
  }

  /**
   * The value of something Pluton holds unsealed, handed across the mailbox to software that needs it: a key it
   * holds but did not seal, or a measurement register. Undefined for a sealed key or one it does not hold.
   */
  release(asset: string, requester: string): Uint8Array | undefined {
    const value = this.#registers.has(asset) ? this.#registers.get(asset)! : this.#sealed.has(asset) ? undefined : this.#keys.get(asset)?.secret;
    if (!value) return undefined;
    this.bus.record('pluton-mailbox', 'pluton', requester, `${asset} (released)`, value);
    return value.slice();
  }

  /** The client-authentication public key (generated from Pluton's RNG on the first request). */
  clientPublicKey(requester: string): Uint8Array {
    const key = this.#clientKey().publicKey.slice();
    this.bus.record('pluton-mailbox', 'pluton', requester, 'client public key', key);
    return key;
  }

  /** Signs SHA-256(`message`) with the client key: what the device's TLS handshake asks of Pluton. */
  signWithClientKey(message: Uint8Array, requester: string): Uint8Array {
    this.bus.record('pluton-mailbox', requester, 'pluton', 'sign with client key', message);
    const signature = signP256(message, this.#signingKey(this.#clientKey()));
    this.bus.record('pluton-mailbox', 'pluton', requester, 'client key signature', signature);
    return signature;
  }

  /** The key assets Pluton holds, identity key first. */
  keyAssets(): string[] {
    return [...this.#keys.keys()];
  }

  /** Software asks for a key's value. Granted only by a 'read' rule; the answer then crosses the mailbox, secret and all. */
  readKey(asset: string, requester: string): KeyRequestResult {
    const decision = this.#decide(asset, 'read', requester, new Uint8Array(0));
    if (!decision.granted) return decision;
    const value = this.#keys.get(asset)!.secret.slice();
    this.bus.record('pluton-mailbox', 'pluton', requester, `${asset} (read)`, value);
    return { granted: true, rule: decision.rule, value };
  }

  /** Software asks Pluton to sign `message` with a key. Granted only by a 'use' rule. */
  useKey(asset: string, message: Uint8Array, requester: string): KeyRequestResult {
    const decision = this.#decide(asset, 'use', requester, message);
    if (!decision.granted) return decision;
    const signature = signP256(message, this.#signingKey(this.#keys.get(asset)!));
    this.bus.record('pluton-mailbox', 'pluton', requester, `signature by ${asset}`, signature);
    return { granted: true, rule: decision.rule, value: signature };
  }

  /** Software asks Pluton to replace a key with `secret` (a P-256 private scalar). Granted only by a 'write' rule. */
  writeKey(asset: string, secret: Uint8Array, requester: string): KeyRequestResult {
    const decision = this.#decide(asset, 'write', requester, secret);
    if (!decision.granted) return decision;
    const replaced = pair(secret);
    this.#keys.set(asset, replaced);
    this.bus.record('pluton-mailbox', 'pluton', requester, `${asset} replaced: new public key`, replaced.publicKey);
    return { granted: true, rule: decision.rule, value: replaced.publicKey.slice() };
  }

  /**
   * Emulator instrumentation, not a device interface: does `bytes` contain the identity secret, raw
   * (either byte order) or spelt as hex or base64? Answers yes or no only, so the secret stays inside.
   */
  containsIdentitySecret(bytes: Uint8Array): boolean {
    return this.containsKeySecret(bytes) === this.#identityAsset;
  }

  /**
   * Instrumentation likewise: which of Pluton's keys (as manufactured) `bytes` contains, if any. A
   * value of some size is searched once per set of spellings (this chip's and its clones'): the same
   * images cross the buses of every boot of a run (2,139 values of 163 distinct contents in verify).
   */
  containsKeySecret(bytes: Uint8Array): string | undefined {
    if (bytes.length < SCANS_REMEMBERED_FROM) return findSpelling(this.#spellings, bytes);
    let memo = scans.get(this.#spellings);
    if (!memo) scans.set(this.#spellings, (memo = new BytesMemo<string | undefined>(1024)));
    return memo.get(bytes, (own) => findSpelling(this.#spellings, own));
  }

  /** The same chip after a power cycle, on another bus: same keys, RNG state copied, registers cleared. */
  clone(efuses: EFuses, bus: BusLog): Pluton {
    return new Pluton(this.#rng.clone(), new Map(this.#keys), this.#spellings, this.#identityAsset, this.#sealed, this.#access, [...this.#registers.keys()], efuses, bus, this.#client);
  }

  #decide(asset: string, right: Right, requester: string, request: Uint8Array): { granted: true; rule: number } | { granted: false; reason: string } {
    this.bus.record('pluton-mailbox', requester, 'pluton', `${right} ${asset}`, request);
    if (!this.#keys.has(asset)) return { granted: false, reason: `Pluton holds no key ${asset}` };
    const decision = this.#access.decide(requester, asset, right);
    if (decision.granted) return { granted: true, rule: decision.rule! };
    this.bus.record('pluton-mailbox', 'pluton', requester, `${right} ${asset}: refused`, new Uint8Array(0));
    return { granted: false, reason: `no access rule gives ${requester} '${right}' on ${asset}` };
  }

  #measurements(): Uint8Array {
    return measurementsDigest([...this.#registers].map(([id, value]) => ({ id, value })));
  }

  #clientKey(): KeyPair {
    this.#client ??= pair(p256.utils.randomSecretKey(this.#rng.generate(48)));
    return this.#client;
  }

  #refuse(requester: string, reason: string): QuoteRefused {
    this.bus.record('pluton-mailbox', 'pluton', requester, `quote refused: ${reason}`, new Uint8Array(0));
    return new QuoteRefused(reason);
  }

  #identity(): KeyPair {
    return this.#keys.get(this.#identityAsset)!;
  }

  #signingKey(key: KeyPair) {
    return { secretKey: key.secret, publicKey: key.publicKey };
  }

  #register(id: string): Uint8Array {
    const value = this.#registers.get(id);
    if (!value) throw new RangeError(`Pluton has no measurement register "${id}"`);
    return value;
  }
}

/** The identity key's name inside Pluton when the design names no asset for it. */
const IDENTITY = 'identity-key';

const pair = (secret: Uint8Array): KeyPair => ({ secret, publicKey: p256.getPublicKey(secret, false) });

function secretSpellings(secret: Uint8Array): Buffer[] {
  const raw = Buffer.from(secret);
  const reversed = Buffer.from(secret).reverse();
  return [raw, reversed, ...[raw, reversed].flatMap((b) => [b.toString('hex'), b.toString('hex').toUpperCase(), b.toString('base64'), b.toString('base64url')].map((s) => Buffer.from(s, 'latin1')))];
}
