/**
 * The JSON tree's printer (fuzz/core/json-tree.ts, printJsonTree): every input the structure-aware mode makes
 * of a JSON target is its text, so remembering quoted strings must not change a byte. Checked against a plain
 * printer (plain-json-print.ts, a second reading of the layout: JSON.stringify for every string, pieces joined) on
 * random trees in every layout, with every string a mutation can plant — non-ASCII, escapes, lone surrogates,
 * long strings the cache does not keep — and on mutated trees, many more strings than the cache holds.
 */
import { describe, expect, it } from 'vitest';
import { mutateJson } from '../../fuzz/core/json-mutate.js';
import { jarr, jnum, jobj, jstr, printJsonTree, printSharedJsonTree, rememberPrintedTexts, type JNode } from '../../fuzz/core/json-tree.js';
import { Rng } from '../../fuzz/core/rng.js';
import { plainPrint, randomTree, STYLES } from './plain-json-print.js';

describe('printJsonTree', () => {
  it('prints what the plain printer prints, on random trees in every layout', () => {
    const rng = new Rng(15);
    const wrong: string[] = [];
    for (let i = 0; i < 600; i++) {
      const tree = randomTree(rng, 0);
      for (const style of STYLES) {
        const text = printJsonTree(tree, style);
        if (text !== plainPrint(tree, style)) wrong.push(text);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('prints what the plain printer prints on trees the JSON mutator made', () => {
    const rng = new Rng(7);
    let tree: JNode = jobj([['Big', jarr(Array.from({ length: 400 }, (_, i) => jobj([['id', jstr(`item-${i}-\u00e9`)], ['n', jnum(i)]])))]]);
    const dict = { keys: ['a', 'Gpio', '\u00e9'], strings: ['x', '\ud83d\ude00'], numbers: ['1', '1e999'] };
    const wrong: string[] = [];
    const distinct = new Set<string>();
    for (let i = 0; i < 300; i++) {
      tree = mutateJson(tree, rng, dict);
      const style = rng.pick(STYLES);
      const text = printJsonTree(tree, style);
      if (text !== plainPrint(tree, style)) wrong.push(text);
      distinct.add(text);
    }
    expect(wrong).toEqual([]);
    expect(distinct.size).toBeGreaterThan(100);
  });

  it('prints the same text again once it has quoted more strings than it remembers', () => {
    const tree = jarr(Array.from({ length: 10_000 }, (_, i) => jobj([[`k${i % 7}`, jstr(`value ${i} \u00e9 "q"`)]])));
    const plain = plainPrint(tree, { indent: 2, eol: '\n', bom: false });
    expect(printJsonTree(tree)).toBe(plain);
    expect(printJsonTree(tree)).toBe(plain);
  });

  it('printSharedJsonTree, which reuses the remembered text of a container, prints what the plain printer prints on a line of mutants, each printed in a layout of its own', () => {
    // Mutants share their parent's untouched subtrees (copy-on-write): each is printed after its parent, at random
    // one of the layouts, and the parents and donors are printed again in between, so that remembered texts of
    // another layout and depth meet the printer.
    const rng = new Rng(11);
    const start: JNode = jobj([['Big', jarr(Array.from({ length: 60 }, (_, i) => jobj([['id', jstr(`item-${i}`)], ['n', jarr([jnum(i), jobj([['deep', jstr('\u00e9')]])])]])))]]);
    const dict = { keys: ['a', 'Big', 'n'], strings: ['x', '\ud83d\ude00'], numbers: ['1', '1e999'] };
    const line: JNode[] = [start];
    const wrong: string[] = [];
    for (let i = 0; i < 400; i++) {
      const parent = rng.pick(line);
      const tree = mutateJson(parent, rng, dict, () => rng.pick(line));
      line.push(tree);
      // As the engine does for a tree that joins the corpus: its containers' texts remembered, in one of the layouts.
      if (rng.chance(0.5)) rememberPrintedTexts(tree, rng.pick(STYLES));
      for (const t of [tree, parent]) {
        const style = rng.pick(STYLES);
        if (printSharedJsonTree(t, style) !== plainPrint(t, style)) wrong.push(printSharedJsonTree(t, style));
      }
    }
    expect(wrong).toEqual([]);
  });

  it('printSharedJsonTree remembers no text of its own; rememberPrintedTexts does (for the trees that join the corpus)', () => {
    // Written in place after printing, against the rule for shared trees: a remembered text would show the old value.
    const inner = jobj([['a', jnum(1)]]) as JNode & { k: 'obj' };
    const tree = jobj([['inner', inner]]);
    const style = { indent: 2, eol: '\n', bom: false } as const;
    printSharedJsonTree(tree, style);
    inner.m[0] = ['a', jnum(2)];
    expect(printSharedJsonTree(tree, style)).toBe(plainPrint(tree, style));
    rememberPrintedTexts(tree, style);
    inner.m[0] = ['a', jnum(3)];
    expect(printSharedJsonTree(tree, style)).toContain('"a": 2');
  });
});
