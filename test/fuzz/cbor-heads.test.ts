/**
 * CBOR heads of every size: the attestation target's mutator writes integers, lengths and tags in 1-, 2-, 3-,
 * 5- and 9-byte heads, indefinite lengths and tags, which a value-tree mutator behind a canonical encoder never
 * does; the strict message decoder must reject each non-minimal shape.
 */
import { describe, expect, it } from 'vitest';
import { encode } from 'cborg';
import { applyHeadEdits, cborItems, makeIndefinite, resizeHead } from '../../fuzz/core/cbor-heads.js';
import { Rng } from '../../fuzz/core/rng.js';
import { findTarget } from '../../fuzz/targets/registry.js';
import { decodeMessage, encodeMessage } from '../../formats/attestation/messages.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('CBOR head rewriting', () => {
  it('walks every head of an encoding in pre-order', () => {
    const bytes = encode(new Map<unknown, unknown>([[24, 'ab'], ['k', [1, 300]]]));
    expect(cborItems(bytes).map((i) => [i.major, Number(i.argument), i.headBytes])).toEqual([
      [5, 2, 1],
      [0, 24, 2], // the key 24: a two-byte head, 0x18 0x18
      [3, 2, 1],
      [3, 1, 1],
      [4, 2, 1],
      [0, 1, 1],
      [0, 300, 3],
    ]);
  });

  it('writes a key in every head size, non-minimal ones included', () => {
    const bytes = encode(new Map([[1, 0]]));
    const key = cborItems(bytes)[1]!;
    expect(hex(resizeHead(bytes, key, 1)!)).toBe('a118010' + '0');
    expect(hex(resizeHead(bytes, key, 2)!)).toBe('a11900010' + '0');
    expect(hex(resizeHead(bytes, key, 8)!)).toBe('a11b00000000000000010' + '0');
    const k24 = encode(new Map([[24, 0]]));
    expect(resizeHead(k24, cborItems(k24)[1]!, 0)).toBeUndefined(); // 24 has no one-byte head
  });

  it('turns a definite string, array or map into an indefinite one', () => {
    const bytes = encode(['abcd', [1]]);
    const items = cborItems(bytes);
    expect(hex(makeIndefinite(bytes, items[1]!)!)).toBe('827f626162626364ff8101');
    expect(hex(makeIndefinite(bytes, items[0]!)!)).toBe('9f6461626364810' + '1ff');
  });

  it('the strict decoder rejects a canonical message after any head edit that changes its bytes', () => {
    const message = encodeMessage({ type: 'hello', deviceId: new Uint8Array(64).fill(7) });
    const rng = new Rng(11);
    let changed = 0;
    for (let i = 0; i < 200; i++) {
      const edited = applyHeadEdits(message, [{ item: rng.int(8), form: rng.pick(['size', 'indefinite'] as const), argBytes: rng.pick([1, 2, 4, 8] as const) } as never]);
      if (hex(edited) === hex(message)) continue;
      changed++;
      expect(decodeMessage(edited).ok, hex(edited)).toBe(false);
    }
    expect(changed).toBeGreaterThan(50);
  });
});

describe('attestation-messages structure mutator', () => {
  it('produces a map key of 24 with a two-byte head, non-minimal heads, indefinite lengths and tags', () => {
    const target = findTarget('attestation-messages')!;
    const seed = target.structure.decode(target.seeds()[0]!.bytes)!;
    const rng = new Rng(2);
    const shapes = new Set<string>();
    for (let i = 0; i < 4000 && shapes.size < 4; i++) {
      const bytes = target.structure.encode(target.structure.mutate(target.structure.clone(seed), rng, () => undefined));
      const items = cborItems(bytes);
      const root = items[0];
      if (root?.major === 5 && !root.indefinite) {
        // Keys of the top-level map: the items that start right after the head or after a value.
        let at = root.offset + root.headBytes;
        for (let k = 0n; k < root.argument; k++) {
          const key = items.find((x) => x.offset === at);
          if (!key) break;
          if (key.major === 0 && key.argument === 24n && key.headBytes === 2) shapes.add('key 24, two-byte head');
          const value = items.find((x) => x.offset === key.end);
          if (!value) break;
          at = value.end;
        }
      }
      if (items.some((x) => x.major <= 5 && !x.indefinite && x.headBytes > 1 && x.argument < 24n)) shapes.add('non-minimal head');
      if (items.some((x) => x.indefinite)) shapes.add('indefinite length');
      if (items.some((x) => x.major === 6)) shapes.add('tag');
    }
    expect([...shapes].sort()).toEqual(['indefinite length', 'key 24, two-byte head', 'non-minimal head', 'tag']);
  });
});
