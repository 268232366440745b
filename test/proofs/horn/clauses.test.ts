/**
 * The clause simplifications and subsumption the saturation relies on (proofs/horn/clauses.ts), each
 * pinned by a small case: att(x) on a variable found nowhere else is dropped, and only then; subsumption
 * needs a matching conclusion (symbols and repeated variables) and hypotheses among the other's.
 */
import { describe, expect, it } from 'vitest';
import { fact, makeClause, showClause, subsumes, type Clause, type Fact } from '../../../proofs/horn/clauses.js';
import { ha, hv, mayMatch, match } from '../../../proofs/horn/terms.js';

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
});
