import { afterAll, describe, expect, it } from 'vitest';
import { newSolver, shutdownZ3, timedCheck } from '../../proofs/z3-session.js';

afterAll(() => shutdownZ3());

describe('z3 session', () => {
  it('times each check and reports sat/unsat', async () => {
    const { ctx, solver } = await newSolver({ timeoutMs: 5000 });
    const x = ctx.Int.const('x');
    solver.add(x.gt(2));
    const sat = await timedCheck(solver);
    expect(sat.status).toBe('sat');
    expect(sat.timeMs).toBeGreaterThanOrEqual(0);
    expect((await timedCheck(solver, [x.lt(1)])).status).toBe('unsat');
  });

  it('starts Z3 again after shutdownZ3', async () => {
    await shutdownZ3();
    const { ctx, solver } = await newSolver();
    solver.add(ctx.Bool.const('p'));
    expect((await timedCheck(solver)).status).toBe('sat');
  });
});
