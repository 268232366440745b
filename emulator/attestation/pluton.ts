/**
 * What the attestation protocol needs of Pluton, as a small interface the boot emulator's Pluton can
 * implement (emulator/boot/), and an in-memory implementation for the attestation tests.
 *
 * The device identity key and the client-authentication key never leave the holder: callers get
 * public keys and signatures only. A quote is signed only if every device-specific field in it is the
 * holder's own: its device ID, its current measurement register, its client key. The caller chooses
 * only the nonce, so a compromised OS can ask for quotes but cannot make Pluton vouch for software it
 * did not boot.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import { signP256 } from '../../model/image-package/ecdsa-p256.js';
import { generateSigningKey, type SigningKey } from '../../model/image-package/signing-key.js';
import { bytesEqual } from '../../model/attestation/der.js';
import { decodeQuoteTbs, SIZES } from '../../model/attestation/messages.js';

export interface AttestationKeyHolder {
  /** The device identity public key: uncompressed P-256 point (65 bytes). */
  publicKey(): Uint8Array;
  /** The boot measurement register (pcr-boot), 32 bytes, as it stands now. */
  measurements(): Uint8Array;
  /**
   * Signs `tbs`, an encoded quote body (model/attestation/messages.ts quoteTbs), with the identity key:
   * ECDSA P-256 over SHA-256, 64-byte r||s. Throws if `tbs` is not a quote body, or if its deviceId,
   * measurements or clientKey field differs from the holder's own (checkQuoteBody does this).
   */
  signQuote(tbs: Uint8Array): Uint8Array;
}

/** The client-authentication key (PLUTON_GENERATE_CLIENT_AUTH_KEY): the key the device certificate certifies. */
export interface ClientKeyHolder {
  clientPublicKey(): Uint8Array;
  /** Signs SHA-256(`tbs`) with the client key; 64-byte r||s. */
  signWithClientKey(tbs: Uint8Array): Uint8Array;
}

export type DevicePluton = AttestationKeyHolder & ClientKeyHolder;

/** The device ID: SHA-512 of the identity public key (64 bytes, 128 hex digits as Azure Sphere prints it). */
export const deviceIdOf = (identityPublicKey: Uint8Array): Uint8Array => sha512(identityPublicKey);

export class QuoteRefused extends Error {
  override name = 'QuoteRefused';
}

/** The rule every AttestationKeyHolder applies before signing: throws QuoteRefused with the reason. */
export function checkQuoteBody(tbs: Uint8Array, own: { deviceId: Uint8Array; measurements: Uint8Array; clientKey: Uint8Array }): void {
  const body = decodeQuoteTbs(tbs);
  if (!body.ok) throw new QuoteRefused(`not a quote body: ${body.reason}`);
  const v = body.value;
  if (v.deviceId && !bytesEqual(v.deviceId, own.deviceId)) throw new QuoteRefused('the quote names another device');
  if (v.measurements && !bytesEqual(v.measurements, own.measurements)) throw new QuoteRefused('the quote claims measurements other than the register holds');
  if (v.clientKey && !bytesEqual(v.clientKey, own.clientKey)) throw new QuoteRefused('the quote binds a client key Pluton does not hold');
  if (v.nonce && v.nonce.length !== SIZES.nonce) throw new QuoteRefused('a nonce is 32 bytes');
}

export interface InMemoryPlutonOptions {
  identityKey?: SigningKey;
  clientKey?: SigningKey;
  measurements: Uint8Array;
}

export class InMemoryPluton implements DevicePluton {
  readonly #identity: SigningKey;
  readonly #client: SigningKey;
  #register: Uint8Array;
  /** Quotes signed, for tests. */
  quotesSigned = 0;

  constructor(options: InMemoryPlutonOptions) {
    this.#identity = options.identityKey ?? generateSigningKey();
    this.#client = options.clientKey ?? generateSigningKey();
    this.#register = options.measurements.slice();
  }

  publicKey(): Uint8Array {
    return this.#identity.publicKey.slice();
  }

  deviceId(): Uint8Array {
    return deviceIdOf(this.#identity.publicKey);
  }

  measurements(): Uint8Array {
    return this.#register.slice();
  }

  /** What a boot does: the register takes the measurement of what was booted. */
  setMeasurements(m: Uint8Array): void {
    this.#register = m.slice();
  }

  signQuote(tbs: Uint8Array): Uint8Array {
    checkQuoteBody(tbs, { deviceId: this.deviceId(), measurements: this.#register, clientKey: this.#client.publicKey });
    this.quotesSigned++;
    return signP256(tbs, this.#identity);
  }

  clientPublicKey(): Uint8Array {
    return this.#client.publicKey.slice();
  }

  signWithClientKey(tbs: Uint8Array): Uint8Array {
    return signP256(tbs, this.#client);
  }
}
