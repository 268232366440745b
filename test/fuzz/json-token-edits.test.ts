/**
 * Token edits of encoded JSON inputs (fuzz/core/json-token-edits.ts): the tokens found, the text kept JSON with the
 * same containers (a key stays a key, a value a value), and the structure-aware loop decoding an edited input that
 * joins the corpus, so that it is mutated structurally in its turn.
 */
import { describe, expect, it } from 'vitest';
import { editJsonToken, scalarTokens, TOKEN_KEY, TOKEN_LITERAL, TOKEN_NUMBER, TOKEN_STRING } from '../../fuzz/core/json-token-edits.js';
import { parseJsonTree, type JNode } from '../../fuzz/core/json-tree.js';
import { Rng } from '../../fuzz/core/rng.js';
import { utf8, type FuzzTarget } from '../../fuzz/core/target.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import { findTarget } from '../../fuzz/targets/registry.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
/** The containers of a tree and their sizes, scalars as one mark: what a token edit must not change. */
const skeleton = (n: JNode): unknown => (n.k === 'obj' ? { o: n.m.map(([, v]) => skeleton(v)) } : n.k === 'arr' ? { a: n.a.map(skeleton) } : 0);

describe('JSON token edits', () => {
  it('finds keys, strings, numbers and literals by their byte offsets', () => {
    const bytes = utf8('{"a": [1, -2.5e3, "x\\"y", true], "b" :null}');
    const t = Array.from(scalarTokens(bytes));
    const found: [string, number][] = [];
    for (let i = 0; i < t.length; i += 3) found.push([text(bytes.subarray(t[i]!, t[i + 1]!)), t[i + 2]!]);
    expect(found).toEqual([
      ['"a"', TOKEN_KEY],
      ['1', TOKEN_NUMBER],
      ['-2.5e3', TOKEN_NUMBER],
      ['"x\\"y"', TOKEN_STRING],
      ['true', TOKEN_LITERAL],
      ['"b"', TOKEN_KEY],
      ['null', TOKEN_LITERAL],
    ]);
  });

  it('keeps a seed JSON, with its containers, and changes one token', () => {
    const target = findTarget('app-manifest')!;
    const rng = new Rng(7);
    const dict = { keys: ['Name', 'Capabilities'], strings: ['$X', 'ISU0'], numbers: ['65536'] };
    let changed = 0;
    for (const seed of target.seeds()) {
      const before = parseJsonTree(text(seed.bytes))!;
      for (let i = 0; i < 200; i++) {
        const edited = editJsonToken(seed.bytes, rng, dict)!;
        const after = parseJsonTree(text(edited));
        expect(after, text(edited)).toBeDefined();
        expect(skeleton(after!)).toEqual(skeleton(before));
        if (text(edited) !== text(seed.bytes)) changed++;
      }
    }
    expect(changed).toBeGreaterThan(target.seeds().length * 150);
  });

  it('offers nothing to edit in a text without tokens', () => {
    expect(editJsonToken(utf8('{ [ ] }'), new Rng(1), { keys: [], strings: [], numbers: [] })).toBeUndefined();
  });

  it('is how the loop makes part of a JSON target’s inputs, and an edited input joins the corpus decoded', () => {
    const target = findTarget('app-manifest') as FuzzTarget<unknown>;
    const edits: Uint8Array[] = [];
    const codec = { ...target.structure, edit: (bytes: Uint8Array, rng: Rng) => { const e = target.structure.edit!(bytes, rng); if (e) edits.push(e); return e; } };
    // Every input is new (a feature of its own), so every one joins the corpus.
    let n = 0;
    const loop = new StructuredLoop({ ...target, structure: codec }, { run: () => [`input ${n++}`] }, 3);
    for (const seed of target.seeds()) loop.addInitial(seed.bytes);
    for (let i = 0; i < 200; i++) loop.step();
    expect(edits.length).toBeGreaterThan(40);
    const edited = new Set(edits);
    const joined = loop.corpus.filter((e) => edited.has(e.bytes));
    expect(joined.length).toBe(edits.length);
    for (const e of joined) expect(e.structure).toEqual(target.structure.decode(e.bytes));
  });
});
