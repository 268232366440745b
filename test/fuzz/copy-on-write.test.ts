/**
 * Copy-on-write mutants (fuzz/core/json-tree.ts copyPath, json-mutate.ts, input-to-state.ts writeAt, the JSON
 * codecs' clone): a mutant shares its parent's subtrees instead of copying the whole tree, so nothing may
 * write into a node a mutant shares. Checked here:
 *  - a mutant never changes its parent or its donors, over stacked edits of mutants of mutants;
 *  - input-to-state's writes never reach the structure the holder was copied from, for the JSON trees and for
 *    structures of arrays, Maps and objects;
 *  - a tree whose subtree sits at two places mutates as its deep copy does (the edits go by place, not by node);
 *  - through the targets' codecs (mutate of a clone, and input-to-state on a clone), every JSON target's corpus
 *    entries keep their text.
 */
import { describe, expect, it } from 'vitest';
import { replaceCompared } from '../../fuzz/core/input-to-state.js';
import { mutateJson, type JsonDictionary } from '../../fuzz/core/json-mutate.js';
import { cloneTree, jarr, jnum, jobj, jstr, printJsonTree, COMPACT, type JNode } from '../../fuzz/core/json-tree.js';
import { Rng } from '../../fuzz/core/rng.js';
import { findTarget } from '../../fuzz/targets/registry.js';

const DICT: JsonDictionary = { keys: ['a', 'Gpio', 'Name'], strings: ['x', 'MT3620_GPIO0'], numbers: ['1', '1e999', '-0'] };

function startTree(): JNode {
  return jobj([
    ['Name', jstr('root')],
    ['List', jarr(Array.from({ length: 12 }, (_, i) => jobj([['id', jstr(`item-${i}`)], ['n', jnum(i)], ['sub', jarr([jnum(i), jstr(`s${i}`)])]])))],
    ['Deep', jobj([['a', jobj([['b', jobj([['c', jstr('leaf')]])]])]])],
  ]);
}

const text = (n: JNode): string => printJsonTree(n, COMPACT);

/** Every string and number leaf of a tree. */
function leaves(n: JNode, out: JNode[] = []): JNode[] {
  if (n.k === 'obj') n.m.forEach(([, v]) => leaves(v, out));
  else if (n.k === 'arr') n.a.forEach((v) => leaves(v, out));
  else if (n.k === 'str' || n.k === 'num') out.push(n);
  return out;
}

describe('copy-on-write JSON mutants', () => {
  it('a mutant never changes its parent or its donors, over mutants of mutants', () => {
    const rng = new Rng(29);
    const pool: { tree: JNode; text: string }[] = [{ tree: startTree(), text: text(startTree()) }];
    const changed: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const parent = rng.pick(pool);
      let tree = parent.tree;
      for (let n = rng.geometric(6); n > 0; n--) tree = mutateJson(tree, rng, DICT, () => rng.pick(pool).tree);
      if (pool.length < 200 && rng.chance(0.2)) pool.push({ tree, text: text(tree) });
      if (i % 50 === 0) for (const p of pool) if (text(p.tree) !== p.text) changed.push(`step ${i}: ${p.text.slice(0, 60)}`);
    }
    for (const p of pool) if (text(p.tree) !== p.text) changed.push(`end: ${p.text.slice(0, 60)}`);
    expect(changed).toEqual([]);
    expect(new Set(pool.map((p) => p.text)).size).toBeGreaterThan(100);
  });

  it('a tree with a subtree at two places mutates as its deep copy does', () => {
    const shared = jobj([['x', jarr([jnum(1), jnum(2), jnum(3)])], ['y', jstr('shared')]]);
    const dag = jobj([['one', shared], ['list', jarr([jnum(0), shared, jnum(9), shared])], ['two', shared]]);
    const wrong: string[] = [];
    for (let seed = 1; seed <= 400; seed++) {
      const a = new Rng(seed);
      const b = new Rng(seed);
      let viaShared: JNode = dag;
      let viaCopy: JNode = cloneTree(dag);
      for (let n = 0; n < 4; n++) {
        viaShared = mutateJson(viaShared, a, DICT);
        viaCopy = mutateJson(viaCopy, b, DICT);
      }
      if (text(viaShared) !== text(viaCopy)) wrong.push(`seed ${seed}: ${text(viaShared)} / ${text(viaCopy)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('copy-on-write input-to-state', () => {
  it('writes a compared value into the copy and never into the tree it shares', () => {
    const rng = new Rng(11);
    const parent = { tree: startTree(), style: COMPACT };
    const before = text(parent.tree);
    let written = 0;
    for (const leaf of leaves(parent.tree)) {
      const from = leaf.k === 'str' ? leaf.v : leaf.k === 'num' ? Number(leaf.raw) : 0;
      const holder = { value: { tree: parent.tree, style: parent.style } as unknown };
      if (replaceCompared(holder, { a: from, b: typeof from === 'number' ? 4242 : 'WRITTEN' }, rng)) {
        written++;
        const mutant = (holder.value as { tree: JNode }).tree;
        expect(text(mutant)).not.toBe(before);
        expect(text(mutant)).toMatch(/WRITTEN|4242/);
      }
      expect(text(parent.tree)).toBe(before);
    }
    expect(written).toBeGreaterThan(30);
  });

  it('copies arrays, Maps and objects on the way to a write, keys of Maps too', () => {
    const inner = { name: 'device', size: 7, bytes: Uint8Array.of(1, 2, 3, 4) };
    const map = new Map<unknown, unknown>([
      ['first', [inner, 'device']],
      ['device', 99],
    ]);
    const structure = { value: map, list: [inner, [inner]] };
    const snapshot = () => JSON.stringify(structure, (_k, v) => (v instanceof Map ? [...v] : v instanceof Uint8Array ? [...v] : v));
    const before = snapshot();
    const rng = new Rng(5);
    const comparisons = [
      { a: 'device', b: 'other' },
      { a: 7, b: 8 },
      { a: 99, b: 100 },
      { a: 0x0201, b: 0xffff },
    ];
    let written = 0;
    for (let i = 0; i < 200; i++) {
      const holder = { value: structure as unknown };
      if (replaceCompared(holder, rng.pick(comparisons), rng)) written++;
      expect(snapshot()).toBe(before);
    }
    expect(written).toBe(200);
  });
});

describe('the JSON targets keep their corpus entries', () => {
  for (const id of ['app-manifest', 'hardware-definition', 'requirement-profile', 'product-file']) {
    it(`${id}: mutating a clone, and writing a compared value into one, leave the parent's text as it was`, () => {
      const target = findTarget(id)!;
      const codec = target.structure;
      const pool = target
        .seeds()
        .map((s) => codec.decode(s.bytes))
        .filter((s) => s !== undefined);
      expect(pool.length).toBeGreaterThan(0);
      const texts = new Map(pool.map((s) => [s, Buffer.from(codec.encode(s)).toString('latin1')]));
      const rng = new Rng(17);
      const changed: string[] = [];
      for (let i = 0; i < 200; i++) {
        const parent = rng.pick(pool);
        const mutant = codec.mutate(codec.clone(parent), rng, () => rng.pick(pool));
        codec.encode(mutant);
        const leaf = leaves((mutant as { tree?: JNode; root?: JNode }).tree ?? (mutant as { root: JNode }).root);
        if (leaf.length) {
          const l = rng.pick(leaf);
          replaceCompared({ value: codec.clone(parent) }, { a: l.k === 'str' ? l.v : Number((l as { raw: string }).raw), b: 'WRITTEN' }, rng);
        }
        if (pool.length < 20 && rng.chance(0.3)) {
          pool.push(mutant);
          texts.set(mutant, Buffer.from(codec.encode(mutant)).toString('latin1'));
        }
        if (i % 10 === 9) for (const [s, t] of texts) if (Buffer.from(codec.encode(s)).toString('latin1') !== t) changed.push(`step ${i}`);
      }
      expect(changed).toEqual([]);
    });
  }
});

/** Numbers and strings anywhere in a structure (arrays, Maps, objects), for comparisons that name them. */
function scalars(v: unknown, out: (string | number)[] = [], depth = 0): (string | number)[] {
  if (depth > 20) return out;
  if (typeof v === 'number' || typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => scalars(x, out, depth + 1));
  else if (v instanceof Map) for (const [k, x] of v) scalars(k, out, depth + 1), scalars(x, out, depth + 1);
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) Object.values(v).forEach((x) => scalars(x, out, depth + 1));
  return out;
}

describe('the binary targets keep their corpus entries', () => {
  // An entry's bytes show any write into it: update metadata's signatures are remembered per key and signed bytes, and
  // an image package's signature (its last 64 bytes, random k) is left out.
  for (const id of ['update-metadata', 'image-package', 'attestation-messages']) {
    it(`${id}: mutating a clone, and writing a compared value into one, leave the parent's bytes as they were`, () => {
      const target = findTarget(id)!;
      const codec = target.structure;
      const pool = target
        .seeds()
        .map((s) => codec.decode(s.bytes))
        .filter((s) => s !== undefined);
      expect(pool.length).toBeGreaterThan(0);
      const encoded = (s: unknown) => {
        const b = codec.encode(s);
        return Buffer.from(id === 'image-package' ? b.subarray(0, b.length - 64) : b).toString('latin1');
      };
      const bytes = new Map(pool.map((s) => [s, encoded(s)]));
      const rng = new Rng(23);
      const changed: string[] = [];
      for (let i = 0; i < 300; i++) {
        const parent = rng.pick(pool);
        const mutant = codec.mutate(codec.clone(parent), rng, () => rng.pick(pool));
        const values = scalars(parent);
        if (values.length) {
          const v = rng.pick(values);
          replaceCompared({ value: codec.clone(parent) }, { a: v, b: typeof v === 'number' ? v + 1 : v + 'W' }, rng);
          replaceCompared({ value: codec.clone(parent) }, { a: 0x0100, b: 0xfeff }, rng);
        }
        if (pool.length < 30 && rng.chance(0.3)) {
          pool.push(mutant);
          bytes.set(mutant, encoded(mutant));
        }
        if (i % 10 === 9) for (const [s, b] of bytes) if (encoded(s) !== b) changed.push(`step ${i}`);
      }
      expect(changed).toEqual([]);
    });
  }
});
