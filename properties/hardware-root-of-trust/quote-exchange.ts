/**
 * The attestation exchange the hardware-root-of-trust rules run on the emulated device, in the one
 * quote format the attestation parties use too (formats/attestation/messages.ts encodeQuoteBody, signed
 * by the one Pluton, emulator/boot/pluton.ts). The device's attestation client asks its Pluton for the
 * quote's fields (device ID, register digest, client key) and has it sign the body with every field
 * and the service's nonce; the attestation service verifies the signature over what it knows itself
 * (the device ID of the key registered at the factory, the nonce it sent) and what the quote claims
 * (measurements, client key), exactly as emulator/attestation/security-service.ts does.
 *
 * The exchange under the product's own protocol design (takeQuoteWith, registerQuoteKey, forgeQuote): the device
 * signs with the asset the design names as the quote's signing key, as the device keeps it
 * (emulator/boot/quote-key.ts: Pluton's sealed key, or software signing with a value it reads), the factory
 * registers that key's public half beside the device ID, and an attacker who knows the design looks on every bus
 * of every device the run made for the asset's value, makes the keys those bytes make and signs a quote of its own
 * (the service's nonce, measurements and client key of its choosing). This play is held against the signing-key
 * part of model/attestation/protocol-design.ts quoteProofGap by test/differential/quote-key-differential.test.ts,
 * and takes nothing from that module (test/differential/second-reading-imports.test.ts).
 */
import { createHash } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { ATTESTATION_CLIENT } from '../../emulator/attestation/attesting-device.js';
import { keysFromBytes, quoteKeyPlace, quoteSignerOn, signQuote, type BootDevice, type SignatureVerifier } from '../../emulator/boot/index.js';
import { signP256, toHex } from '../../formats/image-package/index.js';
import { deviceIdOf, encodeQuoteBody, measurementsDigest, type QuoteValues } from '../../formats/attestation/messages.js';
import type { PlatformDesign } from '../../model/platform/platform-design.js';
import type { RuleInput } from './rule.js';

export { ATTESTATION_CLIENT };

export interface TakenQuote {
  values: QuoteValues;
  body: Uint8Array;
  signature: Uint8Array;
}

/** The device answers the service's `nonce`: Pluton's own fields, then Pluton's signature. */
export function takeQuote(device: BootDevice, nonce: Uint8Array): TakenQuote {
  const pluton = device.pluton;
  const values: QuoteValues = {
    deviceId: deviceIdOf(pluton.getPublicKey(ATTESTATION_CLIENT)),
    nonce,
    measurements: pluton.measurements(ATTESTATION_CLIENT),
    clientKey: pluton.clientPublicKey(ATTESTATION_CLIENT),
  };
  const body = encodeQuoteBody(values);
  return { values, body, signature: pluton.quote(body, ATTESTATION_CLIENT) };
}

/** The service's check: the signature over (registered device, sent nonce, claimed measurements and client key) verifies under the registered key. */
export function serviceAccepts(verifier: SignatureVerifier, registered: Uint8Array, sentNonce: Uint8Array, claimed: Pick<QuoteValues, 'measurements' | 'clientKey'>, signature: Uint8Array): boolean {
  return serviceAcceptsUnder(verifier, { deviceId: deviceIdOf(registered), quoteKey: registered }, sentNonce, claimed, signature);
}

/** What the factory registers for a device: its ID (from its identity key) and the public key its quotes verify under. */
export interface QuoteRegistration {
  deviceId: Uint8Array;
  quoteKey: Uint8Array;
  /** Who signs the device's quotes: Pluton's quote service, or software with the value it reads (and where). */
  signer: string;
}

/** The service's check against a registration whose quote key need not be the identity key. */
export function serviceAcceptsUnder(verifier: SignatureVerifier, registered: Pick<QuoteRegistration, 'deviceId' | 'quoteKey'>, sentNonce: Uint8Array, claimed: Pick<QuoteValues, 'measurements' | 'clientKey'>, signature: Uint8Array): boolean {
  const body = encodeQuoteBody({ deviceId: registered.deviceId, nonce: sentNonce, measurements: claimed.measurements, clientKey: claimed.clientKey });
  return verifier.verify(body, signature, registered.quoteKey);
}

/**
 * The factory registers the device's quote key (the asset `signingKey` names, as the device signs with it), asked of
 * `device` as it leaves the factory: the device's ID and the public half of what signs its quotes.
 */
export function registerQuoteKey(device: BootDevice, signingKey: string): { ok: true; registration: QuoteRegistration } | { ok: false; reason: string } {
  const signer = quoteSignerOn(device, signingKey, 'factory');
  if (signer.by === 'nothing') return { ok: false, reason: signer.reason };
  const deviceId = deviceIdOf(device.pluton.getPublicKey('factory'));
  device.bus.record('network', 'factory', 'vendor-device-registry', 'device quote public key', signer.publicKey);
  return { ok: true, registration: { deviceId, quoteKey: signer.publicKey, signer: signer.by === 'pluton' ? `Pluton's sealed ${signingKey}` : `software, with ${signingKey} read from ${signer.where}` } };
}

/** takeQuote, signed with what `signingKey` names on the device: the quote, or why the device cannot sign one. */
export function takeQuoteWith(device: BootDevice, nonce: Uint8Array, signingKey: string): { ok: true; quote: TakenQuote } | { ok: false; reason: string } {
  const pluton = device.pluton;
  const values: QuoteValues = {
    deviceId: deviceIdOf(pluton.getPublicKey(ATTESTATION_CLIENT)),
    nonce,
    measurements: pluton.measurements(ATTESTATION_CLIENT),
    clientKey: pluton.clientPublicKey(ATTESTATION_CLIENT),
  };
  const body = encodeQuoteBody(values);
  const signed = signQuote(quoteSignerOn(device, signingKey, ATTESTATION_CLIENT), body);
  return signed.ok ? { ok: true, quote: { values, body, signature: signed.signature } } : signed;
}

/**
 * The honest exchange under the design's quote key: the factory registers `leaving` (the device as it leaves the
 * factory), the booted `device` signs a quote for the service's `nonce`, and the service checks the signature over
 * that nonce under the registered key. The registration and quote when there are, and why the exchange failed when
 * it did (the measurements are the caller's to judge).
 */
export function playQuoteExchange(leaving: BootDevice, device: BootDevice, signingKey: string, verifier: SignatureVerifier, nonce: Uint8Array): { registration?: QuoteRegistration; quote?: TakenQuote; failure?: string } {
  const enrolled = registerQuoteKey(leaving, signingKey);
  if (!enrolled.ok) return { failure: `the factory cannot register a key for the device's quotes: ${enrolled.reason}` };
  const registration = enrolled.registration;
  const taken = takeQuoteWith(device, nonce, signingKey);
  if (!taken.ok) return { registration, failure: `the device signs no quote with ${signingKey}: ${taken.reason}` };
  const quote = taken.quote;
  device.bus.record('network', ATTESTATION_CLIENT, 'attestation-service', 'quote', Buffer.concat([quote.body, quote.signature]));
  // The service checks the signature over the nonce it sent, not whatever nonce the quote claims.
  if (serviceAcceptsUnder(verifier, registration, nonce, quote.values, quote.signature)) return { registration, quote };
  return { registration, quote, failure: `the quote does not verify, for the nonce the service sent, under the quote key registered at the factory (${registration.signer})` };
}

/** The measurements and client key a forger claims: no boot's, and a key of its own. */
const FORGED_CLAIM: Pick<QuoteValues, 'measurements' | 'clientKey'> = {
  measurements: new Uint8Array(32).fill(0x5a),
  clientKey: p256.getPublicKey(p256.utils.randomSecretKey(new Uint8Array(48).fill(0x17)), false),
};

/**
 * An attacker who knows the design (so where the device keeps the quote key) looks, on every bus of `devices`, for
 * the values that crossed to or from that place, and the empty value of a place nobody wrote; makes every key those
 * bytes make (keysFromBytes); and, with one whose public half is the registered quote key, signs a quote of its own
 * for the service's `nonce`. What it used, when the service accepts the forgery; undefined when nothing did.
 */
export function forgeQuote(devices: readonly BootDevice[], signingKey: string, registration: QuoteRegistration, verifier: SignatureVerifier, nonce: Uint8Array): string | undefined {
  const asset = devices[0]?.design.assets.find((a) => a.id === signingKey);
  if (!asset) return undefined;
  const place = quoteKeyPlace(asset);
  const seen = new Set<string>();
  const candidates: { bytes: Uint8Array; from: string }[] = [{ bytes: new Uint8Array(0), from: `the empty value of ${place}, unwritten` }];
  for (const device of devices) {
    for (const e of device.bus.events) {
      if (!`${e.from} ${e.to} ${e.label}`.includes(signingKey) && !`${e.from} ${e.to}`.includes(place)) continue;
      const key = toHex(e.bytes);
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push({ bytes: e.bytes, from: `${e.label} (${e.channel}, ${e.from} → ${e.to})` });
    }
  }
  const registered = toHex(registration.quoteKey);
  for (const { bytes, from } of candidates) {
    for (const key of keysFromBytes(bytes)) {
      if (toHex(key.publicKey) !== registered) continue;
      const body = encodeQuoteBody({ deviceId: registration.deviceId, nonce, ...FORGED_CLAIM });
      if (serviceAcceptsUnder(verifier, registration, nonce, FORGED_CLAIM, signP256(body, key))) return from;
    }
  }
  return undefined;
}

/** Each register folded over the genuine images' digests in boot order, as the attestation service computes it. */
export function expectedRegisters(input: Pick<RuleInput, 'lab'>): Map<string, Uint8Array> {
  const values = new Map<string, Uint8Array>();
  for (const stage of input.lab.design.boot) {
    if (!stage.measurement) continue;
    const image = input.lab.vendor.current.images.get(stage.image)!;
    const digest = createHash('sha256').update(image).digest();
    const old = values.get(stage.measurement.register) ?? new Uint8Array(32);
    values.set(stage.measurement.register, new Uint8Array(createHash('sha256').update(old).update(digest).digest()));
  }
  return values;
}

/** The measurements a genuine boot gives: the digest of every register of the design (unmeasured ones stay zero). */
export function expectedMeasurements(input: Pick<RuleInput, 'lab'>): Uint8Array {
  const expected = expectedRegisters(input);
  return measurementsDigest(registersOf(input.lab.design).map((id) => ({ id, value: expected.get(id) ?? new Uint8Array(32) })));
}

/** The design's measurement registers, in the order the device's Pluton holds them. */
const registersOf = (design: PlatformDesign): string[] => design.assets.filter((a) => a.kind === 'register').map((a) => a.id);
