/**
 * The clause simplifications and subsumption the saturation relies on (proofs/horn/clauses.ts), each
 * pinned by a small case: att(x) on a variable found nowhere else is dropped, and only then; subsumption
 * needs a matching conclusion (symbols and repeated variables) and hypotheses among the other's; the
 * quick filter in front of it (maySubsume) never rules out a pair that subsumes.
 */
import { describe, expect, it } from 'vitest';
import { fact, makeClause, maySubsume, showClause, subsumes, type Clause, type Fact } from '../../../proofs/horn/clauses.js';
import { HORN_QUERIES } from '../../../proofs/horn/queries.js';
import { saturate } from '../../../proofs/horn/saturate.js';
import { translateProtocol } from '../../../proofs/horn/translate.js';
import { builtinProtocol } from '../../../model/attestation/load-protocol.js';
import { canonical, ha, hv, isVar, mayMatch, match, shift, showTerm, substitute, type HTerm } from '../../../proofs/horn/terms.js';

const rule = { kind: 'rule', rule: 'test' } as const;
const clause = (hyps: Fact[], concl: Fact): Clause => {
  const c = makeClause(hyps, concl, rule);
  if (!c) throw new Error('tautology');
  return c;
};
const [x, y, z] = [hv(0), hv(1), hv(2)];
const a = ha('a');
const b = ha('b');

describe('Horn clauses', () => {
  it('drops att(x) when x occurs nowhere else, and keeps it when the conclusion or another hypothesis holds x', () => {
    expect(showClause(clause([fact('att', x), fact('att', ha('f', y))], fact('att', ha('g', y))))).toBe('att(f(x)) → att(g(x))');
    expect(showClause(clause([fact('att', x), fact('att', y)], fact('att', ha('pair', x, z))))).toBe('att(x) → att(pair(x, y))');
    expect(showClause(clause([fact('att', x), fact('mevent', ha('e', x))], fact('att', a)))).toBe('att(x) ∧ mevent(e(x)) → att(a)');
    expect(showClause(clause([fact('att', x), fact('att', ha('f', x))], fact('att', a)))).toBe('att(x) ∧ att(f(x)) → att(a)');
    // Two hypotheses att(x) are one: merged, then dropped when x is nowhere else.
    expect(showClause(clause([fact('att', x), fact('att', x)], fact('att', a)))).toBe('att(a)');
  });

  it('substitution, shifting and renaming change only what they must, and share the rest', () => {
    const ground = ha('pair', a, ha('f', b));
    const t = ha('triple', x, ground, ha('g', y, x));
    expect(substitute(ground, new Map([[0, b]]))).toBe(ground);
    const bound = substitute(t, new Map([[0, ha('h', z)], [2, a]]));
    expect(showTerm(bound)).toBe('triple(h(a), pair(a, f(b)), g(y, h(a)))');
    expect(isVar(bound) ? undefined : bound.args[1]).toBe(ground);
    expect(showTerm(shift(t, 3))).toBe('triple(u, pair(a, f(b)), g(v, u))');
    expect(shift(ground, 3)).toBe(ground);
    expect(shift(t, 0)).toBe(t);
    const names = new Map<number, number>();
    expect(showTerm(canonical(ha('f', hv(7), hv(3), hv(7)), names))).toBe('f(x, y, x)');
    expect([...names]).toEqual([[7, 0], [3, 1]]);
    expect(canonical(t, new Map())).toBe(t);
  });

  it('mayMatch is a necessary condition for match: it differs only on repeated pattern variables', () => {
    const cases: [ReturnType<typeof ha> | typeof x, ReturnType<typeof ha> | typeof x][] = [
      [ha('f', x, x), ha('f', a, b)],
      [ha('f', x, a), ha('f', b, a)],
      [ha('f', a), ha('f', x)],
      [ha('f', a), ha('g', a)],
      [ha('f', x), ha('f', x, y)],
      [x, ha('h', ha('f', a))],
    ];
    const outcomes = cases.map(([p, t]) => [mayMatch(p, t), match(p, t, new Map())]);
    expect(outcomes).toEqual([
      [true, false],
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [true, true],
    ]);
  });

  it('a clause subsumes its instances with more hypotheses, never the other way, and never across symbols', () => {
    const general = clause([fact('att', ha('f', x))], fact('att', ha('pair', x, y)));
    const instance = clause([fact('att', ha('f', a)), fact('att', ha('k', b))], fact('att', ha('pair', a, b)));
    expect(subsumes(general, instance)).toBe(true);
    expect(subsumes(instance, general)).toBe(false);
    expect(subsumes(general, clause([fact('att', ha('f', a))], fact('att', ha('triple', a, b, b))))).toBe(false);
    // The same variable twice must take one value.
    const twice = clause([], fact('att', ha('pair', x, x)));
    expect(subsumes(twice, clause([], fact('att', ha('pair', a, a))))).toBe(true);
    expect(subsumes(twice, clause([], fact('att', ha('pair', a, b))))).toBe(false);
  });

  it('maySubsume never rules out a pair that subsumes: clauses of the built-in design against their generalisations', () => {
    const translation = translateProtocol(builtinProtocol(), {});
    const initial = [...translation.clauses, ...HORN_QUERIES.flatMap((q) => q.goals)];
    const clauses = [...initial, ...saturate(initial).solved];
    const fresh = hv(1000);
    /** Every way of putting `by` at one non-variable position of t. */
    const replacements = (t: HTerm): HTerm[] => (isVar(t) ? [] : [fresh, ...t.args.flatMap((a, i) => replacements(a).map((r) => ha(t.f, ...t.args.map((b, j) => (j === i ? r : b)))))]);
    let checked = 0;
    let filtered = 0;
    for (const specific of clauses) {
      const generals: Clause[] = [];
      // A subterm of the conclusion made a variable; a hypothesis dropped; a hypothesis's first argument made a variable.
      specific.concl.args.forEach((a, i) => {
        for (const r of replacements(a)) generals.push(clause([...specific.hyps], fact(specific.concl.pred, ...specific.concl.args.map((b, j) => (j === i ? r : b)))));
      });
      specific.hyps.forEach((h, i) => {
        generals.push(clause(specific.hyps.filter((_, j) => j !== i), specific.concl));
        if (h.args.length) generals.push(clause(specific.hyps.map((o, j) => (j === i ? fact(o.pred, fresh, ...o.args.slice(1)) : o)), specific.concl));
      });
      for (const general of generals) {
        expect(subsumes(general, specific), `${showClause(general)} subsumes ${showClause(specific)}`).toBe(true);
        expect(maySubsume(general, specific), `${showClause(general)} subsumes ${showClause(specific)}`).toBe(true);
        checked++;
      }
      for (const other of clauses) if (!maySubsume(other, specific)) filtered++;
    }
    expect(checked).toBeGreaterThan(clauses.length * 5);
    // And the filter does filter: most pairs of distinct kept clauses are ruled out by it.
    expect(filtered).toBeGreaterThan(clauses.length ** 2 / 2);
  });
});
