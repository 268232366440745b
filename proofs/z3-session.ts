/**
 * One z3-solver (WASM) instance per process, shared by every proof. init() costs 0.15-0.4 s and
 * ~200 MB, so it is done lazily, once, and only by commands that prove something.
 *
 * Every solver handed out has a timeout, and a check that runs out of time (or is otherwise
 * undecided) comes back as { status: 'unknown', reason } so that callers cannot mistake it for a
 * pass. Call shutdownZ3() before the process exits: z3-solver's worker threads can keep it alive.
 */
// z3-solver is imported when Z3 is first started: a command that never starts it does not load it.
import type { Bool, Context, Solver } from 'z3-solver';

export const DEFAULT_TIMEOUT_MS = 10_000;

export type Z3Context = Context<'main'>;
export type Z3Solver = Solver<'main'>;
export type Z3Bool = Bool<'main'>;

export interface SolverOptions {
  /** Per check, in milliseconds (default 10 s). */
  timeoutMs?: number;
}

export type CheckOutcome = { status: 'sat' | 'unsat'; timeMs: number } | { status: 'unknown'; reason: string; timeMs: number };

type Z3Api = Awaited<ReturnType<typeof import('z3-solver').init>>;

let session: Promise<{ api: Z3Api; ctx: Z3Context }> | undefined;

/**
 * z3-solver frees Z3 objects from a FinalizationRegistry: when the garbage collector drops a solver
 * or an expression, Z3_dec_ref runs on the main thread. A check runs on a worker thread, on the same
 * (not thread-safe) ast_manager, and the main thread is idle while awaiting it, so a collection
 * during a check frees nodes under the solver's feet: "RuntimeError: memory access out of bounds"
 * in ast_manager::delete_node, which kills the process (reproduced by forcing gc() every 3 ms during
 * 300-app proofs; seen once in the benchmark). z3-solver 5.2 makes its one registry inside init(),
 * so during init() we hand it a registry whose callbacks wait while a check is running.
 */
let checksRunning = 0;
const deferredCleanups: (() => void)[] = [];

class CheckAwareRegistry<T> extends FinalizationRegistry<T> {
  constructor(cleanup: (held: T) => void) {
    super((held) => (checksRunning > 0 ? deferredCleanups.push(() => cleanup(held)) : cleanup(held)));
  }
}

function runDeferredCleanups(): void {
  while (checksRunning === 0 && deferredCleanups.length > 0) deferredCleanups.shift()!();
}

async function start(): Promise<{ api: Z3Api; ctx: Z3Context }> {
  const { init } = await import('z3-solver'); // loaded as a static import was: with the original registry
  const original = globalThis.FinalizationRegistry;
  globalThis.FinalizationRegistry = CheckAwareRegistry as typeof FinalizationRegistry;
  try {
    const api = await init();
    return { api, ctx: api.Context('main') };
  } finally {
    globalThis.FinalizationRegistry = original;
  }
}

/**
 * The process-wide Z3 context (initialised on first use). Run proofs one after another, not
 * concurrently: any Z3 call made while another flow's check is running races with it the same way.
 */
export async function z3Context(): Promise<Z3Context> {
  session ??= start();
  return (await session).ctx;
}

/** A fresh solver with the timeout set. */
export async function newSolver(opts: SolverOptions = {}): Promise<{ ctx: Z3Context; solver: Z3Solver }> {
  const ctx = await z3Context();
  const solver = new ctx.Solver();
  solver.set('timeout', Math.max(1, Math.round(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)));
  return { ctx, solver };
}

/**
 * Runs a Z3 call that goes to a worker thread (a solver check, a fixedpoint query) with the garbage
 * collector's Z3 clean-ups held back until it returns (see CheckAwareRegistry).
 */
export async function guardedZ3Call<T>(call: () => Promise<T>): Promise<T> {
  checksRunning++;
  try {
    return await call();
  } finally {
    checksRunning--;
    runDeferredCleanups();
  }
}

/** check() with its wall time; 'unknown' carries Z3's reason (e.g. "timeout", "canceled"). */
export async function timedCheck(solver: Z3Solver, assumptions: Z3Bool[] = []): Promise<CheckOutcome> {
  const begin = performance.now();
  const result = await guardedZ3Call(() => solver.check(...assumptions));
  const timeMs = performance.now() - begin;
  if (result === 'unknown') return { status: 'unknown', reason: solver.reasonUnknown() || 'unknown', timeMs };
  return { status: result, timeMs };
}

/** The part of Emscripten's pthread bookkeeping that shutdown needs. */
interface PThreadPool {
  runningWorkers: { onmessage: ((e: { data: { cmd?: string } }) => void) | null }[];
  unusedWorkers: PThreadPool['runningWorkers'];
}

const pthreadsOf = (api: Z3Api): PThreadPool => (api.em as { PThread: PThreadPool }).PThread;

/**
 * Ends z3-solver's worker threads if Z3 was ever started; a later proof starts it again.
 *
 * Why a run sometimes printed `received "cleanupThread" command from terminated worker`: a check
 * runs on a pthread that posts "cleanupThread" to the main thread as it exits, a few event-loop turns
 * after the check's result has arrived. When shutdown comes in that window, Emscripten's
 * terminateAllThreads() terminates the still-exiting worker and replaces its message handler with one
 * that reports any later message, straight to file descriptor 2 (not through console.error). Z3's
 * timer thread, which a solver timeout starts and which never exits, is terminated the same way but
 * never posts. The message means nothing here: we terminate every worker on purpose and the process
 * is about to end, so after killThreads() has installed its handlers we replace them, on exactly the
 * workers we terminated, with ones that drop the message.
 */
export async function shutdownZ3(): Promise<void> {
  if (!session) return;
  const { api } = await session;
  session = undefined;
  const { killThreads } = await import('z3-solver');
  const pool = pthreadsOf(api);
  const terminated = [...pool.runningWorkers, ...pool.unusedWorkers];
  const stopped = killThreads(api.em); // terminateAllThreads() runs synchronously inside
  for (const worker of terminated) worker.onmessage = () => {};
  await stopped;
}

/** For tests: the pthread workers of the running session (empty when Z3 is not started). */
export async function z3WorkersForTest(): Promise<PThreadPool['runningWorkers']> {
  if (!session) return [];
  const pool = pthreadsOf((await session).api);
  return [...pool.runningWorkers, ...pool.unusedWorkers];
}
