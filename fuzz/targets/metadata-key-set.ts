/**
 * Target metadata-key-set: parseMetadataKeySet (formats/update-metadata/metadata-key-set.ts), the signed set of online
 * metadata keys a device trusts after a rotation (emulator/update/metadata-key-rotation.ts reads it, checks the root's
 * signature over `signed` and trusts `publicKeys` from then on). The lab key plays the device's offline root; the rogue
 * key signs sets no device should accept.
 *
 * The format is restated here (`referenceReading`, from the layout the format's header states, not from the parser):
 *   "SVKS" | u8 format=1 | u32 version (LE) | u8 n (1..8) | n × 65-byte key 0x04||x||y | 64-byte r||s over every byte before it
 * so a parser that keeps bytes the format does not allow (a trailing byte after the signature, a count that disagrees
 * with the length, a key that is not an uncompressed point) or refuses a well-formed set is flagged. The signature is
 * checked with node:crypto alone against the model's verifier, and a set the parser read is signed again with
 * signMetadataKeySet and read back.
 */
import { createHash, createPrivateKey, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { parseMetadataKeySet, signMetadataKeySet, type MetadataKeySet } from '../../formats/update-metadata/metadata-key-set.js';
import { verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { readSigningKey, signingKeyFromSecret, type SigningKey } from '../../formats/image-package/signing-key.js';
import { bytesEqual, check } from '../core/oracle.js';
import { editBytes, editFixedBytes } from '../core/field-edits.js';
import { INTERESTING_U32, type Rng } from '../core/rng.js';
import { signP1363 } from '../core/sign-memo.js';
import { stagedRunner } from '../core/staged-run.js';
import { ByteWriter } from '../core/byte-writer.js';
import type { FuzzTarget, NamedInput, TargetRunner } from '../core/target.js';
import { withS } from './shared/signature-s-side.js';
import { LAB_KEY_PEM, ROGUE_KEY_PEM } from './shared/signing-keys.js';

/** The format as its header states it (restated, not imported: the oracles hold the parser against these). */
const MAGIC = Uint8Array.of(0x53, 0x56, 0x4b, 0x53); // "SVKS"
const FORMAT = 1;
const HEADER_BYTES = 10;
const KEY_BYTES = 65;
const SIGNATURE_BYTES = 64;
const MAX_KEYS = 8;
/** A set of 8 keys is 604 bytes; a little room for trailing bytes and lying counts. */
const MAX_INPUT_BYTES = 1024;

type Signer = 'root' | 'rogue';

interface LabRoot {
  signing: SigningKey;
  node: KeyObject;
  nodePublic: KeyObject;
}

let rootsCache: Record<Signer, LabRoot> | undefined;

function roots(): Record<Signer, LabRoot> {
  if (!rootsCache) {
    const make = (pem: string): LabRoot => {
      const node = createPrivateKey(pem);
      return { signing: readSigningKey(pem), node, nodePublic: createPublicKey(node) };
    };
    rootsCache = { root: make(LAB_KEY_PEM), rogue: make(ROGUE_KEY_PEM) };
  }
  return rootsCache;
}

/** Member keys for the sets: valid P-256 points from fixed scalars (test keys only: SHA-256 of a label). */
let membersCache: Uint8Array[] | undefined;
function memberKeys(): Uint8Array[] {
  membersCache ??= Array.from({ length: 9 }, (_, i) => signingKeyFromSecret(new Uint8Array(createHash('sha256').update(`sevenfold fuzz metadata key ${i}`).digest())).publicKey);
  return membersCache;
}

/** What the format allows, read from its statement: the fields of a well-formed set, or why it is not one. */
export function referenceReading(bytes: Uint8Array): { ok: true; version: number; keys: Uint8Array[]; signedLength: number } | { ok: false; why: string } {
  if (bytes.length < HEADER_BYTES) return { ok: false, why: 'shorter than the header' };
  if (!bytesEqual(bytes.subarray(0, 4), MAGIC)) return { ok: false, why: 'magic' };
  if (bytes[4] !== FORMAT) return { ok: false, why: 'format' };
  const n = bytes[9]!;
  if (n < 1 || n > MAX_KEYS) return { ok: false, why: 'key count' };
  const signedLength = HEADER_BYTES + n * KEY_BYTES;
  if (bytes.length !== signedLength + SIGNATURE_BYTES) return { ok: false, why: 'length' };
  const keys: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const key = bytes.subarray(HEADER_BYTES + i * KEY_BYTES, HEADER_BYTES + (i + 1) * KEY_BYTES);
    if (key[0] !== 0x04) return { ok: false, why: 'point prefix' };
    keys.push(key);
  }
  const version = (bytes[5]! | (bytes[6]! << 8) | (bytes[7]! << 16) | (bytes[8]! << 24)) >>> 0;
  return { ok: true, version, keys, signedLength };
}

/** node:crypto alone: does `signature` (r||s) over `signed` verify under the root's public key? */
function nodeAccepts(signed: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  try {
    return nodeVerify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/**
 * node:crypto alone: is 0x04||x||y a point of P-256 (imported as a JWK, not through the model's SPKI import)? A key
 * off the curve verifies nothing: a device that trusted it would refuse every later metadata document.
 */
function nodePoint(key: Uint8Array): boolean {
  if (key.length !== KEY_BYTES || key[0] !== 0x04) return false;
  try {
    createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: Buffer.from(key.subarray(1, 33)).toString('base64url'), y: Buffer.from(key.subarray(33)).toString('base64url') }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** A reason's shape for behaviour features: numbers as `_` (a reason per count or length would flood the corpus). */
const shape = (reason: string) => reason.replace(/\d+/g, '_');

type Parse = typeof parseMetadataKeySet;

/** The runner, over a parser (the shipped one; a test hands a planted one). */
export function keySetRunner(parse: Parse = parseMetadataKeySet): TargetRunner {
  const keys = roots();
  const rootPublic = keys.root.signing.publicKey.slice();
  const before = hex(rootPublic);

  return stagedRunner({
    codeUnderTest(input) {
      const parsed = parse(input);
      if (parsed.ok) verifyP256(parsed.set.signed, parsed.set.signature, rootPublic);
    },
    stage(input) {
      const original = input.slice();
      const parsed = parse(input);
      check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by parseMetadataKeySet');
      const reference = referenceReading(input);
      if (!parsed.ok) {
        check(typeof parsed.reason === 'string' && parsed.reason.length > 0 && !/NaN|undefined|\[object/.test(parsed.reason), 'parse.reason', () => `reason ${JSON.stringify(parsed.reason)}`);
        // A set the layout allows is refused rightly only for a key off the curve (node:crypto says which).
        check(!reference.ok || !reference.keys.every(nodePoint), 'reader.differential', () => `a well-formed set of ${reference.ok ? reference.keys.length : 0} keys is refused: ${parsed.reason}`);
        return { features: [`reject:${shape(parsed.reason)}`], thorough: () => [] };
      }
      const set = parsed.set;
      // What the parser keeps is what the format allows, and it accounts for every byte of the input.
      check(reference.ok, 'model.format', () => `accepted a set the format does not allow (${reference.ok ? '' : reference.why}): ${input.length} bytes, ${set.publicKeys.length} keys`);
      check(set.version === reference.version && Number.isInteger(set.version), 'model.version', () => `version ${set.version}, the bytes say ${reference.version}`);
      check(set.publicKeys.length === reference.keys.length && set.publicKeys.every((k, i) => bytesEqual(k, reference.keys[i]!)), 'model.keys', () => `kept keys ${set.publicKeys.map((k) => `${k.length}:${k[0]}`).join(',')}`);
      check(set.signature.length === SIGNATURE_BYTES && bytesEqual(set.signature, input.subarray(reference.signedLength)), 'model.signature', () => `signature of ${set.signature.length} bytes`);
      check(bytesEqual(set.signed, input.subarray(0, reference.signedLength)), 'model.signed', () => `signed part of ${set.signed.length} bytes, the format's is the first ${reference.signedLength}`);
      const verified = verifyP256(set.signed, set.signature, rootPublic);
      check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
      return {
        features: ['parse:ok', `keys:${set.publicKeys.length}`, `root:${verified}`],
        // Signature cross-checks and the round trip (core/staged-run.ts: on new inputs and a sample of the others).
        thorough() {
          check(set.publicKeys.every(nodePoint), 'model.point', () => `kept key ${set.publicKeys.findIndex((k) => !nodePoint(k)) + 1}, which node:crypto does not take as a P-256 point`);
          check(verified === nodeAccepts(set.signed, set.signature, keys.root.nodePublic), 'verify.differential', () => `the model's verifier says ${verified}, node:crypto the opposite`);
          const again = roundTrip(parse, set, keys.root);
          check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
          check(hex(keys.root.signing.publicKey) === before, 'state.keys', () => 'the root key was changed');
          return again;
        },
      };
    },
  });
}

/** A set the parser read, signed again by the root with signMetadataKeySet: reads back to the same version, keys and signed part, and node:crypto accepts the new signature. */
function roundTrip(parse: Parse, set: MetadataKeySet, root: LabRoot): string[] {
  const resigned = signMetadataKeySet(set.version, set.publicKeys, root.signing);
  const back = parse(resigned);
  check(back.ok, 'roundtrip.parse', () => `a set signed by signMetadataKeySet is refused: ${back.ok ? '' : back.reason}`);
  check(back.set.version === set.version && back.set.publicKeys.length === set.publicKeys.length && back.set.publicKeys.every((k, i) => bytesEqual(k, set.publicKeys[i]!)), 'roundtrip.fields', () => `read back as version ${back.set.version} with ${back.set.publicKeys.length} keys`);
  check(bytesEqual(back.set.signed, set.signed), 'roundtrip.signed', () => 'the re-signed set covers other bytes');
  check(nodeAccepts(back.set.signed, back.set.signature, root.nodePublic), 'roundtrip.signature', () => 'node:crypto refuses the signature signMetadataKeySet made with the root');
  return [];
}

// --- structure: the set's fields, written by this file's own writer (any values), then signed ---

export interface KeySetStructure {
  magic?: Uint8Array;
  format?: number;
  version: number;
  /** The keys as written: any length, any first byte. */
  keys: Uint8Array[];
  /** Written key count, when it lies. */
  count?: number;
  signer: Signer | 'raw';
  /** Written signature for 'raw' (any length). */
  signature?: Uint8Array;
  highS?: boolean;
  /** Signed over other bytes than the signed part (a signature of another set). */
  stale?: boolean;
  trailer?: Uint8Array;
  /** Bytes cut off the end, after the trailer. */
  cut?: number;
}

function writeSigned(s: KeySetStructure): Uint8Array {
  const out = new ByteWriter(HEADER_BYTES + s.keys.length * KEY_BYTES);
  out.bytes(s.magic ?? MAGIC);
  out.u8(s.format ?? FORMAT);
  out.u32(s.version >>> 0);
  out.u8((s.count ?? s.keys.length) & 0xff);
  for (const k of s.keys) out.bytes(k);
  return out.done();
}

function encodeKeySet(s: KeySetStructure): Uint8Array {
  const signed = writeSigned(s);
  let signature: Uint8Array;
  if (s.signer === 'raw') signature = s.signature ?? new Uint8Array(SIGNATURE_BYTES);
  else {
    const data = s.stale ? Uint8Array.from([...signed, 0]) : signed;
    signature = withS(signP1363(data, roots()[s.signer].node), s.highS ? 'high' : 'low');
  }
  const out = new ByteWriter(signed.length + signature.length + (s.trailer?.length ?? 0));
  out.bytes(signed);
  out.bytes(signature);
  if (s.trailer) out.bytes(s.trailer);
  const bytes = out.done();
  return s.cut ? bytes.slice(0, Math.max(0, bytes.length - s.cut)) : bytes;
}

/** Any input of ten bytes or more: the header, as many whole keys as the count names and the length holds, then a signature and whatever follows. */
function decodeKeySet(bytes: Uint8Array): KeySetStructure | undefined {
  if (bytes.length < HEADER_BYTES) return undefined;
  const n = bytes[9]!;
  const fit = Math.max(0, Math.floor((bytes.length - HEADER_BYTES - SIGNATURE_BYTES) / KEY_BYTES));
  const keys = Array.from({ length: Math.min(n, fit) }, (_, i) => bytes.slice(HEADER_BYTES + i * KEY_BYTES, HEADER_BYTES + (i + 1) * KEY_BYTES));
  const end = HEADER_BYTES + keys.length * KEY_BYTES;
  const signed = bytes.subarray(0, end);
  const signature = bytes.slice(end, end + SIGNATURE_BYTES);
  const trailer = bytes.length > end + SIGNATURE_BYTES ? bytes.slice(end + SIGNATURE_BYTES) : undefined;
  const signer = (['root', 'rogue'] as const).find((k) => signature.length === SIGNATURE_BYTES && nodeAccepts(signed, signature, roots()[k].nodePublic));
  const magic = bytes.subarray(0, 4);
  return {
    ...(bytesEqual(magic, MAGIC) ? {} : { magic: magic.slice() }),
    ...(bytes[4] === FORMAT ? {} : { format: bytes[4]! }),
    version: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(5, true),
    keys,
    ...(n === keys.length ? {} : { count: n }),
    ...(signer ? { signer } : { signer: 'raw' as const, signature }),
    ...(trailer ? { trailer } : {}),
  };
}

/** Lists copied; byte fields shared: no edit writes into one, each puts a new array in its place. */
function cloneKeySet(s: KeySetStructure): KeySetStructure {
  return { ...s, keys: [...s.keys] };
}

const VERSIONS = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

function badKey(rng: Rng, like: Uint8Array | undefined): Uint8Array {
  const base = like ?? rng.pick(memberKeys());
  switch (rng.int(6)) {
    case 0: { // a point prefix other than uncompressed (compressed, infinity, hybrid)
      const k = base.slice();
      k[0] = rng.pick([0x00, 0x02, 0x03, 0x05, 0x06, 0x07, 0xff]);
      return k;
    }
    case 1: // a compressed point (33 bytes) or a key one byte short or long
      return rng.pick([Uint8Array.from([0x02 | (base[64]! & 1), ...base.subarray(1, 33)]), base.slice(0, 64), Uint8Array.from([...base, 0])]);
    case 2: // 0x04 and a point off the curve
      return Uint8Array.from([0x04, ...rng.bytes(64)]);
    case 3:
      return editFixedBytes(base, rng);
    case 4:
      return editBytes(base, rng);
    default:
      return new Uint8Array(KEY_BYTES);
  }
}

function mutateKeySet(s: KeySetStructure, rng: Rng, donor: () => KeySetStructure | undefined): KeySetStructure {
  const rounds = rng.geometric(3);
  for (let r = 0; r < rounds; r++) {
    const i = s.keys.length ? rng.int(s.keys.length) : -1;
    switch (rng.int(14)) {
      case 0:
        s.version = rng.chance(0.5) ? rng.pick(VERSIONS) : rng.chance(0.5) ? rng.pick(INTERESTING_U32) : (s.version + rng.pick([1, -1, 2])) >>> 0;
        break;
      case 1: // key counts 0..9 of valid keys
        s.keys = memberKeys().slice(0, rng.int(MAX_KEYS + 2));
        break;
      case 2: // add a key: valid, a repeat, or from a donor
        if (s.keys.length < 12) {
          const d = donor();
          s.keys.splice(rng.int(s.keys.length + 1), 0, rng.pick([rng.pick(memberKeys()), ...(i >= 0 ? [s.keys[i]!] : []), ...(d?.keys.length ? [rng.pick(d.keys)] : [])]));
        }
        break;
      case 3:
        if (i >= 0) s.keys.splice(i, 1);
        break;
      case 4:
      case 5: // a key the format does not allow
        if (i >= 0) s.keys[i] = badKey(rng, s.keys[i]);
        else s.keys.push(badKey(rng, undefined));
        break;
      case 6: // a count that disagrees with the keys written
        s.count = rng.pick([0, 1, s.keys.length + 1, Math.max(0, s.keys.length - 1), MAX_KEYS, MAX_KEYS + 1, 255]);
        if (s.count === s.keys.length) delete s.count;
        break;
      case 7: // trailing bytes after the signature: a byte, a stray key, a second signature
        s.trailer = rng.chance(0.2) ? undefined : rng.pick([Uint8Array.of(0), rng.bytes(rng.int(8) + 1), rng.pick(memberKeys()), rng.bytes(SIGNATURE_BYTES)]);
        break;
      case 8: // truncation
        s.cut = rng.chance(0.2) ? undefined : rng.pick([1, 2, 32, SIGNATURE_BYTES - 1, SIGNATURE_BYTES, SIGNATURE_BYTES + 1, KEY_BYTES, KEY_BYTES + SIGNATURE_BYTES]);
        break;
      case 9:
        if (rng.chance(0.5)) s.magic = rng.pick([Uint8Array.of(0x53, 0x56, 0x4b), Uint8Array.of(0x53, 0x56, 0x55, 0x4d), Uint8Array.of(0x73, 0x76, 0x6b, 0x73), Uint8Array.of(0x53, 0x4b, 0x56, 0x53), new Uint8Array(0), MAGIC]);
        else s.format = rng.pick([0, 2, 255, FORMAT]);
        break;
      case 10: // who signs: the root, the rogue key, nobody (zeros, ones, random, a wrong length), a high-S or stale signature
        switch (rng.int(5)) {
          case 0:
            s.signer = rng.pick(['root', 'rogue'] as const);
            s.stale = false;
            break;
          case 1:
            s.signer = 'raw';
            s.signature = rng.pick([new Uint8Array(SIGNATURE_BYTES), new Uint8Array(SIGNATURE_BYTES).fill(0xff), rng.bytes(SIGNATURE_BYTES), rng.bytes(SIGNATURE_BYTES - 1), rng.bytes(SIGNATURE_BYTES + 1)]);
            break;
          case 2:
            s.highS = !s.highS;
            break;
          case 3:
            s.stale = !s.stale;
            break;
          default:
            if (s.signer === 'raw' && s.signature) s.signature = editFixedBytes(s.signature, rng);
        }
        break;
      case 11: // the whole set re-made, valid and signed by the root
        Object.assign(s, { keys: memberKeys().slice(0, 1 + rng.int(MAX_KEYS)), signer: 'root', stale: false, highS: false });
        for (const f of ['magic', 'format', 'count', 'signature', 'trailer', 'cut'] as const) delete s[f];
        break;
      case 12:
        if (i >= 0) s.keys[i] = editFixedBytes(s.keys[i]!, rng);
        break;
      default: // keys swapped between places, or one repeated over another
        if (s.keys.length > 1) {
          const j = rng.int(s.keys.length);
          if (rng.chance(0.5)) [s.keys[i], s.keys[j]] = [s.keys[j]!, s.keys[i]!];
          else s.keys[j] = s.keys[i]!;
        }
    }
  }
  return s;
}

function* shrinkKeySet(s: KeySetStructure): Iterable<KeySetStructure> {
  for (let i = s.keys.length - 1; i >= 0; i--) {
    const c = cloneKeySet(s);
    c.keys.splice(i, 1);
    if (c.count !== undefined) c.count = Math.max(0, c.count - 1);
    yield c;
  }
  if (s.trailer) yield { ...cloneKeySet(s), trailer: s.trailer.length > 1 ? s.trailer.slice(0, 1) : undefined };
  if (s.cut) yield { ...cloneKeySet(s), cut: undefined };
  if (s.count !== undefined) yield { ...cloneKeySet(s), count: undefined };
}

// --- seeds: sets signed by the model's own signMetadataKeySet, as the vendor signs a rotation ---

function seeds(): NamedInput[] {
  const { root, rogue } = roots();
  const members = memberKeys();
  const sign = (version: number, n: number, by: LabRoot = root) => signMetadataKeySet(version, members.slice(0, n), by.signing);
  const one = sign(2, 1);
  return [
    { name: 'one-key-version-2', bytes: one },
    { name: 'two-keys-version-3', bytes: sign(3, 2) },
    { name: 'eight-keys-max-version', bytes: sign(0xffffffff, MAX_KEYS) },
    { name: 'three-keys-version-0', bytes: sign(0, 3) },
    { name: 'rogue-signed', bytes: sign(4, 2, rogue) },
    { name: 'corrupted-signature', bytes: Uint8Array.from([...one.subarray(0, -SIGNATURE_BYTES), ...new Uint8Array(SIGNATURE_BYTES).fill(1)]) },
  ];
}

export const metadataKeySetTarget: FuzzTarget<KeySetStructure> = {
  id: 'metadata-key-set',
  title: 'metadata key sets: parseMetadataKeySet, the root signature (lab key as root, rogue not), signMetadataKeySet round trip',
  oracles: [
    'parseMetadataKeySet never throws, leaves its input unchanged, and gives a refused input a reason',
    'it accepts exactly the sets the format allows (an independent reading: magic, format 1, 1..8 keys of 65 bytes starting 0x04, a 64-byte signature, no byte after it, the count agreeing with the length): a trailing byte or a lying count is flagged, and so is a well-formed set refused',
    'an accepted set keeps the version and keys the bytes hold, the 64-byte signature, and as `signed` exactly the prefix the signature covers; every key it keeps is a P-256 point by node:crypto (a set refused for a key off the curve is no false refusal)',
    'the model verifies the root signature exactly when node:crypto does',
    'a set it read, signed again by the root with signMetadataKeySet, reads back to the same version, keys and signed part, and node:crypto accepts that signature',
  ],
  maxInputBytes: MAX_INPUT_BYTES,
  setup: () => keySetRunner(),
  seeds,
  structure: {
    decode: decodeKeySet,
    encode: encodeKeySet,
    clone: cloneKeySet,
    mutate: mutateKeySet,
    shrink: shrinkKeySet,
  },
};
