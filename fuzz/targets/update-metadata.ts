/**
 * Target update-metadata: parseUpdateMetadata on one document (pure, never throws), encodeMetadataBody and
 * attachSignatures for the round trip, and checkThreshold (formats/update-metadata/metadata-signature.ts) with the
 * model's verifier (noble + node:crypto) against two trusted lab keys; a third key (rogue) is not trusted.
 *
 * The independent signature check uses node:crypto only (its own SHA-256 key ids, ECDSA with r||s
 * signatures) and counts distinct trusted keys with at least one verifying signature.
 */
import { createHash, createPrivateKey, createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { verifyP256 } from '../../formats/image-package/ecdsa-p256.js';
import { readSigningKey, type SigningKey } from '../../formats/image-package/signing-key.js';
import {
  attachSignatures,
  encodeMetadataBody,
  KEY_ID_BYTES,
  MAX_METADATA_BYTES,
  MAX_SIGNATURES,
  MAX_TARGETS,
  NEVER_EXPIRES,
  parseUpdateMetadata,
  SIGNATURE_BYTES,
  type MetadataErrorCode,
  type TargetKind,
  type UpdateMetadataBody,
} from '../../formats/update-metadata/metadata.js';
import { checkThreshold, signMetadata, trustedKey, type TrustedMetadataKey } from '../../formats/update-metadata/metadata-signature.js';
import { bytesEqual, check, fnv1a } from '../core/oracle.js';
import { editBytes, editFixedBytes, editTextField } from '../core/field-edits.js';
import { INTERESTING_U32, type Rng } from '../core/rng.js';
import { runtimeDictionary } from '../core/runtime-dictionary.js';
import { stagedRunner } from '../core/staged-run.js';
import type { FuzzTarget, NamedInput, TargetRunner } from '../core/target.js';
import { hasHighS, withS } from './shared/signature-s-side.js';
import { signP1363 } from '../core/sign-memo.js';
import { ByteWriter } from '../core/byte-writer.js';
import { LAB_KEY_PEM, ROGUE_KEY_PEM } from './shared/signing-keys.js';

/** A second trusted key, for thresholds of two (test key only: scalar = SHA-256 of "sevenfold fuzz lab metadata key 2"). */
const LAB2_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbrPhU/6L1EEOPD0J
dBYP5LFOtwq+o0zfvjY4UtWVZlGhRANCAARbRsiSG6pHmR30wLlUULcirqIxr68N
TKtzNEN+9lbdNecGtB/Y716jR2OIitRwTV7Op4As4wO0vPKGv+v/PlUy
-----END PRIVATE KEY-----
`;

const ERROR_CODES: readonly MetadataErrorCode[] = ['TooLarge', 'Truncated', 'BadMagic', 'BadFormat', 'BadString', 'BadKind', 'TooManyTargets', 'DuplicateTarget', 'BadTarget', 'BadFeed', 'TooManySignatures', 'TrailingBytes', 'BadTimes'];
const KINDS: readonly TargetKind[] = ['prerequisite', 'os', 'app'];

export type Signer = 'lab' | 'lab2' | 'rogue';

interface LabKey {
  signing: SigningKey;
  node: KeyObject;
  nodePublic: KeyObject;
  keyId: Uint8Array;
}

let labCache: Record<Signer, LabKey> | undefined;

function labKeys(): Record<Signer, LabKey> {
  if (!labCache) {
    const make = (pem: string): LabKey => {
      const signing = readSigningKey(pem);
      const node = createPrivateKey(pem);
      const nodePublic = createPublicKey(node);
      // The key id as the format defines it (first 8 bytes of SHA-256 of 0x04||x||y), computed here from node's own export.
      const jwk = nodePublic.export({ format: 'jwk' });
      const point = Buffer.concat([Buffer.of(4), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]);
      return { signing, node, nodePublic, keyId: new Uint8Array(createHash('sha256').update(point).digest().subarray(0, KEY_ID_BYTES)) };
    };
    labCache = { lab: make(LAB_KEY_PEM), lab2: make(LAB2_KEY_PEM), rogue: make(ROGUE_KEY_PEM) };
  }
  return labCache;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** node:crypto alone: the distinct trusted keys with a signature over `signed` that verifies. */
function independentValidKeys(signatures: readonly { keyId: Uint8Array; signature: Uint8Array }[], signed: Uint8Array, trusted: readonly LabKey[]): Set<string> {
  const valid = new Set<string>();
  for (const s of signatures) {
    const key = trusted.find((k) => bytesEqual(k.keyId, s.keyId));
    if (!key || valid.has(hex(key.keyId))) continue;
    let ok = false;
    try {
      ok = nodeVerify('sha256', signed, { key: key.nodePublic, dsaEncoding: 'ieee-p1363' }, s.signature);
    } catch {
      ok = false;
    }
    if (ok) valid.add(hex(key.keyId));
  }
  return valid;
}

function setup(): TargetRunner {
  const keys = labKeys();
  const trustedLab = [keys.lab, keys.lab2];
  const trusted: TrustedMetadataKey[] = trustedLab.map((k) => trustedKey(k.signing.publicKey));
  const snapshot = () => trusted.map((t) => `${hex(t.keyId)}:${hex(t.publicKey)}`).join('/');
  const before = snapshot();
  check(trusted.every((t, i) => bytesEqual(t.keyId, trustedLab[i]!.keyId)), 'setup.key-id', () => 'metadataKeyId differs from SHA-256(point)[0..8]');

  return stagedRunner({
    codeUnderTest(input) {
      const parsed = parseUpdateMetadata(input);
      if (parsed.ok) checkThreshold(parsed.metadata, parsed.signed, trusted, 1, verifyP256);
    },
    stage(input) {
      const original = input.slice();
      const features: string[] = [];
      const parsed = parseUpdateMetadata(input);
      if (!parsed.ok) {
        const e = parsed.error;
        features.push(`parse:${e.code}`);
        check(ERROR_CODES.includes(e.code), 'parse.error', () => `error code ${JSON.stringify(e.code)}`);
        check(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= Math.max(input.length, MAX_METADATA_BYTES), 'parse.error', () => `${e.code} at offset ${e.offset} of ${input.length}`);
        check(e.code === 'TooLarge' || e.offset <= input.length, 'parse.error', () => `${e.code} at offset ${e.offset} of ${input.length}`);
        check(typeof e.message === 'string' && e.message.length > 0 && !/NaN|\[object/.test(e.message), 'parse.error', () => `${e.code} message ${JSON.stringify(e.message)}`);
        check(!/unreadable/.test(e.message), 'parse.unreachable', () => `the "unreachable" catch-all was reached: ${e.message}`);
        check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
        return {
          features,
          thorough() {
            check(snapshot() === before, 'state.keys', () => 'the trusted keys were changed');
            return [];
          },
        };
      }
      const m = parsed.metadata;
      features.push('parse:ok', `targets:${Math.min(m.targets.length, 4)}`, `sigs:${m.signatures.length}`, ...m.targets.map((t) => `kind:${t.kind}`));
      // What the reader keeps is what the format allows.
      check(m.expiresAt >= m.issuedAt && (m.osFeed === 0 || m.osFeed === 1) && m.targets.length <= MAX_TARGETS && m.signatures.length <= MAX_SIGNATURES, 'model.fields', () => `kept ${JSON.stringify({ ...m, targets: m.targets.length, signatures: m.signatures.length })}`);
      check(new Set(m.targets.map((t) => t.name)).size === m.targets.length, 'model.duplicate', () => 'a target name kept twice');
      for (const t of m.targets) check(KINDS.includes(t.kind) && t.length > 0 && t.sha256.length === 32 && !t.name.includes('..'), 'model.target', () => `target ${JSON.stringify({ ...t, sha256: t.sha256.length })}`);
      for (const s of m.signatures) check(s.keyId.length === KEY_ID_BYTES && s.signature.length === SIGNATURE_BYTES, 'model.signature', () => `signature of ${s.keyId.length}+${s.signature.length} bytes`);
      // serialize(parse(x)) = x, byte for byte; the signed part is the encoded body.
      const body = encodeMetadataBody(m);
      check(bytesEqual(body, parsed.signed), 'roundtrip.signed', () => 'encodeMetadataBody(parse(x)) differs from the signed part parse reported');
      check(bytesEqual(attachSignatures(body, m.signatures), input), 'roundtrip.bytes', () => 'attachSignatures(encodeMetadataBody(parse(x)), signatures) differs from x');
      // The code under test's threshold check; its independent counterpart is the expensive oracle below.
      const one = checkThreshold(m, parsed.signed, trusted, 1, verifyP256);
      features.push(`valid:${one.validKeys.length}`);
      check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');

      return {
        features,
        // Signature cross-checks with node:crypto (core/staged-run.ts: on new inputs and a sample of the others).
        thorough() {
          // The threshold check against an independent one (node:crypto only), for thresholds 1 and 2.
          const independent = independentValidKeys(m.signatures, parsed.signed, trustedLab);
          for (const threshold of [1, 2]) {
            const r = threshold === 1 ? one : checkThreshold(m, parsed.signed, trusted, threshold, verifyP256);
            check(r.ok === independent.size >= threshold, 'threshold.differential', () => `checkThreshold(${threshold}) says ${r.ok} (${r.detail}); node:crypto finds ${independent.size} trusted keys with a valid signature`);
            check(new Set(r.validKeys).size === r.validKeys.length && r.validKeys.every((k) => independent.has(k)) && r.validKeys.length === independent.size, 'threshold.keys', () => `validKeys ${r.validKeys.join(',')}; node:crypto: ${[...independent].join(',')}`);
          }
          check(!checkThreshold(m, parsed.signed, [], 1, verifyP256).ok, 'threshold.no-keys', () => 'metadata passes a threshold of 1 with no trusted key');
          if (fnv1a(input) % 8 === 0 && parsed.signed.length > 0) {
            // The same signatures over other bytes must not count.
            const other = parsed.signed.slice();
            other[other.length - 1] = other[other.length - 1]! ^ 1;
            const r = checkThreshold(m, other, trusted, 1, verifyP256);
            check(r.ok === independentValidKeys(m.signatures, other, trustedLab).size >= 1, 'threshold.differential', () => `over altered bytes checkThreshold says ${r.ok}`);
          }
          check(bytesEqual(input, original), 'state.input', () => 'the input bytes were changed by the code under test');
          check(snapshot() === before, 'state.keys', () => 'the trusted keys were changed');
          return [];
        },
      };
    },
  });
}

// --- structure: the document's fields, written by this file's own writer (any values), then signed ---

interface TargetField {
  kind: number;
  name: string;
  securityVersion: number;
  length: number;
  sha256: Uint8Array;
  /** Bytes of the name as written (invalid UTF-8, lying length): overrides `name`. */
  rawName?: Uint8Array;
}

export interface SignatureField {
  signer: Signer | 'raw';
  /** Key id written; default the signer's. */
  keyId?: Uint8Array;
  /** Signature written for 'raw'. */
  signature?: Uint8Array;
  highS?: boolean;
  /** Sign other bytes than the signed part (a signature of another document). */
  stale?: boolean;
}

export interface MetadataStructure {
  magic?: Uint8Array;
  format?: number;
  sequence: number;
  issuedAt: number;
  expiresAt: number;
  product: string;
  deviceGroup: string;
  osFeed: number;
  targets: TargetField[];
  /** Written target count, when it lies. */
  count?: number;
  signatures: SignatureField[];
  /** Written signature count, when it lies. */
  signatureCount?: number;
  trailer?: Uint8Array;
}

const enc = (s: string) => new TextEncoder().encode(s);

function writeBody(s: MetadataStructure): Uint8Array {
  const out = new ByteWriter(512);
  const str = (b: Uint8Array) => {
    out.u8(b.length);
    out.bytes(b);
  };
  out.bytes(s.magic ?? enc('SVUM'));
  out.u8(s.format ?? 1);
  out.u32(s.sequence);
  out.u32(s.issuedAt);
  out.u32(s.expiresAt);
  str(enc(s.product));
  str(enc(s.deviceGroup));
  out.u8(s.osFeed);
  out.u16(s.count ?? s.targets.length);
  for (const t of s.targets) {
    out.u8(t.kind);
    str(t.rawName ?? enc(t.name));
    out.u32(t.securityVersion);
    out.u32(t.length);
    out.bytes(t.sha256);
  }
  return out.done();
}

function encodeMetadata(s: MetadataStructure): Uint8Array {
  const keys = labKeys();
  const signed = writeBody(s);
  const sigs = s.signatures.map((f) => {
    if (f.signer === 'raw') return { keyId: f.keyId ?? keys.lab.keyId, signature: f.signature ?? new Uint8Array(SIGNATURE_BYTES) };
    const k = keys[f.signer];
    const data = f.stale ? withZero(signed) : signed;
    // On the side the structure names: OpenSSL leaves s high half the time, so a signature not flagged highS was high at random.
    const signature = withS(signP1363(data, k.node), f.highS ? 'high' : 'low');
    return { keyId: f.keyId ?? k.keyId, signature };
  });
  const out = new ByteWriter(signed.length + 1 + sigs.length * (KEY_ID_BYTES + SIGNATURE_BYTES) + (s.trailer?.length ?? 0));
  out.bytes(signed);
  out.u8(s.signatureCount ?? sigs.length);
  for (const g of sigs) {
    out.fixed(g.keyId, KEY_ID_BYTES);
    out.fixed(g.signature, SIGNATURE_BYTES);
  }
  if (s.trailer) out.bytes(s.trailer);
  return out.done();
}

/** The bytes with a zero byte after them (a signature of another document). */
function withZero(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

/** The structure of a document that parses (signatures named by key id: a lab key's re-signs, others stay raw). */
function decodeMetadata(bytes: Uint8Array): MetadataStructure | undefined {
  const p = parseUpdateMetadata(bytes);
  if (!p.ok) return undefined;
  const keys = labKeys();
  const m = p.metadata;
  return {
    sequence: m.sequence,
    issuedAt: m.issuedAt,
    expiresAt: m.expiresAt,
    product: m.product,
    deviceGroup: m.deviceGroup,
    osFeed: m.osFeed,
    targets: m.targets.map((t) => ({ kind: KINDS.indexOf(t.kind), name: t.name, securityVersion: t.securityVersion, length: t.length, sha256: t.sha256.slice() })),
    signatures: m.signatures.map((g) => {
      const signer = (Object.keys(keys) as Signer[]).find((k) => bytesEqual(keys[k].keyId, g.keyId));
      const valid = signer !== undefined && nodeVerify('sha256', p.signed, { key: keys[signer].nodePublic, dsaEncoding: 'ieee-p1363' }, g.signature);
      // A valid signature keeps the side of its s (encodeMetadata signs again and puts s there).
      return valid ? { signer: signer!, ...(hasHighS(g.signature) ? { highS: true } : {}) } : { signer: 'raw' as const, keyId: g.keyId.slice(), signature: g.signature.slice() };
    }),
  };
}

/**
 * A copy whose lists and their entries are its own (the mutator sets their fields) and whose byte fields are shared:
 * no edit writes into a byte field, each puts a new one in its place (editBytes, editFixedBytes, a picked constant),
 * and input-to-state writes a copy (core/input-to-state.ts). Copying them cost a tenth of making an input: a trailer
 * runs to 56 KB.
 */
function cloneMetadata(s: MetadataStructure): MetadataStructure {
  return {
    ...s,
    targets: s.targets.map((t) => ({ ...t })),
    signatures: s.signatures.map((g) => ({ ...g })),
  };
}

const SLOT_NAMES = ['image/4d1bd0c0-9a15-4ce2-a5bd-4e4f3b0d5f0a', 'image/os-kernel', 'manifest/trusted-keys', 'key-store', 'image/app.v2', 'a', 'image/../key-store', 'image//x', 'image/a b', 'Image/OS', 'x'.repeat(96), 'x'.repeat(97), ''];
const STRINGS = ['sevenfold-thermostat', 'Field Test', 'Production', 'Development', '', 'x'.repeat(50), 'x'.repeat(51), 'x'.repeat(64), 'x'.repeat(65), 'é'.repeat(25), '\u0000'];

function pickU32(rng: Rng, like: number): number {
  const seen = runtimeDictionary.numbers();
  if (seen.length && rng.chance(0.2)) return rng.pick(seen) >>> 0;
  return rng.pick([...INTERESTING_U32, like, like + 1, Math.max(0, like - 1), NEVER_EXPIRES, NEVER_EXPIRES - 1]) >>> 0;
}

/** A text field edited character by character, kept within the one-byte length prefix the writer puts in front of it. */
function editedText(text: string, rng: Rng, limit: number): string {
  const edited = editTextField(text, rng, limit + 8);
  return enc(edited).length <= 255 ? edited : text;
}

/**
 * Character-level edits of the document's strings and byte strings: product, device group, target names (as
 * text, or as raw bytes that need not be UTF-8), key ids and digests. The writer puts the new length in front
 * of each string and encode() signs again, so the edit reaches the name checks behind the signature.
 */
function editField(s: MetadataStructure, rng: Rng): void {
  const t = s.targets.length ? rng.pick(s.targets) : undefined;
  switch (rng.int(t ? 7 : 2)) {
    case 0:
      s.product = editedText(s.product, rng, 64);
      break;
    case 1:
      s.deviceGroup = editedText(s.deviceGroup, rng, 50);
      break;
    case 2:
    case 3:
    case 4:
      if (t!.rawName) t!.rawName = editBytes(t!.rawName, rng).subarray(0, 255).slice();
      else t!.name = editedText(t!.name, rng, 96);
      break;
    case 5:
      t!.sha256 = editFixedBytes(t!.sha256, rng);
      break;
    default:
      if (s.signatures.length) {
        const g = rng.pick(s.signatures);
        g.keyId = editFixedBytes(g.keyId ?? labKeys()[g.signer === 'raw' ? 'lab' : g.signer].keyId, rng);
      }
  }
}

function mutateMetadata(s: MetadataStructure, rng: Rng, donor: () => MetadataStructure | undefined): MetadataStructure {
  const rounds = rng.geometric(4);
  for (let r = 0; r < rounds; r++) {
    const t = s.targets.length ? rng.pick(s.targets) : undefined;
    if (rng.chance(0.3)) {
      editField(s, rng);
      continue;
    }
    if (rng.chance(0.01)) {
      // Up to the format's own limits: 64 (or 65) targets with names of the longest length, then a trailer to the 64 KiB document limit.
      const n = rng.pick([MAX_TARGETS, MAX_TARGETS + 1]);
      s.targets = Array.from({ length: n }, (_, i) => ({ kind: i % 3, name: `image/${String(i).padStart(90, '0')}`, securityVersion: 1, length: 1, sha256: new Uint8Array(32) }));
      if (rng.chance(0.3)) s.trailer = new Uint8Array(Math.max(1, MAX_METADATA_BYTES - 9_000 + rng.int(1_000)));
      continue;
    }
    switch (rng.int(20)) {
      case 0:
        s.sequence = pickU32(rng, s.sequence);
        break;
      case 1: // times: expiry before issue, equal, never
        [s.issuedAt, s.expiresAt] = rng.pick([
          [s.expiresAt, s.issuedAt],
          [s.issuedAt, s.issuedAt],
          [s.issuedAt, NEVER_EXPIRES],
          [pickU32(rng, s.issuedAt), pickU32(rng, s.expiresAt)],
          [s.issuedAt + 1, s.issuedAt],
        ]);
        break;
      case 2:
        s.product = rng.pick(STRINGS);
        break;
      case 3:
        s.deviceGroup = rng.pick(STRINGS);
        break;
      case 4:
        s.osFeed = rng.pick([0, 1, 2, 255]);
        break;
      case 5: // add a target (maybe a duplicate name)
        s.targets.splice(rng.int(s.targets.length + 1), 0, {
          kind: rng.pick([0, 1, 2, 3, 255]),
          name: t && rng.chance(0.2) ? t.name : rng.pick(SLOT_NAMES),
          securityVersion: pickU32(rng, 1),
          length: pickU32(rng, 4096),
          sha256: rng.bytes(32),
        });
        break;
      case 6:
        if (s.targets.length) s.targets.splice(rng.int(s.targets.length), 1);
        break;
      case 7:
        if (t) t.kind = rng.pick([0, 1, 2, 3, 255]);
        break;
      case 8:
        if (t) t.name = rng.pick(SLOT_NAMES);
        break;
      case 9:
        if (t) rng.chance(0.5) ? (t.securityVersion = pickU32(rng, t.securityVersion)) : (t.length = pickU32(rng, t.length));
        break;
      case 10: // a name that is not UTF-8, or whose length byte lies
        if (t) t.rawName = rng.pick([Uint8Array.of(0xff, 0x41), Uint8Array.of(0xc3), new Uint8Array(0), rng.bytes(rng.int(8) + 1)]);
        break;
      case 11: // a lying target count
        s.count = rng.pick([0, s.targets.length + 1, Math.max(0, s.targets.length - 1), 64, 65, 0xffff]);
        break;
      case 12: // add a signature
        if (s.signatures.length < 10) s.signatures.push({ signer: rng.pick(['lab', 'lab2', 'rogue', 'lab', 'raw'] as const), highS: rng.chance(0.2), stale: rng.chance(0.1) });
        break;
      case 13:
        if (s.signatures.length) s.signatures.splice(rng.int(s.signatures.length), 1);
        break;
      case 14: { // a signature under another key's id, a repeated one, a corrupted one
        if (!s.signatures.length) break;
        const g = rng.pick(s.signatures);
        const keys = labKeys();
        const roll = rng.int(4);
        if (roll === 0) g.keyId = rng.pick([keys.lab.keyId, keys.lab2.keyId, keys.rogue.keyId, new Uint8Array(8)]).slice();
        else if (roll === 1) s.signatures.push({ ...g });
        else if (roll === 2) g.highS = !g.highS;
        else Object.assign(g, { signer: 'raw', signature: rng.pick([new Uint8Array(64), new Uint8Array(64).fill(0xff), rng.bytes(64)]) });
        break;
      }
      case 15: // a lying signature count
        s.signatureCount = rng.pick([0, s.signatures.length + 1, Math.max(0, s.signatures.length - 1), 8, 9, 255]);
        break;
      case 16:
        s.trailer = rng.chance(0.5) ? undefined : rng.bytes(rng.int(80) + 1);
        break;
      case 17:
        if (rng.chance(0.5)) s.magic = rng.pick([enc('SVU'), enc('SVUm'), enc('MUVS'), new Uint8Array(0)]);
        else s.format = rng.pick([0, 2, 255]);
        break;
      case 18: { // a target from a donor
        const d = donor();
        if (d?.targets.length) s.targets.push({ ...rng.pick(d.targets) });
        break;
      }
      default: // the whole signature list re-made, valid
        s.signatures = rng.pick([[{ signer: 'lab' }, { signer: 'lab2' }], [{ signer: 'lab' }], [{ signer: 'lab' }, { signer: 'lab' }], [{ signer: 'rogue' }, { signer: 'lab2' }], []] as SignatureField[][]).map((g) => ({ ...g }));
    }
  }
  return s;
}

function* shrinkMetadata(s: MetadataStructure): Iterable<MetadataStructure> {
  for (let i = s.targets.length - 1; i >= 0; i--) {
    const c = cloneMetadata(s);
    c.targets.splice(i, 1);
    if (c.count !== undefined) c.count = Math.max(0, c.count - 1);
    yield c;
  }
  for (let i = s.signatures.length - 1; i >= 0; i--) {
    const c = cloneMetadata(s);
    c.signatures.splice(i, 1);
    yield c;
  }
  if (s.trailer) yield { ...cloneMetadata(s), trailer: undefined };
  if (s.product.length > 1 || s.deviceGroup.length > 1) yield { ...cloneMetadata(s), product: s.product.slice(0, 1) || 'p', deviceGroup: s.deviceGroup.slice(0, 1) || 'g' };
}

// --- seeds: metadata signed by the model's own signMetadata, as the update service signs it ---

const digest = (label: string) => new Uint8Array(createHash('sha256').update(label).digest());

function seedBodies(): { name: string; body: UpdateMetadataBody; signers: Signer[] }[] {
  const os: UpdateMetadataBody['targets'] = [
    { kind: 'prerequisite', name: 'key-store', securityVersion: 3, length: 512, sha256: digest('key-store') },
    { kind: 'os', name: 'image/os-kernel', securityVersion: 12, length: 262_144, sha256: digest('os-kernel') },
    { kind: 'os', name: 'manifest/trusted-keys', securityVersion: 12, length: 1_024, sha256: digest('manifest') },
  ];
  const app = { kind: 'app' as const, name: 'image/4d1bd0c0-9a15-4ce2-a5bd-4e4f3b0d5f0a', securityVersion: 1, length: 65_536, sha256: digest('app') };
  const base = { sequence: 42, issuedAt: 1_767_571_200, expiresAt: 1_767_571_200 + 86_400, product: 'sevenfold-thermostat', deviceGroup: 'Field Test', osFeed: 0 as const };
  return [
    { name: 'os-and-app-two-keys', body: { ...base, targets: [...os, app] }, signers: ['lab', 'lab2'] },
    { name: 'app-only-one-key', body: { ...base, sequence: 43, deviceGroup: 'Development', osFeed: 1, targets: [app] }, signers: ['lab'] },
    { name: 'never-expires-lab2', body: { ...base, expiresAt: NEVER_EXPIRES, targets: os }, signers: ['lab2'] },
    { name: 'no-targets-unsigned', body: { ...base, sequence: 0, targets: [] }, signers: [] },
    { name: 'rogue-and-lab', body: { ...base, targets: [app] }, signers: ['rogue', 'lab'] },
    { name: 'repeated-key', body: { ...base, targets: os.slice(1) }, signers: ['lab', 'lab', 'rogue'] },
  ];
}

function seeds(): NamedInput[] {
  const keys = labKeys();
  const out: NamedInput[] = seedBodies().map(({ name, body, signers }) => ({ name, bytes: signMetadata(body, signers.map((s) => keys[s].signing)) }));
  // One with a high-S signature (node:crypto and the model accept both s), one with a corrupted signature.
  const s = decodeMetadata(out[0]!.bytes)!;
  out.push({ name: 'high-s', bytes: encodeMetadata({ ...s, signatures: [{ signer: 'lab', highS: true }, { signer: 'lab2' }] }) });
  out.push({ name: 'corrupted-signature', bytes: encodeMetadata({ ...s, signatures: [{ signer: 'raw', keyId: keys.lab.keyId, signature: new Uint8Array(64).fill(1) }, { signer: 'lab2' }] }) });
  return out;
}

export const updateMetadataTarget: FuzzTarget<MetadataStructure> = {
  id: 'update-metadata',
  title: 'update metadata: parseUpdateMetadata, encodeMetadataBody/attachSignatures, checkThreshold against two trusted lab keys',
  oracles: [
    'parseUpdateMetadata never throws, and its errors have a known code, an offset inside the input and a message (never its "unreachable" catch-all)',
    'what it reads is what the format allows: expiry not before issue, feed 0/1, unique well-formed targets of non-zero length, at most 64 targets and 8 signatures',
    'attachSignatures(encodeMetadataBody(parse(x)), signatures) = x byte for byte, and the signed part is the encoded body',
    'metadata passes checkThreshold (1 and 2 of two trusted keys) exactly when an independent node:crypto check counts as many distinct trusted keys with a valid signature, with the same key ids; never with no trusted key; not over altered bytes',
    'the input bytes and the trusted keys are untouched',
  ],
  maxInputBytes: MAX_METADATA_BYTES,
  setup,
  seeds,
  structure: {
    decode: decodeMetadata,
    encode: encodeMetadata,
    clone: cloneMetadata,
    mutate: mutateMetadata,
    shrink: shrinkMetadata,
  },
};
