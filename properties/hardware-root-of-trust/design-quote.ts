/**
 * The attestation exchange as the product's own protocol design describes it, played on the emulated device: the
 * identity-key rule's emulated reading of whether a quote shows that the device holds its key now. It is held
 * against model/attestation/protocol-design.ts quoteProofGap by test/differential/quote-proof-differential.test.ts and
 * takes nothing from that module (test/differential/second-reading-imports.test.ts): it reads the design's fields
 * as the parties do, not the rule's judgement of them.
 *  - The device attests as the design's attestation connection says: with something other than a quote
 *    ('device-identity-key'), it sends no quote at all.
 *  - The factory registers the key the device signs its quotes with, the asset attestation.signingKey names, as the
 *    device keeps it (emulator/boot/quote-key.ts: Pluton's sealed key, or software signing with a value it reads).
 *  - The service sends a fresh nonce when the design's nonce policy says so; the device signs the design's signed
 *    fields (formats/attestation/messages.ts quoteTbs) and sends the design's quote fields; the service verifies the
 *    signature over the nonce the design says it checks (nonceCheck, the one it sent when the design leaves it out,
 *    as emulator/attestation/security-service.ts does), under the registered key.
 *  - A recorder replays the quote it saw in the next session, as it was and with its unsigned fields set to the new
 *    session's nonce; a forger who knows the design looks on every bus of the run for the quote key's value and signs
 *    a quote of its own (forgeQuote). Either accepted, the quote shows nothing current.
 */
import { p256 } from '@noble/curves/nist.js';
import { ATTESTATION_CLIENT } from '../../emulator/attestation/attesting-device.js';
import { HmacDrbg, keysFromBytes, quoteKeyPlace, quoteSignerOn, signQuote, type BootDevice, type SignatureVerifier } from '../../emulator/boot/index.js';
import { bytesEqual } from '../../formats/attestation/der.js';
import { deviceIdOf, quoteTbs, type QuoteValues } from '../../formats/attestation/messages.js';
import { publicPointOf, signP256, toHex } from '../../formats/image-package/index.js';
import type { ProtocolDesign, QuoteField } from '../../model/attestation/protocol-design.js';
import type { TakenQuote } from './quote-exchange.js';

/** The parts of the protocol design the exchange runs. */
export type QuoteProtocol = Pick<ProtocolDesign, 'attestation' | 'connections'>;

/** What the factory registers for a device: its ID (from its identity key) and the public key its quotes verify under. */
export interface QuoteRegistration {
  deviceId: Uint8Array;
  quoteKey: Uint8Array;
  /** Who signs the device's quotes: Pluton's quote service, or software with the value it reads (and where). */
  signer: string;
}

/** A quote as it crosses the network: the design's quote fields and the signature. */
export interface QuoteMessage {
  fields: Partial<QuoteValues>;
  signature: Uint8Array;
}

/** What the exchange showed: the registration and the honest quote when there are, why it failed, and a replay the service took. */
export interface QuotePlay {
  registration?: QuoteRegistration;
  quote?: TakenQuote;
  failure?: string;
  replayed?: string;
}

/** The factory registers the device's quote key (the asset `signingKey` names, as the device signs with it), asked of `device` as it leaves the factory. */
export function registerQuoteKey(device: BootDevice, signingKey: string): { ok: true; registration: QuoteRegistration } | { ok: false; reason: string } {
  const signer = quoteSignerOn(device, signingKey, 'factory');
  if (signer.by === 'nothing') return { ok: false, reason: signer.reason };
  const deviceId = deviceIdOf(device.pluton.getPublicKey('factory'));
  device.bus.record('network', 'factory', 'vendor-device-registry', 'device quote public key', signer.publicKey);
  return { ok: true, registration: { deviceId, quoteKey: signer.publicKey, signer: signer.by === 'pluton' ? `Pluton's sealed ${signingKey}` : `software, with ${signingKey} read from ${signer.where}` } };
}

/** The service's check of `message` in a session that sent `sent` (no nonce when the design's policy has none). */
export function serviceVerifies(protocol: QuoteProtocol, verifier: SignatureVerifier, registration: QuoteRegistration, sent: Uint8Array | undefined, message: QuoteMessage): boolean {
  const a = protocol.attestation;
  const carried = message.fields.nonce;
  let over: Uint8Array | undefined;
  if (a.nonce === 'service-nonce') {
    // A design that does not say which nonce is checked gets the service's own behaviour: the one it sent.
    if ((a.nonceCheck ?? 'sent-nonce') === 'quote-nonce') over = carried;
    else if (carried && sent && bytesEqual(carried, sent)) over = sent;
    if (!over) return false;
  }
  const body = quoteTbs(protocol, { deviceId: registration.deviceId, ...(over ? { nonce: over } : {}), ...(message.fields.measurements ? { measurements: message.fields.measurements } : {}), ...(message.fields.clientKey ? { clientKey: message.fields.clientKey } : {}) });
  return verifier.verify(body, message.signature, registration.quoteKey);
}

/** The design's quote fields of `values`. */
const carriedFields = (protocol: QuoteProtocol, values: QuoteValues): Partial<QuoteValues> => Object.fromEntries(protocol.attestation.quoteFields.map((f: QuoteField) => [f, values[f]])) as Partial<QuoteValues>;

/**
 * The honest exchange under the design, then the recorder's replay in the next session. `leaving` is the device as it
 * leaves the factory (registered there), `device` the booted one; nonces are drawn from `seed`.
 */
export function playQuoteExchange(leaving: BootDevice, device: BootDevice, protocol: QuoteProtocol, verifier: SignatureVerifier, seed: number): QuotePlay {
  const credential = protocol.connections.find((c) => c.protocol === 'attestation')?.client.credential;
  if (credential !== undefined && credential !== 'device-identity-key') return { failure: `the device attests with a ${credential}: it sends no quote, so nothing signed now reaches the service` };
  const signingKey = protocol.attestation.signingKey;
  const enrolled = registerQuoteKey(leaving, signingKey);
  if (!enrolled.ok) return { failure: `the factory cannot register a key for the device's quotes: ${enrolled.reason}` };
  const registration = enrolled.registration;
  const withNonce = protocol.attestation.nonce === 'service-nonce';
  const first = withNonce ? new HmacDrbg(seed, 'attestation service nonce').generate(32) : undefined;
  const pluton = device.pluton;
  const values: QuoteValues = {
    deviceId: deviceIdOf(pluton.getPublicKey(ATTESTATION_CLIENT)),
    nonce: first ?? new Uint8Array(0),
    measurements: pluton.measurements(ATTESTATION_CLIENT),
    clientKey: pluton.clientPublicKey(ATTESTATION_CLIENT),
  };
  const body = quoteTbs(protocol, withNonce ? values : { ...values, nonce: undefined });
  const signed = signQuote(quoteSignerOn(device, signingKey, ATTESTATION_CLIENT), body);
  if (!signed.ok) return { registration, failure: `the device signs no quote with ${signingKey}: ${signed.reason}` };
  const quote: TakenQuote = { values, body, signature: signed.signature };
  const message: QuoteMessage = { fields: carriedFields(protocol, values), signature: signed.signature };
  device.bus.record('network', ATTESTATION_CLIENT, 'attestation-service', 'quote', Buffer.concat([body, signed.signature]));
  if (!serviceVerifies(protocol, verifier, registration, first, message)) return { registration, quote, failure: `the quote does not verify, for the nonce the service sent, under the quote key registered at the factory (${registration.signer})` };
  // The next session: a recorder sends the quote it saw, as it was, then with its carried nonce set to the new one.
  const next = withNonce ? new HmacDrbg(seed, 'attestation service nonce, next session').generate(32) : undefined;
  const replays: [string, QuoteMessage][] = [['as recorded', message], ...(next && message.fields.nonce ? [["with the new session's nonce put in its nonce field", { ...message, fields: { ...message.fields, nonce: next } }] as [string, QuoteMessage]] : [])];
  const taken = replays.find(([, m]) => serviceVerifies(protocol, verifier, registration, next, m));
  return { registration, quote, ...(taken ? { replayed: `the quote recorded in one session, replayed ${taken[0]}, verified in the next${next ? ` (the service sent a new nonce ${toHex(next).slice(0, 12)}…)` : ' (the service sends no nonce)'}` } : {}) };
}

/**
 * The device's own software, run by an attacker after a tampered image got past the boot checks (so the register
 * shows it), asks Pluton for a quote over the real register and sends the design's quote fields with the genuine
 * digest in the measurements field; the service checks the signature under the registered key (serviceVerifies) and
 * compares carried measurements with the genuine digest. The emulated reading of model/attestation/protocol-design.ts
 * measurementReportGap (held against it by test/differential/quote-proof-differential.test.ts, importing nothing of it):
 * what the service took, or undefined when it refused the report.
 */
export function playTamperedReport(protocol: QuoteProtocol, verifier: SignatureVerifier, seed: number): string | undefined {
  const credential = protocol.connections.find((c) => c.protocol === 'attestation')?.client.credential;
  if (credential !== undefined && credential !== 'device-identity-key') return `the device attests with a ${credential}: it sends no quote, so no register reaches the service`;
  const drbg = new HmacDrbg(seed, 'tampered device report');
  const secretKey = p256.utils.randomSecretKey(drbg.generate(48));
  const key = { secretKey, publicKey: publicPointOf(secretKey) };
  const registration: QuoteRegistration = { deviceId: deviceIdOf(key.publicKey), quoteKey: key.publicKey, signer: "Pluton's sealed key" };
  const genuine = new Uint8Array(32).fill(0x11);
  const register = new Uint8Array(32).fill(0x22);
  const withNonce = protocol.attestation.nonce === 'service-nonce';
  const nonce = withNonce ? drbg.generate(32) : undefined;
  const real: QuoteValues = { deviceId: registration.deviceId, nonce: nonce ?? new Uint8Array(0), measurements: register, clientKey: FORGED_CLAIM.clientKey };
  const signature = signP256(quoteTbs(protocol, withNonce ? real : { ...real, nonce: undefined }), key);
  const fields = carriedFields(protocol, { ...real, measurements: genuine });
  if (!serviceVerifies(protocol, verifier, registration, nonce, { fields, signature })) return undefined;
  if (fields.measurements && !bytesEqual(fields.measurements, genuine)) return undefined;
  return fields.measurements ? 'a device whose register shows a tampered image sent the genuine digest in its quote, and the signature over the quote still verified' : 'a device whose register shows a tampered image sent a quote without measurements, and the service took it';
}

/** The measurements and client key a forger claims: no boot's, and a key of its own. */
const FORGED_CLAIM: Pick<QuoteValues, 'measurements' | 'clientKey'> = {
  measurements: new Uint8Array(32).fill(0x5a),
  clientKey: publicPointOf(p256.utils.randomSecretKey(new Uint8Array(48).fill(0x17))),
};

/**
 * An attacker who knows the design (so where the device keeps the quote key) looks, on every bus of `devices`, for
 * the values that crossed to or from that place, and the empty value of a place nobody wrote; makes every key those
 * bytes make (keysFromBytes); and, with one whose public half is the registered quote key, signs a quote of its own
 * for a session's nonce. What it used, when the service accepts the forgery; undefined when nothing did.
 */
export function forgeQuote(devices: readonly BootDevice[], protocol: QuoteProtocol, registration: QuoteRegistration, verifier: SignatureVerifier, seed: number): string | undefined {
  const signingKey = protocol.attestation.signingKey;
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
  const withNonce = protocol.attestation.nonce === 'service-nonce';
  const nonce = withNonce ? new HmacDrbg(seed, 'attestation service nonce, forged quote').generate(32) : undefined;
  const values: QuoteValues = { deviceId: registration.deviceId, nonce: nonce ?? new Uint8Array(0), ...FORGED_CLAIM };
  const body = quoteTbs(protocol, withNonce ? values : { ...values, nonce: undefined });
  const registered = toHex(registration.quoteKey);
  for (const { bytes, from } of candidates) {
    for (const key of keysFromBytes(bytes)) {
      if (toHex(key.publicKey) !== registered) continue;
      if (serviceVerifies(protocol, verifier, registration, nonce, { fields: carriedFields(protocol, values), signature: signP256(body, key) })) return from;
    }
  }
  return undefined;
}
