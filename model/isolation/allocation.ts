/**
 * Which core runs each compartment and which core each I/O block is given to. The rules are in
 * apps.ts (cores) and conflicts.ts (sharing); this module finds an assignment directly. The Z3
 * encoding in proofs/ decides the same question and explains a failure with an unsat core.
 *
 * Because every claim is fixed (no choice of pins), the only freedom is which M4 core each
 * real-time app gets, and the cores are interchangeable: a greedy assignment is complete.
 */
import type { ChipProfile } from '../../formats/chips/chip-profile.js';
import { coreOptions, needsExclusiveCore, type Compartment, type CompartmentKind } from './apps.js';
import type { PeripheralClaim } from './claims.js';
import { mustShareCore, unconditionalConflict, type ConflictKind } from './conflicts.js';

export interface Allocation {
  coreOf: Map<string, string>;
  /** Block id → core id, for every claimed block. Unclaimed blocks stay unassigned (closed to every core). */
  blockOwner: Map<string, string>;
}

export type AllocationProblem =
  | { kind: ConflictKind; claims: [PeripheralClaim, PeripheralClaim] }
  | { kind: 'no-core'; compartments: Compartment[]; core: CompartmentKind };

export type AllocationResult = { ok: true; allocation: Allocation } | { ok: false; problems: AllocationProblem[] };

export function allocate(chip: ChipProfile, compartments: Compartment[], claims: PeripheralClaim[]): AllocationResult {
  const problems: AllocationProblem[] = [];
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      const kind = unconditionalConflict(claims[i]!, claims[j]!);
      if (kind) problems.push({ kind, claims: [claims[i]!, claims[j]!] });
    }
  }
  const coreOf = new Map<string, string>();
  const taken = new Set<string>();
  const stranded: Compartment[] = [];
  for (const c of compartments) {
    const free = coreOptions(chip, c.kind).filter((core) => !(needsExclusiveCore(c.kind) && taken.has(core)));
    const core = free[0];
    if (!core) {
      stranded.push(c);
      continue;
    }
    coreOf.set(c.id, core);
    if (needsExclusiveCore(c.kind)) taken.add(core);
  }
  for (const kind of new Set(stranded.map((c) => c.kind))) {
    const competing = compartments.filter((c) => c.kind === kind);
    problems.push({ kind: 'no-core', core: kind, compartments: competing });
  }
  const blockOwner = new Map<string, string>();
  const firstClaim = new Map<string, PeripheralClaim>();
  for (const claim of claims) {
    const core = coreOf.get(claim.compartment.id);
    if (!core) continue;
    const first = firstClaim.get(claim.block.id);
    if (!first) {
      firstClaim.set(claim.block.id, claim);
      blockOwner.set(claim.block.id, core);
    } else if (mustShareCore(first, claim) && blockOwner.get(claim.block.id) !== core) {
      problems.push({ kind: 'cross-core-block', claims: [first, claim] });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, allocation: { coreOf, blockOwner } };
}
