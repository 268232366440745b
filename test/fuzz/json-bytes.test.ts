/**
 * The JSON targets' encoder (fuzz/core/json-bytes.ts, encodeJsonTree): a tree's text as UTF-8, with the bytes of
 * each container remembered and copied into the next input that shares the container. It must write exactly the
 * UTF-8 of printJsonTree's layout (held against plain-json-print.ts, which remembers nothing) for every tree, in
 * every layout, however the trees share their nodes: a mutant and its parent, a subtree at two depths, a tree
 * encoded in one layout and then another, an input encoded again from memory.
 */
import { describe, expect, it } from 'vitest';
import { encodeJsonTree } from '../../fuzz/core/json-bytes.js';
import { mutateJson, type JsonDictionary } from '../../fuzz/core/json-mutate.js';
import { jarr, jnum, jobj, jstr, type JNode, type PrintStyle } from '../../fuzz/core/json-tree.js';
import { Rng } from '../../fuzz/core/rng.js';
import { plainPrint, randomTree, STYLES } from './plain-json-print.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

const DICT: JsonDictionary = { keys: ['a', 'Gpio', '\u00e9'], strings: ['x', '\ud83d\ude00', 'a long string of the dictionary, longer than a remembered container'], numbers: ['1', '1e999', '-0'] };

describe('encodeJsonTree', () => {
  it("writes the plain printer's text as UTF-8, on random trees in every layout, the first time and again from memory", () => {
    const rng = new Rng(15);
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const tree = randomTree(rng, 0);
      for (const style of STYLES) {
        const want = utf8(plainPrint(tree, style));
        if (!same(encodeJsonTree(tree, style), want)) wrong.push(`first: ${plainPrint(tree, style)}`);
        if (!same(encodeJsonTree(tree, style), want)) wrong.push(`again: ${plainPrint(tree, style)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('writes every mutant of mutants right, in its own layout or another, and its parents again as they were', () => {
    const rng = new Rng(41);
    const start = jobj([
      ['Name', jstr('root \u00e9')],
      ['List', jarr(Array.from({ length: 30 }, (_, i) => jobj([['id', jstr(`item-${i}`)], ['n', jnum(i)], ['sub', jarr([jnum(i), jstr(`s${i} \ud83d\ude00`)])]])))],
      ['Deep', jobj([['a', jobj([['b', jobj([['c', jstr('leaf')]])]])]])],
    ]);
    const pool: { tree: JNode; style: PrintStyle; bytes: Uint8Array }[] = [{ tree: start, style: STYLES[2]!, bytes: encodeJsonTree(start, STYLES[2]!) }];
    const wrong: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const parent = rng.pick(pool);
      let tree = parent.tree;
      for (let n = rng.geometric(6); n > 0; n--) tree = mutateJson(tree, rng, DICT, () => rng.pick(pool).tree);
      const style = rng.chance(0.1) ? rng.pick(STYLES) : parent.style;
      const bytes = encodeJsonTree(tree, style);
      if (!same(bytes, utf8(plainPrint(tree, style)))) wrong.push(`step ${i}: ${plainPrint(tree, style).slice(0, 80)}`);
      if (pool.length < 150 && rng.chance(0.2)) pool.push({ tree, style, bytes });
      if (i % 100 === 0) for (const p of pool) if (!same(encodeJsonTree(p.tree, p.style), p.bytes)) wrong.push(`step ${i}, again: ${plainPrint(p.tree, p.style).slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
    expect(new Set(pool.map((p) => Buffer.from(p.bytes).toString('hex'))).size).toBeGreaterThan(100);
  });

  it('writes a subtree shared at two depths with the indentation of each', () => {
    const shared = jobj([['x', jarr([jnum(1), jnum(2), jstr('three, long enough to be remembered')])]]);
    const pretty: PrintStyle = { indent: 2, eol: '\n', bom: false };
    // Encoded alone first: remembered at level 0, then met at levels 1 and 3.
    expect(encodeJsonTree(shared, pretty)).toEqual(utf8(plainPrint(shared, pretty)));
    const dag = jobj([['one', shared], ['deeper', jarr([jobj([['two', shared]])])]]);
    expect(Buffer.from(encodeJsonTree(dag, pretty)).toString()).toBe(plainPrint(dag, pretty));
    expect(Buffer.from(encodeJsonTree(dag, { ...pretty, indent: 0 })).toString()).toBe(plainPrint(dag, { ...pretty, indent: 0 }));
  });

  it("copies a container's bytes from the input that first wrote it, rather than printing it again", () => {
    // Nothing writes a tree in place once it is encoded (copy-on-write); one that did would show that it is not printed again.
    const inner = jobj([['k', jstr('a value long enough to be remembered')]]);
    const tree = jarr([inner, jnum(1)]);
    const before = Buffer.from(encodeJsonTree(tree, STYLES[0]!)).toString();
    (inner as JNode & { k: 'obj' }).m[0] = ['k', jstr('changed in place')];
    const mutant = jarr([inner, jnum(2)]);
    expect(Buffer.from(encodeJsonTree(mutant, STYLES[0]!)).toString()).toBe(before.replace('1]', '2]'));
  });
});
