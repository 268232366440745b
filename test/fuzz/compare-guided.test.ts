/**
 * Comparison-guided mutation: the fuzz build's comparisons are logged with their operands, the literals of the
 * code join the dictionary, and the loop writes a compared value into the input's structure where the other
 * operand was (input-to-state), through the target's encoder (lengths and signatures written again).
 */
import { describe, expect, it } from 'vitest';
import { addLiterals, instrumentComparisons, comparisonInstrumentationAvailable } from '../../fuzz/engine/compare-instrument.js';
import { installCompareLog } from '../../fuzz/engine/compare-log.js';
import { comparisonApplies, neighbours, replaceCompared } from '../../fuzz/core/input-to-state.js';
import { Rng } from '../../fuzz/core/rng.js';
import { runtimeDictionary } from '../../fuzz/core/runtime-dictionary.js';
import { StructuredLoop } from '../../fuzz/engine/structured-loop.js';
import type { FuzzTarget } from '../../fuzz/core/target.js';

describe('comparison instrumentation', () => {
  it('logs the operands of comparisons on input values, keeps results and evaluation order, and collects literals', () => {
    expect(comparisonInstrumentationAvailable()).toBe(true);
    const { code, literals } = instrumentComparisons(`
      exports.check = function (input, order) {
        for (let i = 0; i < 3; i++) order.push(i);
        if (typeof input.name === 'string' && input.name === 'key-store') return 'slot';
        if ((order.push('l'), input.version) >= (order.push('r'), 0x1234 * 3)) return 'new';
        return input.version != null ? 'old' : 'none';
      };`);
    addLiterals(literals);
    const log = installCompareLog();
    const module = { exports: {} as { check(i: object, order: unknown[]): string } };
    new Function('exports', code)(module.exports);
    const order: unknown[] = [];
    expect(module.exports.check({ name: 'x', version: 7 }, order)).toBe('old');
    expect(order).toEqual([0, 1, 2, 'l', 'r']);
    const logged = log.take();
    // The name against the literal, the version against a computed bound; not the loop counter, not typeof, not null.
    expect(logged).toEqual([{ a: 'x', b: 'key-store' }, { a: 7, b: 0x1234 * 3 }]);
    expect(module.exports.check({ name: 'key-store', version: 7 }, [])).toBe('slot');
    expect(runtimeDictionary.strings()).toContain('key-store');
    expect(runtimeDictionary.numbers()).toContain(0x1234);
    expect(runtimeDictionary.numbers()).not.toContain(0x1234 * 3); // computed: only a comparison finds it
  });
});

describe('input-to-state replacement', () => {
  it('copies a compared value into a number field, a text field, and a u32 inside bytes', () => {
    const rng = new Rng(1);
    const structure = { value: { sequence: 42, name: 'image/os', data: Uint8Array.of(9, 0x2a, 0, 0, 0, 9) } };
    expect(replaceCompared(structure, { a: 'image/os', b: 'key-store' }, rng)).toBe(true);
    expect(structure.value.name).toBe('key-store');
    const numbers = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const s = { value: { sequence: 42, data: Uint8Array.of(9, 0x2a, 0, 0, 0, 9) } };
      expect(replaceCompared(s, { a: 0x13579, b: 42 }, rng)).toBe(true);
      if (s.value.sequence === 0x13579) numbers.add('field');
      if (Buffer.from(s.value.data).toString('hex') === '0979350100' + '09') numbers.add('u32le');
    }
    expect([...numbers].sort()).toEqual(['field', 'u32le']);
    expect(replaceCompared({ value: { x: 1 } }, { a: 5, b: 6 }, rng)).toBe(false);
  });

  it('finds a compared integer in bytes at every place, overlapping ones and the last included', () => {
    const rng = new Rng(2);
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const holder = { value: Uint8Array.of(0x2a, 0x2a, 0x2a) };
      expect(replaceCompared(holder, { a: 0x2a2a, b: 0x0102 }, rng)).toBe(true);
      seen.add(Buffer.from(holder.value).toString('hex'));
    }
    // u16 little- and big-endian, at offsets 0 and 1 (the u8 and wider encodings do not fit 0x2a2a or 0x0102 alike).
    expect([...seen].sort()).toEqual(['01022a', '02012a', '2a0102', '2a0201']);
  });

  it('gives a comparison\'s near misses as the same objects each time, so what is worked out for them is kept', () => {
    const c = { a: 10, b: 20 };
    const first = neighbours(c);
    expect(first.map(({ a, b }) => [a, b])).toEqual([[10, 20], [10, 21], [10, 19], [20, 11], [20, 9]]);
    const again = neighbours(c);
    first.forEach((n, i) => expect(again[i]).toBe(n));
    // another comparison with the same operands has its own
    expect(neighbours({ a: 10, b: 20 })[1]).not.toBe(first[1]);
  });

  it('leaves the print layout of a JSON structure alone: a compared number is never written as its indent', () => {
    // The JSON targets' structures are { tree, style }: the indent 2 would match every comparison with 2.
    const rng = new Rng(1);
    const structure = { tree: { k: 'obj', m: [['Version', { k: 'num', raw: '7' }]] }, style: { indent: 2, eol: '\n', bom: false } };
    expect(comparisonApplies(structure, { a: 2, b: 65_536 })).toBe(false);
    for (let i = 0; i < 20; i++) expect(replaceCompared({ value: structure }, { a: 2, b: 65_536 }, rng)).toBe(false);
    expect(replaceCompared({ value: structure }, { a: '\n', b: 'x'.repeat(100) }, rng)).toBe(false);
    expect(structure.style).toEqual({ indent: 2, eol: '\n', bom: false });
    // The tree's own values still are, into a copy (copy-on-write: the structure may be a corpus entry's).
    const holder = { value: structure as unknown };
    expect(replaceCompared(holder, { a: '7', b: '65536' }, rng)).toBe(true);
    expect((holder.value as typeof structure).tree.m[0]![1]).toEqual({ k: 'num', raw: '65536' });
    expect((holder.value as typeof structure).style).toEqual({ indent: 2, eol: '\n', bom: false });
    expect(structure.tree.m[0]![1]).toEqual({ k: 'num', raw: '7' });
  });

  it('the loop writes a value copied from a comparison into the structure, and the encoder carries it', () => {
    // A target whose code compares a field with a value no dictionary holds (computed at run time).
    const secret = 31_337 * 7;
    const log = installCompareLog();
    const compare = (globalThis as unknown as Record<string, (op: number, a: unknown, b: unknown) => boolean>)['__sevenfoldCompare']!;
    const target: FuzzTarget<{ n: number; tag: string }> = {
      id: 't',
      title: 't',
      oracles: [],
      maxInputBytes: 64,
      setup: () => ({
        run(bytes) {
          let s: { n: number };
          try {
            s = JSON.parse(new TextDecoder().decode(bytes)) as { n: number };
          } catch {
            return []; // byte havoc
          }
          if (compare(0, s.n, secret)) throw new Error('found the compared value');
          return [];
        },
      }),
      seeds: () => [],
      structure: {
        decode: (b) => JSON.parse(new TextDecoder().decode(b)),
        encode: (s) => new TextEncoder().encode(JSON.stringify(s)),
        clone: (s) => ({ ...s }),
        mutate: (s, rng) => ({ ...s, n: rng.int(1000) }),
        shrink: () => [],
      },
    };
    const loop = new StructuredLoop(target, target.setup(), 4, undefined, log);
    expect(loop.addInitial(new TextEncoder().encode(JSON.stringify({ n: 1, tag: 'x' }))).crash).toBeUndefined();
    expect(loop.corpus[0]!.comparisons).toEqual([{ a: 1, b: secret }]);
    let crash: string | undefined;
    for (let i = 0; i < 200 && !crash; i++) crash = loop.step().crash?.identity.headline;
    expect(crash).toContain('found the compared value');
  });
});

describe('the systematic input-to-state pass', () => {
  it('writes each distinct comparison once, however many entries make it again', () => {
    // Every input compares its tag with the same three words (as a reader checks every message's type), and
    // every new number is kept, so each new entry brings the same three comparisons.
    const log = installCompareLog();
    const compare = (globalThis as unknown as Record<string, (op: number, a: unknown, b: unknown) => boolean>)['__sevenfoldCompare']!;
    const target: FuzzTarget<{ n: number; tag: string }> = {
      id: 't',
      title: 't',
      oracles: [],
      maxInputBytes: 64,
      setup: () => ({
        run(bytes) {
          let s: { n: number; tag: string };
          try {
            s = JSON.parse(new TextDecoder().decode(bytes)) as { n: number; tag: string };
          } catch {
            return [];
          }
          for (const word of ['alpha', 'beta', 'gamma']) compare(0, s.tag, word);
          return [`n:${s.n}`];
        },
      }),
      seeds: () => [],
      structure: {
        decode: (b) => JSON.parse(new TextDecoder().decode(b)),
        encode: (s) => new TextEncoder().encode(JSON.stringify(s)),
        clone: (s) => ({ ...s }),
        mutate: (s, rng) => ({ ...s, n: rng.int(1_000_000) }),
        shrink: () => [],
      },
    };
    const loop = new StructuredLoop(target, target.setup(), 3, undefined, log);
    const spy = loop as unknown as { nextFromComparisonPass(): unknown };
    const pass = spy.nextFromComparisonPass.bind(loop);
    let written = 0;
    spy.nextFromComparisonPass = () => {
      const made = pass();
      if (made) written++;
      return made;
    };
    loop.addInitial(new TextEncoder().encode(JSON.stringify({ n: 0, tag: 'x' })));
    for (let i = 0; i < 300; i++) loop.step();
    expect(loop.corpus.length).toBeGreaterThan(100);
    // x → alpha, beta, gamma once each; then the words among themselves as entries carrying them join the corpus.
    expect(written).toBeLessThanOrEqual(12);
  });
});
