/**
 * Target attestation-messages: the CBOR protocol messages of attestation and the cloud handshake
 * (formats/attestation/messages.ts): decodeMessage, decodeAs for every type, encodeMessage, and
 * decodeQuoteTbs (the quote body Pluton reads back before signing). Every input goes through both readers.
 *
 * The receivers (emulator/attestation: device, security service, cloud service) are not driven here: their
 * receive/handle are async, and a world needs certificates issued through WebCrypto (async, @peculiar/x509),
 * while a target's setup() and run() are synchronous. test/attestation checks "a rejection changes no state".
 *
 * Seeds are the messages of honest runs (emulator/attestation/world.ts: attest, then connect) under three
 * designs, recorded by attestation/make-seeds.mjs into attestation/seeds/.
 */
import './attestation/cborg-require.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from 'cborg';
import { decodeAs, decodeMessage, decodeQuoteTbs, encodeMessage, LABELS, MAX_MESSAGE_BYTES, quoteTbs, SIZES, type Message, type MessageType } from '../../formats/attestation/messages.js';
import { QUOTE_FIELDS, type ProtocolDesign, type QuoteField } from '../../model/attestation/protocol-design.js';
import { bytesEqual, check, deepFreeze } from '../core/oracle.js';
import { projectRoot } from '../core/project-root.js';
import { applyHeadEdits, HEAD_BOUNDARY_INTEGERS, type HeadEdit } from '../core/cbor-heads.js';
import { editBytes, editTextField } from '../core/field-edits.js';
import type { Rng } from '../core/rng.js';
import { stagedRunner } from '../core/staged-run.js';
import type { FuzzTarget, NamedInput, TargetRunner } from '../core/target.js';

// --- an independent statement of the wire format (from the module's description, not its tables) ---

type Kind = { bytes: number; point?: true } | 'chain' | 'text';
const bytesOf = (n: number, point?: true): Kind => (point ? { bytes: n, point } : { bytes: n });
const SPEC: Record<MessageType, { required: Record<string, Kind>; optional: Record<string, Kind> }> = {
  hello: { required: { deviceId: bytesOf(64) }, optional: {} },
  challenge: { required: { session: bytesOf(16), chain: 'chain', signature: bytesOf(64) }, optional: { nonce: bytesOf(32) } },
  quote: { required: { session: bytesOf(16), signature: bytesOf(64) }, optional: { deviceId: bytesOf(64), nonce: bytesOf(32), measurements: bytesOf(32), clientKey: bytesOf(65, true) } },
  issued: { required: { session: bytesOf(16), chain: 'chain' }, optional: {} },
  'client-hello': { required: { share: bytesOf(65, true) }, optional: {} },
  'server-hello': { required: { session: bytesOf(16), share: bytesOf(65, true), chain: 'chain', signature: bytesOf(64) }, optional: {} },
  'client-finish': { required: { session: bytesOf(16), chain: 'chain', signature: bytesOf(64) }, optional: {} },
  error: { required: { reason: 'text' }, optional: {} },
};
const TYPES = Object.keys(SPEC) as MessageType[];
const FIELD_NAMES = [...new Set(TYPES.flatMap((t) => [...Object.keys(SPEC[t].required), ...Object.keys(SPEC[t].optional)]))];

function fieldOk(v: unknown, kind: Kind): boolean {
  if (kind === 'text') return typeof v === 'string' && v.length <= 512;
  if (kind === 'chain') return Array.isArray(v) && v.length >= 1 && v.length <= 4 && v.every((c) => c instanceof Uint8Array && c.length >= 1 && c.length <= 4096);
  return v instanceof Uint8Array && v.length === kind.bytes && (!kind.point || v[0] === 0x04);
}

/** What a decoded message must be: a known type, every required field, no unknown one, every field well formed. */
function checkWellFormed(m: Message): void {
  const spec = SPEC[m.type];
  check(spec !== undefined, 'decode.type', () => `decoded a message of type ${JSON.stringify(m.type)}`);
  for (const k of Object.keys(spec.required)) check((m as unknown as Record<string, unknown>)[k] !== undefined, 'decode.required', () => `${m.type} decoded without "${k}"`);
  for (const [k, v] of Object.entries(m)) {
    if (k === 'type' || v === undefined) continue;
    const kind = spec.required[k] ?? spec.optional[k];
    check(kind !== undefined, 'decode.unknown-field', () => `${m.type} decoded with field "${k}"`);
    check(fieldOk(v, kind), 'decode.field', () => `${m.type}.${k} decoded as ${describe(v)}`);
  }
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `array [${v.map(describe).join(', ')}]`;
  return typeof v === 'string' ? `text of ${v.length}` : String(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined).sort();
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined).sort();
    return ka.join() === kb.join() && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** A rejection reason without the values it quotes (so that features stay few): its words before the first value. */
const reasonShape = (reason: string): string => reason.replace(/\b(unexpected field|unknown field) [\s\S]*$/, '$1').replace(/["\[{(0-9][\s\S]*$/, '').slice(0, 48);

/** A design whose quote body signs exactly `fields` (quoteTbs reads only attestation.signedFields). */
const designSigning = (fields: readonly QuoteField[]) => ({ attestation: { signedFields: fields } }) as unknown as ProtocolDesign;

function setup(): TargetRunner {
  deepFreeze(LABELS);
  deepFreeze(SIZES);
  deepFreeze(QUOTE_FIELDS);
  return stagedRunner({
    codeUnderTest(input) {
      decodeMessage(input);
      for (const type of TYPES) decodeAs(input, type);
      decodeQuoteTbs(input);
    },
    stage(input) {
      const original = input.slice();
      const features: string[] = [];

      // decodeMessage: never throws; what it accepts is well formed.
      const d = decodeMessage(input);
      if (d.ok) {
        const m = d.value;
        features.push(`msg:${m.type}`, ...Object.keys(m).map((k) => `field:${m.type}.${k}`));
        checkWellFormed(m);
      } else {
        features.push(`reject:${reasonShape(d.reason)}`);
        check(typeof d.reason === 'string' && d.reason.length > 0, 'decode.reason', () => `rejected without a reason: ${JSON.stringify(d.reason)}`);
      }
      // decodeQuoteTbs: never throws; what it reads is quote fields of bytes.
      const q = decodeQuoteTbs(input);
      if (q.ok) {
        const fields = Object.keys(q.value) as QuoteField[];
        features.push(`quote:${fields.sort().join('+')}`);
        for (const f of fields) check((QUOTE_FIELDS as readonly string[]).includes(f) && q.value[f] instanceof Uint8Array, 'quote.field', () => `quote body field ${f} = ${describe(q.value[f])}`);
      } else {
        features.push(`quote-reject:${reasonShape(q.reason)}`);
        check(typeof q.reason === 'string' && q.reason.length > 0, 'quote.reason', () => 'rejected without a reason');
      }
      check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');

      return {
        features,
        // Round trips and the agreement of decodeAs: the expensive oracles (core/staged-run.ts).
        thorough() {
          const more: string[] = [];
          if (d.ok) {
            const m = d.value;
            // encode(decode(x)) decodes to the same message, is a fixed point, and is as long as x (the strict
            // decoder refuses every non-minimal encoding; only the order of map keys may differ).
            const again = encodeMessage(m);
            const d2 = decodeMessage(again);
            check(d2.ok, 'roundtrip.decode', () => `encodeMessage(decodeMessage(x)) does not decode: ${(d2 as { reason: string }).reason}`);
            check(sameValue(d2.value, m), 'roundtrip.value', () => `encodeMessage(decodeMessage(x)) decodes to another ${m.type}`);
            check(bytesEqual(encodeMessage(d2.value), again), 'roundtrip.fixed-point', () => `re-encoding a re-encoded ${m.type} changes its bytes`);
            check(again.length === input.length, 'roundtrip.length', () => `a ${m.type} of ${input.length} bytes re-encodes to ${again.length}: a non-canonical encoding was accepted`);
            if (!bytesEqual(again, input)) more.push('noncanonical:key-order');
          }
          // decodeAs agrees with decodeMessage.
          for (const type of TYPES) {
            const a = decodeAs(input, type);
            const expected = d.ok && d.value.type === type;
            check(a.ok === expected, 'decodeAs.agrees', () => `decodeAs(x, ${type}) says ${a.ok}, decodeMessage says ${d.ok ? d.value.type : 'invalid'}`);
            if (a.ok) check(a.value === (d as { value: Message }).value || sameValue(a.value, (d as { value: Message }).value), 'decodeAs.agrees', () => `decodeAs(x, ${type}) gives another value`);
          }
          // quoteTbs writes a quote body back.
          if (q.ok) {
            const fields = (Object.keys(q.value) as QuoteField[]).sort();
            const body = quoteTbs(designSigning(fields), q.value);
            const q2 = decodeQuoteTbs(body);
            check(q2.ok && sameValue(q2.value, q.value), 'roundtrip.quote', () => 'quoteTbs(decodeQuoteTbs(x)) reads back differently');
            check(body.length === input.length, 'roundtrip.quote-length', () => `a quote body of ${input.length} bytes re-encodes to ${body.length}`);
            if (!bytesEqual(body, input)) more.push('quote:noncanonical');
          }
          check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
          return more;
        },
      };
    },
  });
}

// --- seeds ---

const SEED_DIR = ['fuzz', 'targets', 'attestation', 'seeds'];

function seeds(): NamedInput[] {
  const dir = join(projectRoot(), ...SEED_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cbor'))
    .sort()
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(dir, f))) }));
}

// --- structure: the CBOR value tree, maps kept in their order (so key order itself can be mutated) ---

export interface CborStructure {
  value: unknown;
  /** Heads rewritten after encoding (a non-minimal size, an indefinite length, a tag), which the value tree cannot say. */
  heads?: HeadEdit[];
}

const DECODE_LOOSE = { useMaps: true, allowUndefined: true, allowIndefinite: true, allowBigInt: true, rejectDuplicateMapKeys: false } as const;
/** Keeps a Map's insertion order: the encoder's canonical sort would undo every key-order mutation. */
const ENCODE_AS_IS = { mapSorter: () => 0 } as const;

function decodeCbor(bytes: Uint8Array): CborStructure | undefined {
  try {
    return { value: decode(bytes, DECODE_LOOSE) };
  } catch {
    return undefined;
  }
}

function encodeCbor(s: CborStructure): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = encode(s.value, ENCODE_AS_IS);
  } catch {
    return Uint8Array.of(0xa0);
  }
  return s.heads?.length ? applyHeadEdits(bytes, s.heads) : bytes;
}

const cloneCbor = (s: CborStructure): CborStructure => ({ value: cloneValue(s.value), ...(s.heads ? { heads: s.heads.map((h) => ({ ...h })) } : {}) });

/** One head rewritten: an integer, length or tag in another head size (non-minimal, or at a boundary), an indefinite length, or a tag in front of an item. */
export function headEdit(rng: Rng): HeadEdit {
  const item = rng.int(64);
  const argBytes = rng.pick([0, 1, 2, 4, 8] as const);
  switch (rng.int(5)) {
    case 0:
      return { item, form: 'indefinite' };
    case 1:
      return { item, form: 'tag', tag: rng.pick([0, 1, 2, 23, 24, 55799, 65535, 65536]), argBytes };
    default:
      return { item, form: 'size', argBytes };
  }
}

function cloneValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice();
  if (Array.isArray(v)) return v.map(cloneValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [cloneValue(k), cloneValue(x)]));
  return v;
}

/** Every container in the tree, with its path. */
function containers(v: unknown, out: (Map<unknown, unknown> | unknown[])[] = []): (Map<unknown, unknown> | unknown[])[] {
  if (v instanceof Map) {
    out.push(v);
    for (const x of v.values()) containers(x, out);
  } else if (Array.isArray(v)) {
    out.push(v);
    for (const x of v) containers(x, out);
  }
  return out;
}

const P256_POINT = Uint8Array.from([0x04, ...Array.from({ length: 64 }, (_, i) => (i * 29 + 3) & 0xff)]);

function interestingBytes(rng: Rng, like?: Uint8Array): Uint8Array {
  const n = rng.pick([0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 66, like?.length ?? 8]);
  const out = like && rng.chance(0.5) ? Uint8Array.from({ length: n }, (_, i) => like[i % Math.max(1, like.length)] ?? 0) : rng.bytes(n);
  if (n === 65 && rng.chance(0.5)) return rng.pick([P256_POINT, Uint8Array.from([0x02, ...P256_POINT.subarray(1)]), new Uint8Array(65).fill(0).map((_, i) => (i === 0 ? 4 : 0))]).slice();
  return out;
}

function fieldValue(name: string, rng: Rng, donorChain?: unknown): unknown {
  for (const t of TYPES) {
    const kind = SPEC[t].required[name] ?? SPEC[t].optional[name];
    if (!kind) continue;
    if (kind === 'text') return rng.pick(['', 'x', 'the quote is for another device', 'é'.repeat(300), 'x'.repeat(512), 'x'.repeat(513)]);
    if (kind === 'chain') {
      if (Array.isArray(donorChain) && rng.chance(0.6)) return cloneValue(donorChain);
      return Array.from({ length: rng.pick([0, 1, 2, 4, 5]) }, () => rng.bytes(rng.pick([0, 1, 40, 300])));
    }
    const b = new Uint8Array(kind.bytes).map(() => rng.int(256));
    if (kind.point) b[0] = 0x04;
    return b;
  }
  return rng.bytes(rng.int(70));
}

function randomScalar(rng: Rng, like: unknown): unknown {
  switch (rng.int(12)) {
    case 0:
      return rng.pick(TYPES);
    case 1:
      return rng.pick(HEAD_BOUNDARY_INTEGERS);
    case 2:
      return rng.pick([1.5, -0, 1e300, 0.1]);
    case 3:
      return rng.pick([null, true, false, undefined]);
    case 4:
      return like instanceof Uint8Array ? interestingBytes(rng, like) : rng.bytes(rng.int(40));
    case 5:
      return [];
    case 6:
      return new Map();
    case 7:
      return rng.pick([LABELS.quote, LABELS.challenge, 'label', 't', 'v', ...FIELD_NAMES, ...QUOTE_FIELDS]);
    case 8:
      return BigInt(rng.pick(['18446744073709551615', '-18446744073709551616', '1']));
    case 9:
      return like instanceof Uint8Array ? like.subarray(0, Math.max(0, like.length - 1)).slice() : interestingBytes(rng);
    case 10:
      return like instanceof Uint8Array ? Uint8Array.from([...like, rng.int(256)]) : 'x';
    default:
      return like instanceof Uint8Array ? like.slice().fill(rng.int(256), rng.int(like.length + 1), rng.int(like.length + 1) + 1) : interestingBytes(rng);
  }
}

/**
 * Character-level edits of one text or byte string anywhere in the tree: a map key (a field name, kept in its
 * place in the key order), a text value (the type, an error reason) or a byte string (session, certificate,
 * signature). The CBOR encoder writes the new length head.
 *
 * Half the time the edit goes to a text value: the names a decoder validates (the message type) are text,
 * and a message holds few of them among many keys and byte strings. With a uniform pick (a container, then
 * an entry in it) a type padded with whitespace on an otherwise valid message came up 18 times in 20,000
 * mutations of the seeds (a chain of certificates is a container too); with text values first, 80 times.
 */
export function editCborString(root: Map<unknown, unknown> | unknown[], rng: Rng): void {
  const edit = (v: unknown): unknown => (typeof v === 'string' ? editTextField(v, rng, 600) : v instanceof Uint8Array ? editBytes(v, rng) : v);
  const slots: { text: boolean; apply(): void }[] = [];
  for (const c of containers(root)) {
    if (Array.isArray(c)) {
      c.forEach((v, i) => {
        if (typeof v === 'string' || v instanceof Uint8Array) slots.push({ text: typeof v === 'string', apply: () => (c[i] = edit(v)) });
      });
      continue;
    }
    const entries = [...c];
    const rewrite = (i: number, entry: [unknown, unknown]) => {
      entries[i] = entry;
      c.clear();
      for (const [key, value] of entries) c.set(key, value);
    };
    entries.forEach(([k, v], i) => {
      if (typeof k === 'string') slots.push({ text: false, apply: () => rewrite(i, [edit(k), v]) });
      if (typeof v === 'string' || v instanceof Uint8Array) slots.push({ text: typeof v === 'string', apply: () => rewrite(i, [k, edit(v)]) });
    });
  }
  const texts = slots.filter((s) => s.text);
  if (!slots.length) return;
  (texts.length && rng.chance(0.5) ? rng.pick(texts) : rng.pick(slots)).apply();
}

function mutateCbor(s: CborStructure, rng: Rng, donor: () => CborStructure | undefined): CborStructure {
  if (!(s.value instanceof Map) && !Array.isArray(s.value)) s.value = new Map<unknown, unknown>([['t', rng.pick(TYPES)], ['v', 1]]);
  const rounds = rng.geometric(4);
  for (let r = 0; r < rounds; r++) {
    if (rng.chance(0.2)) {
      editCborString(s.value as Map<unknown, unknown> | unknown[], rng);
      // Half the time the edit is the only change: a name check shows best on an otherwise valid message.
      if (rng.chance(0.5)) break;
      continue;
    }
    const c = rng.pick(containers(s.value));
    if (rng.chance(0.1)) {
      if (s.heads && s.heads.length >= 4) s.heads.splice(rng.int(s.heads.length), 1);
      (s.heads ??= []).push(headEdit(rng));
      continue;
    }
    if (rng.chance(0.02) && c instanceof Map) {
      // Up to the target's own limit (16 KiB): the largest chain, a text of the whole budget.
      if (rng.chance(0.5)) c.set('chain', Array.from({ length: rng.pick([4, 5]) }, () => rng.bytes(rng.pick([4096, 4095, 4097]))));
      else c.set(rng.pick(['reason', 'signature', 'x']), rng.chance(0.5) ? 'x'.repeat(rng.pick([MAX_MESSAGE_BYTES - 40, MAX_MESSAGE_BYTES])) : rng.bytes(MAX_MESSAGE_BYTES - rng.int(64)));
      continue;
    }
    if (c instanceof Map) {
      const keys = [...c.keys()];
      const key = keys.length ? rng.pick(keys) : undefined;
      switch (rng.int(11)) {
        case 0: // drop a field
          if (key !== undefined) c.delete(key);
          break;
        case 1: { // add or replace a known field, with a well-formed value
          const name = rng.pick([...FIELD_NAMES, ...QUOTE_FIELDS]);
          const d = donor()?.value;
          c.set(name, fieldValue(name, rng, d instanceof Map ? d.get('chain') : undefined));
          break;
        }
        case 2: // another message type
          c.set('t', rng.chance(0.9) ? rng.pick(TYPES) : rng.pick(['Hello', '', 'hello\u0000', 1]));
          break;
        case 3: // another version
          c.set('v', rng.pick([0, 1, 2, 1.0, 1.5, '1', ...HEAD_BOUNDARY_INTEGERS]));
          break;
        case 4: { // reorder the keys (non-canonical order)
          const entries = [...c];
          for (let i = entries.length - 1; i > 0; i--) {
            const j = rng.int(i + 1);
            [entries[i], entries[j]] = [entries[j]!, entries[i]!];
          }
          c.clear();
          for (const [k, v] of entries) c.set(k, v);
          break;
        }
        case 5: // a field's value changed: lengths, types, bytes
          if (key !== undefined) c.set(key, randomScalar(rng, c.get(key)));
          break;
        case 6: // an odd key
          c.set(rng.pick([...HEAD_BOUNDARY_INTEGERS, '', 'T', 'label', 'extra', new Uint8Array([0x74]), ...FIELD_NAMES]), randomScalar(rng, undefined));
          break;
        case 7: { // a field from a donor
          const d = donor()?.value;
          if (d instanceof Map && d.size) {
            const k = rng.pick([...d.keys()]);
            c.set(k, cloneValue(d.get(k)));
          }
          break;
        }
        case 8: // the quote-body label
          c.set('label', rng.pick([LABELS.quote, LABELS.challenge, LABELS.session, `${LABELS.quote}x`, '']));
          break;
        case 9: // a key renamed
          if (key !== undefined) {
            const v = c.get(key);
            c.delete(key);
            c.set(rng.pick([...FIELD_NAMES, ...QUOTE_FIELDS, 't', 'v']), v);
          }
          break;
        default: // a nested container
          if (key !== undefined) c.set(key, rng.chance(0.5) ? [cloneValue(c.get(key))] : new Map([[key, cloneValue(c.get(key))]]));
      }
    } else {
      switch (rng.int(5)) {
        case 0:
          if (c.length) c.splice(rng.int(c.length), 1);
          break;
        case 1:
          if (c.length) c.push(cloneValue(rng.pick(c)));
          break;
        case 2:
          if (c.length) c[rng.int(c.length)] = randomScalar(rng, c[rng.int(c.length)]);
          break;
        case 3:
          c.push(rng.bytes(rng.pick([1, 100, 4096, 4097])));
          break;
        default:
          c.length = 0;
      }
    }
  }
  return s;
}

function* shrinkCbor(s: CborStructure): Iterable<CborStructure> {
  for (let i = (s.heads?.length ?? 0) - 1; i >= 0; i--) {
    const copy = cloneCbor(s);
    copy.heads!.splice(i, 1);
    yield copy;
  }
  const count = containers(s.value).length;
  for (let i = count - 1; i >= 0; i--) {
    const size = (() => {
      const c = containers(s.value)[i]!;
      return c instanceof Map ? c.size : c.length;
    })();
    for (let j = size - 1; j >= 0; j--) {
      const copy = cloneCbor(s);
      const c = containers(copy.value)[i]!;
      if (c instanceof Map) c.delete([...c.keys()][j]);
      else c.splice(j, 1);
      yield copy;
    }
  }
  // Byte strings shortened to one byte.
  const all = containers(s.value);
  for (let i = 0; i < all.length; i++) {
    const c = all[i]!;
    const keys = c instanceof Map ? [...c.keys()] : c.map((_, j) => j);
    for (const k of keys) {
      const v = c instanceof Map ? c.get(k) : c[k as number];
      if (!(v instanceof Uint8Array) || v.length <= 1) continue;
      const copy = cloneCbor(s);
      const cc = containers(copy.value)[i]!;
      if (cc instanceof Map) cc.set(k, v.subarray(0, 1).slice());
      else cc[k as number] = v.subarray(0, 1).slice();
      yield copy;
    }
  }
}

export const attestationMessagesTarget: FuzzTarget<CborStructure> = {
  id: 'attestation-messages',
  title: 'attestation and handshake messages (CBOR): decodeMessage, decodeAs, encodeMessage, decodeQuoteTbs, quoteTbs',
  oracles: [
    'no exception escapes the decoders (they return { ok: false, reason } for any bytes)',
    'a decoded message is well formed by an independent statement of the format: known type, required fields, no unknown field, exact byte lengths, P-256 point prefix, chains of 1..4 certificates of 1..4096 bytes, text of at most 512 characters',
    'encodeMessage(decodeMessage(x)) decodes to the same message, is a fixed point, and has the length of x (no non-minimal encoding accepted)',
    'decodeAs(x, type) accepts exactly when decodeMessage reads a message of that type, with the same value',
    'a quote body decodeQuoteTbs reads holds only quote fields of bytes, and quoteTbs writes it back to the same fields and length',
    'the input bytes and the shared tables (labels, sizes, quote fields) are untouched',
  ],
  maxInputBytes: MAX_MESSAGE_BYTES,
  setup,
  seeds,
  structure: {
    decode: decodeCbor,
    encode: encodeCbor,
    clone: cloneCbor,
    mutate: mutateCbor,
    shrink: shrinkCbor,
  },
};
