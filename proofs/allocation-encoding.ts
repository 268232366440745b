/**
 * The I/O-firewall allocation as Z3 constraints, built from the rules in model/isolation (coreOptions,
 * needsExclusiveCore, unconditionalConflict, mustShareCore): this file restates none of them.
 *
 *  - core[c]: Int, the core compartment c runs on, one of coreOptions (numbered by core-groups.ts).
 *  - owner[b]: Int, the core the firewall gives block b to. Claim literal → owner[b] = core[c].
 *  - two claims with an unconditionalConflict: ¬(claim a ∧ claim b).
 *  - compartments that need a core of their own (needsExclusiveCore) take distinct cores: see below.
 *
 * Exclusive cores. Stated pairwise (x[a] ∧ x[b] → core[a] ≠ core[b]) this is a pigeonhole problem,
 * and Z3 does not know the M4 cores are interchangeable: measured with z3-solver 5.2, 100 real-time
 * apps on 100 cores gave no answer in 30 s (Int, enumeration or bit-vector cores alike), and 1,000
 * apps meant 500,000 constraints. Since the cores of a group are interchangeable (core-groups.ts),
 * some allocation exists iff one exists in which the exclusive compartments of a group, in product
 * order, take the group's cores in order, skipping those whose literal is left out. So each group
 * keeps a counter: used[c] ≥ used[previous] (+1 when x[c]), and x[c] → core[c] = lo + used[previous]
 * (the domain keeps that within the group). The counters are lower bounds, not equalities: cores
 * stay distinct (the counter only grows) and the encoding is linear in size. (With equalities Z3
 * substitutes the 1,000-long chain into one deep term, and the WASM build died with "memory access
 * out of bounds".) A third real-time app on a two-M4 chip makes x of all three apps the unsat core.
 *
 * Claims and exclusive compartments are tracked by literals, and the proof checks with those
 * literals as assumptions. That is what addAndTrack does internally (assert lit → fact, assume lit),
 * but assumptions can be left out of a later check, which the conflict minimisation and the "fix"
 * suggestions need, and the pair exclusions can name the literals directly.
 */
import type { Arith, Model } from 'z3-solver';
import type { Allocation } from '../model/isolation/allocation.js';
import type { Compartment } from '../model/isolation/apps.js';
import type { PeripheralClaim } from '../model/isolation/claims.js';
import { mustShareCore, unconditionalConflict } from '../model/isolation/conflicts.js';
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';
import { coreLayout, type CoreGroup } from './core-groups.js';
import type { Z3Bool, Z3Context, Z3Solver } from './z3-session.js';

/** What an unsat-core literal stands for. */
export type CoreElement =
  | { kind: 'claim'; claim: PeripheralClaim }
  /** The compartment takes a core of its own (needsExclusiveCore). */
  | { kind: 'exclusive'; compartment: Compartment }
  /** The compartment is placed at all: only tracked when the chip has no core for it. */
  | { kind: 'placement'; compartment: Compartment };

export interface Tracked {
  label: string;
  lit: Z3Bool;
  element: CoreElement;
}

export interface AllocationEncoding {
  tracked: Tracked[];
  byLabel: Map<string, Tracked>;
  /** Core id the model places the compartment on. */
  coreIn(model: Model<'main'>, compartment: Compartment): string | undefined;
  allocation(model: Model<'main'>): Allocation;
  /** The problem as SMT-LIB 2 with every tracked literal asserted. */
  smtlib(): string;
}

type Int = Arith<'main'>;

export function encodeAllocation(ctx: Z3Context, solver: Z3Solver, spec: IsolationSpec): AllocationEncoding {
  const compartments = spec.compartments;
  const layout = coreLayout(spec.product.chip, compartments);
  const indexOf = new Map(compartments.map((c, i) => [c, i]));
  const coreVars = compartments.map((_, i) => ctx.Int.const(`core_${i}`));
  const tracked: Tracked[] = [];
  const track = (label: string, element: CoreElement): Z3Bool => {
    const lit = ctx.Bool.const(label);
    tracked.push({ label, lit, element });
    return lit;
  };

  const used = new Map<CoreGroup, Int>();
  compartments.forEach((c, i) => {
    const options = layout.options[i]!;
    const core = coreVars[i]!;
    if (options.length === 0) {
      solver.add(ctx.Not(track(`place_${i}`, { kind: 'placement', compartment: c })));
      return;
    }
    const lo = options[0]!;
    const hi = options[options.length - 1]!;
    solver.add(hi - lo + 1 === options.length ? ctx.And(core.ge(lo), core.le(hi)) : ctx.Or(...options.map((v) => core.eq(v))));
    const group = layout.exclusiveGroup[i];
    if (!group) return;
    const x = track(`excl_${i}`, { kind: 'exclusive', compartment: c });
    const before = used.get(group) ?? ctx.Int.val(0);
    const after = ctx.Int.const(`used_${i}`);
    // No "before < size" needed: the domain above already keeps core = lo + before within the group.
    solver.add(after.ge(before), ctx.Implies(x, ctx.And(after.ge(before.add(1)), core.eq(before.add(group.lo)))));
    used.set(group, after);
  });

  // Claims grouped by block: both rules in conflicts.ts relate claims on one block only, so the
  // grouping is an index; the verdict on each pair still comes from conflicts.ts.
  const byBlock = new Map<string, { claim: PeripheralClaim; lit: Z3Bool }[]>();
  spec.claims.forEach((claim, n) => {
    const lit = track(`claim_${n}`, { kind: 'claim', claim });
    const list = byBlock.get(claim.block.id) ?? [];
    list.push({ claim, lit });
    byBlock.set(claim.block.id, list);
  });
  const ownerVars = new Map<string, Int>();
  for (const [blockId, claims] of byBlock) {
    const owner = ctx.Int.const(`owner_${ownerVars.size}`);
    ownerVars.set(blockId, owner);
    for (const { claim, lit } of claims) solver.add(ctx.Implies(lit, owner.eq(coreVars[indexOf.get(claim.compartment)!]!)));
    for (let a = 0; a < claims.length; a++) {
      for (let b = a + 1; b < claims.length; b++) {
        const [x, y] = [claims[a]!, claims[b]!];
        // One owner per block is how the firewall works (mustShareCore); fail loudly if the rules ever allow a split.
        if (x.claim.compartment !== y.claim.compartment && !mustShareCore(x.claim, y.claim)) {
          throw new Error(`allocation encoding: mustShareCore no longer holds for two claims on ${blockId}; the one-owner-per-block encoding must change`);
        }
        if (unconditionalConflict(x.claim, y.claim)) solver.add(ctx.Not(ctx.And(x.lit, y.lit)));
      }
    }
  }

  const coreIdOf = (model: Model<'main'>, expr: Int): string | undefined => layout.idOf(Number(model.eval(expr, true).toString()));
  return {
    tracked,
    byLabel: new Map(tracked.map((t) => [t.label, t])),
    coreIn: (model, compartment) => {
      const i = indexOf.get(compartment);
      return i === undefined || layout.options[i]!.length === 0 ? undefined : coreIdOf(model, coreVars[i]!);
    },
    allocation: (model) => {
      const coreOf = new Map<string, string>();
      compartments.forEach((c, i) => {
        const core = layout.options[i]!.length ? coreIdOf(model, coreVars[i]!) : undefined;
        if (core) coreOf.set(c.id, core);
      });
      const blockOwner = new Map<string, string>();
      for (const [blockId, owner] of ownerVars) blockOwner.set(blockId, coreIdOf(model, owner)!);
      return { coreOf, blockOwner };
    },
    smtlib: () => {
      // The literals are asserted rather than passed to check-sat-assuming, so that the text means
      // the same to native z3 and to Solver.fromString (which keeps assertions only).
      const text = solver.toSmtlib2('unknown');
      const at = text.lastIndexOf('(check-sat)');
      const asserted = tracked.map((t) => `(assert ${t.label})`).join('\n');
      return at < 0 ? `${text}\n${asserted}\n(check-sat)\n` : `${text.slice(0, at)}${asserted}\n${text.slice(at)}`;
    },
  };
}
