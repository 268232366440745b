/**
 * CBOR heads of every size, rewritten in encoded bytes. A CBOR encoder writes each integer, length and tag in
 * its shortest head (RFC 8949 §4.2.1), so mutating the value tree alone never yields a two-, three-, five- or
 * nine-byte head for a small value, an indefinite-length string, array or map, or a tag: the shapes a strict
 * decoder must reject (non-minimal, indefinite) or read at a size boundary (23/24, 255/256, 65535/65536,
 * 2^32-1/2^32). These rewrite one item of a well-formed encoding, found by walking its heads.
 */

export interface CborItem {
  /** Offset of the item's head. */
  offset: number;
  major: number;
  /** Bytes of the head: 1, 2, 3, 5 or 9 (1 for an indefinite-length start). */
  headBytes: number;
  /** The head's argument: the integer, the length, the tag number or the simple value. */
  argument: bigint;
  indefinite: boolean;
  /** Offset just past the whole item (its content and children). */
  end: number;
}

const ARG_BYTES = [1, 2, 4, 8] as const;

/** Every item of a CBOR encoding, in pre-order; stops quietly at the first byte it cannot read. */
export function cborItems(bytes: Uint8Array): CborItem[] {
  const items: CborItem[] = [];
  const read = (at: number, depth: number): number => {
    if (at >= bytes.length || depth > 64) throw new RangeError('truncated');
    const first = bytes[at]!;
    const major = first >> 5;
    const info = first & 0x1f;
    let headBytes = 1;
    let argument = BigInt(info);
    let indefinite = false;
    if (info >= 24 && info <= 27) {
      const n = ARG_BYTES[info - 24]!;
      if (at + 1 + n > bytes.length) throw new RangeError('truncated');
      argument = 0n;
      for (let i = 0; i < n; i++) argument = (argument << 8n) | BigInt(bytes[at + 1 + i]!);
      headBytes = 1 + n;
    } else if (info === 31) {
      if (major === 7) throw new RangeError('break outside an indefinite item');
      indefinite = true;
    } else if (info > 27) throw new RangeError('reserved additional information');
    const item: CborItem = { offset: at, major, headBytes, argument, indefinite, end: at + headBytes };
    items.push(item);
    let pos = at + headBytes;
    if (indefinite) {
      while (bytes[pos] !== 0xff) pos = read(pos, depth + 1);
      pos++;
    } else if (major === 2 || major === 3) pos += Number(argument);
    else if (major === 4) for (let i = 0n; i < argument; i++) pos = read(pos, depth + 1);
    else if (major === 5) for (let i = 0n; i < argument * 2n; i++) pos = read(pos, depth + 1);
    else if (major === 6) pos = read(pos, depth + 1);
    if (pos > bytes.length) throw new RangeError('truncated');
    item.end = pos;
    return pos;
  };
  try {
    let at = 0;
    while (at < bytes.length) at = read(at, 0);
  } catch {
    // What was read so far is still a list of real heads.
  }
  return items;
}

/** A head of `major` with `argument` in exactly `argBytes` bytes after the first (0: in the first byte, argument < 24). */
export function cborHead(major: number, argument: bigint, argBytes: 0 | 1 | 2 | 4 | 8): Uint8Array | undefined {
  if (argBytes === 0) return argument < 24n ? Uint8Array.of((major << 5) | Number(argument)) : undefined;
  if (argument >= 1n << BigInt(8 * argBytes)) return undefined;
  const out = new Uint8Array(1 + argBytes);
  out[0] = (major << 5) | (24 + ARG_BYTES.indexOf(argBytes));
  for (let i = 0; i < argBytes; i++) out[argBytes - i] = Number((argument >> BigInt(8 * i)) & 0xffn);
  return out;
}

const splice = (bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
};

/** The item's head written with its argument in `argBytes` bytes (a non-minimal head when larger than needed); undefined when it does not fit or the item has no argument to widen. */
export function resizeHead(bytes: Uint8Array, item: CborItem, argBytes: 0 | 1 | 2 | 4 | 8): Uint8Array | undefined {
  if (item.indefinite || (item.major === 7 && item.headBytes > 1 && item.argument > 0xffn)) return undefined;
  if (item.major === 7 && item.headBytes > 2) return undefined; // floats: their bits are not an argument
  const head = cborHead(item.major, item.argument, argBytes);
  return head && splice(bytes, item.offset, item.headBytes, head);
}

/** A definite string, array or map turned into an indefinite one (strings in two chunks), with its break byte. */
export function makeIndefinite(bytes: Uint8Array, item: CborItem): Uint8Array | undefined {
  if (item.indefinite || item.major < 2 || item.major > 5) return undefined;
  const start = (item.major << 5) | 31;
  if (item.major === 4 || item.major === 5) {
    const withBreak = splice(bytes, item.end, 0, Uint8Array.of(0xff));
    return splice(withBreak, item.offset, item.headBytes, Uint8Array.of(start));
  }
  const content = bytes.subarray(item.offset + item.headBytes, item.end);
  const cut = content.length >> 1;
  const chunk = (part: Uint8Array) => [...cborHead(item.major, BigInt(part.length), part.length < 24 ? 0 : part.length < 256 ? 1 : part.length < 65536 ? 2 : 4)!, ...part];
  const replacement = Uint8Array.from([start, ...chunk(content.subarray(0, cut)), ...chunk(content.subarray(cut)), 0xff]);
  return splice(bytes, item.offset, item.end - item.offset, replacement);
}

/** A tag head (of any size) put in front of the item. */
export function tagItem(bytes: Uint8Array, item: CborItem, tag: bigint, argBytes: 0 | 1 | 2 | 4 | 8): Uint8Array | undefined {
  const head = cborHead(6, tag, argBytes);
  return head && splice(bytes, item.offset, 0, head);
}

export type HeadEdit = { item: number; form: 'size'; argBytes: 0 | 1 | 2 | 4 | 8 } | { item: number; form: 'indefinite' } | { item: number; form: 'tag'; tag: number; argBytes: 0 | 1 | 2 | 4 | 8 };

/** Applies the edits in order, each to the item at its index in the bytes as the edits before it left them; an edit that does not apply is skipped. */
export function applyHeadEdits(bytes: Uint8Array, edits: readonly HeadEdit[]): Uint8Array {
  let out = bytes;
  for (const e of edits) {
    const items = cborItems(out);
    const item = items[e.item % Math.max(1, items.length)];
    if (!item) continue;
    const next = e.form === 'size' ? resizeHead(out, item, e.argBytes) : e.form === 'indefinite' ? makeIndefinite(out, item) : tagItem(out, item, BigInt(e.tag), e.argBytes);
    if (next) out = next;
  }
  return out;
}

/** Integers at every head-size boundary, both signs: what a key, a length or a version looks like at 1, 2, 3, 5 and 9 bytes. */
export const HEAD_BOUNDARY_INTEGERS: readonly number[] = [0, 1, 23, 24, 25, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1, -24, -25, -256, -257, -65536, -65537, -(2 ** 32), -(2 ** 32) - 1];
