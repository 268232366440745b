import fs from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { newSolver, shutdownZ3, timedCheck, z3WorkersForTest } from '../../proofs/z3-session.js';

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

describe('z3 session shutdown', () => {
  it('a worker that posts after shutdown terminated it prints nothing (was: received "cleanupThread" command from terminated worker)', async () => {
    const { ctx, solver } = await newSolver({ timeoutMs: 5000 });
    solver.add(ctx.Bool.const('q'));
    expect((await timedCheck(solver)).status).toBe('sat');
    const workers = await z3WorkersForTest();
    expect(workers.length).toBeGreaterThan(0);
    const written = vi.spyOn(fs, 'writeSync');
    try {
      await shutdownZ3();
      // What an exiting check thread sends a few event-loop turns after its result: now after termination.
      for (const w of workers) w.onmessage?.({ data: { cmd: 'cleanupThread' } });
      expect(written.mock.calls.filter(([fd]) => fd === 2).map(([, text]) => String(text))).toEqual([]);
    } finally {
      written.mockRestore();
    }
  });
});
