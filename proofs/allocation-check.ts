/**
 * Checks a finished I/O-firewall allocation against the rules it must obey (model/isolation:
 * coreOptions, needsExclusiveCore, unconditionalConflict, mustShareCore), constraint by constraint,
 * as the Z3 encoding (allocation-encoding.ts) states them. It searches nothing: it only reads the
 * assignment. That is what makes the direct allocator's assignment a certificate: when the allocator
 * finds one and this check accepts it, an allocation exists, and Z3 has nothing to add (it is asked
 * only to explain a conflict). The rules come from model/isolation; this file restates none of them.
 */
import type { Allocation } from '../model/isolation/allocation.js';
import { coreOptions, needsExclusiveCore } from '../model/isolation/apps.js';
import { mustShareCore, unconditionalConflict } from '../model/isolation/conflicts.js';
import type { IsolationSpec } from '../model/isolation/isolation-spec.js';

/** Every rule the allocation breaks, each as a sentence; empty when it obeys them all. */
export function allocationProblems(spec: IsolationSpec, allocation: Allocation): string[] {
  const problems: string[] = [];
  const chip = spec.product.chip;
  const exclusiveOwner = new Map<string, string>();
  for (const c of spec.compartments) {
    const core = allocation.coreOf.get(c.id);
    if (core === undefined) {
      problems.push(`${c.name} is given no core`);
      continue;
    }
    if (!coreOptions(chip, c.kind).includes(core)) problems.push(`${c.name} (${c.kind}) is placed on ${core}, which cannot run it`);
    if (!needsExclusiveCore(c.kind)) continue;
    const other = exclusiveOwner.get(core);
    if (other !== undefined) problems.push(`${c.name} and ${other} both need a core of their own and are both placed on ${core}`);
    else exclusiveOwner.set(core, c.name);
  }
  const claims = spec.claims;
  for (const claim of claims) {
    const owner = allocation.blockOwner.get(claim.block.id);
    const core = allocation.coreOf.get(claim.compartment.id);
    if (owner === undefined || owner !== core) problems.push(`${claim.block.id}, claimed by ${claim.compartment.name} on ${core ?? 'no core'}, is given to ${owner ?? 'no core'}`);
  }
  for (let i = 0; i < claims.length; i++) {
    for (let j = i + 1; j < claims.length; j++) {
      const [a, b] = [claims[i]!, claims[j]!];
      if (a.block.id !== b.block.id) continue; // both rules relate claims on one block only (conflicts.ts)
      const kind = unconditionalConflict(a, b);
      if (kind) problems.push(`${a.compartment.name} and ${b.compartment.name} claim ${a.block.id} in conflict (${kind})`);
      if (mustShareCore(a, b) && allocation.coreOf.get(a.compartment.id) !== allocation.coreOf.get(b.compartment.id)) {
        problems.push(`${a.compartment.name} and ${b.compartment.name} share ${a.block.id} but run on different cores`);
      }
    }
  }
  return problems;
}
