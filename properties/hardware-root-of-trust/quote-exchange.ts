/**
 * The attestation exchange the hardware-root-of-trust rules run on the emulated device, in the one
 * quote format the attestation parties use too (formats/attestation/messages.ts encodeQuoteBody, signed
 * by the one Pluton, emulator/boot/pluton.ts). The device's attestation client asks its Pluton for the
 * quote's fields (device ID, register digest, client key) and has it sign the body with every field
 * and the service's nonce; the attestation service verifies the signature over what it knows itself
 * (the device ID of the key registered at the factory, the nonce it sent) and what the quote claims
 * (measurements, client key), exactly as emulator/attestation/security-service.ts does.
 * The exchange under the product's own protocol design (its quote key, nonce and signed fields) is design-quote.ts.
 */
import { createHash } from 'node:crypto';
import { ATTESTATION_CLIENT } from '../../emulator/attestation/attesting-device.js';
import type { BootDevice, SignatureVerifier } from '../../emulator/boot/index.js';
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
  const body = encodeQuoteBody({ deviceId: deviceIdOf(registered), nonce: sentNonce, measurements: claimed.measurements, clientKey: claimed.clientKey });
  return verifier.verify(body, signature, registered);
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
