/**
 * Proves that the product's claims can be given to cores (sat, with the allocation), or explains why
 * not (unsat): each conflict is a minimal unsat core, explained by conflict-explanation.ts, with the
 * single changes that make it go away. A timeout is 'unknown', never a pass.
 *
 * After one conflict is explained its literals are left out and the rest is checked again, so
 * independent conflicts are all reported (up to maxConflicts).
 */
import type { Model } from 'z3-solver';
import type { Allocation } from '../model/isolation/allocation.js';
import type { Compartment } from '../model/isolation/apps.js';
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';
import { encodeAllocation, type AllocationEncoding, type CoreElement, type Tracked } from './allocation-encoding.js';
import { allocationProblems } from './allocation-check.js';
import { explainConflict, type ExplainedConflict } from './conflict-explanation.js';
import { newSolver, timedCheck, z3Context, type SolverOptions, type Z3Solver } from './z3-session.js';

export type { ExplainedConflict, ConflictClaim } from './conflict-explanation.js';

export interface AllocationProofOptions extends SolverOptions {
  /** Stop after this many conflicts (default 8). */
  maxConflicts?: number;
  /** Cores larger than this are reported without minimising or fixes (default 16): each element costs a check. */
  maxMinimize?: number;
  /** Return the problem as SMT-LIB 2 with a sat result (for benchmarks and native z3). */
  smtlib?: boolean;
}

export interface ProofStats {
  encodeMs: number;
  /** Sum of the solver checks' times. */
  solveMs: number;
  checks: number;
}

export type AllocationProof =
  | { status: 'sat'; allocation: Allocation; timeMs: number; smtlib?: string; stats: ProofStats }
  /** incomplete: why more conflicts may remain unreported (limit reached, or a re-check was undecided). */
  | { status: 'unsat'; conflicts: ExplainedConflict[]; timeMs: number; incomplete?: string; stats: ProofStats }
  | { status: 'unknown'; reason: string; timeMs: number; stats: ProofStats };

/** Which path decided an allocation question: the checked direct assignment, or Z3. */
export type AllocationDecider = 'direct allocator, checked' | 'Z3';

export type AllocationDecision = AllocationProof & { decidedBy: AllocationDecider };

/**
 * Decides whether the product's claims can be given to cores. When the direct allocator
 * (model/isolation/allocation.ts) finds an assignment and the checker (allocation-check.ts: independent of
 * the allocator's search, reading the same rules)
 * accepts it, that assignment is the certificate: an allocation exists, and Z3 is not started. When the
 * checker rejects it, nothing is decided ('unknown': a defect in Sevenfold). When the allocator finds
 * none (or its assignment cannot name every compartment), Z3 decides and explains each conflict with an unsat core. test/proofs/allocation-agreement.test.ts
 * holds the allocator and Z3 to the same answer on generated products.
 */
export async function decideAllocation(spec: IsolationSpec, opts: AllocationProofOptions = {}): Promise<AllocationDecision> {
  // An Allocation names compartments by id: two apps with one component ID (a product the corpus has)
  // share an entry, so the assignment cannot show they got cores of their own. Z3 decides those.
  const named = new Set(spec.compartments.map((c) => c.id)).size === spec.compartments.length;
  if (spec.allocation.ok && named) {
    const start = performance.now();
    const problems = allocationProblems(spec, spec.allocation.allocation);
    const stats: ProofStats = { encodeMs: 0, solveMs: 0, checks: 0 };
    const timeMs = performance.now() - start;
    if (problems.length) return { status: 'unknown', reason: `the direct allocator's assignment breaks a rule (a defect in Sevenfold, not a finding): ${problems[0]}`, timeMs, stats, decidedBy: 'direct allocator, checked' };
    return { status: 'sat', allocation: spec.allocation.allocation, timeMs, stats, decidedBy: 'direct allocator, checked' };
  }
  return { ...(await proveAllocation(spec, opts)), decidedBy: 'Z3' };
}

export async function proveAllocation(spec: IsolationSpec, opts: AllocationProofOptions = {}): Promise<AllocationProof> {
  await z3Context(); // timeMs leaves out Z3's one-off start-up
  const start = performance.now();
  const { ctx, solver } = await newSolver(opts);
  const encoding = encodeAllocation(ctx, solver, spec);
  const stats: ProofStats = { encodeMs: performance.now() - start, solveMs: 0, checks: 0 };
  const check = async (assumed: Tracked[]) => {
    const outcome = await timedCheck(solver, assumed.map((t) => t.lit));
    stats.checks++;
    stats.solveMs += outcome.timeMs;
    return outcome;
  };
  const elapsed = () => performance.now() - start;

  let active = encoding.tracked;
  const first = await check(active);
  if (first.status === 'unknown') return { status: 'unknown', reason: first.reason, timeMs: elapsed(), stats };
  if (first.status === 'sat') {
    const allocation = encoding.allocation(solver.model());
    return { status: 'sat', allocation, timeMs: elapsed(), ...(opts.smtlib ? { smtlib: encoding.smtlib() } : {}), stats };
  }

  const conflicts: ExplainedConflict[] = [];
  const maxConflicts = opts.maxConflicts ?? 8;
  for (;;) {
    const core = unsatCore(solver, encoding);
    if (core.length === 0) throw new Error('allocation encoding is unsat with no tracked literal: a Sevenfold defect');
    const minimal = await minimize(core, active, check, solver, encoding, opts.maxMinimize ?? 16);
    conflicts.push(explainConflict(spec, minimal.core.map((t) => t.element), minimal.facts));
    const retracted = new Set(minimal.core);
    active = active.filter((t) => !retracted.has(t));
    if (conflicts.length >= maxConflicts) return { status: 'unsat', conflicts, timeMs: elapsed(), incomplete: `stopped after ${maxConflicts} conflicts`, stats };
    const again = await check(active);
    if (again.status === 'sat') return { status: 'unsat', conflicts, timeMs: elapsed(), stats };
    if (again.status === 'unknown') return { status: 'unsat', conflicts, timeMs: elapsed(), incomplete: `re-check after ${conflicts.length} conflict(s): ${again.reason}`, stats };
  }
}

function unsatCore(solver: Z3Solver, encoding: AllocationEncoding): Tracked[] {
  const core = solver.unsatCore();
  const out: Tracked[] = [];
  for (let i = 0; i < core.length(); i++) {
    const t = encoding.byLabel.get(core.get(i).toString());
    if (t) out.push(t);
  }
  return out;
}

/**
 * Deletion-based minimisation: drop each element in turn and re-check the rest. Unsat: the element
 * was not needed (continue with the new, smaller core). Sat: it is needed, and removing it is a fix
 * (the model also tells where Z3 would put each compartment). An element found necessary stays
 * necessary in every smaller core, so one pass suffices.
 */
async function minimize(
  core: Tracked[],
  active: Tracked[],
  check: (assumed: Tracked[]) => ReturnType<typeof timedCheck>,
  solver: Z3Solver,
  encoding: AllocationEncoding,
  limit: number,
): Promise<{ core: Tracked[]; facts: { fixable: Set<CoreElement>; placedOn: Map<Compartment, string>; note?: string } }> {
  const fixable = new Set<CoreElement>();
  const placedOn = new Map<Compartment, string>();
  if (core.length > limit) return { core, facts: { fixable, placedOn, note: `core of ${core.length} elements: not minimised, no fixes proposed` } };
  let current = core;
  let undecided: string | undefined;
  let placementModel: Model<'main'> | undefined;
  for (let i = 0; i < current.length; ) {
    const dropped = current[i]!;
    const rest = current.filter((t) => t !== dropped);
    const outcome = await check(rest);
    if (outcome.status === 'unsat') {
      const smaller = new Set(unsatCore(solver, encoding));
      current = rest.filter((t) => smaller.has(t));
      continue;
    }
    if (outcome.status === 'sat') {
      fixable.add(dropped.element);
      // A model without one claim shows where the compartments would run, to name the cores. Prefer
      // one with every other literal of the product assumed (the cores they would really get).
      if (dropped.element.kind === 'claim' && !placementModel) {
        placementModel = solver.model();
        const whole = await check(active.filter((t) => t !== dropped));
        if (whole.status === 'sat') placementModel = solver.model();
      }
    } else if (outcome.status === 'unknown') {
      undecided = outcome.reason;
    }
    i++;
  }
  if (placementModel) {
    for (const t of current) {
      const c = t.element.kind === 'claim' ? t.element.claim.compartment : t.element.compartment;
      const core = encoding.coreIn(placementModel, c);
      if (core) placedOn.set(c, core);
    }
  }
  return { core: current, facts: { fixable, placedOn, ...(undecided ? { note: `a re-check was undecided (${undecided}): some fixes may be missing` } : {}) } };
}
