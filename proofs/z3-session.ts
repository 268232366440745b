/**
 * One z3-solver (WASM) instance per process, shared by every proof. init() costs 0.15-0.4 s and
 * ~200 MB, so it is done lazily, once, and only by commands that prove something.
 *
 * Every solver handed out has a timeout, and a check that runs out of time (or is otherwise
 * undecided) comes back as { status: 'unknown', reason } so that callers cannot mistake it for a
 * pass. Call shutdownZ3() before the process exits: z3-solver's worker threads can keep it alive.
 */
import { init, killThreads, type Bool, type Context, type Solver } from 'z3-solver';

export const DEFAULT_TIMEOUT_MS = 10_000;

export type Z3Context = Context<'main'>;
export type Z3Solver = Solver<'main'>;
export type Z3Bool = Bool<'main'>;

export interface SolverOptions {
  /** Per check, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export type CheckOutcome = { status: 'sat' | 'unsat'; timeMs: number } | { status: 'unknown'; reason: string; timeMs: number };

type Z3Api = Awaited<ReturnType<typeof init>>;

let session: Promise<{ api: Z3Api; ctx: Z3Context }> | undefined;

/** The process-wide Z3 context (initialised on first use). */
export async function z3Context(): Promise<Z3Context> {
  session ??= init().then((api) => ({ api, ctx: api.Context('main') }));
  return (await session).ctx;
}

/** A fresh solver with the timeout set. */
export async function newSolver(opts: SolverOptions = {}): Promise<{ ctx: Z3Context; solver: Z3Solver }> {
  const ctx = await z3Context();
  const solver = new ctx.Solver();
  solver.set('timeout', Math.max(1, Math.round(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)));
  return { ctx, solver };
}

/** check() with its wall time; 'unknown' carries Z3's reason (e.g. "timeout", "canceled"). */
export async function timedCheck(solver: Z3Solver, assumptions: Z3Bool[] = []): Promise<CheckOutcome> {
  const start = performance.now();
  const result = await solver.check(...assumptions);
  const timeMs = performance.now() - start;
  if (result === 'unknown') return { status: 'unknown', reason: solver.reasonUnknown() || 'unknown', timeMs };
  return { status: result, timeMs };
}

/** Ends z3-solver's worker threads if Z3 was ever started; a later proof starts it again. */
export async function shutdownZ3(): Promise<void> {
  if (!session) return;
  const { api } = await session;
  session = undefined;
  await killThreads(api.em);
}
