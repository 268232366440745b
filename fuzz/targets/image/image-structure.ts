/**
 * The structure the structure-aware mode mutates for image packages: body, sections (tag, data, and a size
 * field that may lie), header fields that may lie (section_count, metadata_length, magic), stray bytes before
 * the length word, and how the result is signed. Encoding re-signs with the lab's key by default, so a
 * mutated package still passes the signature check and reaches the code behind it.
 *
 * Signing uses node:crypto (about 50 µs; noble's deterministic signing costs 1 ms per input).
 */
import { createPrivateKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { editBytes, editFixedBytes, editTextField } from '../../core/field-edits.js';
import { INTERESTING_U16, INTERESTING_U32, type Rng } from '../../core/rng.js';
import { hasHighS, withS } from '../shared/signature-s-side.js';
import { LAB_KEY_PEM, ROGUE_KEY_PEM } from '../shared/signing-keys.js';
import { MAGIC, SIGNATURE_BYTES, TAG, referenceSignatureValid } from './reference-reader.js';
import { createPublicKey } from 'node:crypto';

export type Signing = 'lab' | 'rogue' | 'high-s' | 'raw';

export interface ImageSection {
  tag: number;
  data: Uint8Array;
  /** The size field as written, when it differs from data.length. */
  size?: number;
}

export interface ImageStructure {
  body: Uint8Array;
  sections: ImageSection[];
  count?: number;
  length?: number;
  magic?: number;
  /** Bytes after the last section, before the metadata_length word. */
  trailer?: Uint8Array;
  signing: Signing;
  /** The signature when signing is 'raw'. */
  signature?: Uint8Array;
}

let keys: { lab: KeyObject; rogue: KeyObject; labPublic: KeyObject; roguePublic: KeyObject } | undefined;

export function labKeys() {
  if (!keys) {
    const lab = createPrivateKey(LAB_KEY_PEM);
    const rogue = createPrivateKey(ROGUE_KEY_PEM);
    keys = { lab, rogue, labPublic: createPublicKey(lab), roguePublic: createPublicKey(rogue) };
  }
  return keys;
}

export function packUnsigned(s: ImageStructure): Uint8Array {
  const sectionBytes = s.sections.reduce((n, x) => n + 4 + x.data.length, 0);
  const trailer = s.trailer ?? new Uint8Array(0);
  const metaLength = 8 + sectionBytes + trailer.length + 4;
  const out = new Uint8Array(s.body.length + metaLength);
  const v = new DataView(out.buffer);
  out.set(s.body, 0);
  let at = s.body.length;
  v.setUint32(at, (s.magic ?? MAGIC) >>> 0, true);
  v.setUint32(at + 4, (s.count ?? s.sections.length) >>> 0, true);
  at += 8;
  for (const x of s.sections) {
    v.setUint16(at, x.tag & 0xffff, true);
    v.setUint16(at + 2, (x.size ?? x.data.length) & 0xffff, true);
    out.set(x.data, at + 4);
    at += 4 + x.data.length;
  }
  out.set(trailer, at);
  at += trailer.length;
  v.setUint32(at, (s.length ?? metaLength) >>> 0, true);
  return out;
}

export function signBytes(unsigned: Uint8Array, signing: Signing, raw?: Uint8Array): Uint8Array {
  const k = labKeys();
  let signature: Uint8Array;
  if (signing === 'raw') signature = raw && raw.length === SIGNATURE_BYTES ? raw : new Uint8Array(SIGNATURE_BYTES);
  else {
    // OpenSSL picks a random k and does not normalise s, so half its signatures are high-S: each is put on the
    // side its class names, or decodeImage would read a 'lab' structure back as 'high-s' at random (the seeds'
    // classes, and every re-signed mutant's, changed from run to run).
    // Signed afresh, not remembered (core/sign-memo.ts): one image mutant in eleven signs bytes signed before, and
    // the remembered signatures and their keys (whole packages) outlived the young generation: a loss.
    signature = withS(new Uint8Array(nodeSign('sha256', unsigned, { key: signing === 'rogue' ? k.rogue : k.lab, dsaEncoding: 'ieee-p1363' })), signing === 'high-s' ? 'high' : 'low');
  }
  const out = new Uint8Array(unsigned.length + SIGNATURE_BYTES);
  out.set(unsigned, 0);
  out.set(signature, unsigned.length);
  return out;
}

export const encodeImage = (s: ImageStructure): Uint8Array => signBytes(packUnsigned(s), s.signing, s.signature);

/** The structure of a package whose metadata can be walked; undefined otherwise. */
export function decodeImage(bytes: Uint8Array): ImageStructure | undefined {
  const size = bytes.length;
  if (size < 12 + SIGNATURE_BYTES) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = size - SIGNATURE_BYTES - 4;
  const length = v.getUint32(end, true);
  if (length < 12 || length > size - SIGNATURE_BYTES) return undefined;
  const start = size - SIGNATURE_BYTES - length;
  const magic = v.getUint32(start, true);
  const count = v.getUint32(start + 4, true);
  const sections: ImageSection[] = [];
  let at = start + 8;
  while (sections.length < count && at + 4 <= end) {
    const tag = v.getUint16(at, true);
    const len = v.getUint16(at + 2, true);
    if (at + 4 + len > end) break;
    sections.push({ tag, data: bytes.slice(at + 4, at + 4 + len) });
    at += 4 + len;
  }
  const signature = bytes.slice(size - SIGNATURE_BYTES);
  const unsignedEnd = size - SIGNATURE_BYTES;
  const k = labKeys();
  const signing: Signing = referenceSignatureValid(bytes, k.labPublic)
    ? hasHighS(signature) ? 'high-s' : 'lab'
    : referenceSignatureValid(bytes, k.roguePublic) ? 'rogue' : 'raw';
  const s: ImageStructure = { body: bytes.slice(0, start), sections, signing };
  if (signing === 'raw') s.signature = signature;
  if (magic !== MAGIC) s.magic = magic;
  if (count !== sections.length) s.count = count;
  if (at < end) s.trailer = bytes.slice(at, end);
  // Re-encoding must give the same unsigned bytes; when it cannot (a lying size field), there is no structure.
  const again = packUnsigned(s);
  if (again.length !== unsignedEnd || !again.every((b, i) => b === bytes[i])) return undefined;
  return s;
}


export function cloneImage(s: ImageStructure): ImageStructure {
  return {
    ...s,
    body: s.body.slice(),
    sections: s.sections.map((x) => ({ ...x, data: x.data.slice() })),
    ...(s.trailer ? { trailer: s.trailer.slice() } : {}),
    ...(s.signature ? { signature: s.signature.slice() } : {}),
  };
}

// --- section templates and field mutations ---

const u32le = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, true);
  return b;
};

export function guidBytes(rng: Rng): Uint8Array {
  switch (rng.int(4)) {
    case 0:
      return new Uint8Array(16);
    case 1:
      return new Uint8Array(16).fill(0xff);
    default:
      return rng.bytes(16);
  }
}

export function identityData(imageType: number, component: Uint8Array, image: Uint8Array): Uint8Array {
  const d = new Uint8Array(36);
  new DataView(d.buffer).setUint16(0, imageType, true);
  d.set(component, 4);
  d.set(image, 20);
  return d;
}

export function signatureData(thumbprint: Uint8Array, signingType: number): Uint8Array {
  const d = new Uint8Array(24);
  d.set(thumbprint.subarray(0, 20), 0);
  new DataView(d.buffer).setUint32(20, signingType >>> 0, true);
  return d;
}

export function debugData(buildTime: bigint, name: Uint8Array): Uint8Array {
  const d = new Uint8Array(40);
  new DataView(d.buffer).setBigUint64(0, BigInt.asUintN(64, buildTime), true);
  d.set(name.subarray(0, 32), 8);
  return d;
}

export function abiData(identities: readonly { version: number; type: number }[], count = identities.length): Uint8Array {
  const d = new Uint8Array(4 + 8 * identities.length);
  const v = new DataView(d.buffer);
  v.setUint32(0, count >>> 0, true);
  identities.forEach((id, i) => {
    v.setUint32(4 + 8 * i, id.version >>> 0, true);
    v.setUint32(8 + 8 * i, id.type >>> 0, true);
  });
  return d;
}

const KNOWN_TAGS = Object.values(TAG);
const IMAGE_TYPES = [0, 1, 2, 3, 7, 8, 9, 10, 13, 16, 19, 20, 21, 28, 29, 0xffff];

function templateSection(rng: Rng, thumbprints: readonly Uint8Array[]): ImageSection {
  const tag = rng.chance(0.85) ? rng.pick(KNOWN_TAGS) : rng.chance(0.5) ? rng.int(0x10000) : rng.pick([0x0000, 0xffff, 0x5a5a, 0x0001]);
  switch (tag) {
    case TAG.ID:
      return { tag, data: identityData(rng.pick(IMAGE_TYPES), guidBytes(rng), guidBytes(rng)) };
    case TAG.SG:
      return { tag, data: signatureData(rng.pick(thumbprints), rng.chance(0.7) ? 1 : rng.pick(INTERESTING_U32)) };
    case TAG.DB:
      return { tag, data: debugData(BigInt(rng.pick(INTERESTING_U32)), debugName(rng)) };
    case TAG.TP:
    case TAG.RV:
      return { tag, data: u32le(rng.pick(INTERESTING_U32)) };
    case TAG.ND:
    case TAG.NP:
      return { tag, data: abiData(Array.from({ length: rng.int(4) }, () => ({ version: rng.pick(INTERESTING_U32), type: rng.int(5) }))) };
    default:
      return { tag, data: rng.bytes(rng.range(1, 16)) };
  }
}

function debugName(rng: Rng): Uint8Array {
  const ascii = (n: number) => Uint8Array.from({ length: n }, () => 0x41 + rng.int(26));
  switch (rng.int(6)) {
    case 0:
      return ascii(rng.range(1, 31));
    case 1:
      return ascii(32); // no terminating NUL
    case 2:
      return Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]); // invalid UTF-8
    case 3: {
      const n = ascii(20);
      n[5] = 0; // NUL inside
      return n;
    }
    case 4:
      return new Uint8Array(0);
    default:
      return new TextEncoder().encode('\u00e9\ud83d\ude00Sevenfold').subarray(0, 32);
  }
}

/** Mutates one field of a section whose layout is known, keeping its length (or on purpose not). */
function mutateField(x: ImageSection, rng: Rng, thumbprints: readonly Uint8Array[]): void {
  const v = new DataView(x.data.buffer, x.data.byteOffset, x.data.byteLength);
  const len = x.data.length;
  switch (x.tag) {
    case TAG.ID:
      if (len < 36) break;
      if (rng.chance(0.5)) v.setUint16(0, rng.chance(0.5) ? rng.pick(IMAGE_TYPES) : rng.pick(INTERESTING_U16), true);
      else if (rng.chance(0.3)) v.setUint16(2, rng.pick(INTERESTING_U16), true);
      else x.data.set(guidBytes(rng), rng.chance(0.5) ? 4 : 20);
      return;
    case TAG.SG:
      if (len < 24) break;
      if (rng.chance(0.5)) v.setUint32(20, rng.chance(0.5) ? rng.int(4) : rng.pick(INTERESTING_U32), true);
      else if (rng.chance(0.5)) x.data.set(rng.pick(thumbprints).subarray(0, 20), 0);
      else {
        const at = rng.int(20);
        x.data[at] = x.data[at]! ^ (1 << rng.int(8));
      }
      return;
    case TAG.DB:
      if (len < 40) break;
      if (rng.chance(0.4)) v.setBigUint64(0, rng.pick([0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n, BigInt(rng.pick(INTERESTING_U32))]), true);
      else {
        x.data.fill(0, 8);
        x.data.set(debugName(rng), 8);
      }
      return;
    case TAG.TP:
    case TAG.RV:
      if (len < 4) break;
      v.setUint32(0, rng.pick(INTERESTING_U32), true);
      return;
    case TAG.ND:
    case TAG.NP: {
      if (len < 4) break;
      const n = Math.floor((len - 4) / 8);
      const ids = Array.from({ length: n }, (_, i) => ({ version: v.getUint32(4 + 8 * i, true), type: v.getUint32(8 + 8 * i, true) }));
      switch (rng.int(4)) {
        case 0: // a count that does not match the identities
          v.setUint32(0, rng.pick(INTERESTING_U32), true);
          return;
        case 1:
          ids.push({ version: rng.pick(INTERESTING_U32), type: rng.int(5) });
          x.data = abiData(ids);
          return;
        case 2:
          ids.pop();
          x.data = abiData(ids);
          return;
        default:
          if (n > 0) v.setUint32(4 + 8 * rng.int(n) + (rng.chance(0.5) ? 0 : 4), rng.pick(INTERESTING_U32), true);
          return;
      }
    }
  }
  flipBytes(x.data, rng);
}

function flipBytes(data: Uint8Array, rng: Rng): void {
  if (data.length === 0) return;
  const n = rng.range(1, 4);
  for (let i = 0; i < n; i++) {
    const at = rng.int(data.length);
    data[at] = rng.chance(0.5) ? data[at]! ^ (1 << rng.int(8)) : rng.pick([0, 0xff, 0x7f, 0x80, rng.int(256)]);
  }
}

function resize(data: Uint8Array, rng: Rng): Uint8Array {
  // Rarely the largest section the u16 size field can state, and one byte more (the field then wraps).
  const target = rng.chance(0.5) ? Math.max(0, data.length + rng.range(-4, 4)) : rng.pick([0, 1, 3, 4, 5, 12, 20, 24, 35, 36, 37, 40, 41, ...(rng.chance(0.05) ? [0xffff, 0x10000] : [])]);
  const out = new Uint8Array(target);
  out.set(data.subarray(0, target));
  for (let i = data.length; i < target; i++) out[i] = rng.int(256);
  return out;
}

export function mutateImage(s: ImageStructure, rng: Rng, donor: () => ImageStructure | undefined, thumbprints: readonly Uint8Array[]): ImageStructure {
  const n = rng.geometric(5);
  for (let i = 0; i < n; i++) mutateOnce(s, rng, donor, thumbprints);
  // Real packages are small in the metadata; keep inputs within what a byte-level fuzzer could write too.
  if (s.body.length > 2048) s.body = s.body.slice(0, 2048);
  if (s.sections.length > 40) s.sections.length = 40;
  return s;
}

const DEBUG_NAME_OFFSET = 8;
const DEBUG_NAME_BYTES = 32;

/** The Debug section's name: the text before its first NUL (or all 32 bytes). */
export function debugNameOf(data: Uint8Array): Uint8Array {
  const field = data.subarray(DEBUG_NAME_OFFSET, DEBUG_NAME_OFFSET + DEBUG_NAME_BYTES);
  const end = field.indexOf(0);
  return field.slice(0, end < 0 ? field.length : end);
}

/**
 * Character-level edits of the package's string and byte-string fields: the Debug name (edited as text, then
 * written back NUL-padded into its 32 bytes, or, rarely, filling them with no NUL), the identity GUIDs, the
 * signature thumbprint, and the bytes of any other section (which may grow or shrink: packUnsigned writes the
 * new section size and metadata length, and encode signs again).
 */
export function editSectionField(s: ImageStructure, rng: Rng): void {
  if (!s.sections.length) return;
  const x = rng.pick(s.sections);
  if (x.tag === TAG.DB && x.data.length >= DEBUG_NAME_OFFSET + DEBUG_NAME_BYTES) {
    const name = debugNameOf(x.data);
    const text = new TextDecoder().decode(name);
    let edited = rng.chance(0.7) ? new TextEncoder().encode(editTextField(text, rng, DEBUG_NAME_BYTES + 4)) : editBytes(name, rng);
    if (edited.length > DEBUG_NAME_BYTES) edited = edited.subarray(0, DEBUG_NAME_BYTES);
    x.data.fill(0, DEBUG_NAME_OFFSET, DEBUG_NAME_OFFSET + DEBUG_NAME_BYTES);
    x.data.set(edited, DEBUG_NAME_OFFSET);
    return;
  }
  if (x.tag === TAG.ID && x.data.length >= 36) {
    const at = rng.chance(0.5) ? 4 : 20;
    x.data.set(editFixedBytes(x.data.subarray(at, at + 16), rng), at);
    return;
  }
  if (x.tag === TAG.SG && x.data.length >= 24) {
    x.data.set(editFixedBytes(x.data.subarray(0, 20), rng), 0);
    return;
  }
  x.data = editBytes(x.data, rng).subarray(0, 0xffff).slice();
}

function mutateOnce(s: ImageStructure, rng: Rng, donor: () => ImageStructure | undefined, thumbprints: readonly Uint8Array[]): void {
  const secs = s.sections;
  if (rng.chance(0.15)) {
    editSectionField(s, rng);
    return;
  }
  const roll = rng.int(100);
  const some = () => secs[rng.int(secs.length)];
  if (roll < 30) {
    const x = some();
    if (x) mutateField(x, rng, thumbprints);
  } else if (roll < 36) {
    if (secs.length) secs.splice(rng.int(secs.length), 1);
  } else if (roll < 42) {
    const x = some();
    if (x) secs.splice(rng.int(secs.length + 1), 0, { ...x, data: x.data.slice() });
  } else if (roll < 47) {
    if (secs.length > 1) {
      const [x] = secs.splice(rng.int(secs.length), 1);
      secs.splice(rng.int(secs.length + 1), 0, x!);
    }
  } else if (roll < 57) {
    secs.splice(rng.int(secs.length + 1), 0, templateSection(rng, thumbprints));
  } else if (roll < 61) {
    const x = some();
    if (x) x.tag = rng.chance(0.7) ? rng.pick(KNOWN_TAGS) : rng.int(0x10000);
  } else if (roll < 66) {
    const x = some();
    if (x) x.data = resize(x.data, rng);
  } else if (roll < 69) {
    const x = some();
    if (x) x.size = rng.chance(0.5) ? (x.data.length + rng.range(-2, 2)) & 0xffff : rng.pick(INTERESTING_U16);
  } else if (roll < 75) {
    switch (rng.int(4)) {
      case 0:
        s.count = rng.chance(0.5) ? (secs.length + rng.range(-2, 2)) >>> 0 : rng.pick(INTERESTING_U32);
        break;
      case 1:
        s.length = rng.chance(0.5) ? (packUnsigned({ ...s, length: undefined }).length - s.body.length + rng.range(-8, 8)) >>> 0 : rng.pick(INTERESTING_U32);
        break;
      case 2:
        s.magic = rng.chance(0.5) ? (MAGIC ^ (1 << rng.int(32))) >>> 0 : rng.u32();
        break;
      default:
        s.trailer = s.trailer ? undefined : rng.bytes(rng.range(1, 7));
    }
  } else if (roll < 83) {
    switch (rng.int(5)) {
      case 0:
        s.body = new Uint8Array(0);
        break;
      case 1:
        s.body = rng.bytes(rng.range(1, 512));
        break;
      case 2: {
        // A body that looks like metadata: a backward or forward scanner could be fooled by it.
        const fake = packUnsigned({ body: new Uint8Array(0), sections: secs.slice(0, 3), signing: 'lab' });
        const out = new Uint8Array(s.body.length + fake.length);
        out.set(s.body);
        out.set(fake, s.body.length);
        s.body = out;
        break;
      }
      default:
        flipBytes(s.body, rng);
    }
  } else if (roll < 90) {
    const choice = rng.int(10);
    if (choice < 5) s.signing = 'lab';
    else if (choice < 7) s.signing = 'rogue';
    else if (choice < 8) s.signing = 'high-s';
    else {
      s.signing = 'raw';
      s.signature = choice === 8 ? new Uint8Array(SIGNATURE_BYTES) : rng.bytes(SIGNATURE_BYTES);
    }
  } else if (roll < 95) {
    const d = donor();
    if (d && d.sections.length) {
      const x = d.sections[rng.int(d.sections.length)]!;
      secs.splice(rng.int(secs.length + 1), 0, { ...x, data: x.data.slice() });
    }
  } else {
    // Back to a well-formed frame: drop the lies, so later mutations work on a valid package again.
    delete s.count;
    delete s.length;
    delete s.magic;
    delete s.trailer;
    for (const x of secs) delete x.size;
    if (s.signing === 'raw') s.signing = 'lab';
  }
}

export function* shrinkImage(s: ImageStructure): Iterable<ImageStructure> {
  for (let i = 0; i < s.sections.length; i++) {
    const c = cloneImage(s);
    c.sections.splice(i, 1);
    if (c.count !== undefined && c.count > 0) c.count -= 1;
    yield c;
  }
  if (s.body.length > 0) {
    yield { ...cloneImage(s), body: new Uint8Array(0) };
    yield { ...cloneImage(s), body: s.body.slice(0, s.body.length >> 1) };
  }
  if (s.trailer) yield { ...cloneImage(s), trailer: undefined };
  for (let i = 0; i < s.sections.length; i++) {
    if (s.sections[i]!.size === undefined) continue;
    const c = cloneImage(s);
    delete c.sections[i]!.size;
    yield c;
  }
  if (s.signing !== 'lab' && s.signing !== 'raw') yield { ...cloneImage(s), signing: 'lab' };
}
