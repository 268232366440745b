/**
 * The protocol messages on the wire: CBOR maps (RFC 8949, deterministic encoding via cborg) with a
 * type "t", a version "v" and fixed, typed fields; and the to-be-signed bodies, each starting with its
 * own domain-separation label so that no signature of one kind can be taken for another (the typing
 * the symbolic search relies on).
 *
 * decodeMessage never throws: arbitrary bytes give { ok: false, reason }. It refuses non-canonical
 * integers, indefinite lengths, duplicate keys, tags, undefined, floats where integers belong, unknown
 * or missing fields, wrong lengths, and anything over 16 KiB.
 */
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { decode, encode } from 'cborg';
import { bytesEqual } from './der.js';

/** A field of the attestation quote (the wire format's field names; a protocol design signs a subset of them). */
export type QuoteField = 'deviceId' | 'nonce' | 'measurements' | 'clientKey';
export const QUOTE_FIELDS: readonly QuoteField[] = ['deviceId', 'nonce', 'measurements', 'clientKey'];

/** What the to-be-signed bodies read of a protocol design (model/attestation/protocol-design.ts): the format takes no spec type. */
export interface SignedBodyDesign {
  attestation: { nonce: string; signedFields: readonly QuoteField[] };
}

export const MAX_MESSAGE_BYTES = 16 * 1024;
export const VERSION = 1;

export const LABELS = {
  challenge: 'sevenfold/attestation/challenge/v1',
  quote: 'sevenfold/attestation/quote/v1',
  server: 'sevenfold/cloud/server-handshake/v1',
  client: 'sevenfold/cloud/client-handshake/v1',
  session: 'sevenfold/cloud/session-key/v1',
  measurements: 'sevenfold/attestation/measurements/v1',
} as const;

export const SIZES = { deviceId: 64, nonce: 32, session: 16, measurements: 32, point: 65, signature: 64 } as const;

export interface HelloMessage {
  type: 'hello';
  deviceId: Uint8Array;
}
export interface ChallengeMessage {
  type: 'challenge';
  session: Uint8Array;
  nonce?: Uint8Array;
  /** The security service's certificate chain (leaf first), for the device's root store. */
  chain: Uint8Array[];
  signature: Uint8Array;
}
export interface QuoteMessage {
  type: 'quote';
  session: Uint8Array;
  deviceId?: Uint8Array;
  nonce?: Uint8Array;
  measurements?: Uint8Array;
  clientKey?: Uint8Array;
  signature: Uint8Array;
}
export interface IssuedMessage {
  type: 'issued';
  session: Uint8Array;
  /** The device certificate, then the tenant CA certificate. */
  chain: Uint8Array[];
}
export interface ClientHelloMessage {
  type: 'client-hello';
  share: Uint8Array;
}
export interface ServerHelloMessage {
  type: 'server-hello';
  session: Uint8Array;
  share: Uint8Array;
  chain: Uint8Array[];
  signature: Uint8Array;
}
export interface ClientFinishMessage {
  type: 'client-finish';
  session: Uint8Array;
  chain: Uint8Array[];
  signature: Uint8Array;
  /**
   * The device ID the client says it is (an MQTT client ID, a user name): sent where the design's cloud acts on it
   * (cloudService.deviceIdFrom "client-claim"); a cloud that takes the certificate's ID ignores it.
   */
  deviceId?: Uint8Array;
}
export interface ErrorMessage {
  type: 'error';
  reason: string;
}

export type Message = HelloMessage | ChallengeMessage | QuoteMessage | IssuedMessage | ClientHelloMessage | ServerHelloMessage | ClientFinishMessage | ErrorMessage;
export type MessageType = Message['type'];

type FieldKind = { bytes: number } | 'chain' | 'text';
interface Shape {
  required: Record<string, FieldKind>;
  optional: Record<string, FieldKind>;
}

const B = (n: number): FieldKind => ({ bytes: n });
const SHAPES: Record<MessageType, Shape> = {
  hello: { required: { deviceId: B(SIZES.deviceId) }, optional: {} },
  challenge: { required: { session: B(SIZES.session), chain: 'chain', signature: B(SIZES.signature) }, optional: { nonce: B(SIZES.nonce) } },
  quote: {
    required: { session: B(SIZES.session), signature: B(SIZES.signature) },
    optional: { deviceId: B(SIZES.deviceId), nonce: B(SIZES.nonce), measurements: B(SIZES.measurements), clientKey: B(SIZES.point) },
  },
  issued: { required: { session: B(SIZES.session), chain: 'chain' }, optional: {} },
  'client-hello': { required: { share: B(SIZES.point) }, optional: {} },
  'server-hello': { required: { session: B(SIZES.session), share: B(SIZES.point), chain: 'chain', signature: B(SIZES.signature) }, optional: {} },
  'client-finish': { required: { session: B(SIZES.session), chain: 'chain', signature: B(SIZES.signature) }, optional: { deviceId: B(SIZES.deviceId) } },
  error: { required: { reason: 'text' }, optional: {} },
};

const DECODE_OPTIONS = {
  strict: true,
  useMaps: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowBigInt: false,
  allowNaN: false,
  allowInfinity: false,
} as const;

export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

export function encodeMessage(m: Message): Uint8Array {
  const { type, ...fields } = m;
  const out: Record<string, unknown> = { t: type, v: VERSION };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return encode(out);
}

/** Decodes and checks one message. Never throws. */
export function decodeMessage(bytes: Uint8Array): Decoded<Message> {
  try {
    return decodeUnsafe(bytes);
  } catch (err) {
    return { ok: false, reason: `not a CBOR message (${err instanceof Error ? err.message.replace(/^CBOR decode error: /, '') : String(err)})` };
  }
}

function decodeUnsafe(bytes: Uint8Array): Decoded<Message> {
  if (!(bytes instanceof Uint8Array)) return { ok: false, reason: 'a message is bytes' };
  if (bytes.length === 0) return { ok: false, reason: 'empty message' };
  if (bytes.length > MAX_MESSAGE_BYTES) return { ok: false, reason: `message of ${bytes.length} bytes; the limit is ${MAX_MESSAGE_BYTES}` };
  if ((bytes[0]! & 0xe0) !== 0xa0) return { ok: false, reason: 'a message is a CBOR map' };
  const value: unknown = decode(bytes, DECODE_OPTIONS);
  if (!(value instanceof Map)) return { ok: false, reason: 'a message is a CBOR map' };
  const type = value.get('t');
  if (typeof type !== 'string' || !Object.hasOwn(SHAPES, type)) return { ok: false, reason: `unknown message type ${JSON.stringify(type)}` };
  if (value.get('v') !== VERSION) return { ok: false, reason: `unsupported version ${JSON.stringify(value.get('v'))}` };
  const shape = SHAPES[type as MessageType];
  const out: Record<string, unknown> = { type };
  for (const k of value.keys()) {
    if (typeof k !== 'string') return { ok: false, reason: 'map keys are text' };
    if (k === 't' || k === 'v') continue;
    const kind = shape.required[k] ?? shape.optional[k];
    if (!kind) return { ok: false, reason: `unknown field "${k}" in ${type}` };
    const problem = checkField(value.get(k), kind);
    if (problem) return { ok: false, reason: `${type}.${k}: ${problem}` };
    out[k] = value.get(k);
  }
  for (const k of Object.keys(shape.required)) if (!value.has(k)) return { ok: false, reason: `${type} has no "${k}"` };
  // Only canonical CBOR: the decoder quietly repairs invalid UTF-8 and accepts any key order, so one message could have many encodings.
  if (!bytesEqual(encode(value), bytes)) return { ok: false, reason: 'not canonical CBOR' };
  return { ok: true, value: out as unknown as Message };
}

function checkField(v: unknown, kind: FieldKind): string | undefined {
  if (kind === 'text') return typeof v === 'string' && v.length <= 512 ? undefined : 'expected text of at most 512 characters';
  if (kind === 'chain') {
    if (!Array.isArray(v) || v.length < 1 || v.length > 4) return 'expected 1..4 certificates';
    return v.every((c) => c instanceof Uint8Array && c.length > 0 && c.length <= 4096) ? undefined : 'each certificate is 1..4096 bytes';
  }
  if (!(v instanceof Uint8Array)) return 'expected bytes';
  if (v.length !== kind.bytes) return `expected ${kind.bytes} bytes, found ${v.length}`;
  if (kind.bytes === SIZES.point && v[0] !== 0x04) return 'expected an uncompressed P-256 point (0x04 || x || y)';
  return undefined;
}

/** Decodes a message of one type; a message of another type is rejected. */
export function decodeAs<T extends MessageType>(bytes: Uint8Array, type: T): Decoded<Extract<Message, { type: T }>> {
  const d = decodeMessage(bytes);
  if (!d.ok) return d;
  if (d.value.type !== type) return { ok: false, reason: `expected a ${type} message, got ${d.value.type}` };
  return d as Decoded<Extract<Message, { type: T }>>;
}

// ------------------------------------------------------------------ to-be-signed bodies

export function challengeTbs(design: SignedBodyDesign, nonce: Uint8Array | undefined, deviceId: Uint8Array): Uint8Array {
  return design.attestation.nonce === 'service-nonce' ? encode([LABELS.challenge, nonce, deviceId]) : encode([LABELS.challenge, deviceId]);
}

export type QuoteValues = Record<QuoteField, Uint8Array>;

/**
 * The one quote format Pluton signs (emulator/boot/pluton.ts quote): a CBOR map of quote fields under
 * the quote label. Every quote is one: the attestation parties' (the design's signed fields,
 * quoteTbs) and the hardware-root-of-trust property's (every field).
 */
export function encodeQuoteBody(values: Partial<QuoteValues>): Uint8Array {
  const body: Record<string, unknown> = { label: LABELS.quote };
  for (const f of QUOTE_FIELDS) if (values[f] !== undefined) body[f] = values[f];
  return encode(body);
}

/** The quote body of a protocol design: the design's signed fields of `values` (a field without a value is left out). */
export function quoteTbs(design: SignedBodyDesign, values: Partial<QuoteValues>): Uint8Array {
  const signed: Partial<QuoteValues> = {};
  for (const f of QUOTE_FIELDS) if (design.attestation.signedFields.includes(f) && values[f] !== undefined) signed[f] = values[f];
  return encodeQuoteBody(signed);
}

/**
 * The quote's `measurements` field: one 32-byte digest of every measurement register (as TPM 2.0's
 * quote signs a digest of the selected PCRs), SHA-256 of the CBOR [label, [[register id, value], …]]
 * in the device's register order. A device with one register still reports a digest, not the raw
 * register, so a verifier computes the same thing for any number of registers.
 */
export function measurementsDigest(registers: readonly { id: string; value: Uint8Array }[]): Uint8Array {
  return sha256(encode([LABELS.measurements, registers.map((r) => [r.id, r.value])]));
}

/** The device ID: SHA-512 of the identity public key (64 bytes, 128 hex digits as Azure Sphere prints it). */
export const deviceIdOf = (identityPublicKey: Uint8Array): Uint8Array => sha512(identityPublicKey);

/** Reads a quote body back (Pluton checks it before signing). Never throws. */
export function decodeQuoteTbs(bytes: Uint8Array): Decoded<Partial<QuoteValues>> {
  try {
    if (bytes.length > 1024) return { ok: false, reason: 'too long for a quote body' };
    const v: unknown = decode(bytes, DECODE_OPTIONS);
    if (!(v instanceof Map) || v.get('label') !== LABELS.quote) return { ok: false, reason: 'not a quote body' };
    const out: Partial<QuoteValues> = {};
    for (const [k, x] of v) {
      if (k === 'label') continue;
      if (typeof k !== 'string' || !(QUOTE_FIELDS as readonly string[]).includes(k) || !(x instanceof Uint8Array)) return { ok: false, reason: `unexpected field ${String(k)} in a quote body` };
      out[k as QuoteField] = x;
    }
    if (!bytesEqual(encode(v), bytes)) return { ok: false, reason: 'not canonical CBOR' };
    return { ok: true, value: out };
  } catch (err) {
    return { ok: false, reason: `not a quote body (${err instanceof Error ? err.message : String(err)})` };
  }
}

export const serverTbs = (clientShare: Uint8Array, serverShare: Uint8Array): Uint8Array => encode([LABELS.server, clientShare, serverShare]);
export const clientTbs = (clientShare: Uint8Array, serverShare: Uint8Array): Uint8Array => encode([LABELS.client, clientShare, serverShare]);
