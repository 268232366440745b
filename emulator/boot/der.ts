/**
 * Just enough DER to take a key certificate apart on the device: tag, length, content, children.
 * Boot code cannot afford a general ASN.1 library, and it must not trust lengths it reads: every
 * length is checked against the bytes that remain, and a malformed input throws DerError.
 */

export class DerError extends Error {}

export interface DerNode {
  tag: number;
  /** Where the tag byte is. */
  start: number;
  contentStart: number;
  /** One past the last content byte. */
  end: number;
}

export const DER_TAG = { integer: 0x02, bitString: 0x03, oid: 0x06, sequence: 0x30, set: 0x31, context0: 0xa0 } as const;

export function readDer(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError(`DER header at ${offset} runs past the end`);
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tag at ${offset}`);
  let length = bytes[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 3 || contentStart + count > limit) throw new DerError(`bad DER length at ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | bytes[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError(`DER value at ${offset} (${length} bytes) runs past the end`);
  return { tag, start: offset, contentStart, end };
}

/** The nodes directly inside a constructed node. */
export function derChildren(bytes: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.end; ) {
    const child = readDer(bytes, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what} is missing`);
  if (node.tag !== tag) throw new DerError(`${what} has tag 0x${node.tag.toString(16)}, expected 0x${tag.toString(16)}`);
  return node;
}

export const derContent = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.contentStart, node.end);
export const derWhole = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.start, node.end);
